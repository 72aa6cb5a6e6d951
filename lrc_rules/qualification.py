"""Qualification levels (职业资格等级): for which level a person may apply, clause by clause.

Source: 汶政字〔2024〕59号 附件1《劳动关系协调员服务规范》§5, which restates the national occupational
standard: 5.1 四级, 5.2 三级, 5.3 二级, 5.4 一级; "具备以下条件之一者可申报" — any one clause suffices.
Years of work are calendar years (民法典 第二百零一条、第二百零二条): one continuous period of work
from 2020-03-01 completes four years at the end of 2024-02-29; separate periods add up as the pack
says (``qualification.separate_periods``: whole years, then the remaining days with
``qualification.days_per_year`` days to a year). Periods that overlap count once; an open period
runs to ``as_of``; "取得…证书后" counts only days on or after the certificate's date. Which education levels count as which school or degree is pack data
(``qualification.education.*``).

This module holds the inputs and results, their validation and the checking of each clause. The
vocabulary (education, status and certificate keys, level names) and the clause table with the
quoted clause texts live in :mod:`lrc_rules.qualification_clauses`; :class:`WorkPeriod` and the
day counting in :mod:`lrc_rules.work_time`. Their public names are re-exported here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from lrc_rules import RULES_VERSION
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.qualification_clauses import (
    CERTIFICATE_KINDS,
    CLAUSES,
    EDUCATION_LEVELS,
    EDUCATION_STATUSES,
    LEVEL_NAMES,
    Clause,
    Need,
)
from lrc_rules.trace import Citation, Step, TraceBuilder
from lrc_rules.work_time import (
    SEPARATE_PERIODS,
    WorkPeriod,
    WorkTime,
    count_work_days,
    merge_periods,
    span_days,
    work_time,
)

__all__ = [
    "CERTIFICATE_KINDS",
    "EDUCATION_LEVELS",
    "EDUCATION_STATUSES",
    "LEVEL_NAMES",
    "Certificate",
    "ClauseResult",
    "Education",
    "LevelResult",
    "Missing",
    "QualificationInput",
    "QualificationResult",
    "WorkPeriod",
    "WorkTime",
    "count_work_days",
    "evaluate",
]

_P = "qualification"


@dataclass(frozen=True, slots=True)
class Education:
    """Highest education (学历): level key, whether the major is this or a related one, status."""

    level: str
    major_related: bool
    status: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Certificate:
    """A certificate held: a level 1–4 (职业资格/技能等级证书) or kind 预备技师, and its date."""

    obtained_on: dt.date
    level: int | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class QualificationInput:
    """Everything the §5 conditions look at, as of one day."""

    as_of: dt.date
    education: Education
    certificates: tuple[Certificate, ...] = ()
    work_periods: tuple[WorkPeriod, ...] = ()


@dataclass(frozen=True, slots=True)
class Missing:
    """One thing a clause lacks: ``requirement`` is a stable code, ``detail`` says it in words."""

    clause: str
    requirement: str
    detail: str


@dataclass(frozen=True, slots=True)
class ClauseResult:
    """Whether one clause (e.g. ``5.2(4)``) holds, why, and what it lacks."""

    clause: str
    met: bool
    detail: str
    missing: tuple[Missing, ...]
    earliest_met_on: dt.date | None


@dataclass(frozen=True, slots=True)
class LevelResult:
    """One level: eligible when any clause holds; else what is missing and, if only time, when."""

    level: int
    name: str
    eligible: bool
    clauses: tuple[ClauseResult, ...]
    missing: tuple[Missing, ...]
    earliest_eligible_on: dt.date | None


@dataclass(frozen=True, slots=True)
class QualificationResult:
    """Levels 4 … 1 and the highest one (smallest number) the person may apply for now."""

    levels: tuple[LevelResult, ...]
    highest_eligible_level: int | None
    work_days: int
    work_time: WorkTime
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


def evaluate(inp: QualificationInput, policy: Policy) -> QualificationResult:
    """For each level 4 … 1, which §5 clauses hold for ``inp`` under ``policy``."""
    _validate(inp)
    trace = TraceBuilder()
    ctx = _Context.build(inp, policy)
    trace.add(
        "work_time",
        ctx.cite("separate_periods"),
        {
            "periods": len(inp.work_periods),
            "as_of": inp.as_of.isoformat(),
            "separate_periods": ctx.separate_periods,
            "days_per_year": ctx.days_per_year,
        },
        {
            "years": ctx.total.years,
            "days": ctx.total.days,
            "total_days": ctx.total_days,
            "open": ctx.open_ended,
            "merged_periods": len(ctx.merged),
        },
    )
    trace.add(
        "certificates_held",
        ctx.cite("higher_certificate_implies_lower"),
        {"certificates": [_cert_dict(c) for c in inp.certificates]},
        {
            **{f"level_{lv}": d.isoformat() for lv, d in sorted(ctx.held.items())},
            "preparatory_technician": ctx.preparatory.isoformat() if ctx.preparatory else None,
        },
    )
    levels = []
    for level in LEVEL_NAMES:
        results = []
        for clause in (c for c in CLAUSES if c.level == level):
            result = _check_clause(ctx, clause)
            results.append(result)
            trace.add(
                clause.clause,
                ctx.clause_citation(clause.clause),
                {"level": level, "text": clause.text},
                {"met": result.met, "detail": result.detail},
            )
        eligible = any(r.met for r in results)
        dates = [r.earliest_met_on for r in results if r.earliest_met_on is not None]
        levels.append(
            LevelResult(
                level=level,
                name=LEVEL_NAMES[level],
                eligible=eligible,
                clauses=tuple(results),
                missing=() if eligible else tuple(m for r in results for m in r.missing),
                earliest_eligible_on=None if eligible or not dates else min(dates),
            )
        )
    eligible_levels = [lv.level for lv in levels if lv.eligible]
    highest = min(eligible_levels) if eligible_levels else None
    trace.add(
        "highest_eligible_level",
        ctx.clause_citation("5"),
        {"eligible": eligible_levels},
        highest,
    )
    return QualificationResult(
        levels=tuple(levels),
        highest_eligible_level=highest,
        work_days=ctx.total_days,
        work_time=ctx.total,
        policy=policy.id,
        rules_version=RULES_VERSION,
        trace=trace.freeze(),
    )


# --- validation ---------------------------------------------------------------------------------


def _validate(inp: QualificationInput) -> None:
    edu = inp.education
    if edu.level not in EDUCATION_LEVELS:
        raise RuleInputError(
            "education.level", f"unknown level; one of {', '.join(EDUCATION_LEVELS)}"
        )
    if edu.status not in EDUCATION_STATUSES:
        raise RuleInputError(
            "education.status", f"unknown status; one of {', '.join(EDUCATION_STATUSES)}"
        )
    for i, cert in enumerate(inp.certificates):
        where = f"certificates[{i}]"
        if cert.kind is not None and cert.kind not in CERTIFICATE_KINDS:
            raise RuleInputError(
                f"{where}.kind", f"unknown kind; one of {', '.join(CERTIFICATE_KINDS)}"
            )
        if cert.kind == "preparatory_technician":
            if cert.level is not None:
                raise RuleInputError(
                    f"{where}.level", "a preparatory technician certificate has none"
                )
        elif cert.level is None:
            raise RuleInputError(
                f"{where}.level", "give a level (1–4) or kind preparatory_technician"
            )
        elif cert.level not in LEVEL_NAMES:
            raise RuleInputError(f"{where}.level", "unknown level; one of 1, 2, 3, 4")
        if cert.obtained_on > inp.as_of:
            raise RuleInputError(f"{where}.obtained_on", "is after as_of")
    for i, period in enumerate(inp.work_periods):
        where = f"work_periods[{i}]"
        if period.start > inp.as_of:
            raise RuleInputError(f"{where}.start", "is after as_of")
        if period.end is not None and period.end < period.start:
            raise RuleInputError(f"{where}.end", "is before start")
        if period.end is not None and period.end > inp.as_of:
            raise RuleInputError(f"{where}.end", "is after as_of; leave it empty for ongoing work")


# --- facts computed once ------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    inp: QualificationInput
    policy: Policy
    merged: list[tuple[dt.date, dt.date]]
    open_ended: bool
    total_days: int
    total: WorkTime
    days_per_year: int
    separate_periods: str
    held: dict[int, dt.date]
    preparatory: dt.date | None
    graduating_ok: frozenset[str]

    @classmethod
    def build(cls, inp: QualificationInput, policy: Policy) -> _Context:
        merged = merge_periods(inp.work_periods, inp.as_of)
        implies = policy.typed(f"{_P}.higher_certificate_implies_lower", inp.as_of, bool)
        held: dict[int, dt.date] = {}
        for level in LEVEL_NAMES:
            dates = [
                c.obtained_on
                for c in inp.certificates
                if c.level is not None and (c.level <= level if implies else c.level == level)
            ]
            if dates:
                held[level] = min(dates)
        prep = [c.obtained_on for c in inp.certificates if c.kind == "preparatory_technician"]
        days_per_year = policy.typed(f"{_P}.days_per_year", inp.as_of, int)
        separate = policy.typed(f"{_P}.separate_periods", inp.as_of, str)
        if separate not in SEPARATE_PERIODS or days_per_year < 1:
            raise MissingParameterError(
                policy.id, f"{_P}.separate_periods", f"must be one of {', '.join(SEPARATE_PERIODS)}"
            )
        return cls(
            inp=inp,
            policy=policy,
            merged=merged,
            open_ended=any(p.end is None for p in inp.work_periods),
            total_days=sum(span_days(s, e, None) for s, e in merged),
            total=work_time(merged, None, days_per_year),
            days_per_year=days_per_year,
            separate_periods=separate,
            held=held,
            preparatory=min(prep) if prep else None,
            graduating_ok=frozenset(policy.value(f"{_P}.graduating_counts_as_diploma", inp.as_of)),
        )

    def cite(self, name: str) -> Citation:
        return self.policy.cite(f"{_P}.{name}")

    def clause_citation(self, clause: str) -> Citation:
        return dataclasses.replace(self.cite("years.level4_cumulative"), clause=clause, note=None)

    def education_set(self, name: str) -> frozenset[str]:
        return frozenset(self.policy.value(f"{_P}.education.{name}", self.inp.as_of))

    def years(self, name: str) -> int:
        return self.policy.typed(f"{_P}.years.{name}", self.inp.as_of, int)

    def time_since(self, since: dt.date | None, until: dt.date | None = None) -> WorkTime:
        """Work time counting days on or after ``since``; ``until`` extends the open period."""
        merged = self.merged
        if until is not None and merged and self.open_ended and merged[-1][1] == self.inp.as_of:
            merged = [*merged[:-1], (merged[-1][0], until)]
        return work_time(merged, since, self.days_per_year)

    def earliest(self, since: dt.date | None, years: int) -> dt.date | None:
        """The first day on which ``years`` are complete if the open period goes on (None if none).

        Work time grows with every further day of the open period, so the day is found by
        bisection between ``as_of`` and the latest day it can take.
        """
        if not self.open_ended or not self.merged or self.merged[-1][1] != self.inp.as_of:
            return None
        lo = self.inp.as_of  # not yet met on lo
        hi = lo + dt.timedelta(days=366 * (years + 1))
        if self.time_since(since, hi).years < years:
            return None
        while (hi - lo).days > 1:
            mid = lo + dt.timedelta(days=(hi - lo).days // 2)
            if self.time_since(since, mid).years >= years:
                hi = mid
            else:
                lo = mid
        return hi


# --- checking a clause --------------------------------------------------------------------------


def _check_clause(ctx: _Context, clause: Clause) -> ClauseResult:
    """A clause holds when any alternative holds; else it reports the closer alternative's gaps."""
    results = [_check_alternative(ctx, clause.clause, alt) for alt in clause.alternatives]
    met = [r for r in results if r.met]
    if met:
        return met[0]
    closest = min(results, key=lambda r: len(r.missing))
    dates = [r.earliest_met_on for r in results if r.earliest_met_on is not None]
    detail = " | or | ".join(r.detail for r in results)
    return dataclasses.replace(closest, detail=detail, earliest_met_on=min(dates, default=None))


def _check_alternative(ctx: _Context, clause: str, needs: tuple[Need, ...]) -> ClauseResult:
    missing: list[Missing] = []
    facts: list[str] = []
    when: list[dt.date | None] = []
    for need in needs:
        if need.what == "education":
            _check_education(ctx, clause, need, missing, facts)
        elif need.what in ("certificate", "preparatory_technician"):
            held = ctx.preparatory if need.level is None else ctx.held.get(need.level)
            label = (
                "preparatory technician (预备技师)" if need.level is None else f"level-{need.level}"
            )
            if held is None:
                missing.append(Missing(clause, "certificate", f"needs a {label} certificate"))
            else:
                facts.append(f"{label} certificate since {held.isoformat()}")
        else:
            when.append(_check_work(ctx, clause, need, missing, facts))
    met = not missing
    only_time = bool(missing) and all(m.requirement == "work_time" for m in missing)
    earliest = None
    dates = [d for d in when if d is not None]
    # Each unmet work need adds one missing item and, when the open period can make it up, a day.
    if only_time and dates and len(dates) == len(missing):
        earliest = max(dates)
    if met:
        detail = "met: " + "; ".join(facts)
    else:
        detail = "not met: " + "; ".join(m.detail for m in missing)
    return ClauseResult(clause, met, detail, tuple(missing), earliest)


def _check_education(
    ctx: _Context, clause: str, need: Need, missing: list[Missing], facts: list[str]
) -> None:
    edu = ctx.inp.education
    allowed = ctx.education_set(need.key)
    if edu.level in allowed:
        facts.append(f"education {edu.level}")
    else:
        missing.append(
            Missing(clause, "education", f"needs education {' / '.join(sorted(allowed))}")
        )
    if need.major and not edu.major_related:
        missing.append(
            Missing(clause, "major_related", "needs this or a related major (本专业或相关专业)")
        )
    if need.enrolled:
        if edu.status not in ("enrolled", "graduating"):
            missing.append(Missing(clause, "enrollment", "needs to be a current student (在校生)"))
        return
    ok = ("graduated", "graduating") if clause in ctx.graduating_ok else ("graduated",)
    if edu.status not in ok:
        wanted = " or ".join(ok)
        missing.append(Missing(clause, "diploma", f"needs the diploma ({wanted}), is {edu.status}"))


def _check_work(
    ctx: _Context, clause: str, need: Need, missing: list[Missing], facts: list[str]
) -> dt.date | None:
    """Calendar years of work (after a certificate when ``need.level``).

    Returns, when short, the first day the years would be complete if the open period goes on.
    """
    years = ctx.years(need.key)
    since: dt.date | None = None
    if need.level is not None:
        since = ctx.held.get(need.level)
        if since is None:
            missing.append(Missing(clause, "work_time", f"then {years} years of work after it"))
            return None
    done = ctx.time_since(since)
    what = (
        f"{done.years} years and {done.days} days of {years} years of work"
        + (f" since {since.isoformat()}" if since else " in all")
        + " (calendar years, 民法典 第二百零二条)"
    )
    if done.years >= years:
        facts.append(what)
        return None
    earliest = ctx.earliest(since, years)
    more = f"; complete on {earliest.isoformat()} if the current work goes on" if earliest else ""
    missing.append(Missing(clause, "work_time", f"not yet: {what}{more}"))
    return earliest


def _cert_dict(cert: Certificate) -> dict[str, Any]:
    return {"level": cert.level, "kind": cert.kind, "obtained_on": cert.obtained_on.isoformat()}

"""Arbitration limitation period (仲裁时效), 劳动争议调解仲裁法 第二十七条.

    第二十七条 劳动争议申请仲裁的时效期间为一年。仲裁时效期间从当事人知道或者应当知道其权利被侵害之日
    起计算。前款规定的仲裁时效，因当事人一方向对方当事人主张权利，或者向有关部门请求权利救济，或者对方
    当事人同意履行义务而中断。从中断时起，仲裁时效期间重新计算。因不可抗力或者有其他正当理由，当事人不能
    在本条第一款规定的仲裁时效期间申请仲裁的，仲裁时效中止。从中止时效的原因消除之日起，仲裁时效期间继续
    计算。劳动关系存续期间因拖欠劳动报酬发生争议的，劳动者申请仲裁不受本条第一款规定的仲裁时效期间的
    限制；但是，劳动关系终止的，应当自劳动关系终止之日起一年内提出。

Date arithmetic (pack parameter ``limitation.arithmetic``, 民法典 第二百零一条至第二百零三条): the
start day is not counted, the period ends on the corresponding day a year later (28 February for a
29 February start), a suspension adds the days from its start to the day its cause ends, and a last
day that is not a working day moves to the next working day. Suspensions and the roll-over compose
as :mod:`lrc_rules.periods` says (one suspension starting inside the rolled tail counts too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lrc_rules import RULES_VERSION
from lrc_rules.calendar import WorkCalendar, check_date
from lrc_rules.errors import RuleInputError
from lrc_rules.periods import Exclusion, PeriodEnd, add_years, period_end
from lrc_rules.policies import Policy
from lrc_rules.trace import Step, TraceBuilder

__all__ = [
    "CLAIM_TYPES",
    "STATUSES",
    "Limitation",
    "LimitationInput",
    "Suspension",
    "add_years",
    "limitation",
]

CLAIM_TYPES = (
    "labor_remuneration",
    "work_injury_medical",
    "economic_compensation",
    "damages",
    "labor_standards",
    "other",
)
"""Claim types: pay (劳动报酬), work-injury medical costs, economic compensation, damages,
labor-standards disputes (working time, rest, social insurance), anything else."""

STATUSES = ("not_running", "running", "suspended", "expired")
"""Where the period stands on as_of."""


@dataclass(frozen=True, slots=True)
class Suspension:
    """A suspension (中止) from ``start`` to the day its cause ended (``None``: not yet ended)."""

    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class LimitationInput:
    """When the party knew of the infringement, what interrupted or suspended the period, and as_of."""

    knew_on: dt.date
    claim_type: str
    as_of: dt.date
    interruptions: tuple[dt.date, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    employment_ended_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Limitation:
    """The day the period expires (None while it does not run), its status and the trace."""

    expires_on: dt.date | None
    status: str
    runs_from: dt.date | None
    claim_type: str
    provisional: bool
    warnings: tuple[str, ...]
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


def limitation(case: LimitationInput, policy: Policy, calendar: WorkCalendar) -> Limitation:
    """调解仲裁法 第二十七条: when the one-year arbitration limitation period expires on as_of."""
    _check(case)
    tb = TraceBuilder()
    on = case.knew_on
    years = policy.typed("limitation.period_years", on, int)
    not_running = set(policy.value("limitation.not_running_while_employed", on))
    arithmetic = policy.cite("limitation.arithmetic")
    if case.claim_type in not_running:
        ended = case.employment_ended_on
        cite = policy.cite("limitation.not_running_while_employed")
        if ended is None or ended > case.as_of:
            tb.add(
                "limitation.not_running",
                cite,
                {"claim_type": case.claim_type, "employment_ended_on": _iso(ended)},
                "unpaid pay during ongoing employment: the period does not run",
            )
            warnings = (
                ("employment_ended_on is after as_of: employment still lasts on as_of",)
                if ended is not None
                else ()
            )
            return _result(case, policy, None, "not_running", None, False, warnings, tb)
        start = ended
        tb.add(
            "limitation.runs_from_employment_end",
            cite,
            {"employment_ended_on": ended.isoformat()},
            f"one year from the end of employment ({ended.isoformat()})",
        )
    else:
        start = case.knew_on
        tb.add(
            "limitation.runs_from_knowledge",
            policy.cite("limitation.period_years"),
            {"knew_on": case.knew_on.isoformat(), "years": years},
            f"{years} year(s) from {start.isoformat()} (that day not counted)",
        )
    for d in sorted(case.interruptions):
        expiry = _period(case, start, years, calendar).due_on
        cite = policy.cite("limitation.interruption")
        if d < start:
            tb.add("limitation.interruption", cite, {"on": d.isoformat()}, "before the period ran")
        elif d > expiry:
            tb.add("limitation.interruption", cite, {"on": d.isoformat()}, "after expiry: none")
        else:
            start = d
            tb.add("limitation.interruption", cite, {"on": d.isoformat()}, "period restarts")
    end = _period(case, start, years, calendar)
    for eff in end.effects:
        ex = eff.exclusion
        tb.add(
            "limitation.suspension",
            policy.cite("limitation.suspension"),
            {
                "start": ex.start.isoformat(),
                "end": _iso(ex.end),
                **({"applied_to": eff.applied} if eff.applied else {}),
            },
            eff.reason,
        )
    open_ = end.running
    answer = end
    tb.add(
        "limitation.expiry",
        arithmetic,
        {
            "runs_from": start.isoformat(),
            "corresponding_day": add_years(start, years).isoformat(),
            "suspended_days": end.excluded_days,
            "last_day_before_roll": end.counted_last_day.isoformat(),
        },
        end.due_on.isoformat(),
    )
    if open_:
        status = "suspended"
    elif case.as_of > answer.due_on:
        status = "expired"
    else:
        status = "running"
    return _result(
        case, policy, answer.due_on, status, start, answer.provisional, answer.warnings, tb
    )


def _period(case: LimitationInput, start: dt.date, years: int, calendar: WorkCalendar) -> PeriodEnd:
    """The period from ``start``: the corresponding day, suspensions and roll-over composed once
    (:func:`lrc_rules.periods.period_end`)."""
    return period_end(
        calendar,
        start=start,
        last_day=add_years(start, years),
        exclusions=tuple(Exclusion("suspension", s.start, s.end) for s in case.suspensions),
        as_of=case.as_of,
    )


def _check(case: LimitationInput) -> None:
    if case.claim_type not in CLAIM_TYPES:
        raise RuleInputError("claim_type", f"one of {', '.join(CLAIM_TYPES)}")
    for name in ("knew_on", "as_of", "employment_ended_on"):
        value = getattr(case, name)
        if value is not None:
            check_date(value, name)
    if case.knew_on > case.as_of:
        raise RuleInputError("knew_on", "is after as_of")
    for i, d in enumerate(case.interruptions):
        check_date(d, f"interruptions[{i}]")
        if d < case.knew_on or d > case.as_of:
            raise RuleInputError(f"interruptions[{i}]", "must lie between knew_on and as_of")
    for i, s in enumerate(case.suspensions):
        check_date(s.start, f"suspensions[{i}].start")
        if s.start < case.knew_on or s.start > case.as_of:
            raise RuleInputError(f"suspensions[{i}].start", "must lie between knew_on and as_of")
        if s.end is not None:
            check_date(s.end, f"suspensions[{i}].end")
            if s.end < s.start:
                raise RuleInputError(f"suspensions[{i}].end", "is before its start")
            if s.end > case.as_of:
                raise RuleInputError(f"suspensions[{i}].end", "is after as_of; leave it empty")


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _result(
    case: LimitationInput,
    policy: Policy,
    expires_on: dt.date | None,
    status: str,
    runs_from: dt.date | None,
    provisional: bool,
    warnings: tuple[str, ...],
    tb: TraceBuilder,
) -> Limitation:
    return Limitation(
        expires_on=expires_on,
        status=status,
        runs_from=runs_from,
        claim_type=case.claim_type,
        provisional=provisional,
        warnings=warnings,
        policy=policy.id,
        rules_version=RULES_VERSION,
        trace=tb.freeze(),
    )

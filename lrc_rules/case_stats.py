"""Case statistics (案件统计): how a pack counts stored cases, and the campaign's weekly figures.

闵人社发〔2022〕34号 sets targets (二) and asks for a weekly round-up (四(一)2):

    每周定期排摸并通报在办案件数、先行调解率、结案率等案件信息……

and (三) that cases near their time limit be handled first:

    对审限即将到期的案件优先调解开庭裁决，杜绝出现超审限情形……

The document gives no formulas. How each count is taken from stored cases is pack data
(``kpi.counts.*``, a **Choice** shown in every result), so a deployment can change it without
code; :func:`count_rules` reads and checks those definitions, the database evaluates them, and
:func:`lrc_rules.kpi.kpi` and :func:`report_figures` turn the counts into rates.

A count rule selects cases by procedure, by a period condition on their dates, and optionally by
their conclusion (:mod:`lrc_rules.case_outcomes`) and timeliness:

- ``received`` / ``accepted`` / ``concluded``: that date lies in the period (from … to, inclusive);
- ``open_at_end``: received by the period's end and not concluded by then (在办);
- ``handled``: received by the end and not concluded before the start (旧存 + 新收, 应办);
- ``concluded_by_end``: also concluded on or before the period's end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from lrc_rules.calendar import WorkCalendar
from lrc_rules.case_outcomes import CONCLUSION_CODES, TIMELINESS
from lrc_rules.case_timeline import PROCEDURES
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.trace import Citation

PERIODS = ("received", "accepted", "concluded", "open_at_end", "handled")
"""How a count rule ties a case to the period (see the module docstring)."""

WARNING_WINDOW = "deadlines.status.due_soon_working_days"
"""Pack parameter: working days before a due date from which a deadline is due soon (预警)."""

_RULE_KEYS = {"procedures", "period", "concluded_by_end", "conclusions", "timeliness"}


@dataclass(frozen=True, slots=True)
class CountRule:
    """Which stored cases one count takes (a pack's ``kpi.counts.<name>``)."""

    name: str
    description: str
    procedures: tuple[str, ...]
    period: str
    concluded_by_end: bool
    conclusions: tuple[str, ...] | None
    timeliness: tuple[str, ...] | None
    citation: Citation


@dataclass(frozen=True, slots=True)
class ReportItem:
    """One figure of the weekly report (``kpi.weekly.<key>``): a count, or a rate of two counts."""

    key: str
    order: int
    label: str
    count: str | None
    numerator: str | None
    denominator: str | None
    description: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class Figure:
    """A report item's value: the count, or the rate in percent (None when the denominator is 0)."""

    key: str
    label: str
    value: int | None
    rate: float | None
    numerator: int | None
    denominator: int | None


def _names(raw: Any, allowed: tuple[str, ...], where: str, rule: str) -> tuple[str, ...]:
    if not isinstance(raw, tuple | list) or not raw:
        raise RuleInputError(where, "must be a non-empty list", rule=rule)
    for item in raw:
        if item not in allowed:
            raise RuleInputError(where, f"{item!r} is not one of {', '.join(allowed)}", rule=rule)
    return tuple(str(x) for x in raw)


def _count_rule(name: str, spec: Any, policy: Policy, path: str) -> CountRule:
    where = f"policy.{path}"
    if not isinstance(spec, Mapping):
        raise RuleInputError(where, "must be a table of the count's conditions", rule=path)
    unknown = set(spec) - _RULE_KEYS
    if unknown:
        raise RuleInputError(where, f"unknown keys {sorted(unknown)}", rule=path)
    period = spec.get("period")
    if period not in PERIODS:
        raise RuleInputError(f"{where}.period", f"one of {', '.join(PERIODS)}", rule=path)
    procedures = (
        _names(spec["procedures"], PROCEDURES, f"{where}.procedures", path)
        if "procedures" in spec
        else PROCEDURES
    )
    by_end = spec.get("concluded_by_end", False)
    if not isinstance(by_end, bool):
        raise RuleInputError(f"{where}.concluded_by_end", "must be true or false", rule=path)
    conclusions = (
        _names(spec["conclusions"], CONCLUSION_CODES, f"{where}.conclusions", path)
        if "conclusions" in spec
        else None
    )
    timeliness = (
        _names(spec["timeliness"], TIMELINESS, f"{where}.timeliness", path)
        if "timeliness" in spec
        else None
    )
    param = policy.parameter(path)
    return CountRule(
        name, param.description, procedures, str(period), by_end, conclusions, timeliness,
        param.citation,
    )  # fmt: skip


def count_rules(policy: Policy, as_of: dt.date) -> dict[str, CountRule]:
    """The pack's count definitions in force on ``as_of``, by name.

    Raises :class:`RuleInputError` on ``policy`` when the pack defines none (or none yet on
    ``as_of``), or when a definition is malformed (naming it).
    """
    params = policy.under("kpi.counts")
    if not params:
        raise RuleInputError(
            "policy",
            f"pack {policy.id!r} does not say how to count cases (kpi.counts); "
            "bind a pack that does (minhang-2022)",
        )
    out: dict[str, CountRule] = {}
    for name in sorted(params):
        path = f"kpi.counts.{name}"
        try:
            spec = policy.value(path, as_of)
        except MissingParameterError:
            raise RuleInputError(
                "policy",
                f"pack {policy.id!r} counts cases only from "
                f"{params[name].values[0][0].isoformat()} ({path})",
                rule=path,
            ) from None
        out[name] = _count_rule(name, spec, policy, path)
    return out


def indicator_counts(policy: Policy, as_of: dt.date) -> dict[str, tuple[str, str]]:
    """Each KPI indicator of the pack (``kpi.indicators``) → (numerator, denominator) count names."""
    out: dict[str, tuple[str, str]] = {}
    for key in sorted(policy.under("kpi.indicators")):
        spec = policy.value(f"kpi.indicators.{key}", as_of)
        out[key] = (str(spec["numerator"]), str(spec["denominator"]))
    return out


def weekly_items(policy: Policy, as_of: dt.date) -> tuple[ReportItem, ...]:
    """The figures of the weekly report (闵人社发〔2022〕34号 四(一)2), as the pack defines them,
    in the pack's ``order``.

    Raises :class:`RuleInputError` on ``policy`` when the pack defines no weekly report.
    """
    params = policy.under("kpi.weekly")
    if not params:
        raise RuleInputError(
            "policy",
            f"pack {policy.id!r} defines no weekly case report (kpi.weekly); "
            "bind a pack that does (minhang-2022)",
        )
    items = []
    for key, param in params.items():
        path = f"kpi.weekly.{key}"
        spec = policy.value(path, as_of)
        if not isinstance(spec, Mapping) or "label" not in spec:
            raise RuleInputError(f"policy.{path}", "needs a label", rule=path)
        count, num, den = spec.get("count"), spec.get("numerator"), spec.get("denominator")
        if (count is None) == (num is None or den is None):
            raise RuleInputError(
                f"policy.{path}", "give either count or numerator and denominator", rule=path
            )
        items.append(
            ReportItem(
                key,
                int(spec.get("order", 0)),
                str(spec["label"]),
                None if count is None else str(count),
                None if num is None else str(num),
                None if den is None else str(den),
                param.description,
                param.citation,
            )
        )
    return tuple(sorted(items, key=lambda i: (i.order, i.key)))


def needed_counts(items: tuple[ReportItem, ...]) -> tuple[str, ...]:
    """The count names the report items read, each once, in order."""
    names = [n for i in items for n in (i.count, i.numerator, i.denominator) if n is not None]
    return tuple(dict.fromkeys(names))


def rate(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator`` in percent, 2 decimals; None when the denominator is 0."""
    if numerator < 0 or denominator < 0:
        raise RuleInputError("counts", "counts must not be negative")
    if denominator == 0:
        return None
    return round(float(Fraction(100 * numerator, denominator)), 2)


def report_figures(counts: Mapping[str, int], items: tuple[ReportItem, ...]) -> tuple[Figure, ...]:
    """Each report item's value from the counts (a count missing from ``counts`` is an error)."""
    out = []
    for item in items:
        for name in (item.count, item.numerator, item.denominator):
            if name is not None and name not in counts:
                raise RuleInputError(f"counts.{name}", f"needed by {item.key}: not counted")
        if item.count is not None:
            out.append(Figure(item.key, item.label, counts[item.count], None, None, None))
            continue
        assert item.numerator is not None and item.denominator is not None
        num, den = counts[item.numerator], counts[item.denominator]
        out.append(Figure(item.key, item.label, None, rate(num, den), num, den))
    return tuple(out)


def warning_horizon(calendar: WorkCalendar, as_of: dt.date, policy: Policy) -> tuple[dt.date, int]:
    """The last due date that is "due soon" on ``as_of``, and the window in working days.

    A deadline is due soon when at most ``window`` working days lie after ``as_of`` up to its
    due date (the status ``due_soon`` of :mod:`lrc_rules.deadlines`): so every day before the
    (window + 1)-th working day after ``as_of``.
    """
    window = policy.typed(WARNING_WINDOW, as_of, int)
    nxt = calendar.add_working_days(as_of, window + 1).date
    return nxt - dt.timedelta(days=1), window

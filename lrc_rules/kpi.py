"""Performance indicators (考核指标) and project targets (绩效目标).

:func:`kpi` turns a period's counts into the rates 闵人社发〔2022〕34号 二(一)–(三) sets targets for:

    保证劳动人事争议调解成功率不低于75%，先行调解率不低于70%，劳动人事争议仲裁结案率不低于92%。
    ……保持按期结案率达到100%。……“全国根治欠薪线索反映平台”线索案件按期办结率力争达到100%。

The document gives no formulas; each rate's numerator and denominator are pack data (the engine's
Choice, documented in the pack), shown in the result. A zero denominator means no data: the indicator is neither met
nor missed (``met = None``); so is one whose numerator or denominator was not given.

:func:`evaluate_targets` checks measured values against a pack's generic comparator targets (the
浦锦街道 2024 project table): met / not_met, ``needs_judgment`` for qualitative targets (及时, 健全,
同比提高), ``no_data`` when nothing was measured. A "=N" quantity target of a 绩效目标 table (``==``)
is met at N or more and reported ``exceeded`` above N (the 浦锦 narrative: 开展**至少** 6 场宣传普法
活动); "≥" and "≤" hold as written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from lrc_rules import RULES_VERSION
from lrc_rules.errors import RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.trace import Citation, Step, TraceBuilder

COUNTS = (
    "mediations_concluded",
    "mediations_successful",
    "disputes_received",
    "disputes_pre_mediated",
    "arbitration_accepted",
    "arbitration_closed",
    "inspection_closed",
    "inspection_closed_on_time",
    "wage_clues_closed",
    "wage_clues_closed_on_time",
)
"""The counts of a period that the indicators are computed from."""

COMPARATORS = (">=", "<=", "==")
"""Comparators a quantitative target may use."""

OUTCOMES = ("met", "not_met", "needs_judgment", "no_data")
"""Outcomes of a project target."""


@dataclass(frozen=True, slots=True)
class Indicator:
    """One rate (percent), its target and comparator, whether it is met, and how it was computed."""

    key: str
    rate: float | None
    target: float
    comparator: str
    met: bool | None
    numerator: int | None
    denominator: int | None
    formula: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class KpiResult:
    """The indicators of a pack for one period's counts."""

    indicators: tuple[Indicator, ...]
    policy: str
    rules_version: str
    trace: tuple[Step, ...]
    warnings: tuple[str, ...] = ()
    """E.g. that the period lies outside the campaign the targets were set for (``kpi.campaign``)."""


@dataclass(frozen=True, slots=True)
class TargetOutcome:
    """One project target, the measured value, and the outcome."""

    metric: str
    label: str
    comparator: str
    value: float | str
    unit: str
    measured: float | str | None
    outcome: str
    citation: Citation
    exceeded: bool | None = None
    """For a met ``==``/``>=`` target: whether the measured value is above it (None otherwise)."""


@dataclass(frozen=True, slots=True)
class TargetsResult:
    """Every target of a pack with its outcome."""

    targets: tuple[TargetOutcome, ...]
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


def _value(policy: Policy, path: str, as_of: dt.date | None) -> Any:
    return policy.parameter(path).current if as_of is None else policy.value(path, as_of)


def _compare(left: Fraction, comparator: str, right: Fraction) -> bool:
    if comparator == ">=":
        return left >= right
    if comparator == "<=":
        return left <= right
    return left == right


def kpi(
    counts: Mapping[str, int | None],
    policy: Policy,
    as_of: dt.date | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> KpiResult:
    """闵人社发〔2022〕34号 二: each indicator's rate from ``counts`` against the pack's target.

    The document sets its targets for the 百日攻坚 campaign (一、行动时间 2022-09-15 — 2022-12-31,
    pack parameter ``kpi.campaign``). ``period`` is the counted period (``as_of`` alone stands for
    the one day): one not inside the campaign is still judged against the targets, as reference
    targets (Choice), and ``warnings`` says so.
    """
    for name, value in counts.items():
        if name not in COUNTS:
            raise RuleInputError(f"counts.{name}", f"unknown count; one of {', '.join(COUNTS)}")
        if value is not None and value < 0:
            raise RuleInputError(f"counts.{name}", "must not be negative")
    params = policy.under("kpi.indicators")
    if not params:
        raise RuleInputError(
            "policy", f"pack {policy.id!r} sets no KPI targets; name one that does (minhang-2022)"
        )
    tb = TraceBuilder()
    out = []
    for key in sorted(params):
        path = f"kpi.indicators.{key}"
        spec = _value(policy, path, as_of)
        num_name, den_name = str(spec["numerator"]), str(spec["denominator"])
        num, den = counts.get(num_name), counts.get(den_name)
        if num is not None and den is not None and num > den:
            raise RuleInputError(f"counts.{num_name}", f"cannot exceed {den_name} ({den})")
        target, comparator = Fraction(str(spec["target"])), str(spec["comparator"])
        rate: float | None = None
        met: bool | None = None
        # A missing count or an empty denominator is no data: neither met nor missed.
        if num is not None and den:
            exact = Fraction(100 * num, den)
            rate, met = round(float(exact), 2), _compare(exact, comparator, target)
        formula = f"{num_name} / {den_name} × 100"
        cite = policy.cite(path)
        out.append(Indicator(key, rate, float(target), comparator, met, num, den, formula, cite))
        tb.add(
            f"kpi.{key}",
            cite,
            {num_name: num, den_name: den, "target": float(target), "comparator": comparator},
            {"rate": rate, "met": met},
        )
    warnings = _campaign_warnings(policy, period or ((as_of, as_of) if as_of else None), tb)
    return KpiResult(tuple(out), policy.id, RULES_VERSION, tb.freeze(), warnings)


def _campaign_warnings(
    policy: Policy, period: tuple[dt.date, dt.date] | None, tb: TraceBuilder
) -> tuple[str, ...]:
    path = "kpi.campaign"
    if period is None or not policy.has(path):
        return ()
    raw: Mapping[str, dt.date] = policy.parameter(path).current
    start, end = raw["start"], raw["end"]
    inside = start <= period[0] and period[1] <= end
    tb.add(
        "kpi.campaign",
        policy.cite(path),
        {"from": period[0].isoformat(), "to": period[1].isoformat()},
        {"campaign": f"{start.isoformat()}/{end.isoformat()}", "inside": inside},
    )
    if inside:
        return ()
    return (
        f"the targets are those {policy.cite(path).doc} set for its campaign "
        f"({start.isoformat()} – {end.isoformat()}); the period {period[0].isoformat()} – "
        f"{period[1].isoformat()} is not inside it: they are applied as reference targets",
    )


def evaluate_targets(
    measured: Mapping[str, float | str | None], policy: Policy, as_of: dt.date | None = None
) -> TargetsResult:
    """Each of the pack's project targets (``kpi.targets.*``) against the measured values."""
    params = policy.under("kpi.targets")
    if not params:
        raise RuleInputError(
            "policy", f"pack {policy.id!r} sets no project targets; name one that does (pujin-2024)"
        )
    for name in measured:
        if name not in params:
            raise RuleInputError(f"measured.{name}", f"unknown metric; one of {', '.join(params)}")
    tb = TraceBuilder()
    out = []
    for metric in params:
        path = f"kpi.targets.{metric}"
        spec = _value(policy, path, as_of)
        comparator, target = str(spec["comparator"]), spec["value"]
        got = measured.get(metric)
        exceeded: bool | None = None
        if comparator not in COMPARATORS:
            outcome = "needs_judgment"
        elif got is None:
            outcome = "no_data"
        elif isinstance(got, str | bool):
            raise RuleInputError(f"measured.{metric}", "a quantitative target needs a number")
        else:
            left, right = Fraction(Decimal(str(got))), Fraction(Decimal(str(target)))
            # "=N" in a 绩效目标 table is a quantity to reach: N or more meets it.
            effective = ">=" if comparator == "==" else comparator
            outcome = "met" if _compare(left, effective, right) else "not_met"
            if outcome == "met" and effective == ">=":
                exceeded = left > right
        cite = policy.cite(path)
        shown: float | str = target if isinstance(target, str) else float(target)
        out.append(
            TargetOutcome(
                metric,
                str(spec["label"]),
                comparator,
                shown,
                str(spec["unit"]),
                got,
                outcome,
                cite,
                exceeded,
            )
        )
        tb.add(
            f"target.{metric}",
            cite,
            {"measured": got, "comparator": comparator, "target": shown},
            outcome if not exceeded else "met (exceeded)",
        )
    return TargetsResult(tuple(out), policy.id, RULES_VERSION, tb.freeze())

"""Early warning of labor-dispute risk (劳资矛盾智慧预警) for one enterprise.

The seeds ask for it and give no formula: 浦锦街道 2024 budgets a 劳资矛盾智慧预警平台 and its 区级
对接; 闵人社发〔2022〕34号 四(二)3: “加强劳动关系风险监测和研判，积极排查存在规模性减薪、裁员等可能引发
群体性劳动争议企业情况”; 汶政字〔2024〕59号 附件1 7.4 监测预警: “动态监测劳动关系运行形势……确保重大紧急
问题一经发现第一时间联系沟通”. So the indicator is transparent by design, every number in the pack
(:mod:`lrc_rules.early_warning_parameters`):

1. **Window.** Signals observed in the ``window_days`` days ending on ``as_of`` count (a signal
   observed on ``as_of`` is 0 days old; one ``window_days`` old has left the window).
2. **Points of a signal** = the kind's ``weight`` × the magnitude of its ``value`` (the highest
   ``tier`` the value reaches, else 1) × decay, where decay = 0.5 ** (age / ``half_life_days``).
   Each signal's points are kept to 6 decimals, so sums do not depend on the order of signals.
3. **Caps.** A kind's points are capped at its ``cap``; a dimension's (维度) sum of its kinds at
   the dimension's ``cap``; the total at ``score_cap``. The score is the total, to 2 decimals.
4. **Levels.** ``green`` below ``levels.yellow``, then ``yellow``, ``orange``, ``red`` from their
   thresholds (a score equal to a threshold reaches that level); each dimension likewise against
   ``dimension_levels``. A kind with a ``floor`` present in the window keeps the level (and its
   dimension's level) at least there — a collective dispute (≥ 10 workers, 办案规则 第五条) at
   least ``orange``.
5. **Trend.** The same score at the end of the previous window of equal length
   (``as_of − window_days``); a change of at least ``trend_min_change`` is ``up`` or ``down``,
   otherwise ``steady``.
6. **Drivers.** Each kind's count, weight, points and contribution (its share of the score after
   the caps, so the contributions add up to the score), and a plain explanation in Chinese.

:func:`assess` gives the whole result with its trace and explanation; :func:`summarize` gives the
numbers only (level, score, dimension levels, trend) for ranking many enterprises at once — the
same arithmetic, checked equal by the tests.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from lrc_rules import RULES_VERSION
from lrc_rules.early_warning_breakdown import (
    DimensionScore,
    KindScore,
    Trend,
    totals,
)
from lrc_rules.early_warning_breakdown import dimensions as breakdown_dimensions
from lrc_rules.early_warning_breakdown import drivers as breakdown_drivers
from lrc_rules.early_warning_breakdown import trace as breakdown_trace
from lrc_rules.early_warning_parameters import (
    DIMENSIONS,
    LEVEL_NAMES,
    LEVEL_RANK,
    LEVELS,
    MICRO,
    SIGNAL_KINDS,
    UNITS,
    KindRule,
    resolve_warning_parameters,
)
from lrc_rules.early_warning_summary import (
    RiskSummary,
    Row,
    WindowSums,
    daily_levels,
    summarize,
    summarize_many,
    trend_direction,
    window_sums,
)
from lrc_rules.early_warning_text import explain
from lrc_rules.errors import RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.trace import Step

__all__ = [
    "DIMENSIONS",
    "LEVELS",
    "LEVEL_NAMES",
    "SIGNAL_KINDS",
    "DimensionScore",
    "IgnoredSignal",
    "KindScore",
    "RiskAssessment",
    "RiskSummary",
    "Row",
    "Signal",
    "SignalPoints",
    "Trend",
    "WindowSums",
    "assess",
    "daily_levels",
    "resolve_warning_parameters",
    "summarize",
    "summarize_many",
    "window_sums",
]

IGNORE_REASONS = ("unknown_kind", "after_as_of", "older_than_windows", "before_in_force")
"""Why a signal did not count (the first that applies): its kind is not in the pack; it is dated
after ``as_of``; before both the current and the previous window; or inside them but before the
pack's early-warning rules hold."""


@dataclass(frozen=True, slots=True)
class Signal:
    """One observation about an enterprise that may point to a labor dispute (预警信号).

    ``value`` is in the kind's unit (workers, months, percent; none for some kinds); ``count``
    counts identical signals together; ``ref`` is the caller's reference, passed through.
    """

    kind: str
    observed_on: dt.date
    value: float | None = None
    count: int = 1
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class SignalPoints:
    """What one input signal scored before the caps, and in which window."""

    index: int
    kind: str
    observed_on: dt.date
    window: str
    """``current`` or ``previous``."""
    age_days: int
    magnitude: float
    decay: float
    points: float
    ref: str | None


@dataclass(frozen=True, slots=True)
class IgnoredSignal:
    """An input signal that did not count, and why (:data:`IGNORE_REASONS`)."""

    index: int
    reason: str


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """The risk of one enterprise on ``as_of``, with drivers, trend, explanation and trace."""

    as_of: dt.date
    window_start: dt.date
    window_days: int
    score: float
    level: str
    score_level: str
    """The level the score alone reaches (``level`` may be higher by a floor)."""
    floor: str | None
    floor_kinds: tuple[str, ...]
    alert: bool
    """Whether ``level`` reaches the pack's ``alert_level`` (an alert opens for stored data)."""
    dimensions: tuple[DimensionScore, ...]
    drivers: tuple[KindScore, ...]
    trend: Trend
    signals: tuple[SignalPoints, ...]
    ignored: tuple[IgnoredSignal, ...]
    explanation: str
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


def _check(i: int, s: Signal, rule: KindRule | None) -> None:
    where = f"signals[{i}]"
    if isinstance(s.count, bool) or not isinstance(s.count, int) or not 1 <= s.count <= 1_000_000:
        raise RuleInputError(f"{where}.count", "must be a whole number from 1 to 1,000,000")
    if s.value is None:
        return
    if isinstance(s.value, bool) or not math.isfinite(s.value) or s.value < 0:
        raise RuleInputError(f"{where}.value", "must be a finite number, not negative")
    if rule is None:
        return
    if rule.unit is None:
        raise RuleInputError(f"{where}.value", f"{rule.kind} ({rule.name}) takes no value")
    _word, top = UNITS[rule.unit]
    if s.value > top:
        raise RuleInputError(
            f"{where}.value", f"{rule.kind} is measured in {rule.unit}: at most {top:g}"
        )


def assess(signals: Sequence[Signal], policy: Policy, as_of: dt.date) -> RiskAssessment:
    """The risk level of one enterprise on ``as_of`` from its signals, explained and traced.

    Raises :class:`RuleInputError` naming ``signals[i].<field>`` for a bad count or value, or
    ``as_of`` for a day before the pack's early-warning rules hold; ``MissingParameterError``
    when the pack lacks them.
    """
    p = resolve_warning_parameters(policy, as_of)
    end = as_of.toordinal()
    window = p.window_days
    start = as_of - dt.timedelta(days=window - 1)
    prev_end = as_of - dt.timedelta(days=window)
    prev_start = prev_end - dt.timedelta(days=window - 1)
    in_force = p.in_force_from.toordinal()
    cur: dict[str, int] = {}
    prev: dict[str, int] = {}
    cur_n: dict[str, int] = {}
    prev_n: dict[str, int] = {}
    points: list[SignalPoints] = []
    ignored: list[IgnoredSignal] = []
    for i, s in enumerate(signals):
        rule = p.kinds.get(s.kind)
        _check(i, s, rule)
        o = s.observed_on.toordinal()
        reason = (
            "unknown_kind"
            if rule is None
            else "after_as_of"
            if o > end
            else "older_than_windows"
            if end - o >= 2 * window
            else "before_in_force"
            if o < in_force
            else None
        )
        if reason is not None:
            ignored.append(IgnoredSignal(i, reason))
            continue
        age = end - o
        current = age < window
        rel_age = age if current else age - window
        magnitude = p.kinds[s.kind].magnitude(s.value)
        micro = s.count * int(p.points_each(s.kind, s.value) * p.decay[rel_age] * MICRO + 0.5)
        raw, ns = (cur, cur_n) if current else (prev, prev_n)
        raw[s.kind] = raw.get(s.kind, 0) + micro
        ns[s.kind] = ns.get(s.kind, 0) + s.count
        points.append(
            SignalPoints(
                i,
                s.kind,
                s.observed_on,
                "current" if current else "previous",
                rel_age,
                magnitude,
                round(p.decay[rel_age], 6),
                micro / MICRO,
                s.ref,
            )
        )
    now, before = totals(p, cur, cur_n), totals(p, prev, prev_n, dims=False)
    delta = round(now.score - before.score, 2)
    trend = Trend(
        prev_start, prev_end, before.score, before.level, delta, trend_direction(delta, p)
    )
    drivers = breakdown_drivers(p, now)
    dimensions = breakdown_dimensions(p, now)
    floor = LEVELS[now.floor_rank] if now.floor_rank else None
    floor_kinds = tuple(
        d.kind for d in drivers if d.floor is not None and LEVEL_RANK[d.floor] == now.floor_rank
    )
    alert = LEVEL_RANK[now.level] >= LEVEL_RANK[p.alert_level]
    trace = breakdown_trace(
        p, as_of, start, trend, now, drivers, dimensions, floor_kinds, len(ignored)
    )
    result = RiskAssessment(
        as_of=as_of,
        window_start=start,
        window_days=window,
        score=now.score,
        level=now.level,
        score_level=now.score_level,
        floor=floor,
        floor_kinds=floor_kinds,
        alert=alert,
        dimensions=dimensions,
        drivers=drivers,
        trend=trend,
        signals=tuple(points),
        ignored=tuple(ignored),
        explanation="",
        policy=p.policy,
        rules_version=RULES_VERSION,
        trace=trace,
    )
    return replace(result, explanation=explain(result, p))

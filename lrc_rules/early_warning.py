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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import cast

from lrc_rules import RULES_VERSION
from lrc_rules.early_warning_breakdown import (
    DimensionScore,
    KindScore,
    Trend,
    totals,
    window_score,
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
    WarningParameters,
    resolve_warning_parameters,
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

DIRECTIONS = ("up", "down", "steady")
"""Trend against the previous window: 上升, 下降, 持平."""

IGNORE_REASONS = ("unknown_kind", "after_as_of", "older_than_windows", "before_in_force")
"""Why a signal did not count (the first that applies): its kind is not in the pack; it is dated
after ``as_of``; before both the current and the previous window; or inside them but before the
pack's early-warning rules hold."""

Row = tuple[str, dt.date, float | None, int]
"""A counted group of identical signals for :func:`summarize`: kind, observed on, value, count."""


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


@dataclass(frozen=True, slots=True)
class RiskSummary:
    """The numbers of :func:`assess` without the details, for ranking many enterprises."""

    score: float
    level: str
    dimension_levels: tuple[str, ...]
    """Indexed like ``WarningParameters.dimensions``."""
    previous_score: float
    previous_level: str
    delta: float
    direction: str


def _direction(delta: float, p: WarningParameters) -> str:
    if delta >= p.trend_min_change and delta > 0:
        return "up"
    if delta <= -p.trend_min_change and delta < 0:
        return "down"
    return "steady"


def summarize(rows: Iterable[Row], policy: Policy, as_of: dt.date) -> RiskSummary:
    """Level, score, dimension levels and trend of one enterprise from counted signal groups.

    ``rows`` are ``(kind, observed_on, value, count)``; kinds the pack does not know and days
    outside both windows are skipped (:func:`assess` lists them as ignored). Inputs are trusted:
    stored data is validated when written.
    """
    p = resolve_warning_parameters(policy, as_of)
    return _summarize(rows, p, as_of.toordinal())


_SKIP = (False, -1)
"""A (kind, day, value) that does not count on the day assessed (unknown kind or outside)."""

Day = dt.date | str
"""A signal's day: a date, or its ISO text as SQLite returns it."""

_Memo = dict[str, dict[Day, dict[float | None, tuple[bool, int]]]]
"""kind → day → value → (in the current window?, millionths of one such signal)."""


def _points_memo(p: WarningParameters, end: int) -> _Memo:
    """The points of a (kind, day, value) for the windows ending on ordinal ``end``, memoised
    and shared by every enterprise under these numbers (a region has a few thousand)."""
    key = ("points", end)
    memo: _Memo | None = p.memo.get(key)
    if memo is None:
        if len(p.memo) >= 64:
            p.memo.clear()
        memo = p.memo[key] = {}
    return memo


def _signal_points(
    p: WarningParameters, end: int, kind: str, day: Day, value: float | None
) -> tuple[bool, int]:
    """Whether a signal counts in the current window, and its points in millionths (one signal:
    weight × magnitude × decay, kept to 6 decimals); ``_SKIP`` when it does not count."""
    if kind not in p.kinds:
        return _SKIP
    o = (dt.date.fromisoformat(day) if isinstance(day, str) else day).toordinal()
    window = p.window_days
    age = end - o
    if age < 0 or age >= 2 * window or o < p.in_force_from.toordinal():
        return _SKIP
    current = age < window
    decay = p.decay[age if current else age - window]
    return current, int(p.points_each(kind, value) * decay * MICRO + 0.5)


_State = tuple[
    WarningParameters, _Memo, dict[str, int], dict[str, int], dict[str, int], dict[str, int]
]


def summarize_many(
    rows: Iterable[tuple[int, str, Day, float | None, int]],
    params_of: Callable[[int], WarningParameters],
    as_of: dt.date,
) -> dict[int, RiskSummary]:
    """:func:`summarize` for many enterprises at once, from ``(enterprise, kind, day, value,
    count)`` groups; ``params_of(enterprise)`` gives each one's numbers on ``as_of``.
    Enterprises without rows are not in the result (see :func:`summarize` of none).
    """
    return {ent: sums.summary() for ent, sums in window_sums(rows, params_of, as_of).items()}


def window_sums(
    rows: Iterable[tuple[int, str, Day, float | None, int]],
    params_of: Callable[[int], WarningParameters],
    as_of: dt.date,
) -> dict[int, WindowSums]:
    """Each enterprise's points and counts per kind in the two windows, from ``(enterprise,
    kind, day, value, count)`` groups (:func:`summarize_many` without the levels yet: a ranking
    needs the current level of all, the trend of a page).

    Any order is right; rows ordered by enterprise and kind (a grouped query's order) are
    fastest: a run of one enterprise's kind is summed in local variables.
    """
    end = as_of.toordinal()
    state: dict[int, _State] = {}
    # The current enterprise's numbers, memo and sums, in locals (this loop runs once per row).
    p = cast(WarningParameters, None)
    memo: _Memo = {}
    cur: dict[str, int] = {}
    cur_n: dict[str, int] = {}
    prev: dict[str, int] = {}
    prev_n: dict[str, int] = {}
    kmemo: dict[Day, dict[float | None, tuple[bool, int]]] = {}
    last_ent: int | None = None
    last_kind = ""
    cm = cn = pm = pn = 0  # the run's current and previous millionths and counts
    for ent, kind, day, value, n in rows:
        if kind != last_kind or ent != last_ent:
            if cn:  # a run of one enterprise's kind ends: add it up
                if last_kind in cur:
                    cur[last_kind] += cm
                    cur_n[last_kind] += cn
                else:
                    cur[last_kind] = cm
                    cur_n[last_kind] = cn
            if pn:
                if last_kind in prev:
                    prev[last_kind] += pm
                    prev_n[last_kind] += pn
                else:
                    prev[last_kind] = pm
                    prev_n[last_kind] = pn
            cm = cn = pm = pn = 0
            if ent != last_ent:
                st = state.get(ent)
                if st is None:
                    q = params_of(ent)
                    st = state[ent] = (q, _points_memo(q, end), {}, {}, {}, {})
                p, memo, cur, cur_n, prev, prev_n = st
                last_ent = ent
            last_kind = kind
            if kind not in memo:
                memo[kind] = {}
            kmemo = memo[kind]
        # Subscripts, not .get(): a memo miss is rare (a few thousand (kind, day, value) a pack).
        try:
            current, micro = kmemo[day][value]
        except KeyError:
            current, micro = kmemo.setdefault(day, {})[value] = _signal_points(
                p, end, kind, day, value
            )
        if micro < 0:
            continue
        if current:
            cm += n * micro
            cn += n
        else:
            pm += n * micro
            pn += n
    if cn:
        cur[last_kind] = cur.get(last_kind, 0) + cm
        cur_n[last_kind] = cur_n.get(last_kind, 0) + cn
    if pn:
        prev[last_kind] = prev.get(last_kind, 0) + pm
        prev_n[last_kind] = prev_n.get(last_kind, 0) + pn
    return {ent: WindowSums(st[0], st[2], st[3], st[4], st[5]) for ent, st in state.items()}


_NAMES: dict[tuple[int, ...], tuple[str, ...]] = {}
"""Level ranks of the dimensions → their names (a few hundred combinations at most)."""


@dataclass(frozen=True, slots=True)
class WindowSums:
    """One enterprise's millionths of points and counts per kind, in the current and the
    previous window, under its pack's numbers."""

    params: WarningParameters
    current: dict[str, int]
    current_counts: dict[str, int]
    previous: dict[str, int]
    previous_counts: dict[str, int]

    def now(self) -> tuple[float, str, tuple[str, ...]]:
        """Score, level and dimension levels of the current window."""
        total, rank, floor, _, _, levels = window_score(
            self.params, self.current, self.current_counts
        )
        assert levels is not None
        names = _NAMES.get(levels)
        if names is None:
            names = _NAMES[levels] = tuple(LEVELS[r] for r in levels)
        return ((total + 5_000) // 10_000) / 100, LEVELS[max(rank, floor)], names

    def summary(self) -> RiskSummary:
        """The whole summary: the current window and the trend against the previous one."""
        score, level, names = self.now()
        total, rank, floor, *_ = window_score(
            self.params, self.previous, self.previous_counts, dims=False
        )
        previous = ((total + 5_000) // 10_000) / 100
        delta = round(score - previous, 2)
        return RiskSummary(
            score=score,
            level=level,
            dimension_levels=names,
            previous_score=previous,
            previous_level=LEVELS[max(rank, floor)],
            delta=delta,
            direction=_direction(delta, p=self.params),
        )


def _summarize(rows: Iterable[Row], p: WarningParameters, end: int) -> RiskSummary:
    params = {0: p}
    out = summarize_many(
        ((0, k, d, v, n) for k, d, v, n in rows), params.__getitem__, dt.date.fromordinal(end)
    )
    if 0 in out:
        return out[0]
    return WindowSums(p, {}, {}, {}, {}).summary()


def daily_levels(
    rows: Sequence[Row], policy: Policy, first_day: dt.date, last_day: dt.date
) -> list[tuple[dt.date, str]]:
    """The level on each day from ``first_day`` to ``last_day`` (each under that day's numbers).

    Used to decide whether an enterprise stayed below a level for a whole window (an alert's
    episode ends then).
    """
    out = []
    day = first_day
    while day <= last_day:
        p = resolve_warning_parameters(policy, day)
        out.append((day, _summarize(rows, p, day.toordinal()).level))
        day += dt.timedelta(days=1)
    return out


# --- the full assessment --------------------------------------------------------------------------


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
    trend = Trend(prev_start, prev_end, before.score, before.level, delta, _direction(delta, p))
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

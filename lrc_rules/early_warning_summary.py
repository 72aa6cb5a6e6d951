"""Early warning: the summary path — level, score and trend without the details, for many
enterprises at once.

The same arithmetic as :func:`lrc_rules.early_warning.assess` (the tests check them equal), built
for a region's ranking: signals come as counted groups ``(enterprise, kind, day, value, count)``,
each (kind, day, value) gets its points once per pack and day (memoised), a run of one
enterprise's kind is summed in local variables, and the levels are integer comparisons
(:func:`lrc_rules.early_warning_breakdown.window_score`). :func:`daily_levels` walks the days of
a window, for deciding when an alert's episode ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from lrc_rules.early_warning_breakdown import window_score
from lrc_rules.early_warning_parameters import (
    LEVELS,
    MICRO,
    WarningParameters,
    resolve_warning_parameters,
)
from lrc_rules.policies import Policy

DIRECTIONS = ("up", "down", "steady")
"""Trend against the previous window: 上升, 下降, 持平."""

Row = tuple[str, dt.date, float | None, int]
"""A counted group of identical signals for :func:`summarize`: kind, observed on, value, count."""


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


def trend_direction(delta: float, p: WarningParameters) -> str:
    """``up`` or ``down`` for a change of at least the pack's ``trend_min_change``, else
    ``steady``."""
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
            direction=trend_direction(delta, p=self.params),
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

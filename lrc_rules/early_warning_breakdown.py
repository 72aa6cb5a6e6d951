"""Early warning: the caps, levels and floors, the breakdown by kind and dimension, the trace.

The arithmetic of :mod:`lrc_rules.early_warning` after the signals are summed per kind: a kind's
points are capped at its ``cap``, a dimension's at its ``cap``, the total at ``score_cap``; the
levels follow the thresholds, raised by the floors of the kinds present; each kind's contribution
is its share of the score after the caps. Points are integers in millionths (:data:`MICRO`) until
they are shown, to 2 decimals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from lrc_rules.early_warning_parameters import (
    LEVEL_RANK,
    LEVELS,
    WarningParameters,
    level_rank,
)
from lrc_rules.trace import Citation, Step, TraceBuilder


@dataclass(frozen=True, slots=True)
class KindScore:
    """One kind's signals in the window: how many, their weight, points and share of the score."""

    kind: str
    name: str
    dimension: str
    count: int
    weight: float
    unit: str | None
    raw_points: float
    cap: float
    points: float
    capped: bool
    contribution: float
    floor: str | None
    citation: Citation


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """One dimension (维度): its points after its cap and the level they reach."""

    dimension: str
    name: str
    raw_points: float
    cap: float
    points: float
    capped: bool
    level: str
    floor: str | None
    citation: Citation


@dataclass(frozen=True, slots=True)
class Trend:
    """The score at the end of the previous window, and the change against it."""

    previous_start: dt.date
    previous_end: dt.date
    previous_score: float
    previous_level: str
    delta: float
    direction: str


@dataclass(frozen=True, slots=True)
class Totals:
    """One window after the caps: micro-points per kind and dimension, score, levels, floors."""

    raw: Mapping[str, int]  # kind -> micro-points before its cap
    counts: Mapping[str, int]
    kind_points: Mapping[str, int]
    dim_raw: tuple[int, ...]
    dim_points: tuple[int, ...]
    total: int  # micro-points after every cap
    score: float
    score_level: str
    floor_rank: int
    level: str
    dim_levels: tuple[str, ...]
    dim_floor_ranks: tuple[int, ...]


def cents(micro: int) -> float:
    """Micro-points as points to 2 decimals, half away from zero (never negative here)."""
    return ((micro + 5_000) // 10_000) / 100


def window_score(
    p: WarningParameters, raw: Mapping[str, int], counts: Mapping[str, int], dims: bool = True
) -> tuple[int, int, int, dict[int, int], dict[int, int], tuple[int, ...] | None]:
    """The caps, score and levels of one window, in integers (the hot path of a region's ranking).

    From each kind's millionths of points and count: (total in millionths after every cap,
    score rank by thresholds, floor rank, each touched dimension's points before and after its
    cap, and with ``dims`` every dimension's level rank with floors). A kind's points stop at its cap, a
    dimension's sum at its cap, the total at the score cap; a kind with a floor present lifts
    the level (and its dimension's) to it.
    """
    table = p.kind_table
    caps = p.dimension_caps
    sums: dict[int, int] = {}
    floors: dict[int, int] = {}
    floor = 0
    for kind, micro in raw.items():
        i, cap, fl = table[kind]
        sums[i] = sums.get(i, 0) + (micro if micro < cap else cap)
        if fl and counts[kind]:
            if fl > floor:
                floor = fl
            if fl > floors.get(i, 0):
                floors[i] = fl
    total = 0
    kept: dict[int, int] = {}
    for i, pts in sums.items():
        cap = caps[i]
        kept[i] = pts if pts < cap else cap
        total += kept[i]
    if total > p.score_cap_micro:
        total = p.score_cap_micro
    rank = level_rank((total + 5_000) // 10_000, p.threshold_cents)
    if not dims:
        return total, rank, floor, sums, kept, None
    t = p.dimension_threshold_cents
    levels = [0] * len(caps)
    for i, pts in kept.items():
        lv = level_rank((pts + 5_000) // 10_000, t)
        fl = floors.get(i, 0)
        levels[i] = lv if lv > fl else fl
    for i, fl in floors.items():
        if fl > levels[i]:
            levels[i] = fl
    return total, rank, floor, sums, kept, tuple(levels)


def totals(
    p: WarningParameters, raw: Mapping[str, int], counts: Mapping[str, int], dims: bool = True
) -> Totals:
    """Caps, score, levels and floors of one window (:func:`window_score`), with each kind's
    points after its cap for the breakdown."""
    total, rank, floor, before, after, levels = window_score(p, raw, counts, dims)
    table = p.kind_table
    kind_points = {k: min(m, table[k][1]) for k, m in raw.items()}
    n = len(p.dimension_caps)
    dim_floor = [0] * n
    for kind in raw:
        i, _, fl = table[kind]
        if fl and counts[kind] and fl > dim_floor[i]:
            dim_floor[i] = fl
    return Totals(
        raw,
        counts,
        kind_points,
        tuple(before.get(i, 0) for i in range(n)),
        tuple(after.get(i, 0) for i in range(n)),
        total,
        ((total + 5_000) // 10_000) / 100,
        LEVELS[rank],
        floor,
        LEVELS[max(rank, floor)],
        tuple(LEVELS[r] for r in levels) if levels is not None else (),
        tuple(dim_floor),
    )


def _shares(p: WarningParameters, t: Totals) -> dict[str, int]:
    """Each kind's share of the score in cents, adding up to the score exactly.

    A kind's share is its capped points scaled down by its dimension's cap and the total's cap;
    the cents lost to rounding go to the largest remainders (Hamilton's method), so the drivers
    a reader adds up give the score shown.
    """
    dim_scale = [
        pts / raw if raw else 0.0 for pts, raw in zip(t.dim_points, t.dim_raw, strict=True)
    ]
    dim_total = sum(t.dim_points)
    total_scale = t.total / dim_total if dim_total else 0.0
    exact = {
        kind: t.kind_points[kind]
        * dim_scale[p.dimension_index[p.kinds[kind].dimension]]
        * total_scale
        / 10_000
        for kind in t.counts
    }
    out = {kind: int(v) for kind, v in exact.items()}
    left = round(t.score * 100) - sum(out.values())
    for kind in sorted(exact, key=lambda k: (out[k] - exact[k], k))[: max(left, 0)]:
        out[kind] += 1
    return out


def drivers(p: WarningParameters, t: Totals) -> tuple[KindScore, ...]:
    """The kinds present in the window, largest contribution first (floors break ties)."""
    shares = _shares(p, t)
    order = {k: i for i, k in enumerate(p.kinds)}
    out = []
    for kind in t.counts:
        rule = p.kinds[kind]
        pts = t.kind_points[kind]
        out.append(
            KindScore(
                kind=kind,
                name=rule.name,
                dimension=rule.dimension,
                count=t.counts[kind],
                weight=rule.weight,
                unit=rule.unit,
                raw_points=cents(t.raw[kind]),
                cap=rule.cap,
                points=cents(pts),
                capped=t.raw[kind] > pts,
                contribution=shares[kind] / 100,
                floor=rule.floor,
                citation=rule.citation,
            )
        )
    out.sort(key=lambda k: (-k.contribution, -LEVEL_RANK[k.floor or "green"], order[k.kind]))
    return tuple(out)


def dimensions(p: WarningParameters, t: Totals) -> tuple[DimensionScore, ...]:
    """Every dimension of the pack with its points and level (green ones too)."""
    return tuple(
        DimensionScore(
            dimension=d.dimension,
            name=d.name,
            raw_points=cents(t.dim_raw[i]),
            cap=d.cap,
            points=cents(t.dim_points[i]),
            capped=t.dim_raw[i] > t.dim_points[i],
            level=t.dim_levels[i],
            floor=LEVELS[t.dim_floor_ranks[i]] if t.dim_floor_ranks[i] else None,
            citation=d.citation,
        )
        for i, d in enumerate(p.dimensions)
    )


def trace(
    p: WarningParameters,
    as_of: dt.date,
    start: dt.date,
    trend: Trend,
    t: Totals,
    drivers: tuple[KindScore, ...],
    dimensions: tuple[DimensionScore, ...],
    floor_kinds: tuple[str, ...],
    ignored: int,
) -> tuple[Step, ...]:
    """The ordered, cited steps of an assessment: window, kinds, dimensions, score, level, trend."""
    tb = TraceBuilder()
    tb.add(
        "early_warning.window",
        p.cites["window_days"],
        {
            "as_of": as_of.isoformat(),
            "window_days": p.window_days,
            "half_life_days": p.half_life_days,
            "in_force_from": p.in_force_from.isoformat(),
        },
        {
            "window_start": start.isoformat(),
            "signals_counted": sum(t.counts.values()),
            "signals_ignored": ignored,
        },
    )
    for k in drivers:
        tb.add(
            f"early_warning.kind.{k.kind}",
            k.citation,
            {
                "count": k.count,
                "weight": k.weight,
                "unit": k.unit,
                "cap": k.cap,
                "raw_points": k.raw_points,
            },
            {"points": k.points, "capped": k.capped, "contribution": k.contribution},
        )
    for d in dimensions:
        if d.raw_points or d.floor:
            tb.add(
                f"early_warning.dimension.{d.dimension}",
                d.citation,
                {
                    "raw_points": d.raw_points,
                    "cap": d.cap,
                    "thresholds": dict(zip(LEVELS[1:], p.dimension_thresholds, strict=True)),
                    "floor": d.floor,
                },
                {"points": d.points, "level": d.level},
            )
    tb.add(
        "early_warning.score",
        p.cites["score_cap"],
        {
            "dimension_points": {d.dimension: d.points for d in dimensions if d.points},
            "score_cap": p.score_cap,
        },
        t.score,
    )
    tb.add(
        "early_warning.level",
        p.cites["levels"],
        {
            "score": t.score,
            "thresholds": dict(zip(LEVELS[1:], p.thresholds, strict=True)),
            "score_level": t.score_level,
            "floor_kinds": list(floor_kinds),
        },
        t.level,
    )
    tb.add(
        "early_warning.trend",
        p.cites["trend_min_change"],
        {
            "previous_start": trend.previous_start.isoformat(),
            "previous_end": trend.previous_end.isoformat(),
            "previous_score": trend.previous_score,
            "score": t.score,
            "min_change": p.trend_min_change,
        },
        {"delta": trend.delta, "direction": trend.direction},
    )
    return tb.freeze()

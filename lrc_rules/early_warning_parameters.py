"""Early-warning vocabulary and one pack's early-warning numbers, resolved once per (pack, date).

No document gives a formula for 劳资矛盾智慧预警 (浦锦街道 2024 plans the platform, 闵人社发〔2022〕34号
四(二)3 asks to watch for 规模性减薪、裁员, 汶政字〔2024〕59号 附件1 7.4 asks for 动态监测): every
number of the indicator is a parameter under ``early_warning.`` of the pack, with a note saying
where it comes from or that it is a Choice. The ``national`` pack holds the platform's defaults,
so every pack inherits them; a deployment overrides any of them in its own pack.

The parameters (paths under ``early_warning.``):

- ``window_days`` — length of the window of signals (days, default 90);
- ``half_life_days`` — a signal's points halve every so many days of age (decay);
- ``levels`` — ``{yellow, orange, red}``: the lowest total score of each level (green below);
- ``dimension_levels`` — the same for one dimension's points;
- ``score_cap`` — the highest total score;
- ``trend_min_change`` — the smallest change of score against the previous window that counts
  as rising or falling;
- ``alert_level`` — the level from which an alert opens (``orange``);
- ``dimensions.<id>`` — ``{name, cap}`` of each dimension (维度);
- ``kinds.<id>`` — ``{name, dimension, weight, cap, unit?, tiers?, floor?}`` of each signal kind.

This module resolves and checks them into :class:`WarningParameters` (cached per process, as the
scoring numbers are); :mod:`lrc_rules.early_warning` computes with them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.trace import Citation

LEVELS = ("green", "yellow", "orange", "red")
"""Risk levels, lowest first: 绿色 (no particular risk), 黄色, 橙色, 红色."""

LEVEL_RANK: Mapping[str, int] = MappingProxyType({lv: i for i, lv in enumerate(LEVELS)})
"""Position of each level in :data:`LEVELS`."""

LEVEL_NAMES: Mapping[str, str] = MappingProxyType(
    {"green": "绿色", "yellow": "黄色", "orange": "橙色", "red": "红色"}
)
"""The Chinese name of each level."""

UNITS: Mapping[str, tuple[str, float]] = MappingProxyType(
    {"workers": ("人", 10_000_000.0), "months": ("个月", 1200.0), "percent": ("%", 100.0)}
)
"""Units a signal's ``value`` may be measured in: Chinese unit word and the largest value."""

SIGNAL_KINDS = (
    "wage_arrears_clue",
    "dispute",
    "collective_dispute",
    "hotline_complaint",
    "overdue_case",
    "pay_cut",
    "layoff",
    "closure_relocation",
    "social_insurance_arrears",
    "tax_arrears",
    "water_drop",
    "power_drop",
)
"""The signal kinds of the ``national`` pack (a pack may add its own): 欠薪线索, 劳动争议, 集体劳动
争议, 热线投诉, 逾期案件, 减薪, 裁员, 关停并转迁, 社保欠缴, 欠税, 用水下降, 用电下降."""

DIMENSIONS = ("pay", "labor_use", "social_insurance", "rights", "business")
"""The dimensions (维度) of the ``national`` pack: 工资支付, 劳动用工, 社会保险, 劳动维权, 经营状况."""

MICRO = 1_000_000
"""Points are summed in millionths of a point: exact, whatever the order of the signals."""

_PREFIX = "early_warning."
_KIND_KEYS = {"name", "dimension", "weight", "cap", "unit", "tiers", "floor"}


@dataclass(frozen=True, slots=True)
class Tier:
    """A step of a kind's magnitude: a value of at least ``at_least`` multiplies its points."""

    at_least: float
    factor: float


@dataclass(frozen=True, slots=True)
class KindRule:
    """How one signal kind scores: its dimension, points, cap, unit, tiers and floor level."""

    kind: str
    name: str
    dimension: str
    weight: float
    cap: float
    unit: str | None
    tiers: tuple[Tier, ...]
    floor: str | None
    citation: Citation

    def magnitude(self, value: float | None) -> float:
        """The factor a signal's ``value`` gives: the highest tier it reaches, else 1."""
        factor = 1.0
        if value is None:
            return factor
        for tier in self.tiers:
            if value >= tier.at_least:
                factor = tier.factor
        return factor


@dataclass(frozen=True, slots=True)
class DimensionRule:
    """One dimension (维度): its Chinese name and the cap of its points."""

    dimension: str
    name: str
    cap: float
    citation: Citation


@dataclass(frozen=True, slots=True, eq=False)
class WarningParameters:
    """The early-warning numbers of one pack on one date, resolved and checked once, then reused."""

    policy: str
    as_of: dt.date
    in_force_from: dt.date
    """The first day from which the pack has early-warning rules: older signals do not count."""
    window_days: int
    half_life_days: float
    thresholds: tuple[float, float, float]
    """Lowest total score of yellow, orange and red."""
    dimension_thresholds: tuple[float, float, float]
    score_cap: float
    trend_min_change: float
    alert_level: str
    kinds: Mapping[str, KindRule]
    dimensions: tuple[DimensionRule, ...]
    dimension_index: Mapping[str, int]
    decay: tuple[float, ...]
    """The decay factor by a signal's age in days, 0 … window_days − 1."""
    cites: Mapping[str, Citation] = field(repr=False)
    # The same numbers as integers for the hot path: points in millionths, thresholds in cents.
    kind_table: Mapping[str, tuple[int, int, int]] = field(repr=False)
    """kind → (dimension index, cap in millionths, floor level rank or 0)."""
    dimension_caps: tuple[int, ...] = field(repr=False)
    score_cap_micro: int = field(repr=False)
    threshold_cents: tuple[int, int, int] = field(repr=False)
    dimension_threshold_cents: tuple[int, int, int] = field(repr=False)
    magnitudes: dict[tuple[str, float | None], float] = field(default_factory=dict, repr=False)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def level_of(self, score: float) -> str:
        """The level a total score reaches (compared as shown: to 2 decimals, in cents)."""
        return LEVELS[level_rank(round(score * 100), self.threshold_cents)]

    def dimension_level_of(self, points: float) -> str:
        """The level a dimension's points reach."""
        return LEVELS[level_rank(round(points * 100), self.dimension_threshold_cents)]

    def points_each(self, kind: str, value: float | None) -> float:
        """Points of one fresh signal: the kind's weight × the magnitude of ``value`` (memoised)."""
        key = (kind, value)
        hit = self.magnitudes.get(key)
        if hit is None:
            rule = self.kinds[kind]
            hit = rule.weight * rule.magnitude(value)
            if len(self.magnitudes) < 65536:
                self.magnitudes[key] = hit
        return hit


def level_rank(cents: int, thresholds: tuple[int, int, int]) -> int:
    """The rank in :data:`LEVELS` that a score in cents reaches (equal to a threshold: reached)."""
    if cents >= thresholds[2]:
        return 3
    if cents >= thresholds[1]:
        return 2
    return 1 if cents >= thresholds[0] else 0


def decay_factor(age_days: int, half_life_days: float) -> float:
    """0.5 ** (age / half-life): 1 on the day a signal is observed, halving every half-life."""
    return float(0.5 ** (age_days / half_life_days))


_PARAMS: dict[tuple[int, dt.date], tuple[Policy, WarningParameters]] = {}


def resolve_warning_parameters(
    policy: Policy, as_of: dt.date, input_field: str = "as_of"
) -> WarningParameters:
    """The pack's early-warning numbers on ``as_of``, from a per-process cache.

    Raises ``MissingParameterError`` (naming the path) when the pack lacks them or one is
    malformed, and ``RuleInputError`` on ``input_field`` for a day before they hold.
    """
    hit = _PARAMS.get((id(policy), as_of))
    if hit is not None and hit[0] is policy:
        return hit[1]
    params = _build(policy, as_of, input_field)
    if len(_PARAMS) >= 512:
        _PARAMS.clear()
    _PARAMS[(id(policy), as_of)] = (policy, params)
    return params


def _value(policy: Policy, path: str, as_of: dt.date, input_field: str) -> Any:
    param = policy.parameter(path)
    try:
        return param.at(as_of)
    except LookupError:
        raise RuleInputError(
            input_field,
            f"{as_of.isoformat()} is before the early-warning rules of pack {policy.id!r} hold "
            f"(from {param.values[0][0].isoformat()})",
        ) from None


def _number(policy: Policy, path: str, raw: Any, *, positive: bool = False) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise MissingParameterError(policy.id, path, "must be a number")
    if raw < 0 or (positive and raw == 0):
        raise MissingParameterError(
            policy.id, path, "must be positive" if positive else "must not be negative"
        )
    return float(raw)


def _thresholds(policy: Policy, path: str, raw: Any) -> tuple[float, float, float]:
    if not isinstance(raw, dict) or set(raw) != {"yellow", "orange", "red"}:
        raise MissingParameterError(policy.id, path, "must be a table { yellow, orange, red }")
    y, o, r = (_number(policy, f"{path}.{k}", raw[k]) for k in ("yellow", "orange", "red"))
    if not 0 < y < o < r:
        raise MissingParameterError(policy.id, path, "must rise: 0 < yellow < orange < red")
    return y, o, r


def _kind(policy: Policy, path: str, kind: str, raw: Any, dims: set[str]) -> KindRule:
    if not isinstance(raw, dict) or not {"name", "dimension", "weight", "cap"} <= set(raw):
        raise MissingParameterError(
            policy.id,
            path,
            "must be a table { name, dimension, weight, cap, unit?, tiers?, floor? }",
        )
    unknown = set(raw) - _KIND_KEYS
    if unknown:
        raise MissingParameterError(policy.id, path, f"unknown keys {sorted(unknown)}")
    if raw["dimension"] not in dims:
        raise MissingParameterError(
            policy.id, f"{path}.dimension", f"no dimension {raw['dimension']!r}"
        )
    unit = raw.get("unit")
    if unit is not None and unit not in UNITS:
        raise MissingParameterError(policy.id, f"{path}.unit", f"one of {', '.join(UNITS)}")
    floor = raw.get("floor")
    if floor is not None and floor not in LEVELS[1:]:
        raise MissingParameterError(policy.id, f"{path}.floor", "yellow, orange or red")
    tiers: list[Tier] = []
    for i, t in enumerate(raw.get("tiers", ())):
        where = f"{path}.tiers[{i}]"
        if unit is None:
            raise MissingParameterError(policy.id, where, "tiers need the kind's unit")
        if not isinstance(t, dict) or set(t) != {"at_least", "factor"}:
            raise MissingParameterError(policy.id, where, "must be { at_least, factor }")
        tiers.append(
            Tier(
                _number(policy, f"{where}.at_least", t["at_least"]),
                _number(policy, f"{where}.factor", t["factor"], positive=True),
            )
        )
    if [t.at_least for t in tiers] != sorted({t.at_least for t in tiers}):
        raise MissingParameterError(policy.id, f"{path}.tiers", "at_least must rise")
    return KindRule(
        kind=kind,
        name=str(raw["name"]),
        dimension=str(raw["dimension"]),
        weight=_number(policy, f"{path}.weight", raw["weight"]),
        cap=_number(policy, f"{path}.cap", raw["cap"]),
        unit=unit,
        tiers=tuple(tiers),
        floor=floor,
        citation=policy.cite(path),
    )


def _ordered(names: Iterable[str], known: tuple[str, ...]) -> list[str]:
    """The national pack's names in their documented order, then a pack's own, sorted."""
    rank = {n: i for i, n in enumerate(known)}
    return sorted(names, key=lambda n: (rank.get(n, len(known)), n))


def _build(policy: Policy, as_of: dt.date, input_field: str) -> WarningParameters:
    def get(name: str) -> Any:
        return _value(policy, _PREFIX + name, as_of, input_field)

    window = get("window_days")
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 3660:
        raise MissingParameterError(policy.id, _PREFIX + "window_days", "must be 1–3660 days")
    half_life = _number(policy, _PREFIX + "half_life_days", get("half_life_days"), positive=True)
    alert_level = get("alert_level")
    if alert_level not in LEVELS[1:]:
        raise MissingParameterError(policy.id, _PREFIX + "alert_level", "yellow, orange or red")
    dims: list[DimensionRule] = []
    for name in _ordered(policy.under(_PREFIX + "dimensions"), DIMENSIONS):
        path = f"{_PREFIX}dimensions.{name}"
        raw = get(f"dimensions.{name}")
        if not isinstance(raw, dict) or set(raw) != {"name", "cap"}:
            raise MissingParameterError(policy.id, path, "must be a table { name, cap }")
        dims.append(
            DimensionRule(
                name,
                str(raw["name"]),
                _number(policy, f"{path}.cap", raw["cap"]),
                policy.cite(path),
            )
        )
    if not dims:
        raise MissingParameterError(policy.id, _PREFIX + "dimensions", "not defined")
    dim_ids = {d.dimension for d in dims}
    kinds = {
        name: _kind(policy, f"{_PREFIX}kinds.{name}", name, get(f"kinds.{name}"), dim_ids)
        for name in _ordered(policy.under(_PREFIX + "kinds"), SIGNAL_KINDS)
    }
    if not kinds:
        raise MissingParameterError(policy.id, _PREFIX + "kinds", "not defined")
    used = [p for p in policy.parameters if p.startswith(_PREFIX)]
    # The indicator exists from the day its last-arriving parameter holds.
    first = max(policy.parameter(p).values[0][0] for p in used)
    thresholds = _thresholds(policy, _PREFIX + "levels", get("levels"))
    dim_thresholds = _thresholds(policy, _PREFIX + "dimension_levels", get("dimension_levels"))
    score_cap = _number(policy, _PREFIX + "score_cap", get("score_cap"), positive=True)
    index = {d.dimension: i for i, d in enumerate(dims)}
    return WarningParameters(
        policy=policy.id,
        as_of=as_of,
        in_force_from=first,
        window_days=window,
        half_life_days=half_life,
        thresholds=thresholds,
        dimension_thresholds=dim_thresholds,
        score_cap=score_cap,
        trend_min_change=_number(policy, _PREFIX + "trend_min_change", get("trend_min_change")),
        alert_level=str(alert_level),
        kinds=MappingProxyType(kinds),
        dimensions=tuple(dims),
        dimension_index=MappingProxyType(index),
        decay=tuple(decay_factor(age, half_life) for age in range(window)),
        cites=MappingProxyType({p[len(_PREFIX) :]: policy.cite(p) for p in used}),
        kind_table=MappingProxyType(
            {
                k: (index[r.dimension], round(r.cap * MICRO), LEVEL_RANK[r.floor] if r.floor else 0)
                for k, r in kinds.items()
            }
        ),
        dimension_caps=tuple(round(d.cap * MICRO) for d in dims),
        score_cap_micro=round(score_cap * MICRO),
        threshold_cents=_cents3(thresholds),
        dimension_threshold_cents=_cents3(dim_thresholds),
    )


def _cents3(t: tuple[float, float, float]) -> tuple[int, int, int]:
    return round(t[0] * 100), round(t[1] * 100), round(t[2] * 100)

"""Enterprise size (企业规模): large, medium, small or micro by industry, per the 2017 statistics table.

Source: 统计上大中小微型企业划分办法（2017）（国统字〔2017〕213号）, 附表 (one row per industry) and 附注1:
"大型、中型和小型企业须同时满足所列指标的下限，否则下划一档；微型企业只须满足所列指标中的一项即可。"
The table lives in the ``national`` pack (``enterprise_size.industries.<key>``). :func:`classify` is
called on every enterprise write, so each pack's table is parsed once and kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from lrc_rules import RULES_VERSION
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Parameter, Policy
from lrc_rules.trace import Citation, Step

SIZES: Final = ("large", "medium", "small", "micro")
"""Size classes, largest first (大型, 中型, 小型, 微型)."""

INDICATORS: Final = ("employees", "revenue_10k_yuan", "total_assets_10k_yuan")
"""Indicators the table uses: 从业人员 X (persons), 营业收入 Y (万元), 资产总额 Z (万元)."""

_PREFIX = "enterprise_size.industries"
_GRADED: Final = ("large", "medium", "small")


@dataclass(frozen=True, slots=True)
class EnterpriseMetrics:
    """An enterprise's industry key and indicators; only those its industry row uses are needed."""

    industry: str
    employees: int | None = None
    revenue_10k_yuan: float | None = None
    total_assets_10k_yuan: float | None = None


@dataclass(frozen=True, slots=True)
class SizeResult:
    """The size class, with the industry row that decided it."""

    size: str
    industry: str
    industry_name: str
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class _Row:
    key: str
    name: str
    indicators: tuple[str, ...]
    bounds: tuple[tuple[str, tuple[float | int, ...]], ...]  # (class, lower bound per indicator)
    citation: Citation


_CACHE: dict[tuple[str, dt.date | None], tuple[Policy, dict[str, _Row]]] = {}
_CACHE_LIMIT = 64


def industries(policy: Policy) -> tuple[str, ...]:
    """The industry keys the pack's table has (e.g. ``industry``, ``retail``), sorted."""
    return tuple(sorted(_table(policy, None)))


def industry_names(policy: Policy) -> dict[str, str]:
    """Industry key → Chinese name of the table row (e.g. ``retail`` → 零售业)."""
    return {k: row.name for k, row in sorted(_table(policy, None).items())}


def required_indicators(policy: Policy, industry: str) -> tuple[str, ...]:
    """The indicators the industry's row uses; unknown industry → :class:`RuleInputError`."""
    return _row(_table(policy, None), industry).indicators


def classify(
    metrics: EnterpriseMetrics, policy: Policy, as_of: dt.date | None = None
) -> SizeResult:
    """附表 + 附注1: the largest class whose every lower bound the enterprise meets, else micro.

    ``as_of`` picks the table in force on that day; ``None`` takes the latest table in the pack.
    """
    row = _row(_table(policy, as_of), metrics.industry)
    values: dict[str, float] = {}
    for name in row.indicators:
        value = getattr(metrics, name)
        if value is None:
            raise RuleInputError(
                name, f"needed for industry {row.key!r} ({row.name})", rule=str(row.citation)
            )
        if value < 0:
            raise RuleInputError(name, "must not be negative")
        values[name] = value
    size = "micro"
    failed: dict[str, Any] = {}
    for cls, lower in row.bounds:
        below = [n for n, b in zip(row.indicators, lower, strict=True) if values[n] < b]
        if not below:
            size = cls
            break
        failed[cls] = below
    steps = (
        Step(
            "industry_row",
            row.citation,
            {"industry": row.key},
            {"name": row.name, "indicators": list(row.indicators)},
        ),
        Step(
            "size_class",
            row.citation,
            {
                **values,
                "lower_bounds": {
                    cls: dict(zip(row.indicators, b, strict=True)) for cls, b in row.bounds
                },
            },
            {"size": size, "below_lower_bound": failed},
        ),
    )
    return SizeResult(size, row.key, row.name, policy.id, RULES_VERSION, steps)


# --- the table, parsed once per pack ------------------------------------------------------------


def _row(table: dict[str, _Row], industry: str) -> _Row:
    try:
        return table[industry]
    except KeyError:
        raise RuleInputError(
            "industry", f"unknown industry; one of {', '.join(sorted(table))}"
        ) from None


def _table(policy: Policy, as_of: dt.date | None) -> dict[str, _Row]:
    key = (policy.id, as_of)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is policy:
        return hit[1]
    params = policy.under(_PREFIX)
    if not params:
        raise MissingParameterError(policy.id, _PREFIX, "not defined (no enterprise size table)")
    table = {k: _parse(policy, p, as_of) for k, p in params.items()}
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = (policy, table)
    return table


def _parse(policy: Policy, param: Parameter, as_of: dt.date | None) -> _Row:
    raw = param.current if as_of is None else policy.value(param.path, as_of)
    key = param.path.rsplit(".", 1)[1]
    try:
        indicators = tuple(n for n in INDICATORS if n in raw["small"])
        bounds = tuple((cls, tuple(_number(raw[cls][n]) for n in indicators)) for cls in _GRADED)
        extra = set().union(*(raw[cls] for cls in _GRADED)) - set(indicators)
        name = str(raw["name"])
    except (KeyError, TypeError, ValueError):
        raise MissingParameterError(
            policy.id, param.path, "is malformed: needs name and large/medium/small bounds"
        ) from None
    if not indicators or extra:
        raise MissingParameterError(
            policy.id, param.path, f"is malformed: indicators must be among {', '.join(INDICATORS)}"
        )
    return _Row(key, name, indicators, bounds, param.citation)


def _number(value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("a lower bound must be a number")
    return value

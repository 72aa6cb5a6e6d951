"""Scoring vocabulary and one pack's scoring numbers, resolved once per (pack, date).

Source: 汶政字〔2024〕59号 附件1《劳动关系协调员服务规范》8.2–8.3; every number is a parameter under
``scoring.`` in the pack. This module holds the event kinds, media levels and bonus categories;
:class:`ScoringParameters` with its per-process cache (:func:`resolve_parameters`); the quarter
bounds; and the builders of the trace steps that depend only on those numbers and a few small
counts (period, base, bonus, deduction, total), which :mod:`lrc_rules.scoring` memoises on the
parameters. Memoised steps are shared between results, so their inputs are read-only mappings of
plain values (:func:`make_step`). :mod:`lrc_rules.scoring` re-exports the public names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, TypeVar

from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.trace import Citation, Step

V = TypeVar("V")

KINDS = (
    "publicity",
    "mediation_own_unit",
    "mediation_other",
    "risk_prevention",
    "publication",
    "management_improvement",
    "error_minor",
    "error_major",
)
"""Event kinds: five bonus activities (mediation split by own unit / other case), two errors."""

MEDIA_LEVELS = ("county", "municipal", "provincial", "national")
"""Media levels of a publication, lowest first (县级, 市级, 省级, 国家级)."""

CATEGORIES = ("publicity", "mediation", "risk", "publication", "management")
"""Bonus categories in the order of 附件1 8.3 (开展宣传, 成功调解, 预防风险, 刊发经验, 劳动管理);
the 附件2 ledger lists 劳动管理 before 预防风险."""

# category -> its event kinds (indexes into KINDS) and each kind's group in the pack
PARTS = (
    ((0,), ("publicity",)),
    ((1, 2), ("mediation.own_unit", "mediation.other")),
    ((3,), ("risk",)),
    ((4,), ("publication",)),
    ((5,), ("management",)),
)
KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
MEDIA_RANK = {m: i for i, m in enumerate(MEDIA_LEVELS)}
PUBLICATION, MINOR, MAJOR = 4, 6, 7  # indexes into KINDS; kinds from MINOR on are errors


@dataclass(frozen=True, slots=True, eq=False)
class ScoringParameters:
    """The scoring numbers of one pack on one date, resolved and checked once, then reused."""

    policy: str
    as_of: dt.date
    base_max: int
    bonus_max: int
    evidence_required: bool
    min_media_level: str
    min_media_rank: int
    points_each: tuple[int, ...]  # per bonus kind, indexed like KINDS
    kind_caps: tuple[int, ...]
    category_caps: tuple[int, ...]
    minor_each: int
    major_each: int
    total_max: int
    total_floor: int | None  # None: the pack sets no floor (total.apply_floor = false)
    in_force_from: dt.date  # the day from which every one of these values holds
    cites: dict[str, Citation] = field(repr=False)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)
    cards: dict[Any, Any] = field(default_factory=dict, repr=False)


_PARAMS: dict[tuple[int, dt.date], tuple[Policy, ScoringParameters]] = {}


def resolve_parameters(
    policy: Policy, as_of: dt.date, input_field: str = "year"
) -> ScoringParameters:
    """The pack's scoring numbers on ``as_of``, from a per-process cache.

    A pack without the scoring rules raises ``MissingParameterError`` (the request's ``policy``
    is wrong); a date before they hold raises ``RuleInputError`` naming ``input_field``.
    """
    hit = _PARAMS.get((id(policy), as_of))
    if hit is not None and hit[0] is policy:
        return hit[1]
    params = _build_parameters(policy, as_of, input_field)
    if len(_PARAMS) >= 256:
        _PARAMS.clear()
    _PARAMS[(id(policy), as_of)] = (policy, params)
    return params


def _build_parameters(policy: Policy, as_of: dt.date, input_field: str) -> ScoringParameters:
    def get(path: str, kind: type[V]) -> V:
        return typed_parameter(policy, "scoring." + path, as_of, kind, input_field)

    def num(path: str) -> int:
        return get(path, int)

    if num("period.months") != 3:
        raise MissingParameterError(policy.id, "scoring.period.months", "must be 3 (quarters)")
    min_level = get("publication.min_media_level", str)
    if min_level not in MEDIA_RANK:
        raise MissingParameterError(
            policy.id, "scoring.publication.min_media_level", f"must be one of {MEDIA_LEVELS}"
        )
    groups = [g for _, gs in PARTS for g in gs]
    used = [
        "period.months",
        "base.max",
        "bonus.max",
        "evidence_required",
        "publication.min_media_level",
        *(f"{g}.{n}" for g in groups for n in ("points_each", "cap")),
        *(f"{c}.cap" for c in CATEGORIES),
        "deduction.minor_each",
        "deduction.major_each",
        "total.max",
        "total.apply_floor",
        "total.floor",
    ]
    # The card applies each value to the quarter's events: none may be dated before its `from`.
    in_force_from = max(policy.parameter("scoring." + u).since(as_of) for u in used)
    cite_paths = {c: f"{c}.cap" for c in CATEGORIES} | {
        "period": "period.months",
        "base": "base.max",
        "evidence": "evidence_required",
        "bonus": "bonus.max",
        "deduction": "deduction.minor_each",
        "total": "total.max",
        "floor": "total.apply_floor",
    }
    return ScoringParameters(
        policy=policy.id,
        as_of=as_of,
        base_max=num("base.max"),
        bonus_max=num("bonus.max"),
        evidence_required=get("evidence_required", bool),
        min_media_level=min_level,
        min_media_rank=MEDIA_RANK[min_level],
        points_each=tuple(num(f"{g}.points_each") for g in groups),
        kind_caps=tuple(num(f"{g}.cap") for g in groups),
        category_caps=tuple(num(f"{c}.cap") for c in CATEGORIES),
        minor_each=num("deduction.minor_each"),
        major_each=num("deduction.major_each"),
        total_max=num("total.max"),
        total_floor=num("total.floor") if get("total.apply_floor", bool) else None,
        in_force_from=in_force_from,
        cites={k: policy.cite("scoring." + v) for k, v in cite_paths.items()},
    )


def typed_parameter(
    policy: Policy, path: str, as_of: dt.date, kind: type[V], input_field: str
) -> V:
    try:
        return policy.typed(path, as_of, kind)
    except MissingParameterError:
        if not policy.has(path) or not isinstance(policy.parameter(path).current, kind):
            raise
        since = policy.parameter(path).values[0][0].isoformat()
        msg = f"policy {policy.id!r} sets these rules from {since}, not on {as_of.isoformat()}"
        raise RuleInputError(input_field, msg, rule=path) from None


def make_step(rule: str, cite: Citation, outcome: Any, **inputs: Any) -> Step:
    return Step(rule, cite, MappingProxyType(inputs), outcome)


@lru_cache(maxsize=4096)
def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of ``quarter`` (1–4) of ``year``: Q1 = 1 January – 31 March."""
    start = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, after - dt.timedelta(days=1)


# The steps that depend only on the numbers and small counts: lrc_rules.scoring memoises them.


def build_period_step(p: ScoringParameters, year: int, quarter: int) -> Step:
    start, end = quarter_bounds(year, quarter)
    period = f"{start.isoformat()}/{end.isoformat()}"
    return make_step("scoring.period", p.cites["period"], period, year=year, quarter=quarter)


def build_base_step(p: ScoringParameters, base: float, _type: type) -> Step:
    return make_step("scoring.base", p.cites["base"], base, base_score=base, max=p.base_max)


def build_bonus_step(p: ScoringParameters, raw: int) -> Step:
    bonus = min(raw, p.bonus_max)
    return make_step("scoring.bonus", p.cites["bonus"], bonus, categories_sum=raw, max=p.bonus_max)


def build_deduction_step(p: ScoringParameters, minor: int, major: int) -> Step:
    return make_step(
        "scoring.deduction",
        p.cites["deduction"],
        minor * p.minor_each + major * p.major_each,
        error_minor_count=minor,
        minor_each=p.minor_each,
        error_major_count=major,
        major_each=p.major_each,
    )


def build_total_step(
    p: ScoringParameters, base: float, _type: type, bonus: int, deduction: int
) -> Step:
    total = min(base + bonus - deduction, p.total_max)
    floor = p.total_floor
    if floor is not None and total < floor:
        total = floor
    cite = p.cites["total" if floor is None else "floor"]
    return make_step(
        "scoring.total",
        cite,
        total,
        base_score=base,
        bonus=bonus,
        deduction=deduction,
        max=p.total_max,
        floor=floor,
    )

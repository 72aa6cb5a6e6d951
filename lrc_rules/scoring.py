"""Quarterly scorecard (季度量化计分) and annual gold selection (金牌劳动关系协调员评选).

Source: 汶政字〔2024〕59号 附件1《劳动关系协调员服务规范》8.2–8.3 and main text 三(五); every
number is a parameter under ``scoring.`` in the pack. A quarter is scored with the values in force
on its last day, a year with those in force on 31 December.

The scorecard is on a hot path (ledgers of thousands of coordinators), so a pack's numbers are
resolved once per (pack, date) into :class:`ScoringParameters`, and the parts of a result that
depend only on small counts (a category's points and its trace step) are memoised there; memoised
steps are shared between results, so their inputs are read-only mappings of plain values.

This module holds the inputs and results, the checks and counting of events, and the assembly of
a card from memoised parts. The vocabulary (event kinds, media levels, categories), the parameters
and their cache, the quarter bounds and the builders of the steps that depend only on the pack's
numbers live in :mod:`lrc_rules.scoring_parameters`; their public names are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from lrc_rules import RULES_VERSION
from lrc_rules.errors import RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.scoring_parameters import (
    CATEGORIES,
    KIND_INDEX,
    KINDS,
    MAJOR,
    MEDIA_LEVELS,
    MEDIA_RANK,
    MINOR,
    PARTS,
    PUBLICATION,
    ScoringParameters,
    build_base_step,
    build_bonus_step,
    build_deduction_step,
    build_period_step,
    build_total_step,
    make_step,
    quarter_bounds,
    resolve_parameters,
    typed_parameter,
)
from lrc_rules.trace import Step

__all__ = [
    "CATEGORIES",
    "KINDS",
    "MEDIA_LEVELS",
    "CategoryScore",
    "EventGroup",
    "IgnoredEvent",
    "Scorecard",
    "ScorecardInput",
    "ScoringEvent",
    "ScoringParameters",
    "make_step",
    "quarter_bounds",
    "quarter_scorer",
    "resolve_parameters",
    "rules_in_force_from",
    "score_groups",
    "score_quarter",
    "typed_parameter",
]

V = TypeVar("V")

_MEMO_LIMIT = 4096
_CARDS_LIMIT = 65536


@dataclass(frozen=True, slots=True)
class ScoringEvent:
    """One activity or work error of a coordinator that the quarterly scorecard may count."""

    kind: str
    occurred_on: dt.date
    evidence: tuple[str, ...] = ()
    media_level: str | None = None


@dataclass(frozen=True, slots=True)
class EventGroup:
    """Stored events counted together: ``count`` events of one kind, media level and evidence state."""

    kind: str
    count: int
    media_level: str | None = None
    has_evidence: bool = True
    before_in_force: bool = False
    """True when the events are dated before the pack's scoring rules are in force
    (:func:`rules_in_force_from`): they do not score."""


@dataclass(frozen=True, slots=True)
class ScorecardInput:
    """A coordinator's quarter: the assessed base score (基本得分) and the events to count."""

    year: int
    quarter: int
    base_score: float
    events: tuple[ScoringEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class CategoryScore:
    """One bonus row of the ledger: events counted, points after the caps, and the cap."""

    category: str
    count: int
    points: int
    cap: int


@dataclass(frozen=True, slots=True)
class IgnoredEvent:
    """An event that does not score: its index in the input, a stable reason code, and why."""

    index: int
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class Scorecard:
    """A quarter's score (季度量化计分): base + bonus − deduction, with the steps that made it."""

    policy: str
    rules_version: str
    year: int
    quarter: int
    base_score: float
    categories: tuple[CategoryScore, ...]
    bonus: int
    deduction: int
    total: float
    errors_minor: int
    errors_major: int
    ignored_events: tuple[IgnoredEvent, ...]
    trace: tuple[Step, ...]


def _remember(p: ScoringParameters, key: tuple[Any, ...], make: Callable[..., V], *more: Any) -> V:
    # The memo key is (tag, *arguments): the factory gets the arguments back from it.
    value = make(p, *key[1:], *more)
    if len(p.memo) < _MEMO_LIMIT:
        p.memo[key] = value
    return value


def score_quarter(inp: ScorecardInput, policy: Policy) -> Scorecard:
    """季度量化计分 — the quarterly scorecard of 附件1 8.2–8.3.

    「对劳动关系协调员实行季度量化计分管理」「基本得分考核（满分30分）」「加减分考核（满分70分）」：
    宣传每次加5分、最多20分；调解本单位重要案件、参与其他案件各每次加5分、各最多10分；预防化解风险、
    刊发经验稿件（市级以上媒体）、优化劳动管理每次加5分、最多10分；均「须提供……佐证材料」；
    工作失误影响面较小每次减5分，较大每次减10分。

    Events dated outside the quarter, events dated before the pack's scoring values are in force
    (a rule holds from the day it is in force: ``before_in_force``), bonus events without evidence
    (blank strings are none), and publications without a media level or below the minimum level
    go to ``ignored_events`` (checked in that order). Work errors need no evidence. Events beyond a cap still count in
    ``count``; only the points are capped. A ``media_level`` on other kinds is spell-checked only.
    """
    year, quarter, base = inp.year, inp.quarter, inp.base_score
    if not 1 <= year <= 9998:
        raise RuleInputError("year", "must be a calendar year (1–9998)")
    if not 1 <= quarter <= 4:
        raise RuleInputError("quarter", "must be 1, 2, 3 or 4", "scoring.period.months")
    start, end = quarter_bounds(year, quarter)
    p = resolve_parameters(policy, end, "quarter")
    if isinstance(base, bool) or not 0 <= base <= p.base_max:
        raise RuleInputError("base_score", f"must be from 0 to {p.base_max}", "scoring.base.max")

    counts = [0] * 8
    ignored: list[IgnoredEvent] = []
    kind_index, media_rank = KIND_INDEX, MEDIA_RANK
    evidence_required, min_rank = p.evidence_required, p.min_media_rank
    in_force = p.in_force_from
    for i, ev in enumerate(inp.events):
        k = kind_index.get(ev.kind)
        if k is None:
            raise RuleInputError(f"events[{i}].kind", f"unknown kind; one of {', '.join(KINDS)}")
        level = ev.media_level
        if level is not None and level not in media_rank:
            msg = f"unknown media level; one of {', '.join(MEDIA_LEVELS)}"
            raise RuleInputError(f"events[{i}].media_level", msg)
        if not start <= ev.occurred_on <= end:
            ignored.append(IgnoredEvent(i, "outside_quarter", _outside(start, end)))
            continue
        if ev.occurred_on < in_force:
            ignored.append(IgnoredEvent(i, "before_in_force", _before(p)))
            continue
        if k < MINOR:  # a bonus event: evidence, and for a publication the media level
            if evidence_required:
                for e in ev.evidence:
                    if e and not e.isspace():
                        break
                else:
                    ignored.append(IgnoredEvent(i, "no_evidence", _NO_EVIDENCE))
                    continue
            if k == PUBLICATION and (level is None or media_rank[level] < min_rank):
                ignored.append(_ignored_media(i, level, p.min_media_level))
                continue
        counts[k] += 1
    return _card(p, year, quarter, base, counts, ignored)


def score_groups(
    year: int,
    quarter: int,
    base_score: float,
    groups: Iterable[EventGroup],
    policy: Policy,
    *,
    explain: bool = True,
) -> Scorecard:
    """The quarterly scorecard from stored events already counted in groups (a ledger's input).

    The same rules as :func:`score_quarter` — 附件1 8.3's evidence, media-level and cap rules —
    applied to ``count`` events at once; a group that does not score is listed in
    ``ignored_events`` with its index in ``groups``. The groups must all lie in the quarter.
    ``explain=False`` leaves ``trace`` empty and reuses cards of equal inputs: a ledger of
    100,000 coordinators shows the figures, and each card's trace is one call away.
    """
    return quarter_scorer(year, quarter, policy, explain=explain)(base_score, groups)


def quarter_scorer(
    year: int, quarter: int, policy: Policy, *, explain: bool = False
) -> Callable[[float, Iterable[EventGroup]], Scorecard]:
    """:func:`score_groups` for many coordinators of one quarter, the pack read once."""
    if not 1 <= quarter <= 4:
        raise RuleInputError("quarter", "must be 1, 2, 3 or 4", "scoring.period.months")
    _, end = quarter_bounds(year, quarter)
    p = resolve_parameters(policy, end, "quarter")
    evidence_required, min_rank, cards = p.evidence_required, p.min_media_rank, p.cards

    def score(base_score: float, groups: Iterable[EventGroup]) -> Scorecard:
        if isinstance(base_score, bool) or not 0 <= base_score <= p.base_max:
            msg = f"must be from 0 to {p.base_max}"
            raise RuleInputError("base_score", msg, "scoring.base.max")
        counts = [0] * 8
        ignored: list[IgnoredEvent] = []
        for i, g in enumerate(groups):
            k = KIND_INDEX.get(g.kind)
            if k is None:
                msg = f"unknown kind; one of {', '.join(KINDS)}"
                raise RuleInputError(f"groups[{i}].kind", msg)
            if g.count < 0:
                raise RuleInputError(f"groups[{i}].count", "must be 0 or more")
            if g.before_in_force:
                ignored.append(IgnoredEvent(i, "before_in_force", _before(p)))
                continue
            if k < MINOR:
                if evidence_required and not g.has_evidence:
                    ignored.append(IgnoredEvent(i, "no_evidence", _NO_EVIDENCE))
                    continue
                level = g.media_level
                if k == PUBLICATION and (
                    level is None or level not in MEDIA_RANK or MEDIA_RANK[level] < min_rank
                ):
                    ignored.append(_ignored_media(i, level, p.min_media_level))
                    continue
            counts[k] += g.count
        if explain:
            return _card(p, year, quarter, base_score, counts, ignored)
        # Ignored events are part of the card: they go into the key (IgnoredEvent is hashable).
        key = (year, quarter, base_score, type(base_score), *counts, *ignored)
        card = cards.get(key)
        if card is None:
            card = replace(_card(p, year, quarter, base_score, counts, ignored), trace=())
            if len(cards) < _CARDS_LIMIT:
                cards[key] = card
        return card

    return score


def _card(
    p: ScoringParameters,
    year: int,
    quarter: int,
    base: float,
    counts: list[int],
    ignored: list[IgnoredEvent],
) -> Scorecard:
    # The memoised steps make a card cost a few dictionary look-ups once the pack is warm.
    get = p.memo.get
    steps = [
        get(("period", year, quarter))
        or _remember(p, ("period", year, quarter), build_period_step),
        get(("base", base, type(base)))
        or _remember(p, ("base", base, type(base)), build_base_step),
    ]
    if ignored:
        steps.append(_ignored_step(p, ignored))
    categories = []
    for c, (kinds, _) in enumerate(PARTS):
        key: tuple[Any, ...] = ("category", c, counts[kinds[0]], counts[kinds[-1]])
        score, step = get(key) or _remember(p, key, _category, counts)
        categories.append(score)
        steps.append(step)
    raw_bonus = sum([s.points for s in categories])
    minor, major = counts[MINOR], counts[MAJOR]
    bonus_step = get(("bonus", raw_bonus)) or _remember(p, ("bonus", raw_bonus), build_bonus_step)
    key = ("deduction", minor, major)
    deduction_step = get(key) or _remember(p, key, build_deduction_step)
    bonus, deduction = bonus_step.outcome, deduction_step.outcome
    key = ("total", base, type(base), bonus, deduction)
    total_step = get(key) or _remember(p, key, build_total_step)
    steps += (bonus_step, deduction_step, total_step)
    return Scorecard(
        p.policy,
        RULES_VERSION,
        year,
        quarter,
        base,
        tuple(categories),
        bonus,
        deduction,
        total_step.outcome,
        minor,
        major,
        tuple(ignored),
        tuple(steps),
    )


_NO_EVIDENCE = "未提供佐证材料，不计分 (no evidence; 须提供佐证材料, 附件1 8.3)"


def rules_in_force_from(policy: Policy, year: int, quarter: int) -> dt.date:
    """The day from which the scoring values that score ``quarter`` of ``year`` all hold.

    An event dated before it does not score under ``policy`` (reason ``before_in_force``); a
    ledger marks such stored events with :attr:`EventGroup.before_in_force`. Raises
    :class:`RuleInputError` when the pack has no scoring rules on the quarter's last day.
    """
    _, end = quarter_bounds(year, quarter)
    return resolve_parameters(policy, end, "quarter").in_force_from


def _before(p: ScoringParameters) -> str:
    since = p.in_force_from.isoformat()
    return (
        f"事件日期早于计分规则施行日 {since}，不计分 "
        f"(dated before pack {p.policy}'s scoring rules are in force, {since})"
    )


def _outside(start: dt.date, end: dt.date) -> str:
    return f"日期不在本季度 {start.isoformat()} 至 {end.isoformat()} 内 (outside the quarter)"


def _ignored_media(i: int, level: str | None, least: str) -> IgnoredEvent:
    if level is None:
        return IgnoredEvent(
            i, "missing_media_level", "刊发经验未注明媒体级别，不计分 (no media level)"
        )
    detail = f"{level} 级媒体刊发不计分，须 {least} 级以上 (below {least} media, 附件1 8.3)"
    return IgnoredEvent(i, "media_level_too_low", detail)


def _ignored_step(p: ScoringParameters, ignored: list[IgnoredEvent]) -> Step:
    outcome = [{"index": e.index, "reason": e.reason} for e in ignored]
    inputs = {"evidence_required": p.evidence_required, "min_media_level": p.min_media_level}
    return Step("scoring.ignored_events", p.cites["evidence"], inputs, outcome)


def _category(
    p: ScoringParameters, c: int, _first: int, _last: int, counts: list[int]
) -> tuple[CategoryScore, Step]:
    name, (kinds, _) = CATEGORIES[c], PARTS[c]
    inputs: dict[str, int] = {}
    subtotal = 0
    for k in kinds:
        pts = min(counts[k] * p.points_each[k], p.kind_caps[k])
        pre = "" if len(kinds) == 1 else KINDS[k].removeprefix("mediation_") + "_"
        inputs |= {pre + "count": counts[k], pre + "points_each": p.points_each[k]}
        inputs |= {pre + "cap": p.kind_caps[k], pre + "points": pts} if pre else {}
        subtotal += pts
    cap = p.category_caps[c]
    points = min(subtotal, cap)
    step = make_step(f"scoring.{name}", p.cites[name], points, **inputs, cap=cap)
    return CategoryScore(name, sum(counts[k] for k in kinds), points, cap), step

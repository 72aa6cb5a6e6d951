"""The risk views (劳资矛盾预警): one enterprise in full, a region's enterprises ranked.

Each enterprise is assessed under the pack of its region (``region.policy``, inherited), on a day
(today by default) — the same rules as ``POST /v1/rules/early-warning``, with the signals read from
stored data (:mod:`lrc_api.risk.sources`). A region's view reads its enterprises' signals as
counted groups in one query per source and ranks them with the rules' summary path.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from lrc_api.alerts import service as alerts
from lrc_api.alerts.models import RiskAlert
from lrc_api.cases.models import Case
from lrc_api.core.bulk import without_gc
from lrc_api.core.errors import InvalidInput, NotFound
from lrc_api.core.models import today
from lrc_api.core.pagination import issue_cursor, read_cursor
from lrc_api.core.policies import bound_policy_ids, region_policy, resolve_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import require_visible
from lrc_api.enterprises.models import Enterprise
from lrc_api.risk import sources
from lrc_api.signals.service import visible_enterprise
from lrc_rules.early_warning import (
    RiskAssessment,
    RiskSummary,
    WindowSums,
    assess,
    window_sums,
)
from lrc_rules.early_warning_parameters import LEVEL_RANK, LEVELS, resolve_warning_parameters
from lrc_rules.policies import Policy


def assessment_day(as_of: dt.date | None) -> dt.date:
    """The day to assess: today (China) unless given; never in the future (422 on ``as_of``)."""
    day = today()
    if as_of is None:
        return day
    if as_of > day:
        raise InvalidInput.on("as_of", "cannot be in the future: the risk of a day not yet lived")
    return as_of


def assess_enterprise(
    session: Session, enterprise: Enterprise, as_of: dt.date, policy: Policy | None = None
) -> RiskAssessment:
    """The full assessment of a stored enterprise under its region's pack (or ``policy``)."""
    policy = policy or region_policy(session, enterprise.region_id)
    params = resolve_warning_parameters(policy, as_of)
    signals = sources.enterprise_signals(session, enterprise.id or 0, params, as_of)
    return assess(signals, policy, as_of)


def enterprise_risk(
    *, session: Session, principal: Principal, enterprise_id: int, as_of: dt.date | None
) -> tuple[Enterprise, RiskAssessment, RiskAlert | None]:
    """An enterprise's risk on a day (404 outside the caller's region), and its open alert."""
    enterprise = visible_enterprise(
        session=session, principal=principal, enterprise_id=enterprise_id
    )
    result = assess_enterprise(session, enterprise, assessment_day(as_of))
    return enterprise, result, alerts.active(session, enterprise_id)


# --- a region's enterprises ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RankedEnterprise:
    """One enterprise of a region's ranking: its current score and levels; the trend on demand
    (a page needs it, the ranking and the counts do not)."""

    enterprise_id: int
    name: str
    region_id: int
    policy: str
    score: float
    level: str
    dimension_levels: tuple[str, ...]
    dimensions: tuple[str, ...]
    sums: WindowSums

    def summary(self) -> RiskSummary:
        """Score, levels and the trend against the previous window."""
        return self.sums.summary()


@dataclass
class RegionRisk:
    """A region's enterprises ranked by risk, with counts per level and per dimension."""

    region_id: int
    as_of: dt.date
    policies: list[str]
    enterprises: int
    levels: dict[str, int]
    dimensions: dict[str, dict[str, int]]
    dimension_names: dict[str, str]
    items: list[RankedEnterprise]
    next_cursor: str | None
    alerts: dict[int, RiskAlert] = field(default_factory=dict)


def _sort_key(r: RankedEnterprise) -> tuple[int, float, int]:
    return (-LEVEL_RANK[r.level], -r.score, r.enterprise_id)


RANKING = "region_risk"
"""The name a region ranking's cursors carry (the list; it has one order, ``rank``)."""


def _cursor(r: RankedEnterprise) -> str:
    return issue_cursor(RANKING, "rank", [LEVEL_RANK[r.level], r.score], r.enterprise_id)


def _rank_and_score(value: Any) -> tuple[int, float]:
    """The (level rank, score) a ranking cursor carries (ValueError when it is not one)."""
    rank, score = value
    if type(rank) is not int or rank not in LEVEL_RANK.values():
        raise ValueError("not a level rank")
    if type(score) not in (int, float) or not math.isfinite(score):
        raise ValueError("not a score")
    return rank, float(score)


def _after(cursor: str) -> tuple[int, float, int]:
    """The sort key a cursor names (400 naming ``cursor`` unless this service issued it for a
    region ranking)."""
    (rank, score), last = read_cursor(cursor, RANKING, "rank", _rank_and_score)
    return (-rank, -score, last)


def visible_region(session: Session, principal: Principal, region_id: int) -> Region:
    """A region the principal may see (404 otherwise)."""
    region = session.get(Region, region_id)
    if region is None:
        raise NotFound(f"region {region_id} not found")
    require_visible(session, principal, region.id, f"region {region_id}")
    return region


@without_gc
def rank_region(
    session: Session, region: Region, as_of: dt.date
) -> tuple[list[RankedEnterprise], dict[str, str]]:
    """Every undeleted enterprise of the region's subtree with its summary, ranked (highest
    level, then score, first), and the dimension names of the packs used."""
    subtree = list(session.exec(select(Region).where(col(Region.path).startswith(region.path))))
    packs = bound_policy_ids(session, subtree)
    policies = {pid: resolve_policy(pid) for pid in set(packs.values())}
    params = {pid: resolve_warning_parameters(p, as_of) for pid, p in policies.items()}
    names: dict[str, str] = {}
    for p in params.values():
        for d in p.dimensions:
            names.setdefault(d.dimension, d.name)
    ids = select(Enterprise.id).where(
        col(Enterprise.region_id).in_([r.id for r in subtree]), col(Enterprise.deleted_at).is_(None)
    )
    listed = list(
        session.connection().execute(
            select(Enterprise.id, Enterprise.name, Enterprise.region_id).where(
                col(Enterprise.id).in_(ids)
            )
        )
    )
    pack_of = {ent_id: packs[region_id] for ent_id, _, region_id in listed}
    start = min(sources.first_day(p, as_of) for p in params.values())
    rows = sources.region_rows(session, ids, start, as_of)
    # An open case past due counts on the day assessed and on its pack's previous window end.
    days = {pid: {as_of, sources.previous_end(p, as_of)} for pid, p in params.items()}
    overdue = sources.overdue_cases(
        session, col(Case.enterprise_id).in_(ids), set().union(*days.values())
    )
    for day, cases in overdue.items():
        for c in cases:
            if c.enterprise_id is not None and day in days[pack_of[c.enterprise_id]]:
                rows.append((c.enterprise_id, "overdue_case", day, None, 1))
    sums = window_sums(rows, lambda ent: params[pack_of[ent]], as_of)
    quiet = {pid: WindowSums(p, {}, {}, {}, {}) for pid, p in params.items()}
    dims = {pid: tuple(d.dimension for d in p.dimensions) for pid, p in params.items()}
    out = []
    for ent_id, name, region_id in listed:
        pid = pack_of[ent_id]
        mine = sums.get(ent_id) or quiet[pid]
        score, level, dim_levels = mine.now()
        out.append(
            RankedEnterprise(
                ent_id, name, region_id, pid, score, level, dim_levels, dims[pid], mine
            )
        )
    out.sort(key=_sort_key)
    return out, names


def region_risk(
    *,
    session: Session,
    principal: Principal,
    region_id: int,
    as_of: dt.date | None,
    level: str | None,
    limit: int,
    cursor: str | None,
) -> RegionRisk:
    """A region's enterprises ranked by risk (404 outside the caller's region), one page, with
    counts per level and per dimension over all of them."""
    region = visible_region(session, principal, region_id)
    day = assessment_day(as_of)
    ranked, names = rank_region(session, region, day)
    levels = dict.fromkeys(LEVELS, 0)
    dims: dict[str, dict[str, int]] = {d: dict.fromkeys(LEVELS, 0) for d in names}
    for r in ranked:
        levels[r.level] += 1
        for dim, lv in zip(r.dimensions, r.dimension_levels, strict=True):
            dims[dim][lv] += 1
    chosen: Sequence[RankedEnterprise] = ranked
    if level is not None:
        chosen = [r for r in ranked if r.level == level]
    if cursor:
        after = _after(cursor)
        chosen = [r for r in chosen if _sort_key(r) > after]
    page = list(chosen[: limit + 1])
    nxt = _cursor(page[limit - 1]) if len(page) > limit else None
    page = page[:limit]
    alerts = {}
    if page:
        for a in session.exec(
            select(RiskAlert).where(
                col(RiskAlert.enterprise_id).in_([r.enterprise_id for r in page]),
                col(RiskAlert.ended_on).is_(None),
            )
        ):
            alerts[a.enterprise_id] = a
    return RegionRisk(
        region_id=region_id,
        as_of=day,
        policies=sorted({r.policy for r in ranked}),
        enterprises=len(ranked),
        levels=levels,
        dimensions=dims,
        dimension_names=names,
        items=page,
        next_cursor=nxt,
        alerts=alerts,
    )

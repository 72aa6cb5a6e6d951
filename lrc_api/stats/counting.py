"""Counting stored cases per township under each pack's count rules, in one SQL aggregate.

The KPI view and the weekly report both need, for a region's subtree, counts of cases that a
pack defines (``lrc_rules.case_stats.CountRule``) over a period, per township and rolled up. The
database does the counting: one ``SUM(CASE WHEN … THEN 1 ELSE 0 END)`` column per distinct rule
and period, grouped by the case's region; Python only adds the regions of each township.

Townships (乡镇、街道、园区 and 领域专班 — the units the campaign reports per, 闵人社发〔2022〕34号
四(一)2) are the highest regions of those kinds below the requested region; cases of regions above
any township (e.g. filed at the county itself) form a row of the requested region itself
(``direct``). A request for a township or a region inside one is a single unit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col
from sqlmodel import select as sm_select

from lrc_api.cases.models import Case, CaseAssignment
from lrc_api.core.errors import InvalidInput, NotFound
from lrc_api.core.policies import bound_policy_ids
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import own_coordinator_only, require_visible
from lrc_rules.case_stats import CountRule
from lrc_rules.case_timeline import PROCEDURES

TOWNSHIP_KINDS = frozenset({"township", "subdistrict", "park", "domain"})
"""Region kinds a report gives a row each: 乡镇, 街道, 园区, 行业领域专班."""


@dataclass(frozen=True, slots=True)
class Units:
    """The requested region, its subtree, the row (unit) each region counts in, and the packs."""

    root: Region
    regions: Mapping[int, Region]
    unit_of: Mapping[int, int]
    units: tuple[Region, ...]
    packs: Mapping[int, str]

    def is_direct(self, unit: Region) -> bool:
        """Whether the unit is the requested region's own row (cases above any township)."""
        return unit.id == self.root.id and unit.kind not in TOWNSHIP_KINDS


def report_units(*, session: Session, principal: Principal, region_id: int | None) -> Units:
    """The units of a report on ``region_id`` (404 unless the principal may see it): two queries.

    ``region_id`` defaults to the principal's own region (422 on ``region_id`` for a principal
    without one). The subtree's regions, then the pack bound to each (``bound_policy_ids``). Every
    township of the subtree gets a row (zeros included); a township inside another counts in the
    outer one.
    """
    if region_id is None:
        if principal.region_id is None:
            raise InvalidInput.on("region_id", "required: you are not limited to one region")
        region_id = principal.region_id
    root = session.get(Region, region_id)
    if root is None:
        raise NotFound(f"region {region_id} not found")
    require_visible(session, principal, region_id, f"region {region_id}")
    stmt = sm_select(Region).where(col(Region.path).startswith(root.path))
    subtree = {r.id: r for r in session.exec(stmt) if r.id is not None}
    subtree[region_id] = root
    depth = len(root.ancestor_ids())

    def township_of(region: Region) -> int:
        if root.kind in TOWNSHIP_KINDS:
            return region_id
        for aid in region.ancestor_ids()[depth:]:  # below the root, outermost first
            if subtree[aid].kind in TOWNSHIP_KINDS:
                return aid
        return region_id

    unit_of = {rid: township_of(r) for rid, r in subtree.items()}
    townships = {unit_of[rid] for rid, r in subtree.items() if r.kind in TOWNSHIP_KINDS}
    chosen = townships | ({region_id} if region_id in unit_of.values() else set())
    units = tuple(sorted((subtree[u] for u in chosen), key=lambda r: (r.id != region_id, r.path)))
    packs = bound_policy_ids(session, list(subtree.values()))
    return Units(root, subtree, unit_of, units, packs)


@dataclass(frozen=True, slots=True)
class CountSpec:
    """One column to count: a rule over a period (``key`` names the column in the result)."""

    key: str
    rule: CountRule
    start: dt.date
    end: dt.date


def anchor(rule: CountRule, start: dt.date, end: dt.date) -> ColumnElement[bool]:
    """The date condition alone of a count rule: a case failing every spec's anchor counts in
    none, so the aggregate skips it after a few date comparisons."""
    concluded = col(Case.concluded_on)
    if rule.period == "received":
        return col(Case.received_on).between(start, end)
    if rule.period == "accepted":
        return col(Case.accepted_on).between(start, end)
    if rule.period == "concluded":
        return concluded.between(start, end)
    bound = end if rule.period == "open_at_end" else start
    later = concluded > bound if rule.period == "open_at_end" else concluded >= bound
    return and_(col(Case.received_on) <= end, or_(concluded.is_(None), later))


def condition(rule: CountRule, start: dt.date, end: dt.date) -> ColumnElement[bool]:
    """The SQL condition of a count rule over ``start`` … ``end`` (inclusive)."""
    concluded = col(Case.concluded_on)
    parts: list[ColumnElement[bool]] = []
    if set(rule.procedures) != set(PROCEDURES):
        parts.append(col(Case.procedure).in_(rule.procedures))
    if rule.period == "received":
        parts.append(col(Case.received_on).between(start, end))
    elif rule.period == "accepted":
        parts.append(col(Case.accepted_on).between(start, end))
    elif rule.period == "concluded":
        parts.append(concluded.between(start, end))
    elif rule.period == "open_at_end":
        parts += [col(Case.received_on) <= end, or_(concluded.is_(None), concluded > end)]
    else:  # handled: open at the start or received during the period (旧存 + 新收)
        parts += [col(Case.received_on) <= end, or_(concluded.is_(None), concluded >= start)]
    if rule.concluded_by_end:
        parts.append(concluded <= end)  # NULL (open) compares unknown: not counted
    if rule.conclusions is not None:
        parts.append(col(Case.conclusion).in_(rule.conclusions))
    if rule.timeliness is not None:
        parts.append(col(Case.timeliness).in_(rule.timeliness))
    return and_(*parts)


def case_filter(principal: Principal) -> ColumnElement[bool] | None:
    """For a coordinator principal, only the cases it is assigned to (its own data)."""
    if not own_coordinator_only(principal):
        return None
    mine = select(CaseAssignment.case_id).where(
        CaseAssignment.coordinator_id == principal.coordinator_id
    )
    return col(Case.id).in_(mine)


def count_cases(
    *, session: Session, principal: Principal, units: Units, specs: Sequence[CountSpec]
) -> dict[int, dict[str, int]]:
    """Unit id → column key → count, for every unit of ``units``: one grouped query.

    Equal conditions share one SQL column, so a second pack with the same rules costs nothing.
    """
    out: dict[int, dict[str, int]] = {
        u.id or 0: dict.fromkeys((s.key for s in specs), 0) for u in units.units
    }
    if not specs:
        return out
    columns: dict[tuple[Any, ...], tuple[str, ColumnElement[bool]]] = {}
    column_of: dict[str, str] = {}
    anchors: dict[tuple[Any, ...], ColumnElement[bool]] = {}
    for spec in specs:
        r = spec.rule
        same = (r.procedures, r.period, r.concluded_by_end, r.conclusions, r.timeliness)
        key = (*same, spec.start, spec.end)
        if key not in columns:
            columns[key] = (f"c{len(columns)}", condition(r, spec.start, spec.end))
        column_of[spec.key] = columns[key][0]
        anchors.setdefault((r.period, spec.start, spec.end), anchor(r, spec.start, spec.end))
    selected = [
        func.sum(case((cond, literal(1)), else_=literal(0))).label(name)
        for name, cond in columns.values()
    ]
    stmt = (
        select(col(Case.region_id), *selected)
        .where(col(Case.region_id).in_(list(units.regions)), or_(*anchors.values()))
        .group_by(col(Case.region_id))
    )
    mine = case_filter(principal)
    if mine is not None:
        stmt = stmt.where(mine)
    sums: dict[int, dict[str, int]] = defaultdict(dict)
    for row in session.connection().execute(stmt).mappings():
        unit = units.unit_of.get(row["region_id"])
        if unit is None:
            continue
        target = sums[unit]
        for name, _ in columns.values():
            target[name] = target.get(name, 0) + int(row[name] or 0)
    for unit_id, by_name in sums.items():
        out[unit_id] = {key: by_name.get(name, 0) for key, name in column_of.items()}
    return out

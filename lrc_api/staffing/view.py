"""A region's staffing (人员配备) from stored data: its units, the staffing rules, and roll-ups.

Units: every enterprise of the subtree, every park, township and sub-district, every community and
village. A unit's coordinators are the active ledger rows attached to it (enterprise coordinators
to their enterprise; the others to their own region); qualified ones hold a certificate (有劳动关系
协调资质). An area's staffing basis (``StaffingBasis``: 核定人数, existing staff, many or few
enterprises) is the latest one in force. Each unit is judged under its own region's pack by
``lrc_rules.staffing`` in report mode, so a unit whose records are incomplete still gets what can be
judged and a list of what to record; a pack that sets no minimums says so (200, never 422).

Cost: a fixed handful of queries whatever the size (the regions, their packs, the enterprises, the
coordinators counted per region and enterprise in SQL, the bases), then the rules in memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from lrc_api.coordinators.models import Coordinator
from lrc_api.core.policies import bound_policy_ids, get_registry, resolve_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.schemas import TraceStep, trace_payload
from lrc_api.core.scope import own_coordinator_only
from lrc_api.enterprises.models import Enterprise
from lrc_api.regions.service import get as get_region
from lrc_api.staffing.models import StaffingBasis
from lrc_api.staffing.report import (
    Counts,
    UnitRecord,
    no_minimums,
    read_unit,
    rollups,
)
from lrc_api.staffing.schemas import (
    RegionStaffingRead,
)
from lrc_rules import RULES_VERSION
from lrc_rules.policies import Policy
from lrc_rules.staffing import (
    AREA_KINDS,
    COMMUNITY_KINDS,
    StaffingInput,
    StaffingUnit,
    assess,
)


def region_staffing(
    *,
    session: Session,
    principal: Principal,
    region_id: int,
    policy_id: str | None,
    many_enterprises_from: int | None,
    as_of: dt.date,
) -> RegionStaffingRead:
    """Staffing of the region's subtree under each unit's pack, per unit and rolled up.

    ``policy_id`` judges every unit under that pack instead (what-if); ``many_enterprises_from``
    decides many or few for areas whose basis does not say. 404 outside the caller's region.
    """
    root = get_region(session=session, principal=principal, region_id=region_id)
    regions = list(session.exec(select(Region).where(col(Region.path).startswith(root.path))))
    by_id = {r.id or 0: r for r in regions}
    packs = _packs(session, regions, policy_id)
    enterprises = session.exec(
        select(Enterprise.id, Enterprise.region_id, Enterprise.name, Enterprise.size).where(
            col(Enterprise.region_id).in_(list(by_id)), col(Enterprise.deleted_at).is_(None)
        )
    ).all()
    per_region, per_enterprise = _coordinator_counts(session, list(by_id))
    bases = _bases(session, list(by_id), as_of)

    area_of = {rid: _nearest_area(r, by_id) for rid, r in by_id.items()}
    ents_in: dict[int, int] = defaultdict(int)  # region → enterprises in its subtree
    for _, ent_region, _, _ in enterprises:
        for rid in by_id[ent_region].ancestor_ids():
            ents_in[rid] += 1

    units: list[UnitRecord] = []
    for r in regions:
        rid = r.id or 0
        if r.kind in AREA_KINDS:
            units.append(
                _area_unit(
                    r,
                    per_region[rid],
                    ents_in[rid],
                    bases.get(rid),
                    packs[rid],
                    many_enterprises_from,
                )
            )
        elif r.kind in COMMUNITY_KINDS:
            counts = per_region[rid]
            units.append(
                UnitRecord(
                    StaffingUnit(
                        f"region:{rid}", r.kind, counts.coordinators, qualified=counts.qualified
                    ),
                    r.name,
                    r,
                    None,
                    packs[rid],
                )
            )
    for eid, ent_region, name, size in enterprises:
        counts = per_enterprise[eid or 0]
        area = area_of[ent_region]
        platform = None
        unit_notes = []
        if size == "micro" and counts.coordinators == 0 and area is not None:
            staffed = per_region[area.id or 0].coordinators
            platform = staffed > 0
            unit_notes.append(
                f"its area {area.name} has {staffed} coordinator(s) of its own: "
                + ("the platform that covers it" if staffed else "no platform to cover it")
            )
        units.append(
            UnitRecord(
                StaffingUnit(
                    f"enterprise:{eid}",
                    "enterprise",
                    counts.coordinators,
                    size=size,
                    qualified=counts.qualified,
                    platform_covered=platform,
                ),
                name,
                by_id[ent_region],
                eid,
                packs[ent_region],
                unit_notes,
            )
        )

    steps = _judge(units, as_of)
    if own_coordinator_only(principal):
        units, steps, rollup_regions = _own_units(session, principal, units), [], []
    else:
        rollup_regions = [root, *(r for r in regions if r.kind in AREA_KINDS and r is not root)]
    totals = rollups(rollup_regions, units, per_region, per_enterprise, by_id, packs, as_of)
    coverage = {r.region_id: r.coverage for r in totals}
    unit_reads = [
        read_unit(
            u,
            coverage.get(u.region.id or 0)
            if u.enterprise_id is None and u.region.kind in AREA_KINDS
            else None,
        )
        for u in units
    ]
    root_pack = packs[root.id or 0]
    applicable = any(u.status != "not_applicable" for u in unit_reads)
    reason = None
    if not unit_reads:
        reason = "no unit to judge: the region holds no enterprise, park, township or community"
    elif not applicable:
        seen = {u.pack.id: u.pack for u in units}
        reason = "; ".join(
            no_minimums(pack, sorted({u.kind for u in unit_reads if u.policy == pid}))
            for pid, pack in sorted(seen.items())
        )
    return RegionStaffingRead(
        region_id=root.id or 0,
        region_name=root.name,
        as_of=as_of,
        policy=root_pack.id,
        rules_version=RULES_VERSION,
        applicable=applicable,
        reason=reason,
        units=unit_reads,
        rollups=totals,
        trace=[TraceStep(**s) for s in steps],
    )


# --- loading ------------------------------------------------------------------------------------


def _packs(session: Session, regions: list[Region], explicit: str | None) -> dict[int, Policy]:
    if explicit:
        pack = resolve_policy(explicit)
        return {r.id or 0: pack for r in regions}
    registry = get_registry()
    return {rid: registry.get(pid) for rid, pid in bound_policy_ids(session, regions).items()}


def _coordinator_counts(
    session: Session, region_ids: list[int]
) -> tuple[dict[int, Counts], dict[int, Counts]]:
    """Active coordinators and the qualified among them, counted in SQL per region and enterprise."""
    c = Coordinator
    qualified = func.sum(case((func.json_array_length(c.certificates) > 0, 1), else_=0))
    stmt = (
        select(c.region_id, c.enterprise_id, func.count(), qualified)
        .where(
            col(c.region_id).in_(region_ids),
            c.status == "active",
            col(c.deleted_at).is_(None),
        )
        .group_by(c.region_id, c.enterprise_id)
    )
    per_region: dict[int, Counts] = defaultdict(Counts)
    per_enterprise: dict[int, Counts] = defaultdict(Counts)
    for region_id, enterprise_id, n, q in session.exec(stmt).all():
        target = (
            per_enterprise[enterprise_id] if enterprise_id is not None else per_region[region_id]
        )
        target.coordinators += int(n)
        target.qualified += int(q or 0)
    return per_region, per_enterprise


def _bases(session: Session, region_ids: list[int], as_of: dt.date) -> dict[int, StaffingBasis]:
    """The latest staffing basis in force on ``as_of`` of each region that has one."""
    rows = session.exec(
        select(StaffingBasis)
        .where(
            col(StaffingBasis.region_id).in_(region_ids),
            col(StaffingBasis.effective_from) <= as_of,
        )
        .order_by(col(StaffingBasis.region_id), col(StaffingBasis.effective_from))
    ).all()
    return {row.region_id: row for row in rows}  # later days overwrite earlier ones


def _nearest_area(region: Region, by_id: dict[int, Region]) -> Region | None:
    for rid in reversed(region.ancestor_ids()):
        found = by_id.get(rid)
        if found is not None and found.kind in AREA_KINDS:
            return found
    return None


def _area_unit(
    region: Region,
    counts: Counts,
    enterprises: int,
    basis: StaffingBasis | None,
    pack: Policy,
    many_from: int | None,
) -> UnitRecord:
    rid = region.id or 0
    load = basis.enterprise_load if basis else None
    notes = []
    if basis is not None:
        notes.append(f"staffing basis {basis.id} in force from {basis.effective_from.isoformat()}")
    if load is None and many_from is not None:
        load = "many" if enterprises >= many_from else "few"
        notes.append(f"{enterprises} enterprises, many from {many_from} (as asked): {load}")
    unit = StaffingUnit(
        f"region:{rid}",
        region.kind,
        counts.coordinators,
        enterprise_count=enterprises,
        enterprise_load=load,
        qualified=counts.qualified,
        existing_inspection_assistants=basis.existing_inspection_assistants if basis else None,
        existing_mediators=basis.existing_mediators if basis else None,
        approved_headcount=basis.approved_headcount if basis else None,
    )
    return UnitRecord(unit, region.name, region, None, pack, notes)


# --- judging ------------------------------------------------------------------------------------


def _judge(units: list[UnitRecord], as_of: dt.date) -> list[dict[str, Any]]:
    """Run the staffing rules once per pack over that pack's units; returns the trace."""
    by_pack: dict[str, list[UnitRecord]] = defaultdict(list)
    for u in units:
        by_pack[u.pack.id].append(u)
    steps: list[dict[str, Any]] = []
    for members in by_pack.values():
        pack = members[0].pack
        if not pack.under("staffing"):
            continue
        result = assess(
            StaffingInput(tuple(m.rule_input for m in members), as_of, on_missing="report"), pack
        )
        for m, r in zip(members, result.units, strict=True):
            m.result = r
        steps.extend({**s, "rule": f"{pack.id}:{s['rule']}"} for s in trace_payload(result.trace))
    return steps


def _own_units(session: Session, principal: Principal, units: list[UnitRecord]) -> list[UnitRecord]:
    """A coordinator principal sees the unit it belongs to: its enterprise, or its own region."""
    own = session.exec(
        select(Coordinator.region_id, Coordinator.enterprise_id).where(
            Coordinator.id == principal.coordinator_id
        )
    ).first()
    if own is None:
        return []
    wanted = f"enterprise:{own[1]}" if own[1] is not None else f"region:{own[0]}"
    return [u for u in units if u.rule_input.id == wanted]

"""Service obligations (工作机制) of a region from its stored activities: due, done and missed.

The rules are ``lrc_rules.obligations`` under each unit's pack: 浙人社发〔2023〕18号 二(三) (monthly
contact with each enterprise coordinator, quarterly on-site guidance of each enterprise, the county
bureau's yearly guidance), 闵人社发〔2023〕55号 二(三)5 (quarterly training), 汶政字〔2024〕59号 三(六)
(the monthly report by the 20th, per task force) and 三(四) (以干代训 of at least two weeks, with
its evaluation).

Units. Obligations are owed by parks, townships and sub-districts (工业园区、乡镇(街道)) and by the
task forces (专班: townships, sub-districts and domains, 汶政字〔2024〕59号 三(一)). Every record goes
to the deepest such region on its path inside the region asked for, or to that region itself.
An enterprise coordinator belongs where its enterprise is; a contact or guidance counts for the
unit of the coordinator contacted, an on-site visit for the unit of the enterprise visited, other
activities for the unit of whoever did them. Only approved activities count (like the scores);
pending ones are counted apart, and approved ones that name no target are listed with the reason.
An obligation owed for an enterprise coordinator runs only while they serve (joined_on, left_on).

Cost: a fixed handful of queries (regions and packs, coordinators, enterprises, the activities of
obligation kinds, the pending count), then the rules in memory, once per unit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from lrc_api.activities.models import Activity
from lrc_api.coordinators.models import Coordinator
from lrc_api.core.errors import InvalidInput
from lrc_api.core.policies import bound_policy_ids, get_registry
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.schemas import trace_payload
from lrc_api.enterprises.models import Enterprise
from lrc_api.obligations.report import UnitWork, assemble
from lrc_api.regions.service import get as get_region
from lrc_rules.obligations import (
    ACTIVITY_KINDS,
    ActivityRecord,
    EnterpriseCoordinator,
    ObligationsInput,
    calendar,
)

UNIT_KINDS = ("township", "subdistrict", "park", "domain")
"""Regions that owe obligations: 工业园区、乡镇(街道) (浙人社发〔2023〕18号 二(三)) and 专班."""

TASK_FORCE_KINDS = ("township", "subdistrict", "domain")
"""Regions that are task forces (各乡镇（街道）、各领域改革试点创建工作专班, 汶政字〔2024〕59号 三(一))."""

MAX_PERIOD_DAYS = 5 * 366
"""Longest period one request may ask for (as the calculator)."""

_TARGETED = {"contact": "target_coordinator_id", "county_guidance": "target_coordinator_id"}


def region_obligations(
    *,
    session: Session,
    principal: Principal,
    region_id: int,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date,
) -> dict[str, Any]:
    """Every obligation instance of the region's units over the period, per unit, per
    coordinator and rolled up, in the ``RegionObligations`` shape. 404 outside the caller's region;
    422 naming ``to`` for a period that ends before it starts or is too long."""
    if period_end < period_start:
        raise InvalidInput.on("to", "is before from")
    if (period_end - period_start).days >= MAX_PERIOD_DAYS:
        raise InvalidInput.on("to", f"the period may be at most {MAX_PERIOD_DAYS} days long")
    root = get_region(session=session, principal=principal, region_id=region_id)
    regions = list(session.exec(select(Region).where(col(Region.path).startswith(root.path))))
    by_id = {r.id or 0: r for r in regions}
    registry = get_registry()
    packs = {k: registry.get(v) for k, v in bound_policy_ids(session, regions).items()}
    unit_of = {rid: _unit_region(r, by_id, root) for rid, r in by_id.items()}
    units: dict[int, UnitWork] = {}

    def unit(region_of: int) -> UnitWork:
        uid = unit_of[region_of]
        found = units.get(uid)
        if found is None:
            found = units[uid] = UnitWork(by_id[uid], packs[uid])
        return found

    subtree = list(by_id)
    people = session.exec(
        select(
            Coordinator.id,
            Coordinator.region_id,
            Coordinator.enterprise_id,
            Coordinator.name,
            Coordinator.joined_on,
            Coordinator.left_on,
        ).where(
            col(Coordinator.region_id).in_(subtree),
            col(Coordinator.deleted_at).is_(None),
            or_(
                Coordinator.status == "active",
                col(Coordinator.left_on) >= period_start,
            ),
        )
    ).all()
    enterprises = {
        eid: (rid, name)
        for eid, rid, name in session.exec(
            select(Enterprise.id, Enterprise.region_id, Enterprise.name).where(
                col(Enterprise.region_id).in_(subtree), col(Enterprise.deleted_at).is_(None)
            )
        ).all()
    }
    person: dict[int, dict[str, Any]] = {}
    for cid, rid, eid, name, joined, left in people:
        home = enterprises[eid][0] if eid in enterprises else rid
        person[cid] = {
            "coordinator_id": cid,
            "name": name,
            "region_id": rid,
            "unit_region_id": unit_of[home],
            "enterprise_id": eid,
            "serves": (joined, left),
        }
        if eid is not None:
            unit(home).ecs.append(EnterpriseCoordinator(str(cid), str(eid)))

    # Activities anywhere in a window that overlaps the period count (a yearly window included).
    first_window = dt.date(period_start.year, 1, 1)
    last_day = min(dt.date(period_end.year, 12, 31), as_of)
    in_scope = or_(
        col(Activity.region_id).in_(subtree),
        col(Activity.target_coordinator_id).in_(list(person)),
        col(Activity.enterprise_id).in_(list(enterprises)),
    )
    rows = session.exec(
        select(
            Activity.id,
            Activity.kind,
            Activity.occurred_on,
            Activity.coordinator_id,
            Activity.region_id,
            Activity.target_coordinator_id,
            Activity.enterprise_id,
            Activity.days,
            Activity.evaluation,
        )
        .where(
            col(Activity.kind).in_(ACTIVITY_KINDS),
            Activity.review == "approved",
            col(Activity.deleted_at).is_(None),
            col(Activity.occurred_on) >= first_window,
            col(Activity.occurred_on) <= last_day,
            in_scope,
        )
        .order_by(col(Activity.occurred_on), col(Activity.id))
    ).all()
    for aid, kind, on, doer, rid, target, ent, days, evaluation in rows:
        _place(
            unit,
            unit_of,
            person,
            enterprises,
            by_id,
            aid,
            kind,
            on,
            doer,
            rid,
            target,
            ent,
            days,
            evaluation,
        )
    pending = session.exec(
        select(Activity.region_id, func.count())
        .where(
            col(Activity.kind).in_(ACTIVITY_KINDS),
            Activity.review == "pending",
            col(Activity.deleted_at).is_(None),
            col(Activity.occurred_on) >= first_window,
            col(Activity.occurred_on) <= last_day,
            col(Activity.region_id).in_(subtree),
        )
        .group_by(Activity.region_id)
    ).all()
    for rid, n in pending:
        unit(rid).pending += int(n)
    for r in regions:  # every unit region appears, even with nothing recorded yet
        if r.kind in UNIT_KINDS:
            unit(r.id or 0)
    if not units:  # a region with no unit in it owes as itself
        unit(root.id or 0)

    steps: list[dict[str, Any]] = []
    for u in units.values():
        steps.extend(_judge(u, period_start, period_end, as_of))
    return assemble(
        principal, root, units, person, enterprises, by_id, period_start, period_end, as_of, steps
    )


def _unit_region(region: Region, by_id: dict[int, Region], root: Region) -> int:
    """The deepest unit region on ``region``'s path inside the subtree, else the root."""
    for rid in reversed(region.ancestor_ids()):
        found = by_id.get(rid)
        if found is not None and found.kind in UNIT_KINDS:
            return rid
    return root.id or 0


def _place(
    unit: Any,
    unit_of: dict[int, int],
    person: dict[int, dict[str, Any]],
    enterprises: dict[int, tuple[int, str]],
    by_id: dict[int, Region],
    aid: int,
    kind: str,
    on: dt.date,
    doer: int,
    rid: int,
    target: int | None,
    ent: int | None,
    days: int | None,
    evaluation: str | None,
) -> None:
    """Give an activity to the unit it counts for, with the target the rules need."""
    target_id: str | None = None
    if kind in _TARGETED:
        if target is None or target not in person:
            home = unit(rid) if rid in by_id else None
            if home is not None:
                home.not_counted.append(
                    {
                        "activity_id": aid,
                        "kind": kind,
                        "reason": "names no enterprise coordinator of this region "
                        "(target_coordinator_id), so no obligation can count it",
                    }
                )
            return
        owner = unit(person[target]["unit_region_id"])
        target_id = str(target)
    elif kind == "onsite_visit":
        if ent is None or ent not in enterprises:
            if rid in by_id:
                unit(rid).not_counted.append(
                    {
                        "activity_id": aid,
                        "kind": kind,
                        "reason": "names no enterprise of this region (enterprise_id), so no "
                        "on-site guidance obligation can count it",
                    }
                )
            return
        owner = unit(enterprises[ent][0])
        target_id = str(ent)
    else:
        if rid not in by_id:
            return  # done elsewhere, for no target here
        owner = unit(rid)
        if kind == "monthly_report":
            if owner.region.kind not in TASK_FORCE_KINDS:
                owner.not_counted.append(
                    {
                        "activity_id": aid,
                        "kind": kind,
                        "reason": "recorded outside any task force (乡镇(街道) or 领域专班, "
                        "汶政字〔2024〕59号 三(一)), which are the ones that report monthly",
                    }
                )
                return
            target_id = str(owner.region.id)
    owner.acts.append(
        ActivityRecord(
            kind,
            on,
            str(doer),
            target_id,
            days,
            (evaluation is not None) if kind == "placement" else None,
        )
    )
    owner.act_ids.append(aid)


def _judge(u: UnitWork, start: dt.date, end: dt.date, as_of: dt.date) -> list[dict[str, Any]]:
    if not u.pack.under("obligations"):
        u.reason = (
            f"pack {u.pack.id} ({u.pack.title}) sets no service obligations: its documents set "
            "none, so nothing is owed"
        )
        return []
    task_forces = (str(u.region.id),) if u.region.kind in TASK_FORCE_KINDS else ()
    result = calendar(
        ObligationsInput(start, end, as_of, tuple(u.ecs), task_forces, tuple(u.acts)), u.pack
    )
    u.found = result.obligations
    prefix = f"{u.pack.id}:region:{u.region.id}:"
    return [{**s, "rule": prefix + s["rule"]} for s in trace_payload(result.trace)]

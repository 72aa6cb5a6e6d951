"""The obligations view's answer: instances in words an office reads, per unit, per coordinator,
rolled up; and what a coordinator principal may see of it (only what concerns them)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.schemas import CitationOut
from lrc_api.core.scope import own_coordinator_only
from lrc_api.core.vocabulary import label
from lrc_rules import RULES_VERSION
from lrc_rules.obligations import STATUSES, ActivityRecord, EnterpriseCoordinator, Obligation
from lrc_rules.policies import Policy


@dataclass(slots=True)
class UnitWork:
    """A unit while the view works on it: its enterprise coordinators, activities for the rules
    (with their record ids), what cannot count, and the rules' answer."""

    region: Region
    pack: Policy
    ecs: list[EnterpriseCoordinator] = field(default_factory=list)
    acts: list[ActivityRecord] = field(default_factory=list)
    act_ids: list[int] = field(default_factory=list)
    not_counted: list[dict[str, Any]] = field(default_factory=list)
    pending: int = 0
    found: tuple[Obligation, ...] = ()
    reason: str | None = None


def zero() -> dict[str, int]:
    """A count of 0 for each status."""
    return dict.fromkeys(STATUSES, 0)


def _serving(info: dict[str, Any], first: dt.date, last: dt.date) -> bool:
    joined, left = info["serves"]
    return (joined is None or joined <= last) and (left is None or left >= first)


def _enterprise_served(
    coordinators: list[dict[str, Any]] | None, first: dt.date, last: dt.date
) -> bool:
    """Whether one of an enterprise's coordinators serves at some time in [first, last]."""
    return any(_serving(info, first, last) for info in coordinators or ())


def assemble(
    principal: Principal,
    root: Region,
    units: dict[int, UnitWork],
    person: dict[int, dict[str, Any]],
    enterprises: dict[int, tuple[int, str]],
    by_id: dict[int, Region],
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    steps: list[dict[str, Any]],
) -> dict[str, Any]:
    own = principal.coordinator_id if own_coordinator_only(principal) else None
    staff: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for info in person.values():
        if info.get("enterprise_id") is not None:
            staff[int(info["enterprise_id"])].append(info)
    owed: dict[int, dict[str, int]] = defaultdict(zero)
    fulfilled: dict[int, dict[str, int]] = defaultdict(zero)
    totals = zero()
    by_obligation: dict[str, dict[str, Any]] = {}
    unit_out = []
    for u in sorted(units.values(), key=lambda x: x.region.path):
        counts = zero()
        shown = []
        for o in u.found:
            target, target_person = _target(o, person, enterprises, by_id)
            if target_person is not None and not _serving(
                person[target_person], o.window_start, o.window_end
            ):
                continue  # owed only while the enterprise coordinator serves
            if (
                o.activity == "onsite_visit"
                and o.target_id is not None
                and not _enterprise_served(
                    staff.get(int(o.target_id)), o.window_start, o.window_end
                )
            ):
                continue  # owed for an enterprise only while it has a coordinator serving
            doer = None
            activity_id = None
            if o.fulfilled_by is not None:
                activity_id = u.act_ids[o.fulfilled_by]
                doer = int(u.acts[o.fulfilled_by].coordinator_id)
            if own is not None and own not in (target_person, doer):
                continue
            if target_person is not None:
                owed[target_person][o.status] += 1
            if doer is not None:
                fulfilled[doer][o.status] += 1
            counts[o.status] += 1
            totals[o.status] += 1
            agg = by_obligation.setdefault(
                o.obligation,
                {
                    "obligation": o.obligation,
                    "label": label("obligation", o.obligation),
                    "citation": CitationOut.of(o.citation).model_dump(),
                    "counts": zero(),
                },
            )
            agg["counts"][o.status] += 1
            shown.append(
                {
                    "obligation": o.obligation,
                    "label": label("obligation", o.obligation),
                    "activity": o.activity,
                    "target": target,
                    "window_start": o.window_start,
                    "window_end": o.window_end,
                    "due_on": o.due_on,
                    "status": o.status,
                    "status_label": label("obligation_status", o.status),
                    "required": o.required,
                    "count": o.count,
                    "fulfilled_by_activity_id": activity_id,
                    "fulfilled_by_coordinator_id": doer,
                    "fulfilled_on": o.fulfilled_on,
                    "citation": CitationOut.of(o.citation).model_dump(),
                    "detail": o.detail,
                }
            )
        if own is not None and not shown:
            continue
        unit_out.append(
            {
                "region_id": u.region.id,
                "name": u.region.name,
                "kind": u.region.kind,
                "policy": u.pack.id,
                "applicable": u.reason is None,
                "reason": u.reason,
                "counts": counts,
                "obligations": shown,
                "pending_review": u.pending if own is None else 0,
                "not_counted": u.not_counted if own is None else [],
            }
        )
    coordinators = [
        {
            **{k: v for k, v in info.items() if k != "serves"},
            "owed": owed[cid],
            "fulfilled": fulfilled[cid],
        }
        for cid, info in sorted(person.items())
        if own is None or cid == own
    ]
    return {
        "region_id": root.id,
        "region_name": root.name,
        "period_start": start,
        "period_end": end,
        "as_of": as_of,
        "rules_version": RULES_VERSION,
        "counts": totals,
        "by_obligation": list(by_obligation.values()),
        "units": unit_out,
        "coordinators": coordinators,
        "trace": steps if own is None else [],
    }


def _target(
    o: Obligation,
    person: dict[int, dict[str, Any]],
    enterprises: dict[int, tuple[int, str]],
    by_id: dict[int, Region],
) -> tuple[dict[str, Any] | None, int | None]:
    """The instance's target as a response object, and the coordinator id when it is one."""
    if o.target_id is None:
        return None, None
    tid = int(o.target_id)
    if o.activity in ("contact", "county_guidance", "placement"):
        info = person.get(tid)
        name = info["name"] if info else str(tid)
        return {"kind": "coordinator", "id": tid, "name": name}, tid if info else None
    if o.activity == "onsite_visit":
        return {"kind": "enterprise", "id": tid, "name": enterprises.get(tid, (0, ""))[1]}, None
    region = by_id.get(tid)
    return {"kind": "region", "id": tid, "name": region.name if region else ""}, None

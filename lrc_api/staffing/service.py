"""A region's staffing (人员配备) from stored data: the units the staffing rules judge, then lrc_rules.

Units: every enterprise of the subtree with a size class, every park, township and sub-district,
every community and village. A unit's coordinators are the active ledger rows attached to it
(enterprise coordinators to their enterprise; the others to their own region); qualified ones
hold a certificate. The rules themselves are ``lrc_rules.staffing``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlmodel import Session, col, select

from lrc_api.coordinators.models import Coordinator
from lrc_api.core.errors import InvalidInput
from lrc_api.core.policies import region_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.enterprises.models import Enterprise
from lrc_api.regions.service import get
from lrc_rules.errors import RuleInputError
from lrc_rules.staffing import (
    AREA_KINDS,
    COMMUNITY_KINDS,
    StaffingInput,
    StaffingResult,
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
) -> tuple[StaffingResult, list[str]]:
    """Assess the region's subtree; returns the result and what was left out, with why."""
    root = get(session=session, principal=principal, region_id=region_id)
    regions = list(session.exec(select(Region).where(col(Region.path).startswith(root.path))))
    region_ids = [r.id for r in regions]
    enterprises = list(
        session.exec(
            select(Enterprise).where(
                col(Enterprise.region_id).in_(region_ids), col(Enterprise.deleted_at).is_(None)
            )
        )
    )
    people = session.exec(
        select(Coordinator.region_id, Coordinator.enterprise_id, Coordinator.certificates).where(
            col(Coordinator.region_id).in_(region_ids),
            Coordinator.status == "active",
            col(Coordinator.deleted_at).is_(None),
        )
    ).all()
    per_enterprise: Counter[int] = Counter()
    qualified_enterprise: Counter[int] = Counter()
    per_region: Counter[int] = Counter()
    qualified_region: Counter[int] = Counter()
    for reg, ent, certificates in people:
        qualified = bool(certificates)
        if ent is not None:
            per_enterprise[ent] += 1
            qualified_enterprise[ent] += qualified
        else:
            per_region[reg] += 1
            qualified_region[reg] += qualified
    path_of = {r.id: r.path for r in regions}
    units: list[StaffingUnit] = []
    skipped: list[str] = []
    for e in enterprises:
        if e.size is None:
            skipped.append(
                f"enterprise {e.id}: no size class (an indicator its industry needs is missing)"
            )
            continue
        units.append(
            StaffingUnit(
                id=f"enterprise:{e.id}",
                kind="enterprise",
                size=e.size,
                coordinators=per_enterprise[e.id or 0],
                qualified=qualified_enterprise[e.id or 0],
            )
        )
    for r in regions:
        kind = r.kind  # region kinds carry the staffing rules' unit names
        if kind in AREA_KINDS:
            count = sum(1 for e in enterprises if path_of[e.region_id].startswith(r.path))
            load = None
            if many_enterprises_from is not None:
                load = "many" if count >= many_enterprises_from else "few"
            units.append(
                StaffingUnit(
                    id=f"region:{r.id}",
                    kind=kind,
                    coordinators=per_region[r.id or 0],
                    qualified=qualified_region[r.id or 0],
                    enterprise_count=count,
                    enterprise_load=load,
                )
            )
        elif kind in COMMUNITY_KINDS:
            units.append(
                StaffingUnit(id=f"region:{r.id}", kind=kind, coordinators=per_region[r.id or 0])
            )
    if not units:
        raise InvalidInput.on(
            "region_id", "the region holds no enterprise, area or community to assess"
        )
    policy = region_policy(session, region_id, policy_id)
    try:
        return assess(StaffingInput(tuple(units), as_of), policy), skipped
    except RuleInputError as exc:
        unit = (
            units[int(exc.field.split("[")[1].split("]")[0])].id
            if exc.field.startswith("units[")
            else ""
        )
        need = exc.field.rsplit(".", 1)[-1]
        if need in ("enterprise_load", "enterprise_count"):
            raise InvalidInput.on(
                "many_enterprises_from",
                f"{unit}: {exc.message}; give many_enterprises_from (the enterprise count that is 'many')",
                exc.rule,
            ) from None
        raise InvalidInput.on(
            "policy",
            f"{unit}: {need} is not stored here, and pack {policy.id} needs it: {exc.message}",
            exc.rule,
        ) from None

"""HTTP for the staffing-minimum calculator (HTTP only: rules in lrc_rules.staffing)."""

from __future__ import annotations

from fastapi import APIRouter

from lrc_api.core.policies import resolve_policy
from lrc_api.rules.staffing.schemas import StaffingRequest, StaffingResponse
from lrc_rules.enterprise_size import EnterpriseMetrics
from lrc_rules.staffing import StaffingInput, StaffingUnit, assess

router = APIRouter(tags=["rules: staffing"])


@router.post("/staffing", summary="Staffing minimums and shortfalls (人员配备)")
def staffing(body: StaffingRequest) -> StaffingResponse:
    """Each unit's required coordinators under the pack, its shortfall, and the total."""
    policy = resolve_policy(body.policy)
    units = tuple(
        StaffingUnit(
            id=u.id,
            kind=u.kind,
            coordinators=u.coordinators,
            size=u.size,
            metrics=None
            if u.metrics is None
            else EnterpriseMetrics(
                u.metrics.industry,
                u.metrics.employees,
                u.metrics.revenue_10k_yuan,
                u.metrics.total_assets_10k_yuan,
            ),
            enterprise_count=u.enterprise_count,
            enterprise_load=u.enterprise_load,
            qualified=u.qualified,
            platform_covered=u.platform_covered,
            existing_inspection_assistants=u.existing_inspection_assistants,
            existing_mediators=u.existing_mediators,
            approved_headcount=u.approved_headcount,
        )
        for u in body.units
    )
    result = assess(StaffingInput(units, body.as_of), policy)
    return StaffingResponse.of(result)

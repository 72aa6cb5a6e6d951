"""HTTP for the staffing view (人员配备): a region's stored units against its pack's minimums."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.models import today
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import path_id
from lrc_api.rules.staffing.schemas import RegionStaffingResponse, StaffingResponse
from lrc_api.staffing.service import region_staffing

router = APIRouter(prefix="/v1/regions", tags=["staffing"], responses=PROBLEM_RESPONSES)


@router.get(
    "/{region_id}/staffing",
    response_model=RegionStaffingResponse,
    summary="Staffing of a region from its records (人员配备)",
)
def read_staffing(
    region_id: Annotated[int, path_id("Region")],
    policy: str | None = Query(
        None, min_length=1, max_length=64, description="Policy pack (default: the deployment's)."
    ),
    many_enterprises_from: int | None = Query(
        None,
        ge=1,
        le=1_000_000,
        description="Enterprise count from which an area has 'many' enterprises, when the pack sets none.",
    ),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("regions:read", "coordinators:read")),
) -> RegionStaffingResponse:
    """Each enterprise, area and community of the subtree against the pack's minimums, with shortfalls."""
    result, skipped = region_staffing(
        session=session,
        principal=principal,
        region_id=region_id,
        policy_id=policy,
        many_enterprises_from=many_enterprises_from,
        as_of=today(),
    )
    return RegionStaffingResponse(
        **StaffingResponse.of(result).model_dump(), region_id=region_id, skipped=skipped
    )

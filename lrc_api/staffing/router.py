"""HTTP for staffing (人员配备): the staffing bases of areas, and a region's staffing view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from lrc_api.core.concurrency import IfMatch, etag, if_match
from lrc_api.core.db import get_session, get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.idempotency import create_idempotent, idempotency_key
from lrc_api.core.models import today
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_query, sort_query
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID, path_id
from lrc_api.core.unit_of_work import commit
from lrc_api.staffing import service
from lrc_api.staffing.schemas import (
    RegionStaffingRead,
    StaffingBasisCreate,
    StaffingBasisRead,
    StaffingBasisUpdate,
)
from lrc_api.staffing.view import region_staffing

router = APIRouter(tags=["staffing"], responses=PROBLEM_RESPONSES)


@router.get(
    "/v1/regions/{region_id}/staffing",
    response_model=RegionStaffingRead,
    summary="Staffing of a region from its records (人员配备)",
)
def read_staffing(
    region_id: Annotated[int, path_id("Region")],
    policy: str | None = Query(
        None,
        min_length=1,
        max_length=64,
        description="Judge every unit under this pack instead of its region's (what-if).",
    ),
    many_enterprises_from: int | None = Query(
        None,
        ge=1,
        le=1_000_000,
        description="Enterprise count from which an area has 'many' enterprises, for areas whose "
        "staffing basis does not say (what-if; otherwise the pack's threshold decides).",
    ),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("regions:read", "coordinators:read")),
) -> RegionStaffingRead:
    """Each enterprise, park, township and community of the subtree against its pack's minimums
    (浙人社发〔2023〕18号 二(一); 闵人社发〔2023〕55号 二(一)3; 浦锦 2024): required, actual, shortfall,
    qualified staff and enterprise coverage (三(一)), each with its citation, per unit and rolled
    up. A pack without minimums answers 200 saying so; a unit missing an input says what to
    record. A coordinator sees only its own unit."""
    return region_staffing(
        session=session,
        principal=principal,
        region_id=region_id,
        policy_id=policy,
        many_enterprises_from=many_enterprises_from,
        as_of=today(),
    )


@router.post(
    "/v1/staffing-bases",
    status_code=201,
    response_model=StaffingBasisRead,
    summary="Record an area's staffing basis (核定人数, existing staff)",
)
def create_basis(
    body: StaffingBasisCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("regions:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Record what a park, township or sub-district's staffing is judged on from a day: the
    headcount the district approved, the assistants and mediators it had, many or few enterprises
    (one per region and day; 409 for a second)."""
    return create_idempotent(
        session=session,
        principal=principal,
        key=key,
        request=request,
        body=body,
        create=lambda: service.create(session=session, principal=principal, data=body),
        show=StaffingBasisRead.model_validate,
    )


@router.get(
    "/v1/staffing-bases", response_model=Page[StaffingBasisRead], summary="List staffing bases"
)
def list_bases(
    region_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only this region."),
    within: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only this region's subtree (itself included)."
    ),
    sort: str | None = sort_query(service.SORTABLE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("regions:read")),
) -> Page[StaffingBasisRead]:
    """Staffing bases in your subtree (history included), one page at a time."""
    rows, next_cursor = service.list_bases(
        session=session,
        principal=principal,
        region_id=region_id,
        within=within,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[StaffingBasisRead](
        items=[StaffingBasisRead.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get(
    "/v1/staffing-bases/{basis_id}",
    response_model=StaffingBasisRead,
    summary="Read a staffing basis",
)
def read_basis(
    basis_id: Annotated[int, path_id("Staffing basis")],
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("regions:read")),
) -> StaffingBasisRead:
    """One staffing basis (404 outside your subtree); the ETag header is its version."""
    row = service.get(session=session, principal=principal, basis_id=basis_id)
    response.headers["ETag"] = etag(row.version)
    return StaffingBasisRead.model_validate(row)


@router.patch(
    "/v1/staffing-bases/{basis_id}",
    response_model=StaffingBasisRead,
    summary="Change a staffing basis",
)
def update_basis(
    basis_id: Annotated[int, path_id("Staffing basis")],
    body: StaffingBasisUpdate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("regions:write")),
) -> StaffingBasisRead:
    """Change a staffing basis; needs If-Match (428 without, 412 when stale)."""
    row = service.update_basis(
        session=session,
        principal=principal,
        basis_id=basis_id,
        expected=expected,
        data=body,
    )
    commit(session)
    response.headers["ETag"] = etag(row.version)
    return StaffingBasisRead.model_validate(row)


@router.delete("/v1/staffing-bases/{basis_id}", status_code=204, summary="Delete a staffing basis")
def delete_basis(
    basis_id: Annotated[int, path_id("Staffing basis")],
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("regions:write")),
) -> Response:
    """Delete a staffing basis (the audit log keeps it); needs If-Match."""
    service.delete(session=session, principal=principal, basis_id=basis_id, expected=expected)
    commit(session)
    return Response(status_code=204)

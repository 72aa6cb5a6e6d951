"""HTTP for coordinators: the ledger rows — create, read, list, change, soft-delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from lrc_api.coordinators import service
from lrc_api.coordinators.schemas import (
    CoordinatorCreate,
    CoordinatorRead,
    CoordinatorStatus,
    CoordinatorType,
    CoordinatorUpdate,
    EducationLevel,
    EmploymentIdentity,
)
from lrc_api.core.concurrency import IfMatch, etag, if_match
from lrc_api.core.db import get_session, get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.idempotency import create_idempotent, idempotency_key
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_query, sort_query
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID, path_id
from lrc_api.core.unit_of_work import commit

router = APIRouter(prefix="/v1/coordinators", tags=["coordinators"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=CoordinatorRead, summary="Add a coordinator")
def create_coordinator(
    body: CoordinatorCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("coordinators:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Add a ledger row; the ID number (GB 11643) and phone are validated and stored encrypted."""

    return create_idempotent(
        session=session,
        principal=principal,
        key=key,
        request=request,
        body=body,
        create=lambda: service.create(session=session, principal=principal, data=body),
        show=lambda row: service.to_read(row, principal),
    )


@router.get("", response_model=Page[CoordinatorRead], summary="List coordinators")
def list_coordinators(
    region_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only this region."),
    enterprise_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only this enterprise."),
    coordinator_type: CoordinatorType | None = Query(
        None, description="Only this coordinator type."
    ),
    status: CoordinatorStatus | None = Query(None, description="active or left."),
    education_level: EducationLevel | None = Query(None, description="Only this education level."),
    employment_identity: EmploymentIdentity | None = Query(
        None, description="Only this employment identity."
    ),
    name: str | None = Query(None, max_length=100, description="Name contains this text."),
    id_number: str | None = Query(
        None, max_length=32, description="Exact ID number (keyed-hash look-up; needs pii:read)."
    ),
    phone: str | None = Query(
        None, max_length=32, description="Exact phone (keyed-hash look-up; needs pii:read)."
    ),
    sort: str | None = sort_query(service.SORTABLE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("coordinators:read")),
) -> Page[CoordinatorRead]:
    """Coordinators in your subtree, filtered, one page at a time (personal data masked without pii:read)."""
    filters = {
        "region_id": region_id,
        "enterprise_id": enterprise_id,
        "coordinator_type": coordinator_type,
        "status": status,
        "education_level": education_level,
        "employment_identity": employment_identity,
        "name": name,
        "id_number": id_number,
        "phone": phone,
    }
    rows, next_cursor = service.list_coordinators(
        session=session, principal=principal, filters=filters, sort=sort, limit=limit, cursor=cursor
    )
    return Page[CoordinatorRead](
        items=[service.to_read(r, principal) for r in rows], next_cursor=next_cursor
    )


@router.get("/{coordinator_id}", response_model=CoordinatorRead, summary="Read a coordinator")
def read_coordinator(
    coordinator_id: Annotated[int, path_id("Coordinator")],
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("coordinators:read")),
) -> CoordinatorRead:
    """One ledger row (404 outside your subtree); the ETag header is its version."""
    row = service.get(session=session, principal=principal, coordinator_id=coordinator_id)
    response.headers["ETag"] = etag(row.version)
    return service.to_read(row, principal)


@router.patch("/{coordinator_id}", response_model=CoordinatorRead, summary="Change a coordinator")
def update_coordinator(
    coordinator_id: Annotated[int, path_id("Coordinator")],
    body: CoordinatorUpdate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("coordinators:write")),
) -> CoordinatorRead:
    """Change a ledger row; needs If-Match (428 without, 412 when stale)."""
    row = service.update_coordinator(
        session=session,
        principal=principal,
        coordinator_id=coordinator_id,
        expected=expected,
        data=body,
    )
    commit(session)
    response.headers["ETag"] = etag(row.version)
    return service.to_read(row, principal)


@router.delete("/{coordinator_id}", status_code=204, summary="Remove a coordinator (soft)")
def delete_coordinator(
    coordinator_id: Annotated[int, path_id("Coordinator")],
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("coordinators:write")),
) -> Response:
    """Soft-delete a ledger row (kept for history); needs If-Match."""
    service.delete(
        session=session,
        principal=principal,
        coordinator_id=coordinator_id,
        expected=expected,
    )
    commit(session)
    return Response(status_code=204)

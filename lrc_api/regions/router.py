"""HTTP for regions: create, read, list, change, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from lrc_api.core.concurrency import IfMatch, etag, if_match
from lrc_api.core.db import get_session, get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.idempotency import create_idempotent, idempotency_key
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_query, sort_query
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID, path_id
from lrc_api.core.unit_of_work import commit
from lrc_api.regions import service
from lrc_api.regions.schemas import RegionCreate, RegionKind, RegionRead, RegionUpdate

router = APIRouter(prefix="/v1/regions", tags=["regions"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=RegionRead, summary="Create a region")
def create_region(
    body: RegionCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("regions:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Create a region under a parent in your region (a root only for global admins)."""

    return create_idempotent(
        session=session,
        principal=principal,
        key=key,
        request=request,
        body=body,
        create=lambda: service.create(session=session, principal=principal, data=body),
        show=lambda region: service.to_read(session, [region])[0],
    )


@router.get("", response_model=Page[RegionRead], summary="List regions")
def list_regions(
    kind: RegionKind | None = Query(None, description="Only regions of this kind."),
    parent_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only direct children of this region."
    ),
    within: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only this region's subtree (itself included)."
    ),
    code: str | None = Query(None, max_length=40, description="Exact code."),
    name: str | None = Query(None, max_length=200, description="Name contains this text."),
    sort: str | None = sort_query(service.SORTABLE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("regions:read")),
) -> Page[RegionRead]:
    """Regions in your subtree, filtered, one page at a time."""
    rows, next_cursor = service.list_regions(
        session=session,
        principal=principal,
        kind=kind,
        parent_id=parent_id,
        code=code,
        name=name,
        within=within,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[RegionRead](items=service.to_read(session, rows), next_cursor=next_cursor)


@router.get("/{region_id}", response_model=RegionRead, summary="Read a region")
def read_region(
    region_id: Annotated[int, path_id("Region")],
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("regions:read")),
) -> RegionRead:
    """One region (404 outside your subtree); the ETag header is its version."""
    region = service.get(session=session, principal=principal, region_id=region_id)
    response.headers["ETag"] = etag(region.version)
    return service.to_read(session, [region])[0]


@router.patch("/{region_id}", response_model=RegionRead, summary="Change a region")
def update_region(
    region_id: Annotated[int, path_id("Region")],
    body: RegionUpdate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("regions:write")),
) -> RegionRead:
    """Change a region; needs If-Match (428 without, 412 when stale)."""
    region = service.update_region(
        session=session,
        principal=principal,
        region_id=region_id,
        expected=expected,
        data=body,
    )
    commit(session)
    response.headers["ETag"] = etag(region.version)
    return service.to_read(session, [region])[0]


@router.delete("/{region_id}", status_code=204, summary="Delete an empty region")
def delete_region(
    region_id: Annotated[int, path_id("Region")],
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("regions:write")),
) -> Response:
    """Delete a region with no sub-regions and no records; needs If-Match."""
    service.delete(session=session, principal=principal, region_id=region_id, expected=expected)
    commit(session)
    return Response(status_code=204)

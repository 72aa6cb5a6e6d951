"""HTTP for enterprises: register, read, list, change, soft-delete."""

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
from lrc_api.enterprises import service
from lrc_api.enterprises.schemas import EnterpriseCreate, EnterpriseRead, EnterpriseUpdate
from lrc_api.rules.enterprise_size.schemas import Size

router = APIRouter(prefix="/v1/enterprises", tags=["enterprises"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=EnterpriseRead, summary="Register an enterprise")
def create_enterprise(
    body: EnterpriseCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("enterprises:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Register an enterprise; the USCC is validated (GB 32100) and the size class computed."""

    return create_idempotent(
        session=session,
        principal=principal,
        key=key,
        request=request,
        body=body,
        create=lambda: service.create(session=session, principal=principal, data=body),
        show=lambda row: EnterpriseRead.model_validate(row),
    )


@router.get("", response_model=Page[EnterpriseRead], summary="List enterprises")
def list_enterprises(
    region_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only enterprises of this region."
    ),
    industry: str | None = Query(None, max_length=40, description="Only this industry key."),
    size: Size | None = Query(None, description="Only this size class."),
    uscc: str | None = Query(None, max_length=18, description="Exact unified social credit code."),
    name: str | None = Query(None, max_length=200, description="Name contains this text."),
    sort: str | None = sort_query(service.SORTABLE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("enterprises:read")),
) -> Page[EnterpriseRead]:
    """Enterprises in your subtree, filtered, one page at a time."""
    rows, next_cursor = service.list_enterprises(
        session=session,
        principal=principal,
        region_id=region_id,
        industry=industry,
        size=size,
        uscc=uscc,
        name=name,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[EnterpriseRead](
        items=[EnterpriseRead.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get("/{enterprise_id}", response_model=EnterpriseRead, summary="Read an enterprise")
def read_enterprise(
    enterprise_id: Annotated[int, path_id("Enterprise")],
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("enterprises:read")),
) -> EnterpriseRead:
    """One enterprise (404 outside your subtree); the ETag header is its version."""
    row = service.get(session=session, principal=principal, enterprise_id=enterprise_id)
    response.headers["ETag"] = etag(row.version)
    return EnterpriseRead.model_validate(row)


@router.patch("/{enterprise_id}", response_model=EnterpriseRead, summary="Change an enterprise")
def update_enterprise(
    enterprise_id: Annotated[int, path_id("Enterprise")],
    body: EnterpriseUpdate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("enterprises:write")),
) -> EnterpriseRead:
    """Change an enterprise; needs If-Match (428 without, 412 when stale)."""
    row = service.update_enterprise(
        session=session,
        principal=principal,
        enterprise_id=enterprise_id,
        expected=expected,
        data=body,
    )
    commit(session)
    response.headers["ETag"] = etag(row.version)
    return EnterpriseRead.model_validate(row)


@router.delete("/{enterprise_id}", status_code=204, summary="Delete an enterprise (soft)")
def delete_enterprise(
    enterprise_id: Annotated[int, path_id("Enterprise")],
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("enterprises:write")),
) -> Response:
    """Soft-delete an enterprise (history keeps it); needs If-Match."""
    service.delete(
        session=session, principal=principal, enterprise_id=enterprise_id, expected=expected
    )
    commit(session)
    return Response(status_code=204)

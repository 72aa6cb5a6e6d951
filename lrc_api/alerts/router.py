"""HTTP for risk alerts: list, read, acknowledge, resolve."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from lrc_api.alerts import service
from lrc_api.alerts.schemas import AcknowledgeRequest, AlertRead, AlertState, ResolveRequest
from lrc_api.core.concurrency import IfMatch, etag, if_match
from lrc_api.core.db import get_session, get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.idempotency import Outcome, idempotency_key, run_idempotent
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_query, sort_query
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID, path_id
from lrc_api.rules.early_warning.schemas import Level

router = APIRouter(prefix="/v1/alerts", tags=["alerts"], responses=PROBLEM_RESPONSES)


@router.get("", response_model=Page[AlertRead], summary="List risk alerts")
def list_alerts(
    level: Level | None = Query(None, description="Only alerts at this level (orange, red)."),
    state: AlertState | None = Query(None, description="Only alerts in this state."),
    region_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only this region's subtree (itself included)."
    ),
    enterprise_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only this enterprise's alerts."
    ),
    active: bool | None = Query(
        None, description="true: episodes going on; false: episodes that ended."
    ),
    sort: str | None = sort_query(service.SORTABLE, default="-id"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("risk:read")),
) -> Page[AlertRead]:
    """Alerts in your region's subtree, newest first; notes masked without pii:read."""
    rows, nxt = service.list_alerts(
        session=session,
        principal=principal,
        level=level,
        state=state,
        within=region_id,
        enterprise_id=enterprise_id,
        active=active,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[AlertRead](items=service.show_all(session, rows, principal), next_cursor=nxt)


@router.get("/{alert_id}", response_model=AlertRead, summary="Read a risk alert")
def read_alert(
    alert_id: Annotated[int, path_id("Alert")],
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("risk:read")),
) -> AlertRead:
    """One alert (404 outside your region); the ETag header is its version."""
    row = service.get(session=session, principal=principal, alert_id=alert_id)
    response.headers["ETag"] = etag(row.version)
    return service.show_one(session, row, principal)


@router.post(
    "/{alert_id}/acknowledge", response_model=AlertRead, summary="Acknowledge a risk alert"
)
def acknowledge_alert(
    alert_id: Annotated[int, path_id("Alert")],
    body: AcknowledgeRequest,
    request: Request,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("alerts:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Say you have seen an open alert and are on it (who and when are recorded, audited);
    needs If-Match; 409 unless the alert is open."""

    def write() -> Outcome:
        row = service.acknowledge(
            session=session,
            principal=principal,
            alert_id=alert_id,
            expected=expected,
            note=body.note,
        )
        return 200, service.show_one(session, row, principal), {"ETag": etag(row.version)}

    return run_idempotent(
        session=session,
        principal=principal,
        key=key,
        method="POST",
        path=request.url.path,
        body=body,
        write=write,
    )


@router.post("/{alert_id}/resolve", response_model=AlertRead, summary="Resolve a risk alert")
def resolve_alert(
    alert_id: Annotated[int, path_id("Alert")],
    body: ResolveRequest,
    request: Request,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("alerts:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Record how an open or acknowledged alert was resolved (化解), with a note (who and when
    are recorded, audited); needs If-Match; 409 once resolved or closed."""

    def write() -> Outcome:
        row = service.resolve(
            session=session,
            principal=principal,
            alert_id=alert_id,
            expected=expected,
            note=body.note,
        )
        return 200, service.show_one(session, row, principal), {"ETag": etag(row.version)}

    return run_idempotent(
        session=session,
        principal=principal,
        key=key,
        method="POST",
        path=request.url.path,
        body=body,
        write=write,
    )

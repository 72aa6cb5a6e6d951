"""HTTP for risk signals: record one or many (idempotent by source id), read, list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from sqlmodel import Session

from lrc_api.core.db import get_session, get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_query, sort_query
from lrc_api.core.principal import Principal
from lrc_api.core.schemas import IsoDate
from lrc_api.core.security import require_scopes
from lrc_api.core.types import path_id
from lrc_api.core.unit_of_work import commit
from lrc_api.signals import service
from lrc_api.signals.schemas import (
    SignalBulkCreate,
    SignalBulkItem,
    SignalBulkItemResult,
    SignalBulkResult,
    SignalCreate,
    SignalRead,
)

router = APIRouter(tags=["signals"], responses=PROBLEM_RESPONSES)


@router.post(
    "/v1/enterprises/{enterprise_id}/signals",
    status_code=201,
    response_model=SignalRead,
    summary="Record a risk signal of an enterprise",
    responses={200: {"model": SignalRead, "description": "Already recorded alike: the first."}},
)
def record_signal(
    enterprise_id: Annotated[int, path_id("Enterprise")],
    body: SignalCreate,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("signals:write")),
) -> JSONResponse:
    """Record what another system observed about the enterprise (预警信号); 201 when new, 200
    with the first record when (source, source_id) was recorded alike before, 409 when it was
    recorded with other content. The enterprise's risk is re-assessed in the same commit: an
    alert opens if it reaches the alert level."""
    item = SignalBulkItem(**body.model_dump(), enterprise_id=enterprise_id)
    ((row, enterprise, created),) = service.record_signals(
        session=session, principal=principal, items=[item], single=True
    )
    commit(session)
    shown = service.show(row, enterprise, principal)
    return JSONResponse(
        shown.model_dump(mode="json"),
        status_code=201 if created else 200,
        headers={"Location": f"/v1/signals/{row.id}"},
    )


@router.post(
    "/v1/signals",
    response_model=SignalBulkResult,
    summary="Record risk signals of many enterprises",
)
def record_signals_bulk(
    body: SignalBulkCreate,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("signals:write")),
) -> SignalBulkResult:
    """Record up to 1,000 signals at once, all or none: a bad one is a 422 naming
    `signals[i].<field>` and nothing is written. Idempotent per (source, source_id), so a
    retried batch records nothing twice."""
    results = service.record_signals(session=session, principal=principal, items=body.signals)
    commit(session)
    items = [
        SignalBulkItemResult(index=i, id=row.id or 0, created=created)
        for i, (row, _, created) in enumerate(results)
    ]
    created = sum(1 for r in items if r.created)
    return SignalBulkResult(created=created, unchanged=len(items) - created, items=items)


@router.get(
    "/v1/enterprises/{enterprise_id}/signals",
    response_model=Page[SignalRead],
    summary="List an enterprise's risk signals",
)
def list_enterprise_signals(
    enterprise_id: Annotated[int, path_id("Enterprise")],
    kind: str | None = Query(None, max_length=40, description="Only this kind."),
    source: str | None = Query(None, max_length=60, description="Only from this source."),
    observed_from: IsoDate | None = Query(None, description="Observed on or after this day."),
    observed_to: IsoDate | None = Query(None, description="Observed on or before this day."),
    sort: str | None = sort_query(service.SORTABLE, default="-observed_on"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("signals:read")),
) -> Page[SignalRead]:
    """The signals other systems recorded for the enterprise (not those derived from cases and
    risk reports: see its risk), newest first; notes masked without pii:read."""
    enterprise, rows, nxt = service.list_signals(
        session=session,
        principal=principal,
        enterprise_id=enterprise_id,
        kind=kind,
        source=source,
        observed_from=observed_from,
        observed_to=observed_to,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[SignalRead](
        items=[service.show(r, enterprise, principal) for r in rows], next_cursor=nxt
    )


@router.get("/v1/signals/{signal_id}", response_model=SignalRead, summary="Read a risk signal")
def read_signal(
    signal_id: Annotated[int, path_id("Signal")],
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("signals:read")),
) -> SignalRead:
    """One signal (404 outside your region); the note is masked without pii:read."""
    row, enterprise = service.get(session=session, principal=principal, signal_id=signal_id)
    return service.show(row, enterprise, principal)

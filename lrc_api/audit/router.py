"""HTTP for the audit log and the change feed."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from lrc_api.audit import service
from lrc_api.audit.schemas import AuditPage, AuditRead, ChangePage, ChangeRead
from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from lrc_api.core.principal import Principal
from lrc_api.core.scope import visible_region_ids
from lrc_api.core.security import require_scopes

router = APIRouter(prefix="/v1", tags=["audit"], responses=PROBLEM_RESPONSES)


@router.get("/audit", response_model=AuditPage, summary="Read the audit log")
def read_audit(
    entity: str | None = Query(None, description="Only this kind of record."),
    entity_id: int | None = Query(None, description="Only this record id."),
    actor: str | None = Query(None, description="Only writes by this principal."),
    since: dt.datetime | None = Query(None, description="At or after this time."),
    until: dt.datetime | None = Query(None, description="Before this time."),
    after: int = Query(0, ge=0, description="Entries with id above this (cursor)."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("audit:read")),
) -> AuditPage:
    """Who changed what and when, within your region; personal data masked."""
    rows = service.list_audit(
        session=session,
        entity=entity,
        entity_id=entity_id,
        actor=actor,
        since=since,
        until=until,
        after_id=after,
        limit=limit + 1,
        region_ids=visible_region_ids(session, principal),
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditPage(
        items=[AuditRead.model_validate(r) for r in rows],
        next_after=rows[-1].id if more and rows else None,
    )


@router.get("/changes", response_model=ChangePage, tags=["changes"], summary="Poll the change feed")
def list_changes(
    after: int = Query(0, ge=0, description="The last seq you processed (0 to start)."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("changes:read")),
) -> ChangePage:
    """Every committed change after `after`, in commit order, within your region."""
    rows = service.list_changes(
        session=session, after=after, limit=limit, region_ids=visible_region_ids(session, principal)
    )
    return ChangePage(
        items=[ChangeRead.model_validate(r) for r in rows],
        next_after=rows[-1].seq if rows else after,  # type: ignore[arg-type]
    )

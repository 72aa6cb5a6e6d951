"""HTTP for the audit log and the change feed."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from lrc_api.audit import service
from lrc_api.audit.schemas import AuditPage, AuditRead, ChangePage, ChangeRead
from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from lrc_api.core.principal import Principal
from lrc_api.core.query import InstantFrom, InstantUntil
from lrc_api.core.scope import visible_region_ids
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID

router = APIRouter(prefix="/v1", tags=["audit"], responses=PROBLEM_RESPONSES)


@router.get("/audit", response_model=AuditPage, summary="Read the audit log")
def read_audit(
    entity: str | None = Query(None, max_length=40, description="Only this kind of record."),
    entity_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only this record id."),
    actor: str | None = Query(None, max_length=200, description="Only writes by this principal."),
    since: InstantFrom | None = Query(
        None,
        description="At or after this time: RFC 3339 with offset, or a date (from its start, "
        "Asia/Shanghai).",
    ),
    until: InstantUntil | None = Query(
        None,
        description="Before this time: RFC 3339 with offset, or a date (through its end, "
        "Asia/Shanghai).",
    ),
    after: int = Query(0, ge=0, le=MAX_ID, description="Entries with id above this (cursor)."),
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
    after: int = Query(0, ge=0, le=MAX_ID, description="The last seq you processed (0 to start)."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("changes:read")),
) -> ChangePage:
    """Every committed change after `after`, in commit order, that your region follows.

    A record moving between regions shows as a `delete` to the regions that lose it and a
    `create` to those that gain it (besides its `update`), so a copy kept by replaying the
    entries of one region stays exact.
    """
    rows = service.list_changes(session=session, principal=principal, after=after, limit=limit)
    return ChangePage(
        items=[ChangeRead.model_validate(r) for r in rows],
        next_after=rows[-1].seq if rows else after,  # type: ignore[arg-type]
    )

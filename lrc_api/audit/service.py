"""Reading the audit log and the change feed (the writes are ``lrc_api.core.unit_of_work``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from lrc_api.core.journal import AuditEntry, Change
from lrc_api.core.principal import Principal
from lrc_api.core.scope import apply_change_scope


def list_changes(*, session: Session, principal: Principal, after: int, limit: int) -> list[Change]:
    """Changes numbered above ``after`` that the principal follows, oldest first."""
    stmt = select(Change).where(col(Change.seq) > after)
    stmt = apply_change_scope(principal, stmt, col(Change.scope))
    return list(session.exec(stmt.order_by(col(Change.seq)).limit(limit)))


def list_audit(
    *,
    session: Session,
    entity: str | None,
    entity_id: int | None,
    actor: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    after_id: int,
    limit: int,
    region_ids: Any | None,
) -> list[AuditEntry]:
    """Audit entries matching the filters, newest id last, after the cursor id."""
    stmt = select(AuditEntry).where(col(AuditEntry.id) > after_id)
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    if actor:
        stmt = stmt.where(AuditEntry.actor == actor)
    if since:
        stmt = stmt.where(col(AuditEntry.at) >= since)
    if until:
        stmt = stmt.where(col(AuditEntry.at) < until)
    if region_ids is not None:
        stmt = stmt.where(col(AuditEntry.region_id).in_(region_ids))
    return list(session.exec(stmt.order_by(col(AuditEntry.id)).limit(limit)))

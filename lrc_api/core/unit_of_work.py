"""The unit of work: writing the audit log and the change feed, and committing once.

Every write calls :func:`record` in its own transaction; the router then calls :func:`commit`,
which numbers the staged changes *while holding a lock that lasts until the commit* (PostgreSQL:
a transaction-scoped advisory lock; SQLite: writers are serialised already). So change numbers
become visible in commit order and a platform polling ``after=<last seq>`` never misses one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from lrc_api.core.concurrency import conditional_update
from lrc_api.core.journal import AuditEntry, Change
from lrc_api.core.models import utcnow
from lrc_api.core.principal import Principal

CHANGE_FEED_LOCK = 72_700_001
"""Advisory-lock key that orders change-feed numbering with commits (PostgreSQL)."""

_PENDING = "lrc_pending_changes"
_IN_HOOKS = "lrc_in_commit_hooks"

CommitHook = Callable[[Session, Sequence[Change]], None]
"""``hook(session, staged changes)``: runs in the unit of work just before it commits."""

_BEFORE_COMMIT: list[CommitHook] = []


def before_commit(hook: CommitHook) -> None:
    """Run ``hook`` in every unit of work that staged changes, just before it commits.

    A hook may write and :func:`record` more changes: they land in the same commit, numbered
    after the ones that caused them. This lets a view above the domains react to their writes
    (the early warning re-assesses the enterprises a write touched) without a domain importing
    the view. Registering the same hook twice has no effect.
    """
    if hook not in _BEFORE_COMMIT:
        _BEFORE_COMMIT.append(hook)


def snapshot(row: Any, **overrides: Any) -> dict[str, Any]:
    """A record as JSON for the audit log: encrypted and hash columns dropped, masks applied."""
    data: dict[str, Any] = row.model_dump(mode="json")
    for name in list(data):
        if name.endswith(("_encrypted", "_hash")):
            del data[name]
    data.update(overrides)
    return data


def record(
    *,
    session: Session,
    principal: Principal,
    action: str,
    entity: str,
    entity_id: int,
    version: int,
    region_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    request_id: str | None = None,
    feed: bool = True,
) -> None:
    """Audit one write and stage its change-feed entry (both land with the same commit).

    ``feed=False`` audits without a change-feed entry (accounts are not synced to platforms).
    """
    session.add(
        AuditEntry(
            actor=principal.subject,
            action=action,
            entity=entity,
            entity_id=entity_id,
            region_id=region_id,
            request_id=request_id,
            before=before,
            after=after,
        )
    )
    if not feed:
        return
    op = {"create": "create", "delete": "delete"}.get(action, "update")
    session.info.setdefault(_PENDING, []).append(
        Change(entity=entity, entity_id=entity_id, op=op, version=version, region_id=region_id)
    )


def audited_update(
    *,
    session: Session,
    principal: Principal,
    row: Any,
    expected_version: int,
    changes: dict[str, Any],
    entity: str,
    action: str = "update",
) -> None:
    """Change ``row`` if still at ``expected_version`` (412 otherwise) and audit before/after."""
    before = snapshot(row)
    conditional_update(session, row, expected_version=expected_version, changes=changes)
    record(
        session=session,
        principal=principal,
        action=action,
        entity=entity,
        entity_id=row.id,
        version=row.version,
        region_id=row.region_id,
        before=before,
        after=snapshot(row),
    )


def soft_delete(
    *, session: Session, principal: Principal, row: Any, expected_version: int, entity: str
) -> None:
    """Mark ``row`` deleted if still at ``expected_version``; it stays for history and audit."""
    before = snapshot(row)
    conditional_update(
        session, row, expected_version=expected_version, changes={"deleted_at": utcnow()}
    )
    record(
        session=session,
        principal=principal,
        action="delete",
        entity=entity,
        entity_id=row.id,
        version=row.version,
        region_id=row.region_id,
        before=before,
        after=None,
    )


def commit(session: Session) -> None:
    """Commit the unit of work, numbering its change-feed entries in commit order."""
    staged = session.info.get(_PENDING)
    if staged and _BEFORE_COMMIT and not session.info.get(_IN_HOOKS):
        session.info[_IN_HOOKS] = True
        try:
            for hook in _BEFORE_COMMIT:
                hook(session, tuple(staged))
        finally:
            session.info.pop(_IN_HOOKS, None)
    pending: list[Change] = session.info.pop(_PENDING, [])
    if pending:
        session.flush()
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHANGE_FEED_LOCK})
        now = utcnow()
        for change in pending:
            change.at = now
            session.add(change)
    session.commit()


def discard(session: Session) -> None:
    """Forget staged changes after a rollback."""
    session.info.pop(_PENDING, None)

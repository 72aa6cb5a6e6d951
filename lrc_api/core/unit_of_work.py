"""The unit of work: writing the audit log and the change feed, and committing once.

Every write calls :func:`record` in its own transaction; the router then calls :func:`commit`,
which numbers the staged changes *while holding a lock that lasts until the commit* (PostgreSQL:
a transaction-scoped advisory lock; SQLite: writers are serialised already). So change numbers
become visible in commit order and a platform polling ``after=<last seq>`` never misses one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import insert, literal, literal_column, select, text
from sqlmodel import Session, col

from lrc_api.core.concurrency import IfMatch, conditional_update
from lrc_api.core.journal import AuditEntry, Change, format_scope, scope_ids, scope_of
from lrc_api.core.models import utcnow
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region, feed_followers

CHANGE_FEED_LOCK = 72_700_001
"""Advisory-lock key that orders change-feed numbering with commits (PostgreSQL)."""

_PENDING = "lrc_pending_changes"
_IN_HOOKS = "lrc_in_commit_hooks"

CommitHook = Callable[[Session, Sequence[Change | dict[str, Any]]], None]
"""``hook(session, staged changes)``: runs in the unit of work just before it commits (a bulk
write stages plain dict rows with the same keys)."""

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
    region_path: str | None = None,
) -> None:
    """Audit one write and stage its change-feed entry (both land with the same commit).

    ``feed=False`` audits without a change-feed entry (accounts are not synced to platforms).
    The entry's scope is the path of ``region_id`` as it is now; give ``region_path`` where the
    region is gone (its own deletion) or its stored path is about to change in bulk.
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
    if region_path is None and region_id is not None:
        region = session.get(Region, region_id)
        region_path = region.path if region is not None else f"/{region_id}/"
    _stage(
        session,
        Change(
            entity=entity,
            entity_id=entity_id,
            op=op,
            version=version,
            region_id=region_id,
            scope=scope_of(region_path),
        ),
    )


def _stage(session: Session, change: Change) -> None:
    session.info.setdefault(_PENDING, []).append(change)


def record_move(
    *,
    session: Session,
    entity: str,
    items: Iterable[tuple[int, int, int, int]],
    old_path: str,
    new_path: str,
) -> None:
    """Stage what a move tells the regions on either side (besides the record's own update).

    ``items`` are ``(entity_id, version, old region id, new region id)`` of records that moved
    from under ``old_path`` to under ``new_path`` (region paths: a record's region, or the root
    of a moved subtree). The regions that lose them get a removal (``delete``), those that gain
    them a creation (``create``); the regions on both sides, and the whole deployment, see the
    update alone (written by ``record``, when the record's representation changed). So a copy
    kept in step by following one region's entries gains and loses exactly what it should.
    """
    old, new = scope_ids(scope_of(old_path)), scope_ids(scope_of(new_path))
    lost = format_scope([i for i in old if i not in new])
    gained = format_scope([i for i in new if i not in old])
    if lost == gained == "/":
        return
    for entity_id, version, old_region, new_region in items:
        if lost != "/":
            _stage(
                session,
                Change(
                    entity=entity,
                    entity_id=entity_id,
                    op="delete",
                    version=version,
                    region_id=old_region,
                    scope=lost,
                ),
            )
        if gained != "/":
            _stage(
                session,
                Change(
                    entity=entity,
                    entity_id=entity_id,
                    op="create",
                    version=version,
                    region_id=new_region,
                    scope=gained,
                ),
            )


def record_created(
    *,
    session: Session,
    principal: Principal,
    entity: str,
    created: Sequence[tuple[int, int | None, dict[str, Any]]],
    request_id: str | None = None,
) -> None:
    """Audit many creates in one INSERT and stage their change-feed entries (bulk writes).

    ``created`` holds ``(entity id, region id, record as JSON)`` per new record, the record as
    :func:`snapshot` would give it. For writes of thousands of rows at once (a ledger import),
    where building an ORM object per audit entry would cost more than the write itself.
    """
    if not created:
        return
    at = utcnow()
    session.execute(
        insert(AuditEntry.__table__),  # type: ignore[attr-defined]  # Core: no ORM object per row
        [
            {
                "at": at,
                "actor": principal.subject,
                "action": "create",
                "entity": entity,
                "entity_id": entity_id,
                "region_id": region_id,
                "request_id": request_id,
                "before": None,
                "after": after,
            }
            for entity_id, region_id, after in created
        ],
    )
    wanted = {rid for _, rid, _ in created if rid is not None}
    paths = dict(
        session.exec(select(Region.id, Region.path).where(col(Region.id).in_(wanted))).all()
    )
    session.info.setdefault(_PENDING, []).extend(
        {
            "entity": entity,
            "entity_id": entity_id,
            "op": "create",
            "version": 1,
            "region_id": rid,
            "scope": scope_of(paths.get(rid) if rid is not None else None),
        }
        for entity_id, rid, _ in created
    )


def audited_update(
    *,
    session: Session,
    principal: Principal,
    row: Any,
    expected: IfMatch,
    changes: dict[str, Any],
    entity: str,
    action: str = "update",
) -> None:
    """Change ``row`` if ``expected`` holds for it (412 otherwise) and audit before/after."""
    before = snapshot(row)
    conditional_update(session, row, expected=expected, changes=changes)
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
    *, session: Session, principal: Principal, row: Any, expected: IfMatch, entity: str
) -> None:
    """Mark ``row`` deleted if ``expected`` holds for it; it stays for history and audit."""
    before = snapshot(row)
    conditional_update(session, row, expected=expected, changes={"deleted_at": utcnow()})
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
    pending: list[Change | dict[str, Any]] = session.info.pop(_PENDING, [])
    if pending:
        session.flush()
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHANGE_FEED_LOCK})
        now = utcnow()
        if any(isinstance(change, dict) for change in pending):
            # Bulk writes (record_created) stage plain rows: number every entry in one INSERT,
            # in the order staged.
            rows = [
                {**change, "at": now}
                if isinstance(change, dict)
                else {**change.model_dump(exclude={"seq", "at"}), "at": now}
                for change in pending
            ]
            session.execute(insert(Change.__table__), rows)  # type: ignore[attr-defined]
        else:
            for change in pending:
                change.at = now
                session.add(change)
    session.commit()


def discard(session: Session) -> None:
    """Forget staged changes after a rollback."""
    session.info.pop(_PENDING, None)


def record_rows_move(
    *,
    session: Session,
    table: Any,
    where: Any,
    old_path: str,
    new_path: str,
    old_region: int | None = None,
    new_region: int | None = None,
    region_column: Any = None,
) -> None:
    """:func:`record_move` for the live rows of ``table`` matching ``where``, and their followers.

    For rows that change place without changing (a region's subtree moving under another
    parent; a case's timeline following its case): removals and creations only. ``old_region``
    and ``new_region`` default to each row's own region (``region_column``, default
    ``region_id``). Followers are the tables
    declared with ``core.region_tree.FEED_FOLLOWS`` on ``table``; they show in their owner's
    region.
    """

    def live(t: Any, stmt: Any) -> Any:
        # A deleted record was removed everywhere already.
        return stmt.where(t.c.deleted_at.is_(None)) if "deleted_at" in t.c else stmt

    def version(t: Any) -> Any:
        return t.c.version if "version" in t.c else literal(1)

    owners = live(table, select(table.c.id).where(where))
    batches = [
        (
            table.name,
            live(table, select(table.c.id, version(table), table.c.region_id).where(where)),
        )
    ]
    for follower, column in feed_followers(table.name):
        stmt = (
            select(follower.c.id, version(follower), table.c.region_id)
            .join(table, column == table.c.id)
            .where(column.in_(owners))
        )
        batches.append((follower.name, live(follower, stmt)))
    for entity, stmt in batches:
        rows = session.execute(stmt.order_by(literal_column("1"))).all()
        record_move(
            session=session,
            entity=entity,
            items=[
                (
                    i,
                    v,
                    old_region if old_region is not None else r,
                    new_region if new_region is not None else r,
                )
                for i, v, r in rows
            ],
            old_path=old_path,
            new_path=new_path,
        )

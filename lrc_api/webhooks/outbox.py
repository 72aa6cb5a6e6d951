"""Reading the outbox: which change-feed entries concern a subscription, after its cursor.

The change feed *is* the transactional outbox: ``lrc_api.core.unit_of_work.commit`` writes each
entry in the transaction of the change, numbered while holding a lock that lasts until the commit,
so entries become visible in ``seq`` order and none appears later below one already seen. A
subscription therefore needs only a cursor (``last_seq``): no second table to fill, nothing to
copy per subscriber, and a new subscription can start from any past point of the feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, false, func, or_
from sqlmodel import Session, col, select

from lrc_api.core.journal import Change
from lrc_api.core.region_tree import Region

WILDCARD = "*"
"""An event-type pattern part (or the whole pattern) matching anything."""


def head(session: Session) -> int:
    """The last change number committed (0 for an empty feed)."""
    return int(session.exec(select(func.max(Change.seq))).one() or 0)


def type_filter(patterns: Sequence[str]) -> Any:
    """SQL condition of the event-type patterns (``*``, ``entity.*``, ``*.op``, ``entity.op``)."""
    if WILDCARD in patterns:
        return None
    terms = []
    for pattern in patterns:
        entity, op = pattern.split(".", 1)
        parts = []
        if entity != WILDCARD:
            parts.append(col(Change.entity) == entity)
        if op != WILDCARD:
            parts.append(col(Change.op) == op)
        if not parts:
            return None  # "*.*" matches everything
        terms.append(and_(*parts))
    return or_(*terms) if terms else false()


def region_path(session: Session, region_id: int | None) -> str | None:
    """The path of a subscription's region (None: the whole tree)."""
    if region_id is None:
        return None
    path = session.exec(select(Region.path).where(Region.id == region_id)).first()
    return path if path is not None else "/nonexistent/"


def pending(
    session: Session,
    *,
    patterns: Sequence[str],
    path: str | None,
    after: int,
    upto: int,
    limit: int,
) -> list[Change]:
    """The changes numbered in (``after``, ``upto``] that the subscription receives, in order.

    Each entry is placed by *its own* region: a record moved between regions leaves a removal in
    the old region and a creation in the new, and each reaches the subscriptions of its region.
    """
    stmt = select(Change).where(col(Change.seq) > after, col(Change.seq) <= upto)
    condition = type_filter(patterns)
    if condition is not None:
        stmt = stmt.where(condition)
    if path is not None:
        subtree = select(Region.id).where(col(Region.path).startswith(path))
        stmt = stmt.where(col(Change.region_id).in_(subtree))
    return list(session.exec(stmt.order_by(col(Change.seq)).limit(limit)))

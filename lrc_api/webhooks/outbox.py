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


def pending(
    session: Session,
    *,
    patterns: Sequence[str],
    follows: int | None,
    after: int,
    upto: int,
    limit: int,
) -> list[Change]:
    """The changes numbered in (``after``, ``upto``] that the subscription receives, in order.

    ``follows`` is the subscription's region (None: the whole deployment). Each entry reaches
    the subscriptions of the regions in *its own* scope (``core.journal.Change.scope``, the same
    rule as ``GET /v1/changes``): a record moved between regions leaves a removal for the regions
    that lose it and a creation for those that gain it, each pushed to the right subscribers.
    """
    stmt = select(Change).where(col(Change.seq) > after, col(Change.seq) <= upto)
    condition = type_filter(patterns)
    if condition is not None:
        stmt = stmt.where(condition)
    if follows is not None:
        stmt = stmt.where(col(Change.scope).contains(f"/{follows}/", autoescape=True))
    return list(session.exec(stmt.order_by(col(Change.seq)).limit(limit)))

"""Region scoping: the one place that decides which records a principal may see and write.

A principal with a region sees that region's subtree; a global principal (admin) sees all.
Reads outside the subtree are 404 (the record's existence is not revealed), lists are filtered,
and a write that would put a record outside the subtree is refused.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from lrc_api.core.errors import Forbidden, InvalidInput, NotFound
from lrc_api.core.journal import WHOLE_DEPLOYMENT
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region


def _root_path(session: Session, principal: Principal) -> str:
    assert principal.region_id is not None
    path = session.exec(select(Region.path).where(Region.id == principal.region_id)).first()
    # A principal whose region was deleted sees nothing rather than everything.
    return path if path is not None else "/nonexistent/"


def visible_region_ids(session: Session, principal: Principal) -> Any | None:
    """A subquery of the region ids the principal may see, or None for no limit."""
    if principal.is_global:
        return None
    root = _root_path(session, principal)
    return select(Region.id).where(col(Region.path).startswith(root))


def apply_scope(session: Session, principal: Principal, stmt: Any, region_column: Any) -> Any:
    """Filter ``stmt`` to rows whose ``region_column`` lies in the principal's subtree."""
    ids = visible_region_ids(session, principal)
    return stmt if ids is None else stmt.where(region_column.in_(ids))


def in_scope(session: Session, principal: Principal, region_id: int | None) -> bool:
    """Whether a record of ``region_id`` lies in the principal's subtree."""
    if principal.is_global:
        return True
    if region_id is None:
        return False
    region = session.get(Region, region_id)
    return region is not None and region.path.startswith(_root_path(session, principal))


def require_visible(
    session: Session, principal: Principal, region_id: int | None, what: str
) -> None:
    """404 unless the record of ``region_id`` lies in the principal's subtree."""
    if not in_scope(session, principal, region_id):
        raise NotFound(f"{what} not found")


def require_writable_region(
    session: Session, principal: Principal, region_id: int, field: str = "region_id"
) -> Region:
    """The region a record is written into: 422 if unknown, 403 if outside the caller's subtree."""
    region = session.get(Region, region_id)
    if region is None:
        raise InvalidInput.on(field, f"unknown region {region_id}")
    if not in_scope(session, principal, region_id):
        raise Forbidden(f"{field}: region {region_id} is outside your region")
    return region


def own_coordinator_only(principal: Principal) -> bool:
    """Whether the principal sees only its own coordinator's data (a coordinator principal).

    Such a principal reads its own ledger row, scorecards, assessments, activities and whatever
    view exposes a coordinator's data — never a colleague's, even in its own region.
    """
    return principal.role == "coordinator"


def apply_coordinator_scope(principal: Principal, stmt: Any, coordinator_column: Any) -> Any:
    """Filter ``stmt`` to the principal's own coordinator when it sees only its own data."""
    if not own_coordinator_only(principal):
        return stmt
    return stmt.where(coordinator_column == principal.coordinator_id)


def require_own_coordinator(principal: Principal, coordinator_id: int, what: str) -> None:
    """404 (not revealing the record) when a coordinator principal asks for another's data."""
    if own_coordinator_only(principal) and principal.coordinator_id != coordinator_id:
        raise NotFound(f"{what} not found")


def apply_change_scope(principal: Principal, stmt: Any, scope_column: Any) -> Any:
    """Filter change-feed ``stmt`` to the entries the principal follows.

    An entry's scope lists the regions that see it (``core.journal.Change.scope``); a
    principal follows its own region — or, if global, the whole deployment (id 0). Unlike
    :func:`apply_scope` this does not read the tree as it is now: an entry written before a
    move stays visible to the regions that held the record then, so replaying the feed from
    the start gives every follower the same history it saw live.
    """
    follows = WHOLE_DEPLOYMENT if principal.is_global else principal.region_id
    return stmt.where(scope_column.contains(f"/{follows}/", autoescape=True))

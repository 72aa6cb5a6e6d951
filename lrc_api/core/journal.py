"""Tables of the audit log and the change feed, written by the unit of work (``unit_of_work``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

import lrc_api.core.models  # noqa: F401  (naming convention)
from lrc_api.core.models import UtcDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    """One write: who, when, what, on which record, with the record before and after (masked)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    actor: str = Field(max_length=200, index=True)
    action: str = Field(max_length=40)
    entity: str = Field(max_length=40)
    entity_id: int
    region_id: int | None = Field(default=None, index=True)
    request_id: str | None = Field(default=None, max_length=64)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


WHOLE_DEPLOYMENT = 0
"""The scope id standing for the whole deployment (what a global principal follows)."""


class Change(SQLModel, table=True):
    """One committed change, numbered in commit order for integrating platforms to poll.

    ``scope`` lists the regions whose followers see the entry, as ``/0/1/4/9/``: the record's
    region and its ancestors at the time of the change, and ``0`` for the whole deployment. A
    principal sees the entries whose scope holds its own region id (``core.scope.
    change_visibility``). A record that moves between regions writes, besides its update, a
    removal whose scope is the regions that lose it and a creation whose scope is the regions
    that gain it (``unit_of_work.record_move``): every follower's copy stays exact.
    """

    __tablename__ = "change"

    seq: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    entity: str = Field(max_length=40)
    entity_id: int
    op: str = Field(max_length=10)
    version: int
    region_id: int | None = Field(default=None, index=True)
    scope: str = Field(default="/0/", max_length=420)


def scope_of(path: str | None) -> str:
    """The scope of a change to a record in the region at ``path`` (``/1/4/`` → ``/0/1/4/``)."""
    return f"/{WHOLE_DEPLOYMENT}{path or '/'}"


def scope_ids(scope: str) -> list[int]:
    """The region ids of a scope, in order."""
    return [int(x) for x in scope.strip("/").split("/") if x]


def format_scope(ids: list[int]) -> str:
    """A scope holding exactly ``ids``."""
    return "/" + "".join(f"{i}/" for i in ids)

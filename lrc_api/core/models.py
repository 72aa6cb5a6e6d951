"""Table conventions shared by every domain: constraint names, ids, timestamps, versions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Deterministic constraint names, so migrations can drop and alter them on every backend."""

SQLModel.metadata.naming_convention = NAMING_CONVENTION


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC (the service's only clock)."""
    return dt.datetime.now(dt.UTC)


class Timestamped(SQLModel):
    """Creation and update times (UTC, with offset)."""

    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False
    )
    updated_at: dt.datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False
    )


class Versioned(Timestamped):
    """A version counter for ETags and optimistic locking (If-Match)."""

    version: int = Field(default=1, nullable=False)

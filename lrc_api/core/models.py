"""Table conventions shared by every domain: constraint names, ids, timestamps, versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator
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


CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
"""UTC+8, the time zone the documents' dates are in."""


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC (the service's only clock)."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in China, to refuse dates in the future.

    Between 00:00 and 08:00 in China the UTC date is still yesterday: a record of this morning
    would otherwise be "in the future".
    """
    return utcnow().astimezone(CHINA_STANDARD_TIME).date()


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Store aware times as UTC; refuse naive ones (they would be ambiguous)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Read times back as aware UTC datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Timestamped(SQLModel):
    """Creation and update times (UTC, with offset)."""

    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class Versioned(Timestamped):
    """A version counter for ETags and optimistic locking (If-Match)."""

    version: int = Field(default=1, nullable=False)

"""The case tables: a case, the coordinators assigned to it, and its append-only timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from lrc_api.core.models import UtcDateTime, Versioned, utcnow
from lrc_api.core.region_tree import FEED_FOLLOWS


class Case(Versioned, table=True):
    """A labor dispute, wage-arrears clue, hotline work order or inspection matter."""

    __tablename__ = "case"
    # Keyset pages sorted by receipt read this index in order, however deep the page.
    __table_args__ = (Index("ix_case_received_on_id", "received_on", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    number: str = Field(max_length=60, unique=True)
    source: str = Field(max_length=30, index=True)
    procedure: str = Field(max_length=30, index=True)
    matter: str | None = Field(default=None, max_length=20)
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    worker_count: int
    collective: bool = Field(default=False, index=True)
    claims: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    summary: str | None = Field(default=None, max_length=2000)
    received_on: dt.date
    accepted_on: dt.date | None = Field(default=None)
    filed_on: dt.date | None = Field(default=None)
    closed_on: dt.date | None = Field(default=None)
    outcome: str | None = Field(default=None, max_length=1000)
    status: str = Field(default="received", max_length=20, index=True)
    created_by: str = Field(max_length=200)


class CaseAssignment(SQLModel, table=True):
    """A coordinator working on a case, as its lead or an assistant (at most one lead per case)."""

    __tablename__ = "case_assignment"
    __table_args__ = (
        UniqueConstraint("case_id", "coordinator_id"),
        # The database itself refuses a second lead, whatever the service checks first.
        Index(
            "uq_case_assignment_one_lead",
            "case_id",
            unique=True,
            sqlite_where=text("role = 'lead'"),
            postgresql_where=text("role = 'lead'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id")  # indexed by the unique constraint
    coordinator_id: int = Field(foreign_key="coordinator.id", index=True)
    role: str = Field(max_length=10)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class CaseEvent(SQLModel, table=True):
    """One entry of a case's timeline, numbered ``seq`` within the case; never changed or deleted."""

    __tablename__ = "case_event"
    # In the change feed an entry shows in its case's region, and moves with the case.
    __table_args__ = (UniqueConstraint("case_id", "seq"), {"info": {FEED_FOLLOWS: "case_id"}})

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id")  # indexed by the unique constraint
    seq: int
    kind: str = Field(max_length=30)
    on: dt.date
    days: int | None = Field(default=None)
    status: str | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, max_length=2000)
    actor: str = Field(max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)

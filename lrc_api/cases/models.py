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
    __table_args__ = (
        Index("ix_case_received_on_id", "received_on", "id"),
        # The morning work list: overdue, due_before and sort=due_on seek this index.
        Index("ix_case_next_due_on_id", "next_due_on", "id"),
        # The weekly report's cases near their main deadline (闵人社发〔2022〕34号 三).
        Index("ix_case_main_due_on", "main_due_on"),
        # Case statistics (KPIs, the weekly report): every column their counts read, so a
        # region's aggregate is one index-only scan in region order.
        Index(
            "ix_case_stats",
            "region_id",
            "procedure",
            "received_on",
            "accepted_on",
            "concluded_on",
            "conclusion",
            "timeliness",
        ),
    )

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
    conclusion: str | None = Field(default=None, max_length=30)
    """How the case concluded (结案方式, lrc_rules.case_outcomes), set on entering a concluding
    status."""
    concluded_on: dt.date | None = Field(default=None)
    """The day it entered a concluding status (mediated, awarded, withdrawn, transferred)."""
    timeliness: str | None = Field(default=None, max_length=10)
    """``on_time`` or ``late`` against its main deadline at conclusion; null when not judged."""
    next_due_on: dt.date | None = Field(default=None)
    """While open: the earliest due date among its running deadlines (null: none running)."""
    next_due_key: str | None = Field(default=None, max_length=40)
    """The deadline ``next_due_on`` belongs to."""
    main_due_on: dt.date | None = Field(default=None)
    """While open: the due date of its main deadline (null: not started, or its clock stopped)."""


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

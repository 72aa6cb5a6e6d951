"""The activity table: one thing a coordinator did, its evidence and its review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field

from lrc_api.core.models import UtcDateTime, Versioned


class Activity(Versioned, table=True):
    """An activity of a coordinator; only approved, undeleted ones of scoring kinds score."""

    __table_args__ = (
        # The scorecard view reads one coordinator's activities of one year.
        Index("ix_activity_coordinator_id_occurred_on", "coordinator_id", "occurred_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    coordinator_id: int = Field(foreign_key="coordinator.id")
    region_id: int = Field(foreign_key="region.id", index=True)
    kind: str = Field(max_length=30, index=True)
    occurred_on: dt.date = Field(index=True)
    media_level: str | None = Field(default=None, max_length=20)
    # Plain column: the case table arrives in a later migration.
    case_id: int | None = Field(default=None, index=True)
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    target_coordinator_id: int | None = Field(default=None, foreign_key="coordinator.id")
    days: int | None = Field(default=None)
    evaluation: str | None = Field(default=None, max_length=2000)
    """综合评价 of a placement (以干代训), 汶政字〔2024〕59号 三(四)."""
    risk_kind: str | None = Field(default=None, max_length=30)
    workers_affected: int | None = Field(default=None)
    description: str | None = Field(default=None, max_length=2000)
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    review: str = Field(default="pending", max_length=10, index=True)
    reviewer: str | None = Field(default=None, max_length=200)
    reviewed_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    review_reason: str | None = Field(default=None, max_length=500)
    created_by: str = Field(max_length=200)
    deleted_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    # Set by a ledger import (lrc_api.imports): which import made the record and from which cell.
    # Plain column: the import table belongs to the files layer above the records.
    import_id: int | None = Field(default=None, index=True)
    source: str | None = Field(default=None, max_length=300)

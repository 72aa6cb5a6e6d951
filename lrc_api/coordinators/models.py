"""The coordinator table: one 台账 row (附件2) plus what subsidies and staffing need."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field

from lrc_api.core.models import UtcDateTime, Versioned


class Coordinator(Versioned, table=True):
    """A labor relations coordinator; ID number and phone are stored encrypted with a look-up hash."""

    __table_args__ = (
        # One active record per person: the same ID number may return after leaving.
        Index(
            "uq_coordinator_active_id_number",
            "id_number_hash",
            unique=True,
            sqlite_where=text("status = 'active' AND deleted_at IS NULL"),
            postgresql_where=text("status = 'active' AND deleted_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    name: str = Field(max_length=100, index=True)
    id_number_encrypted: str = Field(max_length=200)
    id_number_hash: str = Field(max_length=64, index=True)
    id_number_masked: str = Field(max_length=18)
    phone_encrypted: str | None = Field(default=None, max_length=200)
    phone_hash: str | None = Field(default=None, max_length=64, index=True)
    phone_masked: str | None = Field(default=None, max_length=11)
    coordinator_type: str = Field(max_length=40, index=True)
    employment_identity: str = Field(max_length=40)
    education_level: str = Field(max_length=40)
    education_status: str = Field(default="graduated", max_length=20)
    major_related: bool = Field(default=False)
    work_unit: str = Field(max_length=200)
    post: str | None = Field(default=None, max_length=100)
    labor_work_started_on: dt.date | None = Field(default=None)
    certificates: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    status: str = Field(default="active", max_length=10, index=True)
    joined_on: dt.date | None = Field(default=None)
    left_on: dt.date | None = Field(default=None)
    note: str | None = Field(default=None, max_length=500)
    deleted_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)

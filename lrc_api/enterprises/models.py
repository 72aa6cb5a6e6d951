"""The enterprise table."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from lrc_api.core.models import UtcDateTime, Versioned


class Enterprise(Versioned, table=True):
    """An employer: USCC (GB 32100), industry, size indicators and the size class lrc_rules gives."""

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    uscc: str = Field(max_length=18, unique=True, description="Unified social credit code.")
    name: str = Field(max_length=200, index=True)
    industry: str = Field(max_length=40, index=True)
    employees: int | None = Field(default=None)
    revenue_10k_yuan: float | None = Field(default=None)
    total_assets_10k_yuan: float | None = Field(default=None)
    size: str | None = Field(default=None, max_length=10, index=True)
    deleted_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)

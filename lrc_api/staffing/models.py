"""The staffing basis table: what a township's staffing is judged on beyond its ledger rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from lrc_api.core.models import Versioned


class StaffingBasis(Versioned, table=True):
    """人员配备依据 of a township, sub-district or park, from a day on (the latest one holds).

    The district bureau approves each township's coordinator headcount (核定人数, 闵人社发〔2023〕55号
    二(一)3 "区人力资源社会保障局负责核定街镇（莘庄工业区）人员数") and adjusts it over time; the
    count must not fall below the labor-inspection assistants and dispute mediators the township
    had before (same clause); and whether the area has many or few enterprises (浙人社发〔2023〕18号
    二(一)) may be decided by the office instead of a pack threshold. Nothing else records these.
    """

    __table_args__ = (UniqueConstraint("region_id", "effective_from"),)

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    effective_from: dt.date
    approved_headcount: int | None = Field(default=None)
    approval_ref: str | None = Field(default=None, max_length=100)
    existing_inspection_assistants: int | None = Field(default=None)
    existing_mediators: int | None = Field(default=None)
    enterprise_load: str | None = Field(default=None, max_length=4)
    note: str | None = Field(default=None, max_length=500)
    created_by: str = Field(max_length=200)

"""The import table: one committed import of a ledger file, who sent it and what it changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

import lrc_api.core.models  # noqa: F401  (naming convention)
from lrc_api.core.models import UtcDateTime, utcnow


class ImportBatch(SQLModel, table=True):
    """A committed import (台账导入): the file (by name and SHA-256), the target and the outcome.

    Records made by the import carry its id (``import_id``) and, for scores, the cell they came
    from (``source``), so a figure in the ledger can be traced back to the file that set it.
    """

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)
    region_id: int = Field(foreign_key="region.id", index=True)
    year: int | None = Field(default=None)
    file_name: str = Field(max_length=255)
    file_sha256: str = Field(max_length=64, index=True)
    file_bytes: int
    file_format: str = Field(max_length=10)
    layout: str = Field(max_length=10)
    on_conflict: str = Field(max_length=10)
    partial: bool = Field(default=False)
    actor: str = Field(max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))

"""The assessment table: a coordinator's quarterly base score (基本得分)."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from lrc_api.core.models import Versioned


class Assessment(Versioned, table=True):
    """The base score an assessor gave a coordinator for one quarter (one per quarter)."""

    # Deleted for real (the audit log keeps them): AUTOINCREMENT keeps SQLite from handing a
    # deleted assessment's id to the next one, so the change feed never names two by one id.
    __table_args__ = (
        UniqueConstraint("coordinator_id", "year", "quarter"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    coordinator_id: int = Field(foreign_key="coordinator.id")
    region_id: int = Field(foreign_key="region.id", index=True)
    year: int = Field(index=True)
    quarter: int
    base_score: float
    assessor: str = Field(max_length=200)
    note: str | None = Field(default=None, max_length=500)
    # Set by a ledger import (lrc_api.imports): which import made the record and from which cell.
    # Plain column: the import table belongs to the files layer above the records.
    import_id: int | None = Field(default=None, index=True)
    source: str | None = Field(default=None, max_length=300)

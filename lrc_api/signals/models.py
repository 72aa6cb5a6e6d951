"""The risk-signal table: what another system observed about an enterprise, once per source id."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from lrc_api.core.models import UtcDateTime, utcnow


class RiskSignal(SQLModel, table=True):
    """A signal (预警信号) from another government system: kind, value, day, source and its id.

    Signals are facts as the source reported them: never changed, unique per (source, source id)
    so a retried delivery cannot count twice. The note may hold personal data: stored encrypted
    with a masked copy (``lrc_api.core.free_text``).
    """

    __tablename__ = "risk_signal"
    __table_args__ = (
        UniqueConstraint("source", "source_id"),
        # The risk views read an enterprise's signals of two windows, and a region's grouped by
        # (enterprise, kind, day, value): this index answers both without touching the table.
        Index(
            "ix_risk_signal_enterprise_id_kind_observed_on",
            "enterprise_id",
            "kind",
            "observed_on",
            "value",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id")
    kind: str = Field(max_length=40)
    value: float | None = Field(default=None)
    observed_on: dt.date
    source: str = Field(max_length=60)
    source_id: str = Field(max_length=200)
    note_encrypted: str | None = Field(default=None, max_length=4200)
    note_masked: str | None = Field(default=None, max_length=1000)
    recorded_by: str = Field(max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)

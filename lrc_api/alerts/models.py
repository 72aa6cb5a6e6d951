"""The risk-alert table: one row per enterprise and episode at an alerting level."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, text
from sqlmodel import Field

from lrc_api.core.models import UtcDateTime, Versioned


class RiskAlert(Versioned, table=True):
    """An alert: an enterprise reached the alert level (orange) on ``opened_on``.

    The episode lasts until the enterprise has stayed below the alert level for a whole window
    (``ended_on`` set then). The database holds at most one alert per enterprise whose episode
    has not ended (a partial unique index), whatever writers race. ``state`` is the handling:
    ``open`` → ``acknowledged`` → ``resolved``; ``closed`` when the episode ended unresolved.
    """

    __tablename__ = "risk_alert"
    __table_args__ = (
        Index(
            "uq_risk_alert_one_open_episode",
            "enterprise_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    policy: str = Field(max_length=64)
    level: str = Field(max_length=10, index=True)
    state: str = Field(default="open", max_length=20, index=True)
    score: float
    opened_on: dt.date
    escalated_on: dt.date | None = Field(default=None)
    ended_on: dt.date | None = Field(default=None)
    acknowledged_by: str | None = Field(default=None, max_length=200)
    acknowledged_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    acknowledge_note_encrypted: str | None = Field(default=None, max_length=4200)
    acknowledge_note_masked: str | None = Field(default=None, max_length=1000)
    resolved_by: str | None = Field(default=None, max_length=200)
    resolved_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    resolve_note_encrypted: str | None = Field(default=None, max_length=4200)
    resolve_note_masked: str | None = Field(default=None, max_length=1000)

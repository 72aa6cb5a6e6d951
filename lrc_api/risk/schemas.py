"""Response models of the risk views."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from lrc_api.alerts.schemas import AlertState
from lrc_api.rules.early_warning.schemas import Direction, Level, RiskAssessmentOut


class AlertBrief(BaseModel):
    """The enterprise's alert whose episode goes on."""

    id: int = Field(description="Alert id (`GET /v1/alerts/{id}`).")
    level: Level = Field(description="Highest level of the episode.")
    state: AlertState = Field(description="open, acknowledged or resolved.")
    opened_on: dt.date = Field(description="Day it opened.")


class EnterpriseRiskOut(RiskAssessmentOut):
    """An enterprise's risk on a day, assessed under its region's pack from stored signals.

    Each counted signal's `ref` says where it comes from: `case:<id>`, `activity:<id>` (a risk
    report), `signal:<id>` (another system).
    """

    enterprise_id: int = Field(description="The enterprise.")
    enterprise_name: str = Field(description="Its name.")
    region_id: int = Field(description="Its region (whose pack was used).")
    open_alert: AlertBrief | None = Field(description="Its alert whose episode goes on, if any.")


class RankedEnterpriseOut(BaseModel):
    """One enterprise of a region's ranking."""

    enterprise_id: int = Field(description="The enterprise.")
    name: str = Field(description="Its name.")
    region_id: int = Field(description="Its region.")
    policy: str = Field(description="Pack it was assessed under (its region's).")
    level: Level = Field(description="Risk level.")
    score: float = Field(description="Score.")
    dimension_levels: dict[str, Level] = Field(description="Level of each dimension.")
    previous_score: float = Field(description="Score at the end of the previous window.")
    delta: float = Field(description="score − previous_score.")
    direction: Direction = Field(description="Trend.")
    open_alert_id: int | None = Field(description="Its alert whose episode goes on, if any.")


class LevelCounts(BaseModel):
    """Enterprises at each level."""

    green: int = Field(description="绿色.")
    yellow: int = Field(description="黄色.")
    orange: int = Field(description="橙色.")
    red: int = Field(description="红色.")


class DimensionCounts(BaseModel):
    """Enterprises at each level of one dimension."""

    dimension: str = Field(description="Dimension code.")
    name: str = Field(description="Its Chinese name.")
    levels: LevelCounts = Field(description="Enterprises at each level of it.")


class RegionRiskOut(BaseModel):
    """A region's enterprises (its whole subtree) ranked by risk: highest level, then score."""

    region_id: int = Field(description="The region.")
    as_of: dt.date = Field(description="Day assessed.")
    rules_version: str = Field(description="Version of the rules engine.")
    policies: list[str] = Field(description="Packs the enterprises were assessed under.")
    enterprises: int = Field(description="Enterprises of the subtree (undeleted).")
    levels: LevelCounts = Field(description="Enterprises at each level.")
    dimensions: list[DimensionCounts] = Field(
        description="Enterprises at each level, per dimension."
    )
    items: list[RankedEnterpriseOut] = Field(description="This page of the ranking.")
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )

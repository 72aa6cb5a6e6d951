"""Request and response models of risk alerts."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.text import RequestModel
from lrc_api.rules.early_warning.schemas import Level

AlertState = TypeAliasType("AlertState", Literal["open", "acknowledged", "resolved", "closed"])
"""Handling of an alert: open (待处置) → acknowledged (已知悉) → resolved (已化解); closed (已关闭)
when the risk stayed below the alert level for a whole window before anyone resolved it."""

ACKNOWLEDGE_NOTE_FIELD = "risk_alert.acknowledge_note"
RESOLVE_NOTE_FIELD = "risk_alert.resolve_note"


class AcknowledgeRequest(RequestModel):
    """Someone has seen the alert and is on it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"note": "已电话联系企业负责人，明日上门了解情况"}]},
    )

    note: str | None = Field(
        None,
        min_length=1,
        max_length=1000,
        description="What is being done; stored encrypted, shown masked without pii:read.",
    )


class ResolveRequest(RequestModel):
    """The risk was dealt with (化解)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"note": "经调解企业与职工达成分期支付协议，已支付首期工资"}]
        },
    )

    note: str = Field(
        min_length=1,
        max_length=1000,
        description="How it was resolved (required); stored encrypted, masked without pii:read.",
    )


class AlertRead(BaseModel):
    """An alert with its episode and handling; notes masked unless you hold pii:read."""

    id: int = Field(description="Alert id.")
    enterprise_id: int = Field(description="The enterprise.")
    enterprise_name: str = Field(
        description="The enterprise's name as it stands now, so a list of alerts reads as a "
        "work list without a look-up per alert."
    )
    region_id: int = Field(description="The enterprise's region (scoping).")
    policy: str = Field(description="Pack the risk was assessed under when the alert opened.")
    level: Level = Field(description="Highest level reached in the episode (orange or red).")
    state: AlertState = Field(description="open, acknowledged, resolved or closed.")
    score: float = Field(description="Score when the alert opened.")
    opened_on: dt.date = Field(description="Day the enterprise reached the alert level.")
    escalated_on: dt.date | None = Field(description="Day it reached red, if later.")
    ended_on: dt.date | None = Field(
        description="Day the episode ended (a whole window below the alert level); null while on."
    )
    acknowledged_by: str | None = Field(description="Who acknowledged it.")
    acknowledged_at: dt.datetime | None = Field(description="When (UTC).")
    acknowledge_note: str | None = Field(description="Their note.")
    resolved_by: str | None = Field(description="Who resolved it.")
    resolved_at: dt.datetime | None = Field(description="When (UTC).")
    resolve_note: str | None = Field(description="How it was resolved.")
    pii_masked: bool = Field(description="Whether the notes are the masked copies.")
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="Opened (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")

"""Request and response models of activities."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from lrc_api.core.types import RecordId
from lrc_rules import scoring

ActivityKind = Literal[
    "publicity",
    "mediation_own_unit",
    "mediation_other",
    "risk_prevention",
    "publication",
    "management_improvement",
    "error_minor",
    "error_major",
    "contact",
    "onsite_visit",
    "training",
    "monthly_report",
    "placement",
    "risk_report",
]
"""What a coordinator did: the eight scoring kinds (宣传, 调解本单位/其他, 预防风险, 刊发经验, 劳动管理,
工作失误小/大) first, then contact, on-site visit, training, monthly report, placement, risk report."""

MediaLevel = Literal[scoring.MEDIA_LEVELS]  # type: ignore[valid-type]
"""Level of the media that published an experience article (县级, 市级, 省级, 国家级)."""

RiskKind = Literal["pay_cut", "layoff", "closure_relocation"]
"""What a coordinator's risk report (risk_report) is about: 减薪, 裁员, 关停并转迁 — the early
warning's signal kinds of the same names (闵人社发〔2022〕34号 四(二)3; 汶政字〔2024〕59号 附件1 7.4)."""

ReviewState = Literal["pending", "approved", "rejected"]
"""Review state of an activity: waiting, approved (it may score), rejected (with a reason)."""

ReviewDecision = Literal["approved", "rejected"]
"""A reviewer's decision."""


class Evidence(BaseModel):
    """One piece of evidence (佐证材料): a named file or link and its SHA-256 digest."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(
        min_length=1, max_length=200, description="What it is, e.g. 宣传活动方案.pdf or 现场照片."
    )
    uri: str = Field(
        min_length=3,
        max_length=2000,
        pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$",
        description="Where it is stored: a URI with a scheme (https://…, s3://…, urn:…).",
    )
    sha256: str = Field(
        pattern=r"^[0-9A-Fa-f]{64}$",
        description="SHA-256 of the file, 64 hexadecimal characters (stored lower-case).",
    )

    @field_validator("sha256")
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.lower()


class ActivityCreate(BaseModel):
    """A new activity; it starts pending review."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    coordinator_id: RecordId = Field(description="The coordinator who did it.")
    kind: ActivityKind = Field(description="What was done (see the kinds).")
    occurred_on: dt.date = Field(description="When it happened (not in the future).")
    media_level: MediaLevel | None = Field(
        None, description="For a publication only, and required there: the media's level."
    )
    case_id: RecordId | None = Field(None, description="The case it belongs to, if any.")
    enterprise_id: RecordId | None = Field(None, description="The enterprise concerned, if any.")
    target_coordinator_id: RecordId | None = Field(
        None, description="For a contact only: the coordinator contacted, if one."
    )
    days: int | None = Field(
        None,
        ge=1,
        le=366,
        description="For a placement only, and required there: days placed (a longer placement is recorded as several).",
    )
    risk_kind: RiskKind | None = Field(
        None,
        description="For a risk_report only, and required there: pay_cut, layoff or "
        "closure_relocation (it needs enterprise_id and evidence too).",
    )
    workers_affected: int | None = Field(
        None,
        ge=0,
        le=10_000_000,
        description="For a risk_report only: workers affected (laid off, paid less, or at the "
        "closing site); it sizes the early-warning signal.",
    )
    description: str | None = Field(None, max_length=2000, description="What was done, briefly.")
    evidence: list[Evidence] = Field(
        default_factory=list,
        max_length=50,
        description="Evidence (佐证材料); bonus kinds need it to score, a risk_report to be filed.",
    )


class ActivityUpdate(BaseModel):
    """Changes to a pending activity (all optional; the coordinator cannot change)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: ActivityKind | None = Field(None, description="What was done.")
    occurred_on: dt.date | None = Field(None, description="When it happened (not in the future).")
    media_level: MediaLevel | None = Field(
        None, description="For a publication: the media's level."
    )
    case_id: RecordId | None = Field(None, description="The case it belongs to; null to unlink.")
    enterprise_id: RecordId | None = Field(None, description="The enterprise; null to unlink.")
    target_coordinator_id: RecordId | None = Field(
        None, description="For a contact: the coordinator contacted; null to unlink."
    )
    days: int | None = Field(None, ge=1, le=366, description="For a placement: days placed.")
    risk_kind: RiskKind | None = Field(None, description="For a risk_report: what it is about.")
    workers_affected: int | None = Field(
        None, ge=0, le=10_000_000, description="For a risk_report: workers affected."
    )
    description: str | None = Field(None, max_length=2000, description="What was done, briefly.")
    evidence: list[Evidence] | None = Field(
        None, max_length=50, description="Evidence (replaces the list)."
    )


class ReviewRequest(BaseModel):
    """A reviewer's decision on a pending activity."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    decision: ReviewDecision = Field(description="approved or rejected.")
    reason: str | None = Field(
        None, max_length=500, description="Why; required when rejecting, optional when approving."
    )


class ActivityRead(BaseModel):
    """An activity as stored, with its review."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="Activity id.")
    coordinator_id: int = Field(description="The coordinator who did it.")
    region_id: int = Field(description="The coordinator's region (scoping).")
    kind: ActivityKind = Field(description="What was done.")
    occurred_on: dt.date = Field(description="When it happened.")
    media_level: MediaLevel | None = Field(description="For a publication: the media's level.")
    case_id: int | None = Field(description="The case it belongs to.")
    enterprise_id: int | None = Field(description="The enterprise concerned.")
    target_coordinator_id: int | None = Field(
        description="For a contact: the coordinator contacted."
    )
    days: int | None = Field(description="For a placement: days placed.")
    risk_kind: RiskKind | None = Field(
        description="For a risk_report: pay_cut, layoff, closure_relocation."
    )
    workers_affected: int | None = Field(description="For a risk_report: workers affected.")
    description: str | None = Field(description="What was done.")
    evidence: list[Evidence] = Field(description="Evidence (佐证材料).")
    review: ReviewState = Field(description="pending, approved or rejected.")
    reviewer: str | None = Field(description="Who reviewed it (principal subject).")
    reviewed_at: dt.datetime | None = Field(description="When it was reviewed (UTC).")
    review_reason: str | None = Field(
        description="The reviewer's reason (always given on rejection)."
    )
    created_by: str = Field(description="Who recorded it (principal subject).")
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="Recorded (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")

"""Request and response models of activities."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import IsoDate, TrimmedInput, not_null
from lrc_api.core.text import RequestModel
from lrc_api.core.types import FreeText, RecordId, check_nested_text
from lrc_api.rules.scoring.schemas import MediaLevel

ActivityKind = TypeAliasType(
    "ActivityKind",
    Literal[
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
        "county_guidance",
        "training",
        "monthly_report",
        "placement",
        "risk_report",
    ],
)
"""What a coordinator did: the eight scoring kinds (宣传, 调解本单位/其他, 预防风险, 刊发经验, 劳动管理,
工作失误小/大) first, then what the service obligations count — contact with an enterprise
coordinator, on-site visit, the county bureau's guidance, training, monthly report, placement
(以干代训) — and risk report. Chinese names: ``GET /v1/vocabularies/activity_kind``."""

RiskKind = TypeAliasType("RiskKind", Literal["pay_cut", "layoff", "closure_relocation"])
"""What a coordinator's risk report (risk_report) is about: 减薪, 裁员, 关停并转迁 — the early
warning's signal kinds of the same names (闵人社发〔2022〕34号 四(二)3; 汶政字〔2024〕59号 附件1 7.4)."""

ReviewState = TypeAliasType("ReviewState", Literal["pending", "approved", "rejected"])
"""Review state of an activity: waiting, approved (it may score), rejected (with a reason)."""

ReviewDecision = TypeAliasType("ReviewDecision", Literal["approved", "rejected"])
"""A reviewer's decision."""


class Evidence(TrimmedInput):
    """One piece of evidence (佐证材料): a named file or link and its SHA-256 digest."""

    name: str = Field(
        min_length=1, max_length=200, description="What it is, e.g. 宣传活动方案.pdf or 现场照片."
    )
    uri: str = Field(
        min_length=3,
        max_length=2000,
        # Explicit ranges, not \S: Python's and ECMAScript's \s differ (U+0085), so the document
        # and the check would disagree. No controls, spaces or JavaScript whitespace.
        pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$",
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


class EvidenceInput(Evidence, RequestModel):
    """Evidence as a request sends it: clean text only (``Evidence`` also reads old rows)."""


class ActivityCreate(RequestModel):
    """A new activity; it starts pending review."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "coordinator_id": 12,
                    "kind": "publicity",
                    "occurred_on": "2025-08-14",
                    "enterprise_id": 7,
                    "description": "在鲁泰纺织开展《劳动合同法》宣讲，职工86人参加",
                    "evidence": [
                        {
                            "name": "宣传活动方案.pdf",
                            "uri": "s3://lrc-evidence/2025/08/xuanchuan-0814.pdf",
                            "sha256": "3f1c9a7e5b2d4c6f8a0e1b3d5f7a9c2e4b6d8f0a1c3e5a7b9d1f3a5c7e9b1d3f",
                        },
                        {
                            "name": "现场照片.jpg",
                            "uri": "s3://lrc-evidence/2025/08/xianchang-0814.jpg",
                            "sha256": "a8d4f2c6e0b9a7d5c3e1f9b7d5a3c1e9f7b5d3a1c9e7f5b3d1a9c7e5f3b1d9a7",
                        },
                    ],
                }
            ]
        }
    )

    coordinator_id: RecordId = Field(description="The coordinator who did it.")
    kind: ActivityKind = Field(description="What was done (see the kinds).")
    occurred_on: IsoDate = Field(description="When it happened (not in the future).")
    media_level: MediaLevel | None = Field(
        None, description="For a publication only, and required there: the media's level."
    )
    case_id: RecordId | None = Field(None, description="The case it belongs to, if any.")
    enterprise_id: RecordId | None = Field(None, description="The enterprise concerned, if any.")
    target_coordinator_id: RecordId | None = Field(
        None,
        description="For a contact or county guidance only: the (enterprise) coordinator "
        "contacted or guided; the obligations view needs it to count the activity.",
    )
    days: int | None = Field(
        None,
        ge=1,
        le=366,
        description="For a placement only, and required there: days placed (a longer placement is recorded as several).",
    )
    evaluation: FreeText | None = Field(
        None,
        min_length=1,
        max_length=2000,
        description="For a placement only: the task force's overall evaluation of the coordinator "
        "during it (综合评价, 汶政字〔2024〕59号 三(四)); a placement counts as done with it.",
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
    description: FreeText | None = Field(
        None, max_length=2000, description="What was done, briefly."
    )
    evidence: list[EvidenceInput] = Field(
        default_factory=list,
        max_length=50,
        description="Evidence (佐证材料); bonus kinds need it to score, a risk_report to be filed.",
    )

    @field_validator("evidence")
    @classmethod
    def _no_personal_data_in_evidence(cls, v: list[EvidenceInput]) -> list[EvidenceInput]:
        check_nested_text(v, ("name", "uri"))
        return v


class ActivityUpdate(RequestModel):
    """Changes to a pending activity (all optional; the coordinator cannot change)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "description": "在鲁泰纺织开展《劳动合同法》《工资支付条例》宣讲，职工86人参加",
                    "occurred_on": "2025-08-15",
                }
            ]
        }
    )

    kind: ActivityKind | None = Field(
        None, json_schema_extra=not_null, description="What was done."
    )
    occurred_on: IsoDate | None = Field(
        None, json_schema_extra=not_null, description="When it happened (not in the future)."
    )
    media_level: MediaLevel | None = Field(
        None, description="For a publication: the media's level."
    )
    case_id: RecordId | None = Field(None, description="The case it belongs to; null to unlink.")
    enterprise_id: RecordId | None = Field(None, description="The enterprise; null to unlink.")
    target_coordinator_id: RecordId | None = Field(
        None,
        description="For a contact or county guidance: the coordinator contacted; null to unlink.",
    )
    days: int | None = Field(None, ge=1, le=366, description="For a placement: days placed.")
    evaluation: FreeText | None = Field(
        None,
        min_length=1,
        max_length=2000,
        description="For a placement: the overall evaluation (综合评价); null to remove.",
    )
    risk_kind: RiskKind | None = Field(None, description="For a risk_report: what it is about.")
    workers_affected: int | None = Field(
        None, ge=0, le=10_000_000, description="For a risk_report: workers affected."
    )
    description: FreeText | None = Field(
        None, max_length=2000, description="What was done, briefly."
    )
    evidence: list[EvidenceInput] | None = Field(
        None, json_schema_extra=not_null, max_length=50, description="Evidence (replaces the list)."
    )

    @field_validator("evidence")
    @classmethod
    def _no_personal_data_in_evidence(
        cls, v: list[EvidenceInput] | None
    ) -> list[EvidenceInput] | None:
        check_nested_text(v, ("name", "uri"))
        return v


class ReviewRequest(RequestModel):
    """A reviewer's decision on a pending activity."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"decision": "approved"},
                {"decision": "rejected", "reason": "缺少现场照片，请补充佐证材料后重新提交"},
            ]
        }
    )

    decision: ReviewDecision = Field(description="approved or rejected.")
    reason: FreeText | None = Field(
        None, max_length=500, description="Why; required when rejecting, optional when approving."
    )


class ActivityRead(BaseModel):
    """An activity as stored, with its review."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "coordinator_id": 1,
                    "region_id": 2,
                    "kind": "publicity",
                    "occurred_on": "2025-08-14",
                    "media_level": None,
                    "case_id": None,
                    "enterprise_id": 1,
                    "target_coordinator_id": None,
                    "days": None,
                    "evaluation": None,
                    "risk_kind": None,
                    "workers_affected": None,
                    "description": "在鲁泰纺织开展《劳动合同法》宣讲，职工86人参加",
                    "evidence": [
                        {
                            "name": "宣传活动方案.pdf",
                            "uri": "s3://lrc-evidence/2025/08/xuanchuan-0814.pdf",
                            "sha256": "3f1c9a7e5b2d4c6f8a0e1b3d5f7a9c2e4b6d8f0a1c3e5a7b9d1f3a5c7e9b1d3f",
                        },
                        {
                            "name": "现场照片.jpg",
                            "uri": "s3://lrc-evidence/2025/08/xianchang-0814.jpg",
                            "sha256": "a8d4f2c6e0b9a7d5c3e1f9b7d5a3c1e9f7b5d3a1c9e7f5b3d1a9c7e5f3b1d9a7",
                        },
                    ],
                    "review": "approved",
                    "reviewer": "user:county-admin",
                    "reviewed_at": "2025-10-10T02:46:00Z",
                    "review_reason": None,
                    "created_by": "user:nanzhan-admin",
                    "import_id": None,
                    "source": None,
                    "version": 2,
                    "created_at": "2025-10-10T02:46:00Z",
                    "updated_at": "2025-10-10T02:46:00Z",
                }
            ]
        },
        from_attributes=True,
    )

    id: int = Field(description="Activity id.")
    coordinator_id: int = Field(description="The coordinator who did it.")
    region_id: int = Field(description="The coordinator's region (scoping).")
    kind: ActivityKind = Field(description="What was done.")
    occurred_on: dt.date = Field(description="When it happened.")
    media_level: MediaLevel | None = Field(description="For a publication: the media's level.")
    case_id: int | None = Field(description="The case it belongs to.")
    enterprise_id: int | None = Field(description="The enterprise concerned.")
    target_coordinator_id: int | None = Field(
        description="For a contact or county guidance: the coordinator contacted or guided."
    )
    days: int | None = Field(description="For a placement: days placed.")
    evaluation: str | None = Field(
        None, description="For a placement: the overall evaluation (综合评价)."
    )
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
    import_id: int | None = Field(
        None, description="The ledger import that recorded it (台账导入), if one did."
    )
    source: str | None = Field(
        None, description="For an imported activity: the file, sheet and cell it stands for."
    )
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="Recorded (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")

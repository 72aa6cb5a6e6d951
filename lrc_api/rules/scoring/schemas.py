"""Request and response models of the scoring calculators (季度量化计分, 金牌评选)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import IsoDate, JsonInt, PolicyId, TraceStep
from lrc_api.core.text import RequestModel
from lrc_rules import scoring

EventKind = TypeAliasType("ScoringEventKind", Literal[scoring.KINDS])  # type: ignore[valid-type]
"""What happened: one of the five bonus activities (mediation split in two) or a work error."""

MediaLevel = TypeAliasType("MediaLevel", Literal[scoring.MEDIA_LEVELS])  # type: ignore[valid-type]
"""Level of the media that published an experience article (县级, 市级, 省级, 国家级)."""

Category = TypeAliasType(
    "ScoreCategory", Literal["publicity", "mediation", "risk", "publication", "management"]
)
"""A bonus row of the ledger (开展宣传, 成功调解, 预防风险, 刊发经验, 劳动管理)."""

IgnoredReason = TypeAliasType(
    "IgnoredReason",
    Literal["outside_quarter", "no_evidence", "missing_media_level", "media_level_too_low"],
)
"""Why an event did not score: outside the quarter, no evidence (佐证材料), no or too low media level."""


Score = Annotated[float, Field(strict=True, allow_inf_nan=False)]
"""A score: a JSON number (whole or decimal), never a string."""


class ScoringEventIn(RequestModel):
    """An activity or work error of the coordinator in (or near) the quarter."""

    model_config = ConfigDict(extra="forbid")

    kind: EventKind = Field(description="What happened.")
    occurred_on: IsoDate = Field(
        description="Date of the event (YYYY-MM-DD); it counts in its quarter."
    )
    evidence: list[Annotated[str, Field(max_length=500)]] = Field(
        default_factory=list,
        max_length=50,
        description="References to the supporting evidence (plan, photos, record, link …); "
        "a bonus event without any does not score. Work errors need none.",
    )
    media_level: MediaLevel | None = Field(
        None, description="For a publication: the level of the media (市级以上 scores)."
    )


class ScorecardRequest(RequestModel):
    """A coordinator's quarter to score."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2025,
                    "quarter": 3,
                    "base_score": 26,
                    "events": [
                        {
                            "kind": "publicity",
                            "occurred_on": "2025-08-01",
                            "evidence": ["宣传活动方案.pdf", "现场照片.jpg"],
                        },
                        {
                            "kind": "mediation_own_unit",
                            "occurred_on": "2025-08-20",
                            "evidence": ["调解协议书.pdf"],
                        },
                        {
                            "kind": "publication",
                            "occurred_on": "2025-09-10",
                            "media_level": "municipal",
                            "evidence": ["济宁日报2025年9月10日第3版"],
                        },
                    ],
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    year: JsonInt = Field(strict=True, ge=2000, le=2100, description="Calendar year.")
    quarter: JsonInt = Field(strict=True, ge=1, le=4, description="Quarter: 1 = January–March … 4.")
    base_score: Score = Field(ge=0, le=30, description="Assessed base score (基本得分), 0–30.")
    events: list[ScoringEventIn] = Field(
        default_factory=list, max_length=1000, description="The quarter's events, in any order."
    )


class CategoryOut(BaseModel):
    """One bonus row: events counted, points after the caps, and the cap."""

    category: Category = Field(description="The ledger row.")
    count: int = Field(description="Events that count (beyond the cap too).")
    points: int = Field(description="Points after the caps.")
    cap: int = Field(description="Most points the row can add in a quarter.")


class IgnoredEventOut(BaseModel):
    """An event that did not score, and why."""

    index: int = Field(description="Position of the event in the request's `events` (from 0).")
    reason: IgnoredReason = Field(description="Stable reason code.")
    detail: str = Field(description="The reason in words (Chinese, then English).")


class ScorecardResponse(BaseModel):
    """The quarter's score (季度量化计分) and how it was reached."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "policy": "wenshang-2024",
                    "rules_version": "0.1.0",
                    "year": 2025,
                    "quarter": 3,
                    "base_score": 26,
                    "categories": [
                        {"category": "publicity", "count": 1, "points": 5, "cap": 20},
                        {"category": "mediation", "count": 1, "points": 5, "cap": 20},
                        {"category": "risk", "count": 0, "points": 0, "cap": 10},
                        {"category": "publication", "count": 1, "points": 5, "cap": 10},
                        {"category": "management", "count": 0, "points": 0, "cap": 10},
                    ],
                    "bonus": 15,
                    "deduction": 0,
                    "total": 41,
                    "errors_minor": 0,
                    "errors_major": 0,
                    "ignored_events": [],
                    "trace": [
                        {
                            "rule": "scoring.period",
                            "citation": "汶政字〔2024〕59号 附件1 8.2",
                            "citation_status": "verified",
                            "inputs": {"year": 2025, "quarter": 3},
                            "outcome": "2025-07-01/2025-09-30",
                        },
                        {
                            "rule": "scoring.base",
                            "citation": "汶政字〔2024〕59号 附件1 8.3",
                            "citation_status": "verified",
                            "inputs": {"base_score": 26, "max": 30},
                            "outcome": 26,
                        },
                        {
                            "rule": "scoring.publicity",
                            "citation": "汶政字〔2024〕59号 附件1 8.3",
                            "citation_status": "verified",
                            "inputs": {"count": 1, "points_each": 5, "cap": 20},
                            "outcome": 5,
                        },
                    ],
                }
            ]
        }
    )

    policy: str = Field(description="The policy pack applied.")
    rules_version: str = Field(description="Version of the rules code.")
    year: int = Field(description="Calendar year.")
    quarter: int = Field(description="Quarter 1–4.")
    base_score: int | float = Field(description="Base score as given.")
    categories: list[CategoryOut] = Field(
        description="One entry per bonus row, in the order of 附件1 8.3 (the 附件2 ledger "
        "lists 劳动管理 before 预防风险)."
    )
    bonus: int = Field(description="Sum of the rows' points, at most 70 (加分).")
    deduction: int = Field(description="Points taken for work errors (减分).")
    total: int | float = Field(
        description="base_score + bonus − deduction (得分合计), at most 100."
    )
    errors_minor: int = Field(description="Work errors of small impact counted this quarter.")
    errors_major: int = Field(description="Work errors of large impact counted this quarter.")
    ignored_events: list[IgnoredEventOut] = Field(description="Events that did not score.")
    trace: list[TraceStep] = Field(description="The steps of the calculation, in order.")


class CoordinatorYearIn(RequestModel):
    """One coordinator's year: the four quarterly totals and the year's work errors."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(
        min_length=1, max_length=64, description="Coordinator id, unique in the request."
    )
    quarters: list[Annotated[Score, Field(ge=-1000, le=100)]] = Field(
        min_length=4, max_length=4, description="Totals of Q1–Q4 (得分合计), exactly four."
    )
    errors_minor: JsonInt = Field(
        0, strict=True, ge=0, le=1000, description="Minor work errors in the year."
    )
    errors_major: JsonInt = Field(
        0, strict=True, ge=0, le=1000, description="Major work errors in the year."
    )


class AnnualRankingRequest(RequestModel):
    """The coordinators of a year to rank and, with a quota, to select gold from."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2024,
                    "gold_quota": 1,
                    "coordinators": [
                        {
                            "id": "12",
                            "quarters": [78, 85, 90, 82],
                            "errors_minor": 0,
                            "errors_major": 0,
                        },
                        {
                            "id": "15",
                            "quarters": [70, 72, 88, 75],
                            "errors_minor": 1,
                            "errors_major": 0,
                        },
                    ],
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    year: JsonInt = Field(strict=True, ge=2000, le=2100, description="Calendar year.")
    gold_quota: JsonInt | None = Field(
        None,
        strict=True,
        ge=0,
        le=10000,
        description="Number of gold places; none: eligibility only.",
    )
    coordinators: list[CoordinatorYearIn] = Field(
        max_length=10000, description="The coordinators to rank."
    )


class RankedCoordinatorOut(BaseModel):
    """A coordinator's annual result."""

    id: str = Field(description="Coordinator id as given.")
    rank: int = Field(description="Rank by annual score; equal scores share a rank (1, 2, 2, 4).")
    annual_total: int | float = Field(description="Annual score: sum (or mean) of the quarters.")
    work_errors: int = Field(description="Work errors in the year, minor and major.")
    gold_eligible: bool = Field(description="No work error in the year (取消评选资格 otherwise).")
    gold: bool | None = Field(description="Selected gold; null when no gold_quota was given.")
    job_adjustment_recommended: bool = Field(
        description="Two or more work errors: the employer is advised to change the post."
    )
    reasons: list[str] = Field(description="Why, one line per rule, each with a stable code first.")


class AnnualRankingResponse(BaseModel):
    """The annual ranking and gold selection (金牌劳动关系协调员评选)."""

    policy: str = Field(description="The policy pack applied.")
    rules_version: str = Field(description="Version of the rules code.")
    year: int = Field(description="Calendar year.")
    gold_quota: int | None = Field(description="Number of gold places, as given.")
    ranking: list[RankedCoordinatorOut] = Field(description="Best first; equal scores by id.")
    trace: list[TraceStep] = Field(description="The steps of the calculation, in order.")

"""Request and response models of quarterly assessments and the stored-data scorecard view."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from lrc_api.core.schemas import TraceStep
from lrc_api.core.text import RequestModel
from lrc_api.core.types import RecordId
from lrc_api.rules.scoring.schemas import CategoryOut

BaseScore = Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)]
"""A base score: a JSON number from 0 up to the policy pack's maximum (30 under wenshang-2024)."""


class AssessmentCreate(RequestModel):
    """A quarterly base score (基本得分) for a coordinator."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    coordinator_id: RecordId = Field(description="The coordinator assessed (not yourself).")
    year: int = Field(ge=1, le=9998, description="Calendar year.")
    quarter: int = Field(ge=1, le=4, description="Quarter: 1 = January–March … 4; begun already.")
    base_score: BaseScore = Field(
        description="基本得分: 0 to the pack's `scoring.base.max` (30 under wenshang-2024, 附件1 8.3)."
    )
    note: str | None = Field(None, max_length=500, description="The assessor's remarks.")


class AssessmentUpdate(RequestModel):
    """Changes to an assessment (all optional); you become its assessor."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    base_score: BaseScore | None = Field(None, description="New base score (0 to the pack's max).")
    note: str | None = Field(None, max_length=500, description="New remarks; null clears them.")


class AssessmentRead(BaseModel):
    """An assessment as stored."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="Assessment id.")
    coordinator_id: int = Field(description="The coordinator assessed.")
    region_id: int = Field(description="The coordinator's region (scoping).")
    year: int = Field(description="Calendar year.")
    quarter: int = Field(description="Quarter 1–4.")
    base_score: int | float = Field(description="基本得分.")
    assessor: str = Field(description="Who gave the score (principal subject).")
    note: str | None = Field(description="The assessor's remarks.")
    import_id: int | None = Field(
        None, description="The ledger import that recorded it (台账导入), if one did."
    )
    source: str | None = Field(
        None, description="For an imported base score: the file, sheet and cell it came from."
    )
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="Created (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")


class IgnoredActivity(BaseModel):
    """An approved activity that did not score in its quarter, and why."""

    activity_id: int = Field(description="The activity.")
    reason: Literal[
        "outside_quarter", "no_evidence", "missing_media_level", "media_level_too_low"
    ] = Field(description="Stable reason code.")
    detail: str = Field(description="The reason in words (Chinese, then English).")


class QuarterScore(BaseModel):
    """A quarter's scorecard (季度量化计分) from the stored assessment and approved activities."""

    base_score: int | float = Field(description="基本得分 (0 when no assessment was stored).")
    categories: list[CategoryOut] = Field(description="One entry per bonus row, ledger order.")
    bonus: int = Field(description="Sum of the rows' points after the caps (加分).")
    deduction: int = Field(description="Points taken for work errors (减分).")
    total: int | float = Field(description="base_score + bonus − deduction (得分合计).")
    errors_minor: int = Field(description="Approved minor work errors counted this quarter.")
    errors_major: int = Field(description="Approved major work errors counted this quarter.")
    ignored: list[IgnoredActivity] = Field(description="Approved activities that did not score.")
    trace: list[TraceStep] = Field(description="The steps of the calculation, in order.")


class QuarterScorecard(BaseModel):
    """One quarter of the year view: what was read from the records and the score it gives."""

    quarter: int = Field(description="Quarter 1–4.")
    period_start: dt.date = Field(description="First day of the quarter.")
    period_end: dt.date = Field(description="Last day of the quarter.")
    assessment_id: int | None = Field(description="The stored assessment, if any.")
    activity_ids: list[int] = Field(
        description="Approved, undeleted activities of the scoring kinds dated in the quarter."
    )
    scorecard: QuarterScore | None = Field(
        description="The score; null when the policy's scoring rules were not yet in force."
    )
    notes: list[str] = Field(description="What to know about this quarter's figures.")


class CoordinatorScorecards(BaseModel):
    """A coordinator's four quarterly scorecards of a year and the annual result."""

    coordinator_id: int = Field(description="The coordinator.")
    year: int = Field(description="Calendar year.")
    policy: str = Field(description="The policy pack applied.")
    rules_version: str = Field(description="Version of the rules code.")
    quarters: list[QuarterScorecard] = Field(description="Q1 to Q4.")
    annual_total: int | float = Field(
        description="Annual score: sum (or mean, as the pack says) of the quarterly totals; "
        "a quarter not scored counts 0."
    )
    work_errors: int = Field(description="Approved work errors in the scored quarters.")
    gold_eligible: bool = Field(description="No work error in the year (金牌评选资格).")
    job_adjustment_recommended: bool = Field(
        description="Two or more work errors: the employer is advised to change the post."
    )
    trace: list[TraceStep] = Field(description="The steps of the annual result, in order.")

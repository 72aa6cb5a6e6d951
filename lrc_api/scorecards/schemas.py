"""Response models of the scorecard view: a coordinator's quarters of a year from stored data."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from lrc_api.core.schemas import TraceStep
from lrc_api.rules.scoring.schemas import CategoryOut, IgnoredReason


class IgnoredActivity(BaseModel):
    """An approved activity that did not score in its quarter, and why."""

    activity_id: int = Field(description="The activity.")
    reason: IgnoredReason = Field(description="Stable reason code.")
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

    model_config = ConfigDict(
        json_schema_extra={
            # From the service: base scores 25, 26.5 and 27 for Q1–Q3, five approved activities
            # with evidence; each quarter's trace cut to its last step, the annual one to three.
            "examples": [
                {
                    "coordinator_id": 1,
                    "year": 2025,
                    "policy": "wenshang-2024",
                    "rules_version": "0.1.0",
                    "quarters": [
                        {
                            "quarter": 1,
                            "period_start": "2025-01-01",
                            "period_end": "2025-03-31",
                            "assessment_id": 1,
                            "activity_ids": [1],
                            "scorecard": {
                                "base_score": 25,
                                "categories": [
                                    {"category": "publicity", "count": 1, "points": 5, "cap": 20},
                                    {"category": "mediation", "count": 0, "points": 0, "cap": 20},
                                    {"category": "risk", "count": 0, "points": 0, "cap": 10},
                                    {"category": "publication", "count": 0, "points": 0, "cap": 10},
                                    {"category": "management", "count": 0, "points": 0, "cap": 10},
                                ],
                                "bonus": 5,
                                "deduction": 0,
                                "total": 30,
                                "errors_minor": 0,
                                "errors_major": 0,
                                "ignored": [],
                                "trace": [
                                    {
                                        "rule": "scoring.total",
                                        "citation": "汶政字〔2024〕59号 附件1 8.3",
                                        "citation_status": "verified",
                                        "inputs": {
                                            "base_score": 25,
                                            "bonus": 5,
                                            "deduction": 0,
                                            "max": 100,
                                            "floor": None,
                                        },
                                        "outcome": 30,
                                    }
                                ],
                            },
                            "notes": [],
                        },
                        {
                            "quarter": 2,
                            "period_start": "2025-04-01",
                            "period_end": "2025-06-30",
                            "assessment_id": 2,
                            "activity_ids": [2, 3],
                            "scorecard": {
                                "base_score": 26.5,
                                "categories": [
                                    {"category": "publicity", "count": 0, "points": 0, "cap": 20},
                                    {"category": "mediation", "count": 1, "points": 5, "cap": 20},
                                    {"category": "risk", "count": 0, "points": 0, "cap": 10},
                                    {"category": "publication", "count": 1, "points": 5, "cap": 10},
                                    {"category": "management", "count": 0, "points": 0, "cap": 10},
                                ],
                                "bonus": 10,
                                "deduction": 0,
                                "total": 36.5,
                                "errors_minor": 0,
                                "errors_major": 0,
                                "ignored": [],
                                "trace": [
                                    {
                                        "rule": "scoring.total",
                                        "citation": "汶政字〔2024〕59号 附件1 8.3",
                                        "citation_status": "verified",
                                        "inputs": {
                                            "base_score": 26.5,
                                            "bonus": 10,
                                            "deduction": 0,
                                            "max": 100,
                                            "floor": None,
                                        },
                                        "outcome": 36.5,
                                    }
                                ],
                            },
                            "notes": [],
                        },
                        {
                            "quarter": 3,
                            "period_start": "2025-07-01",
                            "period_end": "2025-09-30",
                            "assessment_id": 3,
                            "activity_ids": [4, 5],
                            "scorecard": {
                                "base_score": 27,
                                "categories": [
                                    {"category": "publicity", "count": 1, "points": 5, "cap": 20},
                                    {"category": "mediation", "count": 0, "points": 0, "cap": 20},
                                    {"category": "risk", "count": 1, "points": 5, "cap": 10},
                                    {"category": "publication", "count": 0, "points": 0, "cap": 10},
                                    {"category": "management", "count": 0, "points": 0, "cap": 10},
                                ],
                                "bonus": 10,
                                "deduction": 0,
                                "total": 37,
                                "errors_minor": 0,
                                "errors_major": 0,
                                "ignored": [],
                                "trace": [
                                    {
                                        "rule": "scoring.total",
                                        "citation": "汶政字〔2024〕59号 附件1 8.3",
                                        "citation_status": "verified",
                                        "inputs": {
                                            "base_score": 27,
                                            "bonus": 10,
                                            "deduction": 0,
                                            "max": 100,
                                            "floor": None,
                                        },
                                        "outcome": 37,
                                    }
                                ],
                            },
                            "notes": [],
                        },
                        {
                            "quarter": 4,
                            "period_start": "2025-10-01",
                            "period_end": "2025-12-31",
                            "assessment_id": None,
                            "activity_ids": [],
                            "scorecard": {
                                "base_score": 0,
                                "categories": [
                                    {"category": "publicity", "count": 0, "points": 0, "cap": 20},
                                    {"category": "mediation", "count": 0, "points": 0, "cap": 20},
                                    {"category": "risk", "count": 0, "points": 0, "cap": 10},
                                    {"category": "publication", "count": 0, "points": 0, "cap": 10},
                                    {"category": "management", "count": 0, "points": 0, "cap": 10},
                                ],
                                "bonus": 0,
                                "deduction": 0,
                                "total": 0,
                                "errors_minor": 0,
                                "errors_major": 0,
                                "ignored": [],
                                "trace": [
                                    {
                                        "rule": "scoring.total",
                                        "citation": "汶政字〔2024〕59号 附件1 8.3",
                                        "citation_status": "verified",
                                        "inputs": {
                                            "base_score": 0,
                                            "bonus": 0,
                                            "deduction": 0,
                                            "max": 100,
                                            "floor": None,
                                        },
                                        "outcome": 0,
                                    }
                                ],
                            },
                            "notes": [
                                "基本得分未评定，按0分计 (no assessment stored for 2025 Q4: base score "
                                "0)"
                            ],
                        },
                    ],
                    "annual_total": 103.5,
                    "work_errors": 0,
                    "gold_eligible": True,
                    "job_adjustment_recommended": False,
                    "trace": [
                        {
                            "rule": "annual.aggregate",
                            "citation": "汶政字〔2024〕59号 附件1 8.2",
                            "citation_status": "local_practice",
                            "inputs": {"method": "sum"},
                            "outcome": {"1": 103.5},
                        },
                        {
                            "rule": "annual.gold_eligibility",
                            "citation": "汶政字〔2024〕59号 附件1 8.3",
                            "citation_status": "verified",
                            "inputs": {"work_errors": {"1": 0}, "disqualifying": 1},
                            "outcome": {"1": True},
                        },
                        {
                            "rule": "annual.job_adjustment",
                            "citation": "汶政字〔2024〕59号 附件1 8.3",
                            "citation_status": "verified",
                            "inputs": {"work_errors": {"1": 0}, "threshold": 2},
                            "outcome": {"1": False},
                        },
                    ],
                }
            ]
        }
    )

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

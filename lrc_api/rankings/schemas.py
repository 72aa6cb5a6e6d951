"""Response models of the annual ranking and gold selection (金牌劳动关系协调员评选) from stored data.

The service builds plain dicts in these shapes (a ranking of 100,000 coordinators is serialised
straight to JSON); the models document the contract in the OpenAPI.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from lrc_api.core.schemas import TraceStep


class QuarterTotal(BaseModel):
    """One quarter's total (得分合计) as the scorecard view computes it."""

    quarter: int = Field(description="1–4.")
    total: float = Field(
        description="基本得分 + bonus − deduction (0 when the quarter is not scored)."
    )
    assessed: bool = Field(description="Whether an assessor gave the base score (未评定 counts 0).")
    scored: bool = Field(description="False when the pack's scoring rules were not yet in force.")


class RankingEntry(BaseModel):
    """A coordinator's place in the year: score, shared rank, gold and the reasons."""

    rank: int = Field(description="Shared rank (equal scores share it: 1, 2, 2, 4).")
    coordinator_id: int = Field(description="Coordinator id.")
    name: str = Field(description="姓名.")
    region_id: int = Field(description="The coordinator's region.")
    coordinator_type: str = Field(description="协调员类型 code.")
    coordinator_type_label: str = Field(description="协调员类型 in Chinese (the vocabulary's).")
    work_unit: str = Field(description="工作单位及职务.")
    policy: str = Field(description="Pack that scored the quarters (the coordinator's region's).")
    quarters: list[QuarterTotal] = Field(description="The four quarterly totals.")
    annual_total: float = Field(description="The year's score under the pack's aggregate (sum).")
    errors_minor: int = Field(description="Work errors of minor impact in the year (approved).")
    errors_major: int = Field(description="Work errors of major impact in the year (approved).")
    work_errors: int = Field(description="All work errors of the year.")
    gold_eligible: bool = Field(description="No work error in the year (附件1 8.3).")
    gold: bool | None = Field(description="Selected for gold; null when no gold_quota was given.")
    job_adjustment_recommended: bool = Field(
        description="2 or more work errors: 建议用人单位予以调整工作岗位 (附件1 8.3)."
    )
    reasons: list[str] = Field(description="Why: eligibility, job adjustment, gold, each cited.")


class NotRanked(BaseModel):
    """A coordinator of the region who could not be ranked, and why."""

    coordinator_id: int = Field(description="Coordinator id.")
    name: str = Field(description="姓名.")
    region_id: int = Field(description="The coordinator's region.")
    policy: str = Field(description="The coordinator's pack.")
    reason: str = Field(description="Why, e.g. the pack sets no quarterly scorecard.")


class RankingSummary(BaseModel):
    """Counts over the ranking."""

    ranked: int = Field(description="Coordinators ranked.")
    gold_eligible: int = Field(description="Of them, eligible for gold.")
    gold: int | None = Field(description="Of them, selected (null without a gold_quota).")
    job_adjustment_recommended: int = Field(description="Of them, with 2 or more work errors.")


class Rankings(BaseModel):
    """The annual ranking of a region's coordinators and the gold selection, from stored scores."""

    region_id: int = Field(description="The region whose subtree is ranked.")
    region_name: str = Field(description="Its name.")
    year: int = Field(description="The year ranked.")
    gold_quota: int | None = Field(description="Gold places asked for, if any.")
    as_of: dt.date = Field(description="Day the ranking was made.")
    policy: str = Field(description="Pack whose annual rules rank (the region's, or the named).")
    rules_version: str = Field(description="Version of the rules engine.")
    applicable: bool = Field(description="False when the region's pack sets no annual ranking.")
    reason: str | None = Field(description="Why nothing is ranked, when not applicable.")
    summary: RankingSummary = Field(description="How many ranked, eligible, gold, to adjust.")
    entries: list[RankingEntry] = Field(description="Best first; ties ordered by id.")
    not_ranked: list[NotRanked] = Field(description="Coordinators left out, and why.")
    trace: list[TraceStep] = Field(
        description="The annual rules applied (aggregate, ranks, eligibility, job adjustment, "
        "gold) with their citations; per-coordinator outcomes are in each entry."
    )

"""Response models of the reports: the campaign's weekly case report and the case-subsidy ledger."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.cases.schemas import AssignmentRole, CaseStatus, Conclusion
from lrc_api.core.schemas import CitationOut, TraceStep
from lrc_api.rules.deadlines.schemas import DeadlineKey, Procedure
from lrc_api.rules.kpi.schemas import TargetOut
from lrc_api.rules.money.schemas import EmploymentIdentity
from lrc_api.stats.schemas import CountDefinition

# --- weekly case report (闵人社发〔2022〕34号 四(一)2, 三) ----------------------------------------

NearDeadlineState = TypeAliasType("NearDeadlineState", Literal["overdue", "due_soon"])
"""A near-limit case: past its main deadline (超期), or due within the pack's warning window."""


class ReportFigure(BaseModel):
    """One figure of the report: a count, or a rate (percent) with its numerator and denominator."""

    key: str = Field(description="Figure, e.g. `pre_mediation_rate`.")
    label: str = Field(description="As the document words it, e.g. 先行调解率.")
    value: int | None = Field(description="The count (null for a rate).")
    rate: float | None = Field(description="The rate in percent; null for a count or 0 cases.")
    numerator: int | None = Field(description="Cases in the numerator (rates).")
    denominator: int | None = Field(description="Cases in the denominator (rates).")


class WeeklyUnit(BaseModel):
    """The figures of one township (or of the whole region), for the week and the year to date."""

    region_id: int = Field(description="The unit's region.")
    name: str = Field(description="Its name.")
    kind: str = Field(description="Its kind.")
    direct: bool = Field(description="True for the requested region's own row.")
    policy: str = Field(description="Pack whose definitions it is counted under.")
    week: list[ReportFigure] = Field(description="The week's figures, in the pack's order.")
    year_to_date: list[ReportFigure] = Field(description="From 1 January to the week's end.")
    reason: str | None = Field(description="Why there are no figures (the pack defines none).")


class ReportItemDefinition(BaseModel):
    """How one figure is computed (a pack's ``kpi.weekly.<key>``)."""

    key: str = Field(description="Figure key.")
    label: str = Field(description="Its label.")
    count: str | None = Field(description="The count it shows (counts).")
    numerator: str | None = Field(description="The numerator count (rates).")
    denominator: str | None = Field(description="The denominator count (rates).")
    description: str = Field(description="The definition in words (the pack's Choice).")
    citation: CitationOut = Field(description="Where the figure is asked for.")


class NearDeadlineCase(BaseModel):
    """An open case whose main deadline is due within the warning window, or already past."""

    case_id: int = Field(description="The case.")
    number: str = Field(description="Its number.")
    region_id: int = Field(description="Its region.")
    region_name: str = Field(description="Its region's name.")
    unit_id: int = Field(description="The township (row) it counts in.")
    unit_name: str = Field(description="That township's name.")
    procedure: Procedure = Field(description="Its procedure.")
    status: CaseStatus = Field(description="Its status.")
    collective: bool = Field(description="Collective dispute: priority (办案规则 第五条).")
    deadline_key: DeadlineKey = Field(description="Its main deadline.")
    due_on: dt.date = Field(description="When the main deadline falls due.")
    working_days_left: int = Field(
        description="Working days after today up to the due date (negative: days overdue)."
    )
    state: NearDeadlineState = Field(description="Past due, or within the window.")
    policy: str = Field(description="Pack whose warning window applies (its region's).")
    warning_days: int = Field(description="The pack's warning window in working days.")


class WeeklyCaseReport(BaseModel):
    """闵人社发〔2022〕34号 四(一)2 and 三: the week's case figures per township, near-limit cases first."""

    model_config = ConfigDict(populate_by_name=True)

    region_id: int = Field(description="The region asked for.")
    region_name: str = Field(description="Its name.")
    week: str = Field(description="ISO week, e.g. 2025-W40.")
    week_from: dt.date = Field(description="Its Monday.")
    week_to: dt.date = Field(description="Its Sunday.")
    year_from: dt.date = Field(description="First day of the year-to-date figures.")
    as_of: dt.date = Field(description="Today: the day near-deadline cases are judged on.")
    policy: str = Field(description="Pack of the region: the roll-up is counted under it.")
    rules_version: str = Field(description="Version of the rules engine.")
    own_cases_only: bool = Field(description="True for a coordinator: its own cases only.")
    near_deadline: list[NearDeadlineCase] = Field(
        description="Open cases whose main deadline is overdue or due within the pack's warning "
        "window, earliest first: to be handled first (三 对审限即将到期的案件优先调解开庭裁决)."
    )
    near_deadline_total: int = Field(description="How many there are (the list may be cut).")
    total: WeeklyUnit = Field(description="The whole region, rolled up.")
    units: list[WeeklyUnit] = Field(description="One per township (乡镇、街道、园区、领域).")
    items: list[ReportItemDefinition] = Field(description="How each figure is computed.")
    definitions: list[CountDefinition] = Field(description="How each count takes stored cases.")


# --- case-subsidy ledger (以案定补) ---------------------------------------------------------------


class QualifyingRuleRead(BaseModel):
    """Which cases count for the subsidy (the pack's Choice)."""

    procedures: list[Procedure] = Field(description="Procedures counted.")
    conclusions: list[Conclusion] = Field(description="Ways of concluding counted (结案方式).")
    roles: list[AssignmentRole] = Field(description="Coordinator roles counted.")
    description: str = Field(description="The definition in words.")
    citation: CitationOut = Field(description="Where it comes from.")


class SubsidyLine(BaseModel):
    """One coordinator's case subsidy for the period."""

    coordinator_id: int = Field(description="The coordinator.")
    name: str = Field(description="Name.")
    region_id: int = Field(description="The coordinator's region.")
    employment_identity: EmploymentIdentity = Field(description="Employment identity.")
    cases: int = Field(description="Qualifying cases (one per case the coordinator is on).")
    eligible: bool = Field(
        description="May receive the subsidy: not 公务员, 事业编制 or 社区工作者 (二(三)2(1))."
    )
    amount_per_case: float | None = Field(description="The pack's rate (元); null when unknown.")
    amount: float | None = Field(
        description="Rate × cases (元), never cut; 0 when not eligible; null when the rate is "
        "not in the pack."
    )
    reason: str = Field(description="Why, in plain words.")
    citation: CitationOut = Field(description="The clause that decides eligibility.")


class SubsidyTotals(BaseModel):
    """The ledger's totals against the project's targets and budget line."""

    coordinators: int = Field(description="Coordinators with qualifying cases.")
    eligible_coordinators: int = Field(description="Of them, those who may receive it.")
    person_cases: int = Field(description="Qualifying cases summed over coordinators.")
    paid_person_cases: int = Field(description="Of them, those of eligible coordinators.")
    subsidized_cases: int = Field(
        description="Distinct cases with at least one eligible coordinator (the ≥ 76 target)."
    )
    amount: float | None = Field(description="Total (元); null when the rate is unknown.")
    cost_per_case: float | None = Field(
        description="Amount per paid person-case (元/人/案): the cost indicator (≤ 260)."
    )
    budget: float | None = Field(description="The pack's budget line (元), if it sets one.")
    budget_remaining: float | None = Field(description="Budget minus amount (negative: over).")
    within_budget: bool | None = Field(description="Amount within the budget line.")
    targets: list[TargetOut] = Field(description="The project's subsidy targets, each judged.")


class SubsidyLedger(BaseModel):
    """闵人社发〔2023〕55号 二(三)2(1): the case-subsidy ledger of a region for a period."""

    model_config = ConfigDict(populate_by_name=True)

    region_id: int = Field(description="The region asked for (its subtree's cases count).")
    region_name: str = Field(description="Its name.")
    period_from: dt.date = Field(alias="from", description="First day (cases concluded from).")
    period_to: dt.date = Field(alias="to", description="Last day.")
    policy: str = Field(description="Pack of the region, used for every line and the totals.")
    rules_version: str = Field(description="Version of the rules engine.")
    own_cases_only: bool = Field(description="True for a coordinator: its own line only.")
    qualifying: QualifyingRuleRead | None = Field(description="Which cases count (null: none).")
    lines: list[SubsidyLine] = Field(description="One per coordinator with qualifying cases.")
    totals: SubsidyTotals | None = Field(description="Totals; null when the pack has no subsidy.")
    reason: str | None = Field(description="Why there is no ledger (the pack has no subsidy).")
    warnings: list[str] = Field(description="Things to know (indicator exceeded, rate unknown…).")
    trace: list[TraceStep] = Field(description="How the totals were judged.")

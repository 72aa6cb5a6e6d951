"""Request and response models of the service-obligations calendar (工作机制)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import IsoDate, JsonInt, PolicyId, TraceStep
from lrc_api.core.text import RequestModel

ActivityKind = TypeAliasType(
    "ObligationActivityKind",
    Literal[
        "contact", "onsite_visit", "county_guidance", "training", "monthly_report", "placement"
    ],
)
"""联络 (target: enterprise coordinator), 实地指导服务 (target: enterprise), 县局指导服务 (target:
enterprise coordinator), 业务指导培训 (no target), 月报 (target: task force), 以干代训 (days)."""

Status = TypeAliasType("ObligationStatus", Literal["done", "late", "missed", "open"])
"""Enough by the due date; enough but after it; due date passed without enough; not yet due."""

MAX_PERIOD_DAYS = 5 * 366
"""Longest period one request may ask for (keeps the answer a reasonable size)."""

Id = str


class EnterpriseCoordinatorIn(RequestModel):
    """An enterprise coordinator of the region and the enterprise they serve."""

    model_config = ConfigDict(extra="forbid")

    id: Id = Field(min_length=1, max_length=100, description="The coordinator's id.")
    enterprise_id: Id = Field(min_length=1, max_length=100, description="The enterprise's id.")


class ActivityIn(RequestModel):
    """Something done on a day, by whom and for whom."""

    model_config = ConfigDict(extra="forbid")

    kind: ActivityKind = Field(description="What was done.")
    on: IsoDate = Field(description="Day done (YYYY-MM-DD); for a placement its first day.")
    coordinator_id: Id = Field(
        min_length=1, max_length=100, description="Who did it (for a placement: who was placed)."
    )
    target_id: Id | None = Field(
        None, min_length=1, max_length=100, description="For whom: see `kind`; none for trainings."
    )
    days: JsonInt | None = Field(
        None, strict=True, ge=1, le=366, description="Length of a placement in calendar days."
    )
    evaluated: bool | None = Field(
        None,
        strict=True,
        description="For a placement: whether the task force made its overall evaluation "
        "(综合评价, 汶政字〔2024〕59号 三(四)); not given, a pack that requires it leaves it open.",
    )


class ObligationsRequest(RequestModel):
    """A region over a period: whom obligations are owed for, and the activities done."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "policy": "zhejiang-2023",
                    "period_start": "2024-01-01",
                    "period_end": "2024-03-31",
                    "as_of": "2024-03-20",
                    "enterprise_coordinators": [{"id": "王秀兰", "enterprise_id": "鲁泰纺织"}],
                    "activities": [
                        {
                            "kind": "contact",
                            "on": "2024-01-09",
                            "coordinator_id": "李建国",
                            "target_id": "王秀兰",
                        },
                        {
                            "kind": "onsite_visit",
                            "on": "2024-03-04",
                            "coordinator_id": "李建国",
                            "target_id": "鲁泰纺织",
                        },
                    ],
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    period_start: IsoDate = Field(description="First day of the period (YYYY-MM-DD).")
    period_end: IsoDate = Field(
        description=f"Last day of the period (inclusive; at most {MAX_PERIOD_DAYS} days long)."
    )
    as_of: IsoDate = Field(description="The day to judge on: later due dates are open.")
    enterprise_coordinators: list[EnterpriseCoordinatorIn] = Field(
        default_factory=list,
        max_length=10_000,
        description="Enterprise coordinators of the region.",
    )
    task_forces: list[Id] = Field(
        default_factory=list, max_length=1_000, description="Ids of the task forces (工作专班)."
    )
    activities: list[ActivityIn] = Field(
        default_factory=list, max_length=100_000, description="Activities done."
    )

    @field_validator("period_end")
    @classmethod
    def _period_not_too_long(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("period_start")
        if isinstance(start, dt.date) and (end - start).days >= MAX_PERIOD_DAYS:
            raise ValueError(f"the period may be at most {MAX_PERIOD_DAYS} days long")
        return end


class ObligationOut(BaseModel):
    """One obligation instance with its window, due date and status."""

    obligation: str = Field(description="Pack key of the obligation, e.g. `enterprise_contact`.")
    activity: ActivityKind = Field(description="The activity that fulfils it.")
    target_id: str | None = Field(description="For whom it is owed (null: the region).")
    window_start: dt.date = Field(description="First day of its window (for a placement: start).")
    window_end: dt.date = Field(description="Last day of its window (for a placement: end).")
    due_on: dt.date = Field(description="Due date.")
    status: Status = Field(description="Status on `as_of`.")
    required: int = Field(description="Activities needed (for a placement: least days).")
    count: int = Field(description="Activities found in the window (for a placement: its days).")
    fulfilled_by: int | None = Field(description="Index in `activities` of the fulfilling one.")
    fulfilled_on: dt.date | None = Field(description="Day it was fulfilled.")
    citation: str = Field(description="Document and clause.")
    detail: str = Field(description="Why, in words.")


class ObligationsResponse(BaseModel):
    """The compliance calendar of the period and the count per status."""

    policy: str = Field(description="The policy pack used.")
    rules_version: str = Field(description="Version of the rules code.")
    obligations: list[ObligationOut] = Field(description="Instances, by obligation then window.")
    done: int = Field(description="Instances done in time.")
    late: int = Field(description="Instances done after the due date.")
    missed: int = Field(description="Instances missed.")
    open: int = Field(description="Instances not yet due.")
    trace: list[TraceStep] = Field(description="One step per obligation, in order.")

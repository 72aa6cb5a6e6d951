"""Response models of the obligations view (工作机制: due, done and missed)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import CitationOut, TraceStep
from lrc_api.rules.obligations.schemas import Status

ObligationStatus = Status
"""done (in time), late (done after the due date), missed (due and not done), open (not yet due):
the calculator's named enumeration, so clients get one type for both."""

TargetKind = TypeAliasType("ObligationTargetKind", Literal["coordinator", "enterprise", "region"])
"""Whom an instance is owed for: an enterprise coordinator, an enterprise, or a region/task force."""


class StatusCounts(BaseModel):
    """Instances by status."""

    done: int = Field(description="Done in time.")
    late: int = Field(description="Done after the due date.")
    missed: int = Field(description="Due and not done.")
    open: int = Field(description="Not yet due.")


class Target(BaseModel):
    """For whom an obligation instance is owed."""

    kind: TargetKind = Field(description="coordinator, enterprise or region.")
    id: int = Field(description="Its id.")
    name: str = Field(description="Its name.")


class ObligationInstance(BaseModel):
    """One obligation in one window, for one target: due when, done by which activity, or not."""

    obligation: str = Field(description="Pack key, e.g. `enterprise_contact`.")
    label: str = Field(
        description="In Chinese (vocabulary `obligation`), e.g. 每月联络企业劳动关系协调员."
    )
    activity: str = Field(description="The activity kind that fulfils it.")
    target: Target | None = Field(description="For whom it is owed (null: the unit as a whole).")
    window_start: dt.date = Field(description="First day of its window (placement: its start).")
    window_end: dt.date = Field(description="Last day of its window (placement: its end).")
    due_on: dt.date = Field(description="Due date.")
    status: ObligationStatus = Field(description="Status today.")
    status_label: str = Field(description="Status in Chinese (vocabulary `obligation_status`).")
    required: int = Field(description="Activities needed (placement: least days).")
    count: int = Field(description="Approved activities in the window (placement: its days).")
    fulfilled_by_activity_id: int | None = Field(description="The activity that fulfilled it.")
    fulfilled_by_coordinator_id: int | None = Field(description="Who did that activity.")
    fulfilled_on: dt.date | None = Field(description="Day it was fulfilled.")
    citation: CitationOut = Field(description="The clause that sets it.")
    detail: str = Field(description="Why, in words.")


class NotCounted(BaseModel):
    """An approved activity the obligations cannot count, and why (so the office can fix it)."""

    activity_id: int = Field(description="The activity.")
    kind: str = Field(description="Its kind.")
    reason: str = Field(description="Why it does not count.")


class UnitObligations(BaseModel):
    """A park, township, sub-district or task force (or the region itself) and its obligations."""

    region_id: int = Field(description="The unit's region.")
    name: str = Field(description="Its name.")
    kind: str = Field(description="Its kind.")
    policy: str = Field(description="Its pack.")
    applicable: bool = Field(description="Whether its pack sets obligations.")
    reason: str | None = Field(description="Why nothing is owed, when not applicable.")
    counts: StatusCounts = Field(description="Its instances by status.")
    obligations: list[ObligationInstance] = Field(
        description="Instances, by obligation, window, then target."
    )
    pending_review: int = Field(
        description="Activities of obligation kinds still waiting for review (not counted yet)."
    )
    not_counted: list[NotCounted] = Field(description="Approved activities that cannot count.")


class CoordinatorObligations(BaseModel):
    """One coordinator: what is owed for them, and what their activities fulfilled."""

    coordinator_id: int = Field(description="Coordinator id.")
    name: str = Field(description="姓名.")
    region_id: int = Field(description="Their region.")
    unit_region_id: int = Field(description="The unit they belong to.")
    enterprise_id: int | None = Field(description="The enterprise they serve, if any.")
    owed: StatusCounts = Field(
        description="Instances owed for them (contacts and guidance as an enterprise coordinator, "
        "their placements)."
    )
    fulfilled: StatusCounts = Field(
        description="Instances their activities fulfilled (done or late; missed and open are 0)."
    )


class ObligationTotals(BaseModel):
    """One obligation over every unit."""

    obligation: str = Field(description="Pack key.")
    label: str = Field(description="In Chinese.")
    citation: CitationOut = Field(description="The clause that sets it.")
    counts: StatusCounts = Field(description="Instances by status.")


class RegionObligations(BaseModel):
    """Service obligations of a region over a period (浙人社发〔2023〕18号 二(三); 闵人社发〔2023〕55号
    二(三)5; 汶政字〔2024〕59号 三(四),(六)), from its stored activities."""

    region_id: int = Field(description="The region asked for.")
    region_name: str = Field(description="Its name.")
    period_start: dt.date = Field(description="First day of the period.")
    period_end: dt.date = Field(description="Last day of the period.")
    as_of: dt.date = Field(description="The day statuses are judged on (today).")
    rules_version: str = Field(description="Version of the rules engine.")
    counts: StatusCounts = Field(description="All instances by status (rolled up).")
    by_obligation: list[ObligationTotals] = Field(description="Each obligation rolled up.")
    units: list[UnitObligations] = Field(description="Each unit with its instances.")
    coordinators: list[CoordinatorObligations] = Field(description="Each coordinator's share.")
    trace: list[TraceStep] = Field(description="The rules' steps per unit (pack:unit:obligation).")

"""Request and response models of the case-deadline, limitation and final-award calculators."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import CitationOut, JsonInt, PolicyId, TraceStep
from lrc_api.core.schemas import IsoDate as SharedIsoDate
from lrc_api.core.schemas import Money as SharedMoney
from lrc_api.core.text import RequestModel
from lrc_api.core.vocabulary import label as vocabulary_label
from lrc_rules import case_timeline
from lrc_rules.calendar import FIRST_DATE, LAST_DATE

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


assert (dt.date(1950, 1, 1), dt.date(2199, 12, 31)) == (FIRST_DATE, LAST_DATE), "update the pattern"
IsoDate = Annotated[
    SharedIsoDate,
    Field(
        ge=FIRST_DATE,
        le=LAST_DATE,
        # The document states the range as the years it allows (a date has no minimum in JSON
        # Schema); first and last days of the range are whole years.
        json_schema_extra={"pattern": r"^(19[5-9][0-9]|2[01][0-9][0-9])-"},
    ),
]
"""A date as `YYYY-MM-DD`, within the calendar's range (1950-01-01…2199-12-31)."""


Procedure = TypeAliasType(
    "Procedure",
    Literal[
        "mediation", "enterprise_mediation", "arbitration", "inspection", "wage_clue", "hotline"
    ],
)
"""调解组织调解, 企业调解委员会调解, 劳动人事争议仲裁, 劳动保障监察, 欠薪线索, 12345 热线工单."""

EventKind = TypeAliasType("DeadlineEventKind", Literal[case_timeline.EVENT_KINDS])  # type: ignore[valid-type]
"""A case event the deadlines react to."""

DeadlineKey = TypeAliasType(
    "DeadlineKey",
    Literal[
        "mediation_end",
        "acceptance_decision",
        "serve_respondent",
        "defence_due",
        "hearing_notice",
        "award",
        "sue_after_award",
        "revoke_final_award",
        "complaint_acceptance",
        "investigation",
        "closure",
    ],
)
"""A deadline of one of the procedures."""

Matter = TypeAliasType("Matter", Literal["consultation", "help", "complaint", "complex"])
"""Kind of wage-clue or hotline matter (咨询, 求助, 投诉, 复杂): local closure limits differ."""

DayBasis = TypeAliasType("DayBasis", Literal["working_days", "calendar_days"])
"""How a period's days are counted: working days (工作日) or calendar days (日)."""

DeadlineStatus = TypeAliasType(
    "DeadlineStatus", Literal["met", "late", "open", "due_soon", "overdue"]
)
"""A deadline's state on `as_of`: met in time, met late, open, due soon, or overdue."""

ExtensionOutcome = TypeAliasType(
    "ExtensionOutcome", Literal["applied", "late", "dropped_by_restart"]
)
"""What became of an extension (延期): applied; granted too late to extend; or dropped because
a restart ended the period it extended (劳动人事争议仲裁办案规则 第四十六条)."""

LimitationStatus = TypeAliasType(
    "LimitationStatus", Literal["not_running", "running", "suspended", "expired"]
)
"""The limitation period's state on `as_of` (仲裁时效): not yet running, running, suspended, expired."""

ClaimType = TypeAliasType(
    "ClaimType",
    Literal[
        "labor_remuneration",
        "work_injury_medical",
        "economic_compensation",
        "damages",
        "labor_standards",
        "other",
    ],
)
"""劳动报酬, 工伤医疗费, 经济补偿, 赔偿金, 劳动标准争议 (工时/休息休假/社保), other."""

Money = SharedMoney
"""An amount in 元 (a JSON number, at most two decimals)."""


# --- case deadlines ------------------------------------------------------------------------------


class CaseEventIn(RequestModel):
    """One event of the case timeline."""

    model_config = ConfigDict(extra="forbid")

    kind: EventKind = Field(description="What happened.")
    on: IsoDate = Field(
        description="The day it happened; for `hearing_scheduled`, the hearing date (may be future)."
    )
    days: JsonInt | None = Field(
        None, strict=True, ge=1, le=400, description="Only for `extension`: days granted."
    )


class CaseDeadlinesIn(RequestModel):
    """A case's dates and events; deadlines are computed on the real working-day calendar."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "procedure": "arbitration",
                    "received_on": "2025-09-22",
                    "accepted_on": "2025-09-26",
                    "worker_count": 1,
                    "events": [{"kind": "respondent_served", "on": "2025-10-10"}],
                    "as_of": "2025-10-15",
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    procedure: Procedure = Field(description="Which procedure the case follows.")
    received_on: IsoDate = Field(description="Day the application, complaint or clue arrived.")
    accepted_on: IsoDate | None = Field(
        None, description="Day it was accepted (受理): arbitration, enterprise mediation."
    )
    filed_on: IsoDate | None = Field(
        None, description="Day the inspection case was filed (立案): starts the investigation."
    )
    events: list[CaseEventIn] = Field(
        default_factory=list, max_length=500, description="Case events, in any order."
    )
    done: dict[DeadlineKey, IsoDate] = Field(
        default_factory=dict, description="Deadlines already met, with the day each was met."
    )
    matter: Matter | None = Field(
        None, description="For wage_clue and hotline: the kind of matter (local limits differ)."
    )
    worker_count: JsonInt | None = Field(
        None, strict=True, ge=1, le=1_000_000, description="Workers on the claimant side."
    )
    as_of: IsoDate = Field(description="The day the statuses are judged on.")


class DeadlineOut(BaseModel):
    """One deadline with its due date, how it was counted and its status on as_of."""

    key: DeadlineKey = Field(description="Which deadline.")
    label: str = Field(
        "",
        description="The deadline's Chinese name (vocabulary `deadline_key`), e.g. 仲裁审理期限.",
    )
    due_on: dt.date = Field(description="Last day to meet it.")
    basis: DayBasis = Field(description="How days were counted.")
    days: int = Field(description="Length counted, extension included, excluded days not.")
    counts_from: dt.date = Field(
        description="Day counting starts (not counted); for hearing_notice, the hearing date."
    )
    citation: CitationOut = Field(description="The article that sets the deadline.")
    status: DeadlineStatus = Field(
        description="met/late when done; otherwise open, due_soon (within the window) or overdue."
    )
    provisional: bool = Field(description="True when a year without holiday data was used.")
    done_on: dt.date | None = Field(description="Day it was met, if it was.")
    extension_days: int = Field(description="Days added by the (single) extension.")
    excluded_days: int = Field(description="Days not counted (suspension, public notice).")
    suspended: bool = Field(description="True while the clock is stopped: due date still moves.")
    extension: ExtensionOutcome | None = Field(
        None,
        description=(
            "What became of an extension of this deadline: `applied`; `late` (granted after the "
            "period had run out, so it does not extend it); `dropped_by_restart` (granted for a "
            "period that a restart ended, 办案规则 第四十六条); null without one."
        ),
    )

    @model_validator(mode="after")
    def _label(self) -> DeadlineOut:
        self.label = self.label or vocabulary_label("deadline_key", self.key)
        return self


class PendingOut(BaseModel):
    """A deadline of the procedure that has not started yet."""

    key: DeadlineKey = Field(description="Which deadline.")
    label: str = Field("", description="The deadline's Chinese name (vocabulary `deadline_key`).")
    waiting_for: str = Field(description="The date or event that will start it.")
    citation: CitationOut = Field(description="The article that sets it.")

    @model_validator(mode="after")
    def _label(self) -> PendingOut:
        self.label = self.label or vocabulary_label("deadline_key", self.key)
        return self


class CaseDeadlinesOut(BaseModel):
    """Every deadline of the case, those not started, and the explanation."""

    policy: str = Field(description="Policy pack used.")
    rules_version: str = Field(description="Version of the rules engine.")
    procedure: Procedure = Field(description="The procedure.")
    deadlines: list[DeadlineOut] = Field(description="Computed deadlines, in procedure order.")
    pending: list[PendingOut] = Field(description="Deadlines waiting for a date or event.")
    collective: bool | None = Field(
        description="Collective dispute (≥ 10 workers): priority; null without worker_count."
    )
    provisional: bool = Field(description="True when any deadline used a year without data.")
    warnings: list[str] = Field(description="Things to know (years without data, late extension).")
    trace: list[TraceStep] = Field(description="How each deadline was computed.")


# --- limitation ----------------------------------------------------------------------------------


class SuspensionIn(RequestModel):
    """A suspension (中止) of the limitation period."""

    model_config = ConfigDict(extra="forbid")

    start: IsoDate = Field(description="Day the cause (force majeure, other good reason) began.")
    end: IsoDate | None = Field(None, description="Day the cause ended; empty while it lasts.")


class LimitationIn(RequestModel):
    """The facts that decide when the arbitration limitation period (仲裁时效) expires."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"knew_on": "2024-10-01", "claim_type": "damages", "as_of": "2025-01-01"}]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    knew_on: IsoDate = Field(description="Day the party knew or should have known of the harm.")
    interruptions: list[IsoDate] = Field(
        default_factory=list, max_length=200, description="Days the period was interrupted."
    )
    suspensions: list[SuspensionIn] = Field(
        default_factory=list, max_length=200, description="Suspensions of the period."
    )
    claim_type: ClaimType = Field(description="What is claimed.")
    employment_ended_on: IsoDate | None = Field(
        None, description="Day the employment ended (matters for unpaid pay)."
    )
    as_of: IsoDate = Field(description="The day the status is judged on.")


class LimitationOut(BaseModel):
    """When the limitation period expires, and where it stands."""

    policy: str = Field(description="Policy pack used.")
    rules_version: str = Field(description="Version of the rules engine.")
    expires_on: dt.date | None = Field(description="Last day to apply; null while it does not run.")
    status: LimitationStatus = Field(description="Where the period stands on as_of.")
    runs_from: dt.date | None = Field(description="Day the (last) period started, not counted.")
    claim_type: ClaimType = Field(description="What is claimed.")
    provisional: bool = Field(description="True when a year without holiday data was used.")
    warnings: list[str] = Field(description="Things to know.")
    trace: list[TraceStep] = Field(description="How the date was reached.")


# --- final award ---------------------------------------------------------------------------------


class ClaimIn(RequestModel):
    """One claim item of the award."""

    model_config = ConfigDict(extra="forbid")

    type: ClaimType = Field(description="What the item is about.")
    awarded_amount: Money | None = Field(
        None,
        description=(
            "The amount the award determines for this item (每项确定的数额, 元) — not the amount "
            "claimed; required for money items (劳动人事争议仲裁办案规则 第五十条)."
        ),
    )


class FinalAwardIn(RequestModel):
    """The claim items of an award and the day it is made."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "policy": "pujin-2024",
                    "decided_on": "2025-08-01",
                    "claims": [
                        {"type": "labor_remuneration", "awarded_amount": 32880},
                        {"type": "labor_standards"},
                    ],
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    monthly_minimum_wage: Money | None = Field(
        None, description="Local monthly minimum wage (元); default: the pack's on decided_on."
    )
    decided_on: IsoDate = Field(description="Day of the award.")
    claims: list[ClaimIn] = Field(min_length=1, max_length=200, description="Claim items.")


class ClaimOutcomeOut(BaseModel):
    """Whether one claim item is final (一裁终局)."""

    type: ClaimType = Field(description="What the item is about.")
    awarded_amount: float | None = Field(
        description="The amount the award determines for this item (元), as judged."
    )
    final: bool = Field(description="True when the award on this item is final.")
    threshold: float | None = Field(description="12 × monthly minimum wage, for money claims.")
    reason: str = Field(description="Why.")
    citation: CitationOut = Field(description="The article applied.")


class FinalAwardOut(BaseModel):
    """Per-claim final-award outcomes."""

    policy: str = Field(description="Policy pack used.")
    rules_version: str = Field(description="Version of the rules engine.")
    decided_on: dt.date = Field(description="Day of the award.")
    monthly_minimum_wage: float | None = Field(description="Minimum wage used (元/月).")
    threshold: float | None = Field(description="The threshold (元), when a money claim is made.")
    claims: list[ClaimOutcomeOut] = Field(description="One outcome per claim item, in order.")
    trace: list[TraceStep] = Field(description="How each item was judged.")

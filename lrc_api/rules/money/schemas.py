"""Request and response models of the money calculators (subsidy, pay parity, budget floor)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import JsonInt, PolicyId, TraceStep
from lrc_api.core.text import RequestModel
from lrc_api.rules.deadlines.schemas import IsoDate, Money
from lrc_rules import money

PayParityOutcome = TypeAliasType(
    "PayParityOutcome", Literal["parity", "floor_met", "floor_due", "floor_missed"]
)
"""Pay parity outcome: equal pay already, the floor met, due, or missed."""

EmploymentIdentity = TypeAliasType("EmploymentIdentity", Literal[money.IDENTITIES])  # type: ignore[valid-type]
"""公务员, 事业编制, 社区工作者, 协管员, 企业职工, 社会调解员, 律师, 退休人员, 其他."""


class SubsidyIn(RequestModel):
    """A coordinator's identity and the cases to subsidize (以案定补)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "policy": "pujin-2024",
                    "employment_identity": "social_mediator",
                    "cases": 2,
                    "amount_per_case": 260,
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    employment_identity: EmploymentIdentity = Field(description="The coordinator's identity.")
    cases: JsonInt = Field(strict=True, ge=0, le=100_000, description="Cases to subsidize.")
    amount_per_case: Money | None = Field(
        None, description="Municipal rate per case (元) when the pack does not carry it."
    )
    as_of: IsoDate | None = Field(None, description="Day whose rules apply; default: latest.")


class SubsidyOut(BaseModel):
    """Eligibility and amount of the case subsidy."""

    policy: str = Field(description="Policy pack used.")
    rules_version: str = Field(description="Version of the rules engine.")
    eligible: bool = Field(description="Whether the identity may receive the subsidy.")
    cases: int = Field(description="Cases counted.")
    amount_per_case: float | None = Field(description="Rate per case (元), if known.")
    cost_indicator_per_case: float | None = Field(
        description=(
            "The pack's cost indicator per person per case (元), e.g. 浦锦 ≤260 元/人/案: a "
            "budget indicator, reported when exceeded, never deducted; null when none."
        )
    )
    amount: float | None = Field(
        description="Payable amount (元) = rate × cases, never cut; null when the rate is unknown."
    )
    reason: str = Field(description="Why, in plain words.")
    warnings: list[str] = Field(description="E.g. that the cost indicator is exceeded.")
    trace: list[TraceStep] = Field(description="How it was decided.")


class PayParityIn(RequestModel):
    """Average coordinator pay and the district's average community-worker pay."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "policy": "minhang-2023",
                    "coordinator_average": 7999,
                    "community_worker_average": 10000,
                    "as_of": "2025-08-01",
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    coordinator_average: Money = Field(description="Average coordinator pay (元).")
    community_worker_average: Money = Field(
        description="Average community-worker pay of the district (元)."
    )
    as_of: IsoDate = Field(description="Day the comparison is made.")


class PayParityOut(BaseModel):
    """Coordinator pay as a share of community-worker pay, against the floor and parity."""

    policy: str = Field(description="Policy pack used.")
    rules_version: str = Field(description="Version of the rules engine.")
    percent: float = Field(description="Coordinator pay as percent of community-worker pay.")
    floor_percent: float = Field(description="Floor (percent) to reach within two years.")
    floor_by: dt.date = Field(description="Day the floor applies from.")
    parity_percent: float = Field(description="Parity target (percent), without a date.")
    outcome: PayParityOutcome = Field(
        description="parity; floor_met; floor_due (below, not yet due); floor_missed."
    )
    trace: list[TraceStep] = Field(description="How it was decided.")


class BudgetFloorIn(RequestModel):
    """A township's annual labor-dispute work budget."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"policy": "pujin-2024", "annual_budget": 150000}]},
        extra="forbid",
    )

    policy: PolicyId = None
    annual_budget: Money = Field(description="The year's work budget (元).")
    as_of: IsoDate | None = Field(None, description="Day whose rules apply; default: latest.")


class BudgetFloorOut(BaseModel):
    """The budget against the floor."""

    policy: str = Field(description="Policy pack used.")
    rules_version: str = Field(description="Version of the rules engine.")
    meets: bool = Field(description="Whether the budget reaches the floor.")
    floor: float = Field(description="The floor (元 a year).")
    shortfall: float = Field(description="How much is missing (元), 0 when met.")
    trace: list[TraceStep] = Field(description="How it was decided.")


def num(value: Decimal | None) -> float | None:
    """A money amount as a JSON number."""
    return None if value is None else float(value)

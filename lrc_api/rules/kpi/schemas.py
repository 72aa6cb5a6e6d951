"""Request and response models of the KPI and project-target calculators."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import CitationOut, JsonInt, PolicyId, TraceStep
from lrc_api.core.text import RequestModel
from lrc_api.rules.deadlines.schemas import IsoDate

Count = Annotated[JsonInt | None, Field(None, strict=True, ge=0, le=10_000_000)]


KpiComparator = TypeAliasType("KpiComparator", Literal[">=", "<=", "=="])
"""How a rate meets its target: at least (>=), at most (<=), or exactly (==)."""

TargetComparator = TypeAliasType("TargetComparator", Literal[">=", "<=", "==", "judgment"])
"""How a target is met: by a comparison, or by a reviewer's judgment (no number to compare)."""

TargetOutcome = TypeAliasType(
    "TargetOutcome", Literal["met", "not_met", "needs_judgment", "no_data"]
)
"""A target's outcome: met, not met, left to a reviewer's judgment, or no data given."""


class KpiCounts(RequestModel):
    """One period's counts; a count left out is unknown (its indicators have no data)."""

    model_config = ConfigDict(extra="forbid")

    mediations_concluded: Count = Field(None, description="Mediations concluded (调解结案).")
    mediations_successful: Count = Field(None, description="Mediations ended in agreement.")
    disputes_received: Count = Field(None, description="Disputes received (受理争议).")
    disputes_pre_mediated: Count = Field(None, description="Disputes mediated before arbitration.")
    arbitration_accepted: Count = Field(None, description="Arbitration cases accepted.")
    arbitration_closed: Count = Field(None, description="Arbitration cases closed (结案).")
    inspection_closed: Count = Field(None, description="Inspection cases closed.")
    inspection_closed_on_time: Count = Field(
        None, description="Inspection cases closed by their deadline."
    )
    wage_clues_closed: Count = Field(None, description="Wage-arrears platform clues closed.")
    wage_clues_closed_on_time: Count = Field(None, description="Clues closed by their deadline.")


class KpiIn(RequestModel):
    """Counts of a period, judged against a pack's KPI targets."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "policy": "minhang-2022",
                    "counts": {
                        "mediations_concluded": 10,
                        "mediations_successful": 8,
                        "arbitration_accepted": 100,
                        "arbitration_closed": 91,
                    },
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    counts: KpiCounts = Field(description="The period's counts.")
    as_of: IsoDate | None = Field(None, description="Day whose targets apply; default: latest.")


class IndicatorOut(BaseModel):
    """One indicator: the rate, its target and whether it is met."""

    key: str = Field(description="Indicator, e.g. `mediation_success_rate`.")
    rate: float | None = Field(description="Rate in percent (2 decimals); null without data.")
    target: float = Field(description="Target in percent.")
    comparator: KpiComparator = Field(description="How the rate meets the target.")
    met: bool | None = Field(description="Whether the target is met; null without data.")
    numerator: int | None = Field(description="The numerator count used.")
    denominator: int | None = Field(description="The denominator count used.")
    formula: str = Field(description="The formula (a Choice recorded in the pack).")
    citation: CitationOut = Field(description="Where the target comes from.")
    exceeded: bool | None = Field(
        None, description="For a met `==` or `>=` target: true when the value is above it."
    )


class KpiOut(BaseModel):
    """The indicators of the pack."""

    policy: str = Field(description="Policy pack used.")
    rules_version: str = Field(description="Version of the rules engine.")
    indicators: list[IndicatorOut] = Field(description="One entry per indicator.")
    warnings: list[str] = Field(
        default_factory=list,
        description="E.g. that as_of lies outside the campaign the targets were set for "
        "(闵人社发〔2022〕34号 一、行动时间): they are then reference targets.",
    )
    trace: list[TraceStep] = Field(description="How each rate was computed.")


Measured = (
    Annotated[float, Field(strict=True, allow_inf_nan=False)]
    | Annotated[str, Field(strict=True, max_length=200)]
)


class TargetsIn(RequestModel):
    """Measured values of a project's performance targets."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "policy": "pujin-2024",
                    "measured": {
                        "cost_per_subsidized_case": 255.5,
                        "subsidized_cases": 70,
                        "long_term_mechanism": "健全",
                    },
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    measured: dict[str, Measured | None] = Field(
        default_factory=dict,
        max_length=100,
        description="Metric → measured value (number; text for qualitative targets).",
    )
    as_of: IsoDate | None = Field(None, description="Day whose targets apply; default: latest.")


class TargetOut(BaseModel):
    """One project target and its outcome."""

    metric: str = Field(description="Metric id, e.g. `cost_per_subsidized_case`.")
    label: str = Field(description="The target as the document words it.")
    comparator: TargetComparator = Field(
        description=(
            'The target as the table writes it: `==` is a 绩效目标 "=N" quantity, met at N or '
            "more; `>=`, `<=` as written; `judgment` for qualitative targets."
        )
    )
    value: float | str = Field(description="Target value (text for qualitative targets).")
    unit: str = Field(description="Unit of the value.")
    measured: float | str | None = Field(description="The measured value, if given.")
    outcome: TargetOutcome = Field(
        description="met / not_met; needs_judgment for qualitative targets; no_data if not given."
    )
    citation: CitationOut = Field(description="Where the target comes from.")
    exceeded: bool | None = Field(
        None, description="For a met `==` or `>=` target: true when the value is above it."
    )


class TargetsOut(BaseModel):
    """Every target of the pack with its outcome."""

    policy: str = Field(description="Policy pack used.")
    rules_version: str = Field(description="Version of the rules engine.")
    targets: list[TargetOut] = Field(description="One entry per target.")
    trace: list[TraceStep] = Field(description="How each target was judged.")

"""Response models of the KPI view (考核指标) over stored cases."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.cases.schemas import Conclusion, Timeliness
from lrc_api.core.schemas import CitationOut, TraceStep
from lrc_api.rules.deadlines.schemas import Procedure
from lrc_api.rules.kpi.schemas import KpiComparator
from lrc_rules.case_stats import PERIODS, CountRule

Period = TypeAliasType("CountPeriod", Literal[PERIODS])  # type: ignore[valid-type]
"""How a count ties a case to the period: received, accepted, concluded, open_at_end, handled."""


class CountDefinition(BaseModel):
    """How one count takes stored cases (a Choice of the pack: ``kpi.counts.<name>``)."""

    name: str = Field(description="Count name, e.g. `mediations_successful`.")
    description: str = Field(description="The definition in words, as the pack states it.")
    procedures: list[Procedure] = Field(description="Procedures counted.")
    period: Period = Field(
        description="received / accepted / concluded: that day lies in the period; open_at_end: "
        "received by the end and not concluded by then (在办); handled: received by the end and "
        "not concluded before the start (旧存 + 新收)."
    )
    concluded_by_end: bool = Field(description="Also concluded on or before the period's end.")
    conclusions: list[Conclusion] | None = Field(
        description="Only cases that concluded so (结案方式); null: any."
    )
    timeliness: list[Timeliness] | None = Field(
        description="Only cases concluded on time / late against their main deadline; null: any."
    )
    citation: CitationOut = Field(description="Where the count is needed from.")

    @classmethod
    def of(cls, rule: CountRule) -> CountDefinition:
        """The response form of a pack's count rule."""
        return cls(
            name=rule.name,
            description=rule.description,
            procedures=list(rule.procedures),
            period=rule.period,
            concluded_by_end=rule.concluded_by_end,
            conclusions=None if rule.conclusions is None else list(rule.conclusions),
            timeliness=None if rule.timeliness is None else list(rule.timeliness),
            citation=CitationOut.of(rule.citation),
        )


class KpiIndicatorRead(BaseModel):
    """One indicator of the pack for a unit: rate, numerator, denominator, target, met."""

    key: str = Field(description="Indicator, e.g. `mediation_success_rate`.")
    name: str = Field(
        description="Its Chinese name (vocabulary `kpi_indicator`), e.g. 调解成功率; a pack's own "
        "indicator the vocabulary does not name shows its key."
    )
    rate: float | None = Field(description="Rate in percent (2 decimals); null without data.")
    numerator: int = Field(description="Cases counted in the numerator.")
    denominator: int = Field(description="Cases counted in the denominator.")
    numerator_count: str = Field(description="The count used as numerator (see definitions).")
    denominator_count: str = Field(description="The count used as denominator.")
    target: float = Field(description="Target in percent.")
    comparator: KpiComparator = Field(description="How the rate meets the target.")
    met: bool | None = Field(description="Whether the target is met; null without data (0 cases).")
    formula: str = Field(description="numerator / denominator × 100.")
    definition: str = Field(description="The pack's Choice of formula, in words.")
    citation: CitationOut = Field(description="Where the target comes from.")


class KpiUnit(BaseModel):
    """The indicators of one township (or of the whole region, rolled up)."""

    region_id: int = Field(description="The unit's region.")
    name: str = Field(description="Its name.")
    kind: str = Field(description="Its kind (township, subdistrict, park, domain, county …).")
    direct: bool = Field(
        description="True for the requested region's own row: cases of regions above any township."
    )
    policy: str = Field(description="Policy pack the unit is judged under (its region's).")
    counts: dict[str, int] = Field(description="Every count the indicators use, by name.")
    indicators: list[KpiIndicatorRead] = Field(description="The pack's indicators.")
    reason: str | None = Field(
        description="Why there are no indicators (the pack sets none, or not for the period)."
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="E.g. that the period lies outside the campaign the targets were set for "
        "(闵人社发〔2022〕34号 一、行动时间): they are then reference targets.",
    )


class KpiRead(BaseModel):
    """闵人社发〔2022〕34号 二: a region's indicators over a period, per township and rolled up."""

    model_config = ConfigDict(populate_by_name=True)

    region_id: int = Field(description="The region asked for (its subtree is counted).")
    region_name: str = Field(description="Its name.")
    period_from: dt.date = Field(alias="from", description="First day of the period.")
    period_to: dt.date = Field(alias="to", description="Last day of the period.")
    policy: str = Field(description="Pack of the region: the roll-up is judged under it.")
    rules_version: str = Field(description="Version of the rules engine.")
    own_cases_only: bool = Field(
        description="True for a coordinator: only the cases it is assigned to are counted."
    )
    total: KpiUnit = Field(description="The whole region, rolled up.")
    units: list[KpiUnit] = Field(description="One per township (乡镇、街道、园区、领域).")
    definitions: dict[str, list[CountDefinition]] = Field(
        description="Pack id → how each count takes stored cases (the Choices used)."
    )
    trace: list[TraceStep] = Field(description="How the rolled-up indicators were computed.")

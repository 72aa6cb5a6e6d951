"""Request and response models of the early-warning calculator (shared by the stored-data views)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import CitationOut, IsoDate, JsonInt, PolicyId, TraceStep
from lrc_api.core.text import RequestModel
from lrc_rules.early_warning import RiskAssessment

Level = TypeAliasType("RiskLevel", Literal["green", "yellow", "orange", "red"])
"""Risk level, lowest first: 绿色, 黄色, 橙色, 红色."""

Direction = TypeAliasType("RiskDirection", Literal["up", "down", "steady"])
"""Trend against the previous window: 上升, 下降, 持平."""

SignalUnit = TypeAliasType("SignalUnit", Literal["workers", "months", "percent"])
"""What a signal kind's values count: workers, months or percent (0–100)."""

SignalWindow = TypeAliasType("SignalWindow", Literal["current", "previous"])
"""The window a signal fell in: the one ending on `as_of`, or the one of equal length before."""

IgnoredSignalReason = TypeAliasType(
    "IgnoredSignalReason",
    Literal["unknown_kind", "after_as_of", "older_than_windows", "before_in_force"],
)
"""Why a signal did not count: a kind the pack does not know, observed after the day assessed,
older than both windows, or before the pack was in force."""

SignalKindCode = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        pattern=r"^[a-z][a-z0-9_]*$",
        description=(
            "Signal kind, one of the pack's (`GET /v1/policies/{id}` under `early_warning.kinds`); "
            "the national pack's: wage_arrears_clue 欠薪线索, dispute 劳动争议, collective_dispute "
            "集体劳动争议, hotline_complaint 热线投诉, overdue_case 逾期案件, pay_cut 减薪, layoff 裁员, "
            "closure_relocation 关停并转迁, social_insurance_arrears 社保欠缴, tax_arrears 欠税, "
            "water_drop 用水下降, power_drop 用电下降."
        ),
    ),
]
"""A signal kind code (validated against the pack of the computation)."""

SignalValue = Annotated[
    float,
    Field(
        strict=True,  # a number, never `false` or "3" (JSON Schema's number)
        ge=0,
        le=10_000_000,
        allow_inf_nan=False,
        description="In the kind's unit: workers, months or percent (0–100); some kinds take none.",
    ),
]
"""A signal's measured value."""


class SignalIn(RequestModel):
    """One signal about an enterprise."""

    model_config = ConfigDict(extra="forbid")

    kind: SignalKindCode
    observed_on: IsoDate = Field(description="Day the signal was observed (YYYY-MM-DD).")
    value: SignalValue | None = Field(None, description="Workers, months or percent; see kind.")
    count: JsonInt = Field(1, strict=True, ge=1, le=1_000_000, description="Identical signals.")
    ref: str | None = Field(
        None, max_length=200, description="Your reference, returned with the signal's points."
    )


class EarlyWarningRequest(RequestModel):
    """An enterprise's signals, assessed on a day under a pack."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "as_of": "2025-06-30",
                    "signals": [
                        {"kind": "collective_dispute", "observed_on": "2025-06-20", "value": 12},
                        {"kind": "wage_arrears_clue", "observed_on": "2025-06-01", "value": 30},
                        {"kind": "layoff", "observed_on": "2025-06-29", "value": 25},
                        {"kind": "hotline_complaint", "observed_on": "2025-02-01", "count": 2},
                    ],
                }
            ]
        },
    )

    policy: PolicyId = None
    as_of: IsoDate = Field(description="Day assessed: the window ends on it.")
    signals: list[SignalIn] = Field(
        default_factory=list, max_length=10_000, description="The enterprise's signals."
    )


class DimensionOut(BaseModel):
    """One dimension (维度): points after its cap and the level they reach."""

    dimension: str = Field(description="Dimension code, e.g. `rights` (劳动维权).")
    name: str = Field(description="Its Chinese name.")
    raw_points: float = Field(description="Sum of its kinds' points before the dimension's cap.")
    cap: float = Field(description="The dimension's cap.")
    points: float = Field(description="Points after the cap.")
    capped: bool = Field(description="Whether the cap cut the points.")
    level: Level = Field(description="Level of the dimension (its thresholds, raised by floors).")
    floor: Level | None = Field(description="Level a kind present keeps it at, if any.")
    citation: CitationOut = Field(description="Where the dimension's cap comes from.")


class DriverOut(BaseModel):
    """One kind of signal in the window: count, weight, points, share of the score."""

    kind: str = Field(description="Signal kind code.")
    name: str = Field(description="Its Chinese name.")
    dimension: str = Field(description="The dimension it belongs to.")
    count: int = Field(description="Signals of this kind in the window.")
    weight: float = Field(description="Points of one fresh signal at magnitude 1.")
    unit: SignalUnit | None = Field(description="Unit of values.")
    raw_points: float = Field(description="Sum of the signals' points (after decay and tiers).")
    cap: float = Field(description="The kind's cap.")
    points: float = Field(description="Points after the kind's cap.")
    capped: bool = Field(description="Whether the cap cut the points.")
    contribution: float = Field(
        description="Share of the score after every cap; the contributions add up to the score."
    )
    floor: Level | None = Field(description="Level such a signal keeps the enterprise at, if any.")
    citation: CitationOut = Field(description="Where the kind's numbers come from.")


class TrendOut(BaseModel):
    """The score at the end of the previous window of equal length, and the change."""

    previous_start: dt.date = Field(description="First day of the previous window.")
    previous_end: dt.date = Field(description="Last day of the previous window.")
    previous_score: float = Field(description="Score on previous_end.")
    previous_level: Level = Field(description="Level on previous_end.")
    delta: float = Field(description="score − previous_score.")
    direction: Direction = Field(description="up / down at the pack's minimum change, else steady.")


class SignalPointsOut(BaseModel):
    """What one input signal scored before the caps, and in which window."""

    index: int = Field(description="Position in the request's signals.")
    kind: str = Field(description="Signal kind.")
    observed_on: dt.date = Field(description="Day observed.")
    window: SignalWindow = Field(description="The window it fell in.")
    age_days: int = Field(description="Days from observed_on to the end of its window.")
    magnitude: float = Field(description="Factor of its value's tier (1 below the first tier).")
    decay: float = Field(description="0.5 ** (age / half-life).")
    points: float = Field(description="count × weight × magnitude × decay.")
    ref: str | None = Field(description="Your reference.")


class IgnoredSignalOut(BaseModel):
    """A signal that did not count."""

    index: int = Field(description="Position in the request's signals.")
    reason: IgnoredSignalReason = Field(description="Why it did not count.")


class RiskAssessmentOut(BaseModel):
    """An enterprise's risk on a day: level, score, dimensions, drivers, trend, explanation."""

    policy: str = Field(description="Policy pack used.")
    rules_version: str = Field(description="Version of the rules engine.")
    as_of: dt.date = Field(description="Day assessed (the window's last day).")
    window_start: dt.date = Field(description="First day of the window.")
    window_days: int = Field(description="Length of the window (days).")
    score: float = Field(description="Total score after the caps, 2 decimals.")
    level: Level = Field(description="Risk level (the score's, raised by a floor).")
    score_level: Level = Field(description="Level the score alone reaches.")
    floor: Level | None = Field(description="Highest floor of the kinds present, if any.")
    floor_kinds: list[str] = Field(description="Kinds that set that floor.")
    alert: bool = Field(description="Whether the level reaches the pack's alert level (orange).")
    dimensions: list[DimensionOut] = Field(description="Every dimension of the pack.")
    drivers: list[DriverOut] = Field(description="Kinds present, largest contribution first.")
    trend: TrendOut = Field(description="Against the previous window.")
    signals: list[SignalPointsOut] = Field(description="Each counted signal's points.")
    ignored: list[IgnoredSignalOut] = Field(description="Signals that did not count.")
    explanation: str = Field(description="Why, in plain Chinese.")
    trace: list[TraceStep] = Field(description="How the level was reached, step by step, cited.")

    @classmethod
    def of(cls, r: RiskAssessment) -> RiskAssessmentOut:
        """The response form of a rules-engine assessment."""
        return cls.model_validate(
            {
                "policy": r.policy,
                "rules_version": r.rules_version,
                "as_of": r.as_of,
                "window_start": r.window_start,
                "window_days": r.window_days,
                "score": r.score,
                "level": r.level,
                "score_level": r.score_level,
                "floor": r.floor,
                "floor_kinds": list(r.floor_kinds),
                "alert": r.alert,
                "dimensions": [
                    {
                        "dimension": d.dimension,
                        "name": d.name,
                        "raw_points": d.raw_points,
                        "cap": d.cap,
                        "points": d.points,
                        "capped": d.capped,
                        "level": d.level,
                        "floor": d.floor,
                        "citation": CitationOut.of(d.citation),
                    }
                    for d in r.dimensions
                ],
                "drivers": [
                    {
                        "kind": k.kind,
                        "name": k.name,
                        "dimension": k.dimension,
                        "count": k.count,
                        "weight": k.weight,
                        "unit": k.unit,
                        "raw_points": k.raw_points,
                        "cap": k.cap,
                        "points": k.points,
                        "capped": k.capped,
                        "contribution": k.contribution,
                        "floor": k.floor,
                        "citation": CitationOut.of(k.citation),
                    }
                    for k in r.drivers
                ],
                "trend": {
                    "previous_start": r.trend.previous_start,
                    "previous_end": r.trend.previous_end,
                    "previous_score": r.trend.previous_score,
                    "previous_level": r.trend.previous_level,
                    "delta": r.trend.delta,
                    "direction": r.trend.direction,
                },
                "signals": [
                    {
                        "index": s.index,
                        "kind": s.kind,
                        "observed_on": s.observed_on,
                        "window": s.window,
                        "age_days": s.age_days,
                        "magnitude": s.magnitude,
                        "decay": s.decay,
                        "points": s.points,
                        "ref": s.ref,
                    }
                    for s in r.signals
                ],
                "ignored": [{"index": i.index, "reason": i.reason} for i in r.ignored],
                "explanation": r.explanation,
                "trace": [s.as_dict() for s in r.trace],
            }
        )

"""Request and response models of the working-day calendar endpoints."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lrc_api.core.schemas import JsonInt
from lrc_api.core.text import RequestModel
from lrc_api.rules.deadlines.schemas import IsoDate


class NamedDayOut(BaseModel):
    """A holiday, or an in-lieu working day with the holiday it makes up for."""

    date: dt.date = Field(description="The day (YYYY-MM-DD).")
    name: str = Field(
        description="The holiday's name in English and Chinese, e.g. `National Day (国庆节)` (a "
        "calendar file's own name as written when it is not one of the statutory holidays)."
    )


class YearOut(BaseModel):
    """One year's holidays and in-lieu working days (调休), and where the data comes from."""

    year: int = Field(description="The year.")
    source: str = Field(
        description=(
            "`chinesecalendar`, `calendar file (…)` (or both, merged day by day), `computed from "
            "全国年节及纪念日放假办法 (…)` for a year without a notice, or `none` (before 2000)."
        )
    )
    provisional: bool = Field(
        description=(
            "True when the year has no holiday notice: its statutory holidays were computed "
            "(the notice's 调休 is not known), or before 2000 only weekends are days off."
        )
    )
    holidays: list[NamedDayOut] = Field(description="Days off, weekends inside a holiday included.")
    workdays: list[NamedDayOut] = Field(
        description="In-lieu working days: weekend days that are worked (调休)."
    )
    warnings: list[str] = Field(description="Why the answer is provisional, naming the year.")
    computed_holidays: list[str] = Field(
        default_factory=list,
        description="The statutory holidays computed for a year without a notice (with 补假).",
    )
    corrections: list[NamedDayOut] = Field(
        default_factory=list,
        description="Days the project corrects in the library's data, each citing its notice.",
    )


class AddWorkingDaysIn(RequestModel):
    """Count working days from a start date (the start day itself is not counted)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"start": "2025-09-30", "days": 5}]}, extra="forbid"
    )

    start: IsoDate = Field(description="The day counting starts from (not counted).")
    days: JsonInt = Field(
        strict=True,
        ge=-3660,
        le=3660,
        description="How many working days to add; negative counts back to an earlier day.",
    )


class CalendarAnswerOut(BaseModel):
    """A computed date, and whether a year without holiday data was used."""

    date: dt.date = Field(description="The resulting day (YYYY-MM-DD).")
    provisional: bool = Field(
        description="True when a year without holiday data was counted with weekends only."
    )
    warnings: list[str] = Field(description="One warning per year without data, naming it.")
    basis: Literal["working_days"] = Field("working_days", description="How the days were counted.")

"""HTTP for the working-day calendar: a year's holidays, and working-day arithmetic."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from lrc_api.calendar.schemas import AddWorkingDaysIn, CalendarAnswerOut, NamedDayOut, YearOut
from lrc_api.core.calendar import get_calendar
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_rules.calendar import FIRST_DATE, LAST_DATE

router = APIRouter(prefix="/v1/calendar", tags=["calendar"], responses=PROBLEM_RESPONSES)


# `{year:int}`: only digits route here, so `/v1/calendar/add-working-days` has POST alone (Allow).
@router.get(
    "/{year:int}", response_model=YearOut, summary="A year's holidays and in-lieu working days"
)
def year_view(
    year: Annotated[
        int, Path(ge=FIRST_DATE.year, le=LAST_DATE.year, description="The year, e.g. 2026.")
    ],
) -> YearOut:
    """List the year's holidays and 调休 working days (provisional when the year has no data)."""
    view = get_calendar().year_view(year)
    return YearOut(
        year=view.year,
        source=view.source,
        provisional=view.provisional,
        holidays=[NamedDayOut(date=d.date, name=d.name) for d in view.holidays],
        workdays=[NamedDayOut(date=d.date, name=d.name) for d in view.workdays],
        warnings=list(view.warnings),
        computed_holidays=list(view.computed),
        corrections=[NamedDayOut(date=d.date, name=d.name) for d in view.corrections],
    )


@router.post(
    "/add-working-days", response_model=CalendarAnswerOut, summary="Add working days to a date"
)
def add_working_days(body: AddWorkingDaysIn) -> CalendarAnswerOut:
    """The n-th working day after (or, for negative n, before) the start date."""
    answer = get_calendar().add_working_days(body.start, body.days)
    return CalendarAnswerOut(
        date=answer.date,
        provisional=answer.provisional,
        warnings=list(answer.warnings),
        basis="working_days",
    )

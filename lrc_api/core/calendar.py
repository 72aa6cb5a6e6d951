"""The process's working-day calendar: chinesecalendar, the project's corrections, the deployment's
calendar file merged day by day, and computed statutory holidays for years without a notice."""

from __future__ import annotations

from functools import lru_cache

from lrc_api.core.errors import ServiceUnavailable
from lrc_api.core.settings import get_settings
from lrc_rules.calendar import CalendarFileError, WorkCalendar, load_calendar_file


@lru_cache(maxsize=1)
def _build() -> WorkCalendar:
    path = get_settings().calendar_file
    return WorkCalendar(load_calendar_file(path) if path is not None else None)


def check_calendar() -> str | None:
    """The problem with ``LRC_CALENDAR_FILE`` (naming file, line and key), or None when it loads.

    ``lrc serve`` refuses to start on a problem and ``/readyz`` reports it.
    """
    try:
        _build()
    except CalendarFileError as exc:
        return f"calendar file is not usable: {exc}"
    return None


def reset_calendar() -> None:
    """Forget the built calendar (tests that change the settings; a reloaded file)."""
    _build.cache_clear()


def get_calendar() -> WorkCalendar:
    """The calendar every endpoint uses, built once per process.

    A bad calendar file never becomes a 500: a request answers 503 problem+json naming the file and
    line (the service also refuses to start with it, and ``/readyz`` says why).
    """
    try:
        return _build()
    except CalendarFileError as exc:
        raise ServiceUnavailable(f"calendar file is not usable: {exc}") from None

"""The process's working-day calendar: chinesecalendar plus the deployment's calendar file."""

from __future__ import annotations

from functools import lru_cache

from lrc_api.core.settings import get_settings
from lrc_rules.calendar import WorkCalendar, load_calendar_file


@lru_cache(maxsize=1)
def get_calendar() -> WorkCalendar:
    """The calendar every endpoint uses, built once per process.

    ``LRC_CALENDAR_FILE`` (optional) adds or replaces whole years; a bad file stops start-up with
    an error naming the file and key rather than serving wrong deadlines.
    """
    path = get_settings().calendar_file
    return WorkCalendar(load_calendar_file(path) if path is not None else None)

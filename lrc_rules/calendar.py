"""Working-day calendar (工作日历): China's official holidays and in-lieu working days (调休).

The data comes from ``chinesecalendar`` (its tables of holidays and of in-lieu working days, read
once when a :class:`WorkCalendar` is built) plus optional per-year overrides that a deployment
supplies in a calendar file (:func:`load_calendar_file`; the service reads it once at start-up).
A year the file names replaces ``chinesecalendar``'s data for that year entirely, so a file can both
add a year the package lacks and correct one it has.

A year with no data at all is counted with weekends only, and every answer that touched it says so:
``provisional=True`` and a warning naming the year — never a crash, never a silent guess.

Period arithmetic (民法典 第二百零一条、第二百零三条; 劳动人事争议仲裁办案规则 第十九条): the day a period
starts is not counted; a period in calendar days whose last day is not a working day ends on the next
working day. Working days include 调休 Sundays (2026-01-04) and exclude weekdays inside a holiday
(2025-10-08).
"""

from __future__ import annotations

import datetime as dt
import itertools
import tomllib
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lrc_rules.errors import RuleInputError

FIRST_DATE = dt.date(1950, 1, 1)
"""Earliest date the calendar answers for (dates before it are a :class:`RuleInputError`)."""

LAST_DATE = dt.date(2199, 12, 31)
"""Latest date the calendar answers for."""

_BASE = FIRST_DATE.toordinal()
_SIZE = LAST_DATE.toordinal() - _BASE + 1


class CalendarFileError(ValueError):
    """A deployment calendar file that cannot be used: names the file and the key."""

    def __init__(self, file: str, key: str, message: str) -> None:
        super().__init__(f"{file}: {key}: {message}")
        self.file = file
        self.key = key
        self.message = message


@dataclass(frozen=True, slots=True)
class CalendarOverrides:
    """Per-year holidays and in-lieu working days from a deployment's calendar file.

    ``holidays[year]`` maps each day off to its name; ``workdays[year]`` each 调休 working day to the
    holiday it serves. A year present in either mapping replaces chinesecalendar's data for it.
    """

    holidays: Mapping[int, Mapping[dt.date, str]] = field(default_factory=dict)
    workdays: Mapping[int, Mapping[dt.date, str]] = field(default_factory=dict)
    source: str | None = None

    @property
    def years(self) -> frozenset[int]:
        """The years the file defines."""
        return frozenset(self.holidays) | frozenset(self.workdays)


@dataclass(frozen=True, slots=True)
class CalendarAnswer:
    """A date the calendar computed, whether any year it used lacked data, and why."""

    date: dt.date
    provisional: bool
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WorkingDayAnswer:
    """Whether one day is a working day, the reason (holiday name, 调休, weekend), provisional flag."""

    date: dt.date
    working: bool
    reason: str
    provisional: bool
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CountAnswer:
    """A number of working days, whether any year it used lacked data, and why."""

    days: int
    provisional: bool
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NamedDay:
    """A holiday or an in-lieu working day with the holiday it belongs to."""

    date: dt.date
    name: str


@dataclass(frozen=True, slots=True)
class YearView:
    """One year's holidays and in-lieu working days, and where they come from."""

    year: int
    source: str
    provisional: bool
    holidays: tuple[NamedDay, ...]
    workdays: tuple[NamedDay, ...]
    warnings: tuple[str, ...] = ()


def missing_year_warning(year: int) -> str:
    """The warning every answer carries when it counted ``year`` without holiday data."""
    return (
        f"no holiday data for {year}: counted with weekends only (provisional); "
        f"supply {year} in the calendar file"
    )


def check_date(d: dt.date, field_name: str) -> None:
    """Raise :class:`RuleInputError` on ``field_name`` if ``d`` is outside the calendar's range."""
    if not FIRST_DATE <= d <= LAST_DATE:
        raise RuleInputError(
            field_name,
            f"{d.isoformat()} is outside the calendar's range "
            f"{FIRST_DATE.isoformat()}…{LAST_DATE.isoformat()}",
        )


@lru_cache(maxsize=1)
def _package_tables() -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    # Read the data tables, not the functions: chinesecalendar's functions raise for years it lacks.
    from chinese_calendar import constants

    holidays = {d: str(name) for d, name in constants.holidays.items()}
    workdays = {d: str(name) for d, name in constants.workdays.items()}
    return holidays, workdays


class WorkCalendar:
    """China's working days: chinesecalendar's data, overridden per year by a deployment file.

    Built once (it precomputes a running count of working days from 1950 to 2199), then every
    question is a table look-up: adding a few hundred working days costs microseconds.
    ``use_package_data=False`` builds from the overrides alone (weekends elsewhere).
    """

    def __init__(
        self, overrides: CalendarOverrides | None = None, *, use_package_data: bool = True
    ) -> None:
        holidays: dict[dt.date, str] = {}
        workdays: dict[dt.date, str] = {}
        sources: dict[int, str] = {}
        if use_package_data:
            pkg_holidays, pkg_workdays = _package_tables()
            holidays.update(pkg_holidays)
            workdays.update(pkg_workdays)
            for d in itertools.chain(pkg_holidays, pkg_workdays):
                sources[d.year] = "chinesecalendar"
        if overrides is not None:
            for year in overrides.years:
                # A year in the file replaces the package's data for that year entirely.
                holidays = {d: n for d, n in holidays.items() if d.year != year}
                workdays = {d: n for d, n in workdays.items() if d.year != year}
                holidays.update(overrides.holidays.get(year, {}))
                workdays.update(overrides.workdays.get(year, {}))
                sources[year] = (
                    f"calendar file{f' ({overrides.source})' if overrides.source else ''}"
                )
        self._holidays = holidays
        self._workdays = workdays
        self._sources = sources
        self._known_years = frozenset(sources)
        off = {d.toordinal() - _BASE for d in holidays}
        on = {d.toordinal() - _BASE for d in workdays}
        # Ordinal 1 (0001-01-01) is a Monday, so weekday = (ordinal - 1) % 7.
        flags = [
            1 if (i in on or (i not in off and (i + _BASE - 1) % 7 < 5)) else 0
            for i in range(_SIZE)
        ]
        self._flags = flags
        # _cum[i] = number of working days among table days 0..i (inclusive).
        self._cum = list(itertools.accumulate(flags))

    # --- what the calendar knows ---------------------------------------------------------------

    @property
    def known_years(self) -> frozenset[int]:
        """Years with holiday data (from chinesecalendar or the calendar file)."""
        return self._known_years

    def _warnings_for(self, first: dt.date, last: dt.date) -> tuple[str, ...]:
        lo, hi = min(first, last), max(first, last)
        return tuple(
            missing_year_warning(y)
            for y in range(lo.year, hi.year + 1)
            if y not in self._known_years
        )

    def _index(self, d: dt.date, field_name: str) -> int:
        check_date(d, field_name)
        return d.toordinal() - _BASE

    @staticmethod
    def _date(index: int) -> dt.date:
        if not 0 <= index < _SIZE:
            raise RuleInputError(
                "date",
                f"the result falls outside the calendar's range "
                f"{FIRST_DATE.isoformat()}…{LAST_DATE.isoformat()}",
            )
        return dt.date.fromordinal(index + _BASE)

    # --- questions -----------------------------------------------------------------------------

    def is_working_day(self, d: dt.date) -> WorkingDayAnswer:
        """Whether ``d`` is a working day: 调休 days are, holidays and (other) weekends are not."""
        i = self._index(d, "date")
        warnings = self._warnings_for(d, d)
        if d in self._workdays:
            reason = f"in-lieu working day (调休) for {self._workdays[d]}"
        elif d in self._holidays:
            reason = f"holiday: {self._holidays[d]}"
        elif d.weekday() >= 5:
            reason = "weekend"
        else:
            reason = "weekday"
        return WorkingDayAnswer(d, bool(self._flags[i]), reason, bool(warnings), warnings)

    def working(self, d: dt.date) -> bool:
        """Plain boolean form of :meth:`is_working_day` (no provisional flag)."""
        return bool(self._flags[self._index(d, "date")])

    def add_working_days(self, start: dt.date, n: int) -> CalendarAnswer:
        """The ``n``-th working day after ``start`` (start not counted); ``n < 0`` counts back.

        ``n = 0`` returns ``start`` itself. Counting back, the result is the ``|n|``-th working day
        strictly before ``start`` — so ``add_working_days(result, |n|) == start`` when ``start``
        is a working day.
        """
        i = self._index(start, "start")
        if n == 0:
            return CalendarAnswer(start, False)
        if n > 0:
            j = bisect_left(self._cum, self._cum[i] + n, lo=i + 1)
        else:
            before = self._cum[i - 1] if i > 0 else 0
            target = before + n + 1
            j = bisect_left(self._cum, target) if target >= 1 else -1
        result = self._date(j)
        warnings = self._warnings_for(start, result)
        return CalendarAnswer(result, bool(warnings), warnings)

    def roll_forward(self, d: dt.date) -> CalendarAnswer:
        """``d`` if it is a working day, else the next working day after it."""
        i = self._index(d, "date")
        j = i if self._flags[i] else bisect_left(self._cum, self._cum[i] + 1, lo=i + 1)
        result = self._date(j)
        warnings = self._warnings_for(d, result)
        return CalendarAnswer(result, bool(warnings), warnings)

    def add_calendar_days(
        self, start: dt.date, n: int, roll_forward: bool = True
    ) -> CalendarAnswer:
        """``start + n`` calendar days; with ``roll_forward`` a non-working last day moves on.

        Only the last day's status matters, so only the years from the last day to the rolled
        result can make the answer provisional.
        """
        self._index(start, "start")
        end = self._date(start.toordinal() - _BASE + n)
        if not roll_forward:
            return CalendarAnswer(end, False)
        return self.roll_forward(end)

    def working_days_between(self, a: dt.date, b: dt.date) -> CountAnswer:
        """Working days ``d`` with ``a < d <= b`` (negative when ``b`` is before ``a``)."""
        i = self._index(a, "start")
        j = self._index(b, "end")
        warnings = self._warnings_for(a, b)
        return CountAnswer(self._cum[j] - self._cum[i], bool(warnings), warnings)

    def year_view(self, year: int) -> YearView:
        """The holidays and in-lieu working days of ``year`` and their source."""
        if not FIRST_DATE.year <= year <= LAST_DATE.year:
            raise RuleInputError("year", f"must be within {FIRST_DATE.year}…{LAST_DATE.year}")
        if year not in self._known_years:
            return YearView(year, "none", True, (), (), (missing_year_warning(year),))
        holidays = tuple(
            NamedDay(d, n) for d, n in sorted(self._holidays.items()) if d.year == year
        )
        workdays = tuple(
            NamedDay(d, n) for d, n in sorted(self._workdays.items()) if d.year == year
        )
        return YearView(year, self._sources[year], False, holidays, workdays)


# --- the deployment calendar file --------------------------------------------------------------

_FILE_KEYS = {"source", "years"}
_YEAR_KEYS = {"holidays", "workdays"}
_DAY_KEYS = {"date", "name"}


def load_calendar_file(path: Path | str) -> CalendarOverrides:
    """Read a deployment calendar file (TOML) into :class:`CalendarOverrides`.

    Layout::

        source = "国务院办公厅关于2027年部分节假日安排的通知"   # optional
        [years.2027]
        holidays = [2027-01-01, { date = 2027-02-06, name = "Spring Festival" }]
        workdays = [{ date = 2027-02-14, name = "Spring Festival" }]

    Each entry is a date or ``{date, name}``; every date must lie in its year, and a day cannot be
    both a holiday and a working day. Anything else is a :class:`CalendarFileError`.
    """
    name = str(path)
    try:
        with Path(path).open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise CalendarFileError(name, "-", f"cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CalendarFileError(name, "-", f"not valid TOML: {exc}") from None
    for key in data:
        if key not in _FILE_KEYS:
            raise CalendarFileError(name, key, "unknown key; allowed: source, years")
    source = data.get("source")
    if source is not None and not isinstance(source, str):
        raise CalendarFileError(name, "source", "must be a string")
    years = data.get("years", {})
    if not isinstance(years, dict):
        raise CalendarFileError(name, "years", "must be a table of years")
    holidays: dict[int, dict[dt.date, str]] = {}
    workdays: dict[int, dict[dt.date, str]] = {}
    for year_key, table in years.items():
        where = f"years.{year_key}"
        if not year_key.isdigit() or not FIRST_DATE.year <= int(year_key) <= LAST_DATE.year:
            raise CalendarFileError(name, where, "the key must be a year (e.g. 2027)")
        year = int(year_key)
        if not isinstance(table, dict):
            raise CalendarFileError(name, where, "must be a table with holidays / workdays")
        for key in table:
            if key not in _YEAR_KEYS:
                raise CalendarFileError(name, f"{where}.{key}", "unknown key")
        holidays[year] = _days(table.get("holidays", []), year, name, f"{where}.holidays")
        workdays[year] = _days(table.get("workdays", []), year, name, f"{where}.workdays")
        both = sorted(set(holidays[year]) & set(workdays[year]))
        if both:
            raise CalendarFileError(
                name, where, f"{both[0].isoformat()} is both a holiday and a working day"
            )
    return CalendarOverrides(holidays=holidays, workdays=workdays, source=source)


def _days(raw: Any, year: int, file: str, where: str) -> dict[dt.date, str]:
    if not isinstance(raw, list):
        raise CalendarFileError(file, where, "must be a list of dates")
    out: dict[dt.date, str] = {}
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        label = "holiday (calendar file)" if where.endswith("holidays") else "in-lieu working day"
        if isinstance(item, dict):
            for key in item:
                if key not in _DAY_KEYS:
                    raise CalendarFileError(file, f"{at}.{key}", "unknown key; allowed: date, name")
            day = item.get("date")
            label = item.get("name", label)
            if not isinstance(label, str):
                raise CalendarFileError(file, f"{at}.name", "must be a string")
        else:
            day = item
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise CalendarFileError(file, at, "must be a date (YYYY-MM-DD)")
        if day.year != year:
            raise CalendarFileError(file, at, f"{day.isoformat()} is not in {year}")
        out[day] = label
    return out

"""Working-day calendar (工作日历): China's official holidays and in-lieu working days (调休).

The data comes from ``chinesecalendar`` (its tables of holidays and of in-lieu working days, read
once when a :class:`WorkCalendar` is built), the project's cited corrections of those tables, and a
deployment's calendar file (:mod:`lrc_rules.calendar_file`; the service reads it at start-up), whose
days are merged one by one over the library's — never replacing a whole year.

A year without a notice (from 2000 on) gets the statutory holidays of 全国年节及纪念日放假办法 with
their 补假, computed (:mod:`lrc_rules.statutory_holidays`); such a year, and a year before 2000
without data (weekends only), makes every answer that touched it ``provisional=True`` with a
warning naming the year and what was computed — never a crash, never a silent guess.

Period arithmetic (民法典 第二百零一条、第二百零三条; 劳动人事争议仲裁办案规则 第十九条): the day a period
starts is not counted; a period in calendar days whose last day is not a working day ends on the next
working day. Working days include 调休 Sundays (2026-01-04) and exclude weekdays inside a holiday
(2025-10-08).
"""

from __future__ import annotations

import datetime as dt
import itertools
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from lrc_rules.calendar_file import (
    CalendarFileError,
    CalendarOverrides,
    load_calendar_file,
    load_corrections,
)
from lrc_rules.errors import RuleInputError
from lrc_rules.statutory_holidays import computed_year

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "CalendarAnswer",
    "CalendarFileError",
    "CalendarOverrides",
    "CountAnswer",
    "NamedDay",
    "WorkCalendar",
    "WorkingDayAnswer",
    "YearView",
    "bilingual",
    "check_date",
    "load_calendar_file",
    "missing_year_warning",
]

FIRST_DATE = dt.date(1950, 1, 1)
"""Earliest date the calendar answers for (dates before it are a :class:`RuleInputError`)."""

LAST_DATE = dt.date(2199, 12, 31)
"""Latest date the calendar answers for."""

_BASE = FIRST_DATE.toordinal()
_SIZE = LAST_DATE.toordinal() - _BASE + 1


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
    computed: tuple[str, ...] = ()
    """The statutory holidays computed for a year without a notice (empty otherwise)."""
    corrections: tuple[NamedDay, ...] = ()
    """Days of the year the project's corrections set, each named with the notice it cites."""


def missing_year_warning(year: int) -> str:
    """The warning every answer carries when it counted ``year`` without a holiday notice."""
    computed = computed_year(year)
    if computed is None:
        return (
            f"no holiday data for {year}: counted with weekends only (provisional); "
            f"supply {year} in the calendar file"
        )
    return (
        f"no holiday notice for {year}: the statutory holidays ({', '.join(computed.holidays)}) "
        f"were {computed.source} (provisional: the yearly notice's 调休 is not known); supply "
        f"{year} in the calendar file"
    )


def check_date(d: dt.date, field_name: str) -> None:
    """Raise :class:`RuleInputError` on ``field_name`` if ``d`` is outside the calendar's range."""
    if not FIRST_DATE <= d <= LAST_DATE:
        raise RuleInputError(
            field_name,
            f"{d.isoformat()} is outside the calendar's range "
            f"{FIRST_DATE.isoformat()}…{LAST_DATE.isoformat()}",
        )


_CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
"""The holidays' Chinese names (全国年节及纪念日放假办法; the 2015 notice for the 70th anniversary).
chinesecalendar names them in English only, the corrections and a calendar file as their writer
did: every day is named as the computed years name theirs, ``National Day (国庆节)``."""


def bilingual(name: str) -> str:
    """``National Day`` → ``National Day (国庆节)``; any other name (already Chinese) unchanged."""
    chinese = _CHINESE_NAMES.get(name)
    return f"{name} ({chinese})" if chinese else name


@lru_cache(maxsize=1)
def _package_tables() -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    # Read the data tables, not the functions: chinesecalendar's functions raise for years it lacks.
    from chinese_calendar import constants

    holidays = {d: bilingual(str(name)) for d, name in constants.holidays.items()}
    workdays = {d: bilingual(str(name)) for d, name in constants.workdays.items()}
    return holidays, workdays


class WorkCalendar:
    """China's working days: chinesecalendar's data, overridden per year by a deployment file.

    Built once (it precomputes a running count of working days from 1950 to 2199), then every
    question is a table look-up: adding a few hundred working days costs microseconds.
    ``use_package_data=False`` builds from the overrides alone (weekends elsewhere).
    """

    def __init__(
        self,
        overrides: CalendarOverrides | None = None,
        *,
        use_package_data: bool = True,
        compute_missing: bool = True,
    ) -> None:
        holidays: dict[dt.date, str] = {}
        workdays: dict[dt.date, str] = {}
        sources: dict[int, str] = {}
        corrections: dict[dt.date, str] = {}
        if use_package_data:
            pkg_holidays, pkg_workdays = _package_tables()
            holidays.update(pkg_holidays)
            workdays.update(pkg_workdays)
            for d in itertools.chain(pkg_holidays, pkg_workdays):
                sources[d.year] = "chinesecalendar"
            fixes = _corrections()
            _merge(holidays, workdays, fixes)
            corrections = dict(fixes.notes)
        file_years = overrides.years if overrides is not None else frozenset()
        computed: dict[int, tuple[str, ...]] = {}
        if compute_missing:
            for year in range(FIRST_DATE.year, LAST_DATE.year + 1):
                if year in sources or year in file_years:
                    continue  # a notice is known: it, not the rule, says which days are off
                found = computed_year(year)
                if found is not None:
                    for d, name in found.days_off.items():
                        holidays.setdefault(d, name)
                    computed[year] = found.holidays
        if overrides is not None:
            _merge(holidays, workdays, overrides)
            label = f"calendar file{f' ({overrides.source})' if overrides.source else ''}"
            for year in file_years:
                sources[year] = f"{sources[year]} + {label}" if year in sources else label
        self._holidays = holidays
        self._workdays = workdays
        self._sources = sources
        self._computed = computed
        self._corrections = corrections
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
        """Years with a holiday notice (from chinesecalendar or the calendar file)."""
        return self._known_years

    @property
    def computed_years(self) -> frozenset[int]:
        """Years whose statutory holidays were computed (no notice known)."""
        return frozenset(self._computed)

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
        """The holidays and in-lieu working days of ``year``, their source, and what was computed."""
        if not FIRST_DATE.year <= year <= LAST_DATE.year:
            raise RuleInputError("year", f"must be within {FIRST_DATE.year}…{LAST_DATE.year}")
        holidays = tuple(
            NamedDay(d, n) for d, n in sorted(self._holidays.items()) if d.year == year
        )
        workdays = tuple(
            NamedDay(d, n) for d, n in sorted(self._workdays.items()) if d.year == year
        )
        fixes = tuple(
            NamedDay(d, n) for d, n in sorted(self._corrections.items()) if d.year == year
        )
        if year in self._known_years:
            return YearView(year, self._sources[year], False, holidays, workdays, corrections=fixes)
        found = computed_year(year) if year in self._computed else None
        source = found.source if found is not None else "none"
        warning = (missing_year_warning(year),)
        return YearView(
            year, source, True, holidays, workdays, warning, self._computed.get(year, ()), fixes
        )


@lru_cache(maxsize=1)
def _corrections() -> CalendarOverrides:
    return load_corrections()


def _merge(
    holidays: dict[dt.date, str], workdays: dict[dt.date, str], days: CalendarOverrides
) -> None:
    """Set each day of ``days`` over the tables, one by one."""
    for d, name in days.holidays.items():
        workdays.pop(d, None)
        holidays[d] = bilingual(name)
    for d, name in days.workdays.items():
        holidays.pop(d, None)
        workdays[d] = bilingual(name)
    for d in days.ordinary:
        holidays.pop(d, None)
        workdays.pop(d, None)

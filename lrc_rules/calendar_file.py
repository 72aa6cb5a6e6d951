"""Calendar data a deployment supplies or the project ships, merged day by day over the library.

A *calendar file* (``LRC_CALENDAR_FILE``) takes a State Council notice as published::

    source = "国务院办公厅关于2027年部分节假日安排的通知"      # optional
    [years.2027]
    holidays = [2027-01-01, { date = 2027-02-06, name = "Spring Festival" }]
    workdays = [{ date = 2027-02-14, name = "Spring Festival" }]
    ordinary = [2027-03-01]                                      # optional

The table of year Y is that year's notice: its days lie in Y or Y−1 (a notice may list make-up
working days at the end of the previous year: ``[years.2007]`` lists ``workdays = [2006-12-30,
2006-12-31]``). Every day is merged over the library's data one by one — a holiday, an in-lieu
working day (调休), or ``ordinary`` (neither: corrects a day the library gets wrong) — never
replacing a whole year. A year the file names counts as known (not provisional).

The project ships *corrections* of the library's known errors (``calendar_corrections.toml``, each
citing the notice it comes from), applied before the deployment's file.

A bad file is a :class:`CalendarFileError` naming the file, the line and the key; the service
refuses to start with it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIRST_YEAR, LAST_YEAR = 1950, 2199
"""The years the calendar answers for (see :mod:`lrc_rules.calendar`)."""

CORRECTIONS_FILE = Path(__file__).with_name("calendar_corrections.toml")
"""The corrections shipped with the engine."""

_FILE_KEYS = {"source", "years"}
_YEAR_KEYS = {"holidays", "workdays", "ordinary"}
_DAY_KEYS = {"date", "name"}
_LINE = re.compile(r"at line (\d+)")


class CalendarFileError(ValueError):
    """A calendar file that cannot be used: names the file, the line (when known) and the key."""

    def __init__(self, file: str, key: str, message: str, line: int | None = None) -> None:
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {key}: {message}")
        self.file = file
        self.key = key
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class CalendarOverrides:
    """Days to merge over the library: holidays and 调休 working days with their names, ordinary
    days (neither), the years whose notices they come from, and where they come from."""

    holidays: Mapping[dt.date, str] = field(default_factory=dict)
    workdays: Mapping[dt.date, str] = field(default_factory=dict)
    ordinary: frozenset[dt.date] = frozenset()
    years: frozenset[int] = frozenset()
    source: str | None = None
    notes: Mapping[dt.date, str] = field(default_factory=dict)
    """Why a day is set (the corrections' citations)."""


def load_calendar_file(path: Path | str) -> CalendarOverrides:
    """Read a deployment calendar file (TOML, layout in the module docstring).

    Each entry is a date or ``{date, name}``; the days of ``[years.Y]`` lie in Y−1 or Y, and a day
    is set once only. Anything else raises :class:`CalendarFileError` naming the line.
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CalendarFileError(name, "-", f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CalendarFileError(name, "-", "not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _LINE.search(str(exc))
        line = int(m.group(1)) if m else (len(text.splitlines()) or 1)
        raise CalendarFileError(name, "-", f"not valid TOML: {exc}", line) from None
    lines = text.splitlines()
    for key in data:
        if key not in _FILE_KEYS:
            raise CalendarFileError(
                name, key, "unknown key; allowed: source, years", _find(lines, 0, key)
            )
    source = data.get("source")
    if source is not None and not isinstance(source, str):
        raise CalendarFileError(name, "source", "must be a string", _find(lines, 0, "source"))
    years = data.get("years", {})
    if not isinstance(years, dict):
        raise CalendarFileError(name, "years", "must be a table of years", _find(lines, 0, "years"))
    out = _Builder(name)
    for year_key, table in years.items():
        where = f"years.{year_key}"
        head = _header(lines, year_key)
        if not year_key.isdigit() or not FIRST_YEAR <= int(year_key) <= LAST_YEAR:
            raise CalendarFileError(name, where, "the key must be a year (e.g. 2027)", head)
        year = int(year_key)
        if not isinstance(table, dict):
            raise CalendarFileError(name, where, "must be a table of holidays / workdays", head)
        for key in table:
            if key not in _YEAR_KEYS:
                key_line = _find(lines, head or 0, key)
                raise CalendarFileError(
                    name,
                    f"{where}.{key}",
                    "unknown key; allowed: holidays, workdays, ordinary",
                    key_line,
                )
        out.years.add(year)
        for kind in ("holidays", "workdays", "ordinary"):
            for day, label, at in _days(
                table.get(kind, []), year, name, f"{where}.{kind}", lines, head
            ):
                out.add(kind, day, label, at, lines, head)
    return out.freeze(source)


def load_corrections(path: Path = CORRECTIONS_FILE) -> CalendarOverrides:
    """The shipped corrections of the library's data: ``[[correction]]`` entries of ``date``,
    ``kind`` (holiday, workday or ordinary), ``name`` and ``source`` (the notice that says so)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    holidays: dict[dt.date, str] = {}
    workdays: dict[dt.date, str] = {}
    ordinary: set[dt.date] = set()
    notes: dict[dt.date, str] = {}
    for entry in data.get("correction", []):
        day, kind, label = entry["date"], entry["kind"], str(entry.get("name", ""))
        {"holiday": holidays, "workday": workdays}.get(kind, {}).update({day: label})
        if kind == "ordinary":
            ordinary.add(day)
        notes[day] = str(entry["source"])
    return CalendarOverrides(holidays, workdays, frozenset(ordinary), frozenset(), None, notes)


# --- helpers -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Builder:
    file: str
    holidays: dict[dt.date, str] = field(default_factory=dict)
    workdays: dict[dt.date, str] = field(default_factory=dict)
    ordinary: set[dt.date] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    seen: dict[dt.date, str] = field(default_factory=dict)

    def add(
        self, kind: str, day: dt.date, label: str, at: str, lines: list[str], head: int | None
    ) -> None:
        if day in self.seen:
            raise CalendarFileError(
                self.file,
                at,
                f"{day.isoformat()} is already set by {self.seen[day]}",
                _find(lines, head or 0, day.isoformat()),
            )
        self.seen[day] = at
        if kind == "holidays":
            self.holidays[day] = label
        elif kind == "workdays":
            self.workdays[day] = label
        else:
            self.ordinary.add(day)

    def freeze(self, source: str | None) -> CalendarOverrides:
        return CalendarOverrides(
            self.holidays,
            self.workdays,
            frozenset(self.ordinary),
            frozenset(self.years),
            source,
        )


def _header(lines: list[str], year_key: str) -> int | None:
    pattern = re.compile(rf"^\s*\[\s*years\s*\.\s*\"?{re.escape(year_key)}\"?\s*\]")
    for i, line in enumerate(lines, 1):
        if pattern.match(line):
            return i
    return _find(lines, 0, year_key)


def _find(lines: list[str], after: int, needle: str) -> int | None:
    """The first line (1-based) after line ``after`` that mentions ``needle``."""
    for i in range(after, len(lines)):
        if needle in lines[i]:
            return i + 1
    return after or None


def _days(
    raw: Any, year: int, file: str, where: str, lines: list[str], head: int | None
) -> list[tuple[dt.date, str, str]]:
    if not isinstance(raw, list):
        raise CalendarFileError(file, where, "must be a list of dates", head)
    kind = where.rsplit(".", 1)[1]
    out: list[tuple[dt.date, str, str]] = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        label = {"holidays": "holiday (calendar file)", "workdays": "in-lieu working day"}.get(
            kind, "ordinary day (calendar file)"
        )
        if isinstance(item, dict):
            for key in item:
                if key not in _DAY_KEYS:
                    raise CalendarFileError(
                        file,
                        f"{at}.{key}",
                        "unknown key; allowed: date, name",
                        _find(lines, head or 0, key),
                    )
            day = item.get("date")
            label = item.get("name", label)
            if not isinstance(label, str):
                raise CalendarFileError(file, f"{at}.name", "must be a string", head)
        else:
            day = item
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise CalendarFileError(
                file, at, "must be a date (YYYY-MM-DD)", _find(lines, head or 0, kind)
            )
        if day.year not in (year - 1, year):
            raise CalendarFileError(
                file,
                at,
                f"{day.isoformat()} is not in {year} or {year - 1} (the notice for {year} may list "
                f"days of {year - 1}, no others)",
                _find(lines, head or 0, day.isoformat()),
            )
        out.append((day, label, at))
    return out

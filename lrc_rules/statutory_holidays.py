"""Statutory holidays computed for a year without a holiday notice (全国年节及纪念日放假办法).

The State Council's notice for each year (国务院办公厅关于某年部分节假日安排的通知) fixes the days off
and the in-lieu working days (调休); ``chinesecalendar`` carries the notices it knows. For a year
without one, the holidays the 办法 itself fixes are computed here — the lunar dates (除夕, 春节, 端午,
中秋) and the solar term 清明 with ``lunar_python`` (a maintained lunar-calendar library; hand-rolled
astronomy would be our own bug farm) — with the 补假 of 第六条: a holiday for all citizens that falls
on a Saturday or Sunday is made up on the next working day. The result is provisional: the yearly
notice usually rearranges days (调休), which no rule predicts.

Versions of the 办法 (each holds from the day it took effect; the one in force on 1 January of the
year is used):

* 国务院令第270号 (in force 1999-09-18): 元旦 1, 春节 3 (初一至初三), 劳动节 3, 国庆 3;
* 国务院令第513号 (2008-01-01): 元旦 1, 春节 3 (除夕、初一、初二), 清明 1, 劳动节 1, 端午 1, 中秋 1, 国庆 3;
* 国务院令第644号 (2014-01-01): as 513 with 春节 初一至初三;
* 国务院令第798号 (2025-01-01): 元旦 1, 春节 4 (除夕、初一至初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3.

Years before 2000 are not computed (the five-day week began only in 1995 and earlier versions are
not modelled): they stay weekends-only and say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from lunar_python import Lunar

FIRST_COMPUTED_YEAR = 2000
"""The first year whose holidays the engine computes when no notice is known."""


@dataclass(frozen=True, slots=True)
class Version:
    """One version of the 办法: from when, its decree, and the days of each holiday."""

    since: dt.date
    decree: str
    spring_festival: tuple[int, ...]  # offsets from 正月初一: -1 = 除夕
    labour_day: int
    traditional: bool  # 清明, 端午, 中秋 are holidays


VERSIONS = (
    Version(dt.date(1999, 9, 18), "国务院令第270号", (0, 1, 2), 3, False),
    Version(dt.date(2008, 1, 1), "国务院令第513号", (-1, 0, 1), 1, True),
    Version(dt.date(2014, 1, 1), "国务院令第644号", (0, 1, 2), 1, True),
    Version(dt.date(2025, 1, 1), "国务院令第798号", (-1, 0, 1, 2), 2, True),
)
"""The versions of 全国年节及纪念日放假办法, oldest first."""


@dataclass(frozen=True, slots=True)
class ComputedYear:
    """A year's computed days off: holiday name by day, the holidays computed, the source."""

    year: int
    days_off: dict[dt.date, str]
    holidays: tuple[str, ...]
    source: str


def version_for(year: int) -> Version | None:
    """The version of the 办法 in force on 1 January of ``year`` (None before 2000)."""
    if year < FIRST_COMPUTED_YEAR:
        return None
    day = dt.date(year, 1, 1)
    return [v for v in VERSIONS if v.since <= day][-1]


def _solar(lunar_year: int, month: int, day: int) -> dt.date:
    s = Lunar.fromYmd(lunar_year, month, day).getSolar()
    return dt.date(s.getYear(), s.getMonth(), s.getDay())


def _qingming(year: int) -> dt.date:
    s = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    return dt.date(s.getYear(), s.getMonth(), s.getDay())


@lru_cache(maxsize=512)
def computed_year(year: int) -> ComputedYear | None:
    """The statutory days off of ``year`` with 补假, or None for a year before 2000.

    全国年节及纪念日放假办法 第二条 (the holidays for all citizens) and 第六条: 「全体公民放假的假日，如果
    适逢星期六、星期日，应当在工作日补假。」— made up on the next weekday that is not itself a day off.
    """
    v = version_for(year)
    if v is None:
        return None
    named: list[tuple[dt.date, str]] = [(dt.date(year, 1, 1), "New Year's Day (元旦)")]
    new_year = _solar(year, 1, 1)
    named += [
        (new_year + dt.timedelta(days=k), "Spring Festival (春节)") for k in v.spring_festival
    ]
    if v.traditional:
        named.append((_qingming(year), "Tomb-sweeping Day (清明节)"))
    named += [(dt.date(year, 5, 1 + k), "Labour Day (劳动节)") for k in range(v.labour_day)]
    if v.traditional:
        named.append((_solar(year, 5, 5), "Dragon Boat Festival (端午节)"))
        named.append((_solar(year, 8, 15), "Mid-autumn Festival (中秋节)"))
    named += [(dt.date(year, 10, k), "National Day (国庆节)") for k in (1, 2, 3)]
    days_off = dict(named)
    made_up: dict[dt.date, str] = {}
    for day, name in sorted(named):
        if day.weekday() < 5:
            continue
        cand = day + dt.timedelta(days=1)
        while cand.weekday() >= 5 or cand in days_off or cand in made_up:
            cand += dt.timedelta(days=1)
        made_up[cand] = f"{name} 补假"
    days_off.update(made_up)
    holidays = tuple(dict.fromkeys(n for _, n in named))
    source = f"computed from 全国年节及纪念日放假办法 ({v.decree}), 补假 per 第六条"
    return ComputedYear(year, days_off, holidays, source)

"""Years of work counted as days, for the qualification rules (附件1 §5).

Days are inclusive; periods that overlap or touch count once; an open period (``end`` None) runs
to ``as_of``; "取得…证书后" counts only days on or after the certificate's date (``since``). How many
days make a year is pack data (``qualification.days_per_year``), applied by
:mod:`lrc_rules.qualification`, which re-exports :class:`WorkPeriod` and :func:`count_work_days`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WorkPeriod:
    """A period of work in this or a related occupation; ``end`` None means still working."""

    start: dt.date
    end: dt.date | None = None


def count_work_days(
    periods: Iterable[WorkPeriod], as_of: dt.date, since: dt.date | None = None
) -> int:
    """Days of work up to ``as_of`` (inclusive), overlaps once, only days on or after ``since``."""
    return sum(span_days(start, end, since) for start, end in merge_periods(periods, as_of))


def merge_periods(periods: Iterable[WorkPeriod], as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The periods cut at ``as_of`` (open ones run to it), sorted; overlapping or adjacent merged."""
    spans = sorted((p.start, min(p.end or as_of, as_of)) for p in periods)
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in spans:
        if end < start:
            continue
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def span_days(start: dt.date, end: dt.date, since: dt.date | None) -> int:
    """Days from ``start`` to ``end`` inclusive, counting only those on or after ``since``."""
    if since is not None and since > start:
        start = since
    return max(0, (end - start).days + 1)


# --- years of work as calendar years (民法典 第二百零一条、第二百零二条) -------------------------------

SEPARATE_PERIODS = ("whole_years_then_days",)
"""How separate periods of work add up (pack parameter ``qualification.separate_periods``):
``whole_years_then_days`` — each period counts its whole calendar years (by anniversaries) and its
remaining days; the years are added, the remaining days are added and every ``days_per_year`` of
them make one more year."""


@dataclass(frozen=True, slots=True)
class WorkTime:
    """Years of work as calendar years: whole ``years`` and the remaining ``days`` (after carrying
    every ``days_per_year`` of the periods' remainders into a year), and all ``total_days``."""

    years: int
    days: int
    total_days: int


def year_end(first_day: dt.date, years: int) -> dt.date:
    """The last day of ``years`` calendar years of work whose first day is ``first_day``.

    民法典 第二百零一条、第二百零二条: the period starts the day before the first day worked (that day
    not counted) and ends on its corresponding day ``years`` on, or on the month's last day when
    there is none; read from the first day worked, the years end the day before its anniversary.
    The two readings differ only around 29 February; the later day is taken, so the engine is
    never ahead of either. Work from 2020-03-01 completes four years at the end of 2024-02-29.
    """
    start = first_day - dt.timedelta(days=1)
    literal = _corresponding(start, years)
    anniversary_eve = _corresponding(first_day, years) - dt.timedelta(days=1)
    return max(literal, anniversary_eve)


def _corresponding(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February, the month's last day
        return dt.date(day.year + years, 2, 28)


def whole_years(first: dt.date, last: dt.date) -> tuple[int, int]:
    """Whole calendar years in the period ``first`` … ``last`` (inclusive) and the days after them."""
    years = max(0, last.year - first.year + 1)
    while years > 0 and year_end(first, years) > last:
        years -= 1
    counted_to = year_end(first, years) if years else first - dt.timedelta(days=1)
    return years, (last - counted_to).days


def completed_years(first_day: dt.date | None, as_of: dt.date) -> int | None:
    """Whole calendar years of one continuous period of work from ``first_day`` through ``as_of``
    (both worked), as :func:`year_end` reads 民法典 第二百零二条; ``None`` without a first day,
    0 before it.

    The ledger's 从事协调劳动关系工作年限 and the qualification rules count years this one way:
    work from 2020-03-01 has 4 years on 2024-02-29 (not on 2024-03-01), work from 2020-06-01 on
    2024-05-31.
    """
    if first_day is None:
        return None
    if as_of < first_day:
        return 0
    return whole_years(first_day, as_of)[0]


def work_time(
    merged: Iterable[tuple[dt.date, dt.date]],
    since: dt.date | None,
    days_per_year: int,
) -> WorkTime:
    """Calendar years of work in merged periods, counting only days on or after ``since``.

    ``whole_years_then_days`` (:data:`SEPARATE_PERIODS`): whole years per period, plus one year for
    every ``days_per_year`` of the periods' remaining days together. A remainder is at most
    ``days_per_year − 1`` days, so one period never completes a year before its anniversary: the
    result is never ahead of the plain calendar reading.
    """
    years = rest = capped = total = 0
    for start, end in merged:
        if since is not None and since > start:
            start = since
        if end < start:
            continue
        y, r = whole_years(start, end)
        years += y
        rest += r
        # A year of 366 days leaves 365 days before its anniversary: they never make a year alone.
        capped += min(r, days_per_year - 1)
        total += (end - start).days + 1
    carried = capped // days_per_year
    return WorkTime(years + carried, rest - carried * days_per_year, total)

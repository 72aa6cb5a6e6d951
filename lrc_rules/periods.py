"""Periods with excluded days (期间的计算, 不计入期间的日数), written once for every rule that has them.

A period counts from a start day (not counted, 民法典 第二百零一条) to a counted last day (so many
calendar days, or the corresponding day so many years on, 第二百零二条). When that last day is not a
working day the period ends on the next working day (第二百零三条: 期间的最后一日是法定休假日的，以
法定休假日结束的次日为期间的最后一日). Some periods also leave days out: the award period of an
arbitration does not count suspension of the hearing (中止审理) or service by public notice (公告送达)
(劳动人事争议仲裁办案规则 第四十六条), the arbitration limitation period stops while it is suspended
(劳动争议调解仲裁法 第二十七条第三款).

The two compose. The period runs until its last day *after* the roll-over, so an exclusion that
starts inside that rolled tail counts too. In the engine's convention an exclusion from ``S`` to the
day ``E`` its cause ends counts ``E − S`` days, and:

* one that starts on or before the counted last day moves that day by ``E − S``; the result is
  rolled to a working day;
* one that starts after the counted last day but on or before the rolled last day moves the
  *rolled* last day by ``E − S``, and the result is rolled again;
* this repeats, exclusion by exclusion in order of their start, while another starts on or before
  the new last day.

Days already left out by an earlier exclusion, or before the period (re)started, are not left out
twice. An exclusion still open on ``as_of`` counts to ``as_of``: the due date then moves one day for
each further day and is never in the past. Consequently a due date is never before the end of an
exclusion that started on or before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from lrc_rules.calendar import WorkCalendar

__all__ = ["Exclusion", "ExclusionEffect", "PeriodEnd", "add_years", "period_end"]

APPLIED = ("counted_last_day", "rolled_last_day")
"""Where an exclusion was applied: before or after the roll-over to a working day."""


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Days not counted: ``kind`` (e.g. ``suspension``), first day ``start``, day ``end`` its cause
    ended (``None`` while it lasts on ``as_of``)."""

    kind: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ExclusionEffect:
    """What one exclusion did: the days it added, and to which last day (``applied``), or why not."""

    exclusion: Exclusion
    days: int
    applied: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class PeriodEnd:
    """The end of a period: its due date (rolled to a working day) and how the exclusions moved it.

    ``counted_last_day`` is the last day before the final roll-over; ``excluded_days`` the days left
    out in all; ``running`` is true while an exclusion has not ended on ``as_of`` (the due date
    moves on with it).
    """

    due_on: dt.date
    counted_last_day: dt.date
    excluded_days: int
    running: bool
    effects: tuple[ExclusionEffect, ...]
    provisional: bool
    warnings: tuple[str, ...]


def add_years(start: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` after ``start``; 29 February → 28 February (民法典 第二百零二条:
    没有对应日的，月末日为期间的最后一日)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return dt.date(start.year + years, 2, 28)


def period_end(
    calendar: WorkCalendar,
    *,
    start: dt.date,
    last_day: dt.date,
    exclusions: Iterable[Exclusion] = (),
    as_of: dt.date,
    roll_forward: bool = True,
) -> PeriodEnd:
    """The due date of a period from ``start`` whose counted last day is ``last_day``.

    ``exclusions`` are applied as the module describes (民法典 第二百零一条至第二百零三条; 办案规则
    第四十六条; 调解仲裁法 第二十七条); ``roll_forward=False`` leaves a last day on a rest day as it is
    (exclusions then apply to the counted last day only). Raises
    :class:`~lrc_rules.errors.RuleInputError` when a date falls outside the calendar's range.
    """
    warnings: list[str] = []
    provisional = False

    def roll(d: dt.date) -> dt.date:
        nonlocal provisional
        if not roll_forward:
            return d
        answer = calendar.roll_forward(d)
        provisional = provisional or answer.provisional
        warnings.extend(answer.warnings)
        return answer.date

    counted = last_day
    rolled = roll(counted)
    covered_to = start
    excluded = 0
    running = False
    effects: list[ExclusionEffect] = []
    for ex in sorted(exclusions, key=lambda x: (x.start, x.end or as_of)):
        end = ex.end if ex.end is not None else as_of
        lo = max(ex.start, covered_to)
        if end <= lo:
            if ex.end is None and start <= lo <= rolled:
                # Began on as_of (or within days already left out) and has not ended: nothing to
                # add yet, but the clock is stopped from today on.
                running = True
                effects.append(
                    ExclusionEffect(ex, 0, None, "began on as_of; not ended: 0 days so far")
                )
                continue
            reason = (
                "before the period (re)started"
                if end <= start
                else "already left out by an earlier exclusion"
            )
            effects.append(ExclusionEffect(ex, 0, None, reason))
            continue
        if lo <= counted:
            applied = APPLIED[0]
            counted += dt.timedelta(days=(end - lo).days)
        elif lo <= rolled:
            applied = APPLIED[1]
            counted = rolled + dt.timedelta(days=(end - lo).days)
        else:
            effects.append(ExclusionEffect(ex, 0, None, "began after the period ended"))
            continue
        rolled = roll(counted)
        excluded += (end - lo).days
        covered_to = end
        running = running or ex.end is None
        what = "the counted last day" if applied == APPLIED[0] else "the rolled last day"
        effects.append(
            ExclusionEffect(ex, (end - lo).days, applied, f"{(end - lo).days} days added to {what}")
        )
    return PeriodEnd(
        due_on=rolled,
        counted_last_day=counted,
        excluded_days=excluded,
        running=running,
        effects=tuple(effects),
        provisional=provisional,
        warnings=tuple(dict.fromkeys(warnings)),
    )

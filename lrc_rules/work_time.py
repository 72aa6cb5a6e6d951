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

"""Query-parameter types every router shares: strict dates, instants in a documented zone, text.

A query string is text, and pydantic's lax mode reads much of it in surprising ways (``0`` as
1970-01-01, ``0.5`` as a Unix time, a time without offset as a naive time that later fails in the
database). These types read exactly what the OpenAPI document says and refuse the rest with a
422 naming the parameter.

- Dates are ``YYYY-MM-DD`` (:data:`lrc_api.core.schemas.IsoDate`).
- Instants are RFC 3339 date-times **with** an offset (``2026-11-30T16:55:00+08:00``, ``…Z``),
  or a plain date, read as a day in :data:`SERVICE_ZONE` (Asia/Shanghai, the zone of the
  documents' dates): ``since=2026-11-30`` starts at 00:00 that day in China, ``until=2026-11-30``
  runs to the end of it. A date-time without an offset is ambiguous and refused.
- Text filters have a length limit (:data:`TEXT_FILTER_MAX`, or the column's own).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, WithJsonSchema

SERVICE_ZONE = ZoneInfo("Asia/Shanghai")
"""The zone in which a date given where an instant is expected is read."""

TEXT_FILTER_MAX = 200
"""Longest text a free-text filter takes unless the column it searches sets a shorter limit."""

_INSTANT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "format": "date-time"},
        {"type": "string", "format": "date"},
    ],
}


def _instant(value: Any, *, end_of_day: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("needs an offset, e.g. 2026-11-30T16:55:00+08:00")
        return _utc(value)
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("must be a date-time with offset (RFC 3339) or a date YYYY-MM-DD")
    if len(value) == 10:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("must be a real date written YYYY-MM-DD") from None
        if end_of_day:
            if day == dt.date.max:
                raise ValueError("the last representable day has no end")
            day += dt.timedelta(days=1)
        return _utc(dt.datetime.combine(day, dt.time(), SERVICE_ZONE))
    if len(value) < 20 or value[10] not in "Tt" or value[4] != "-" or value[7] != "-":
        raise ValueError("must be a date-time with offset (RFC 3339) or a date YYYY-MM-DD")
    try:
        parsed = dt.datetime.fromisoformat(value.upper())
    except ValueError:
        raise ValueError("must be a real date-time, e.g. 2026-11-30T16:55:00+08:00") from None
    if parsed.tzinfo is None:
        raise ValueError("needs an offset, e.g. 2026-11-30T16:55:00+08:00 (ambiguous without)")
    return _utc(parsed)


def _utc(value: dt.datetime) -> dt.datetime:
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("is out of the representable range") from None


InstantFrom = Annotated[
    dt.datetime,
    BeforeValidator(lambda v: _instant(v, end_of_day=False)),
    WithJsonSchema(_INSTANT_SCHEMA),
]
"""A lower bound in time: a date-time with offset, or a date (its start in Asia/Shanghai)."""

InstantUntil = Annotated[
    dt.datetime,
    BeforeValidator(lambda v: _instant(v, end_of_day=True)),
    WithJsonSchema(_INSTANT_SCHEMA),
]
"""An exclusive upper bound in time: a date-time with offset, or a date (up to its end in
Asia/Shanghai, so ``until=2026-11-30`` includes the whole day)."""

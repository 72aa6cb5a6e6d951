"""Cursor (keyset) pagination and ``sort=``: the one pagination helper of the service.

A page costs the same at page 1 and page 20,000: the cursor carries the last row's sort value
and id, and the next page starts *after* it through an index, never with OFFSET.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import Date, DateTime, Float, Integer, Numeric, tuple_
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from lrc_api.core.errors import BadRequest, InvalidInput
from lrc_api.core.types import MAX_ID

MAX_LIMIT = 200
"""Largest page a client may ask for."""

DEFAULT_LIMIT = 50
"""Page size when the client gives none."""

CURSOR_MAX = 1024
"""Longest cursor accepted (those issued are far shorter: a sort value of at most a column)."""

MAX_BIGINT = 2**63 - 1
"""Largest integer a sort column holds."""

T = TypeVar("T")
M = TypeVar("M")


class Page(BaseModel, Generic[T]):
    """One page of a list and the cursor of the next (null on the last page)."""

    items: list[T] = Field(description="The records of this page.")
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


@dataclass(frozen=True)
class SortSpec:
    """A resolved ``sort=`` parameter."""

    name: str
    column: Any
    descending: bool


def parse_sort(sort: str | None, allowed: Mapping[str, Any], default: str) -> SortSpec:
    """Resolve ``sort`` (``field`` or ``-field``) against the sortable columns."""
    raw = sort or default
    descending = raw.startswith("-")
    name = raw.lstrip("-")
    if name not in allowed:
        raise InvalidInput.on(
            "sort",
            f"cannot sort by {name!r}; choose one of {', '.join(sorted(allowed))} (prefix - for descending)",
        )
    return SortSpec(name=raw, column=allowed[name], descending=descending)


def sort_query(allowed: Mapping[str, Any], default: str = "id", note: str | None = None) -> Any:
    """The ``sort`` query parameter of a list: its pattern names exactly the sortable fields
    (``note``: a sentence more for the description)."""
    names = sorted(allowed)
    more = f" {note}" if note else ""
    return Query(
        None,
        max_length=1 + max(len(n) for n in names),
        pattern="^-?(" + "|".join(re.escape(n) for n in names) + ")$",
        description=f"{', '.join(names)}; prefix - for descending (default {default}).{more}",
    )


def cursor_query() -> Any:
    """The ``cursor`` query parameter of a list (400 when it was not issued for this list)."""
    return Query(
        None,
        min_length=1,
        max_length=CURSOR_MAX,
        pattern="^[A-Za-z0-9_-]+$",
        description="next_cursor of the previous page, as given; a cursor of another list or "
        "sort, or one not issued by this service, is refused with 400.",
    )


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _kind(column: Any) -> str:
    """What a sort value of ``column`` is: int, float, str, date or datetime."""
    type_ = column.type
    if isinstance(type_, TypeDecorator):
        type_ = type_.impl_instance
    if isinstance(type_, DateTime):
        return "datetime"
    if isinstance(type_, Date):
        return "date"
    if isinstance(type_, Integer):
        return "int"
    if isinstance(type_, Float | Numeric):
        return "float"
    return "str"


def _decode(value: Any, column: Any) -> Any:
    """The sort value of a cursor, checked against the column it seeks (ValueError otherwise)."""
    kind = _kind(column)
    if kind == "datetime" and isinstance(value, dict) and set(value) == {"dt"}:
        parsed = dt.datetime.fromisoformat(str(value["dt"]))
        if parsed.tzinfo is None:
            raise ValueError("naive timestamp")
        return parsed
    if kind == "date" and isinstance(value, dict) and set(value) == {"d"}:
        return dt.date.fromisoformat(str(value["d"]))
    if kind == "int" and type(value) is int and abs(value) <= MAX_BIGINT:
        return value
    if kind == "float" and type(value) in (int, float) and math.isfinite(value):
        return value
    limit = getattr(column.type, "length", None) or 1000
    if kind == "str" and isinstance(value, str) and len(value) <= limit and "\x00" not in value:
        return value
    raise ValueError("sort value does not fit the column")


def _cursor_for(spec: SortSpec, row: Any, id_column: Any) -> str:
    return issue_cursor(
        id_column.table.name,
        spec.name,
        _encode(getattr(row, spec.column.key)),
        getattr(row, id_column.key),
    )


def _parse_cursor(cursor: str, spec: SortSpec, id_column: Any) -> tuple[Any, int]:
    """The sort value and id a cursor carries; 400 naming ``cursor`` unless it was issued for
    this list and this sort, with values of the sort column's type.
    """
    return read_cursor(
        cursor, id_column.table.name, spec.name, lambda value: _decode(value, spec.column)
    )


def issue_cursor(list_name: str, sort_name: str, value: Any, last_id: int) -> str:
    """The cursor after a row: the list and the sort it belongs to, the row's sort value (plain
    JSON) and its id. :func:`paginate` issues its own; a list ranked in memory rather than by a
    query issues its cursors here and reads them back with :func:`read_cursor`."""
    payload = [list_name, sort_name, value, last_id]
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_cursor(
    cursor: str, list_name: str, sort_name: str, value: Callable[[Any], T]
) -> tuple[T, int]:
    """The sort value (as ``value`` reads it) and the id of a cursor :func:`issue_cursor` made
    for this list and this sort; 400 naming ``cursor`` otherwise. ``value`` raises ValueError or
    TypeError on a sort value that does not fit the list.
    """
    try:
        if len(cursor) > CURSOR_MAX:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        table, name, sort_value, last_id = json.loads(raw)
        if type(last_id) is not int or not 1 <= last_id <= MAX_ID:
            raise ValueError("bad id")
    except (ValueError, TypeError):  # binascii.Error and UnicodeDecodeError are ValueErrors
        raise BadRequest.on("cursor", "not a cursor this service issued") from None
    if table != list_name or name != sort_name:
        raise BadRequest.on(
            "cursor", f"was issued for another list or sort, not this one with sort={sort_name}"
        )
    try:
        return value(sort_value), last_id
    except (ValueError, TypeError):
        raise BadRequest.on("cursor", "not a cursor this service issued") from None


def paginate(
    session: Session,
    stmt: SelectOfScalar[M],
    *,
    spec: SortSpec,
    id_column: Any,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[M], str | None]:
    """Run ``stmt`` ordered by the sort column then id, from after ``cursor``; one page."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput.on("limit", f"must be between 1 and {MAX_LIMIT}")
    sort_col, id_col = spec.column, id_column
    if cursor:
        value, last_id = _parse_cursor(cursor, spec, id_col)
        # A row-value comparison, not "a > x OR (a = x AND id > y)": both SQLite and PostgreSQL
        # seek the (sort, id) index with it, so a deep page costs what the first one does.
        after: ColumnElement[bool]
        if sort_col is id_col:
            after = id_col < last_id if spec.descending else id_col > last_id
        elif spec.descending:
            after = tuple_(sort_col, id_col) < tuple_(value, last_id)
        else:
            after = tuple_(sort_col, id_col) > tuple_(value, last_id)
        stmt = stmt.where(after)
    if spec.descending:
        stmt = stmt.order_by(sort_col.desc(), id_col.desc())
    else:
        stmt = stmt.order_by(sort_col.asc(), id_col.asc())
    rows = list(session.exec(stmt.limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = _cursor_for(spec, rows[-1], id_col)
    return rows, next_cursor

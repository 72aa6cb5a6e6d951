"""Cursor (keyset) pagination and ``sort=``: the one pagination helper of the service.

A page costs the same at page 1 and page 20,000: the cursor carries the last row's sort value
and id, and the next page starts *after* it through an index, never with OFFSET.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import tuple_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from lrc_api.core.errors import InvalidInput

MAX_LIMIT = 200
"""Largest page a client may ask for."""

DEFAULT_LIMIT = 50
"""Page size when the client gives none."""

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


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            return dt.datetime.fromisoformat(value["dt"])
        if "d" in value:
            return dt.date.fromisoformat(value["d"])
    return value


def _cursor_for(spec: SortSpec, row: Any, id_attr: str, sort_attr: str) -> str:
    payload = [spec.name, _encode(getattr(row, sort_attr)), getattr(row, id_attr)]
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def _parse_cursor(cursor: str, spec: SortSpec) -> tuple[Any, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, value, last_id = json.loads(raw)
        if not isinstance(last_id, int):
            raise ValueError
    except (ValueError, TypeError):
        raise InvalidInput.on("cursor", "not a cursor this service issued") from None
    if name != spec.name:
        raise InvalidInput.on("cursor", f"was issued for sort={name}, not sort={spec.name}")
    return _decode(value), last_id


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
        value, last_id = _parse_cursor(cursor, spec)
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
        next_cursor = _cursor_for(spec, rows[-1], id_col.key, sort_col.key)
    return rows, next_cursor

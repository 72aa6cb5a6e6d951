"""Counting the SQL statements a request runs (issue 12: views are SQL aggregates plus lrc_rules,
never one query per row). Listens on the engine, so every session and connection is seen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event


class Statements:
    """The statements seen while counting (the SQL text, for a readable failure)."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def __len__(self) -> int:
        return len(self.sql)

    def __repr__(self) -> str:
        return "\n".join(f"{i + 1}: {s[:160]}" for i, s in enumerate(self.sql))


@contextmanager
def count_queries() -> Iterator[Statements]:
    """``with count_queries() as q: client.get(...)`` — then ``len(q)`` statements ran.

    Transaction bookkeeping (BEGIN/COMMIT/ROLLBACK, PRAGMAs) is left out: only statements that
    read or write data count.
    """
    from lrc_api.core.db import get_engine

    engine = get_engine()
    seen = Statements()

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if head in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}:
            seen.sql.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)

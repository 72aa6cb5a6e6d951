"""Counting the SQL statements a request runs (issue 12: views are SQL aggregates plus lrc_rules,
never one query per row). Listens on the engine, so every session and connection is seen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

# The statement core.accounts._state runs: (active, token version) of one user or client.
_ACCOUNT_CHECK = re.compile(
    r'SELECT "?\w+"?\.active, "?\w+"?\.token_version FROM "?\w+"? '
    r'WHERE "?\w+"?\.(username|client_id) = '
)


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
    read or write data count. So is the bearer token's account check
    (``core.accounts.require_live``): it runs once per request or not at all, as the worker's
    cache of account states is fresh or not (``LRC_ACCOUNT_CACHE_SECONDS``), which is timing and
    not the view's work — counted, it made the same view differ by one statement on a busy machine.
    """
    from lrc_api.core.db import get_engine

    engine = get_engine()
    seen = Statements()

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if head in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}:
            text = " ".join(statement.split())
            if not _ACCOUNT_CHECK.match(text):
                seen.sql.append(text)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)

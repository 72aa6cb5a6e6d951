"""Database engine and the per-request session.

SQLite (the embedded default) runs with WAL, foreign keys on and a busy timeout, so several
workers can share the file. PostgreSQL is reached through psycopg 3
(``postgresql+psycopg://…``). Services never commit: the request's unit of work commits once
(``commit`` in the router, after the service returned) or rolls back on any error.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from lrc_api.core.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 15_000
"""How long a SQLite writer waits for the lock before giving up (ms)."""


def is_sqlite(url: str) -> bool:
    """Whether the URL points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def normalise_url(url: str) -> str:
    """Prefer psycopg 3 for plain ``postgresql://`` URLs."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def ensure_sqlite_folder(url: str) -> None:
    """Create the folder of a SQLite file so a fresh machine needs no manual step."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)


def build_engine(url: str) -> Engine:
    """An engine for ``url`` with the SQLite pragmas set on every connection."""
    url = normalise_url(url)
    if is_sqlite(url):
        ensure_sqlite_folder(url)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Take over BEGIN from pysqlite so a write request can BEGIN IMMEDIATE (below).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # A write request takes SQLite's write lock when it starts (waiting up to the busy
            # timeout), so its reads see the latest commit: a conditional UPDATE then decides
            # between two concurrent PATCHes instead of failing with "database is locked".
            if conn.get_execution_options().get("lrc_write"):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@lru_cache
def get_engine() -> Engine:
    """The process's engine for the configured database."""
    return build_engine(get_settings().resolved_database_url)


def get_session() -> Iterator[Session]:
    """FastAPI dependency for reads: one session per request, always rolled back at the end."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
        finally:
            if session.in_transaction():
                session.rollback()


def get_write_session() -> Iterator[Session]:
    """FastAPI dependency for writes: rolled back unless the router called ``commit``."""
    with Session(get_engine().execution_options(lrc_write=True), expire_on_commit=False) as session:
        try:
            yield session
        finally:
            if session.in_transaction():
                session.rollback()

"""Migrations: up to head, down to base, up again; and the models match the migrations."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from lrc_api.core import migrations
from lrc_api.core.db import normalise_url
from lrc_api.tables import metadata

_SERVER = os.environ.get("LRC_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", *(["postgresql"] if _SERVER.startswith("postgres") else [])]
"""SQLite always; PostgreSQL too when the suite runs against it (CI's second pass)."""


@pytest.fixture(params=BACKENDS)
def scratch_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new empty database: a SQLite file, or a fresh PostgreSQL database beside the test one."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    url = make_url(normalise_url(_SERVER))
    name = f"lrc_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_downgrade_upgrade_round_trip(scratch_url: str) -> None:
    """head → base → head leaves the same tables, and base leaves only alembic's own table."""
    migrations.upgrade("head", url=scratch_url)
    engine = create_engine(scratch_url)
    tables_at_head = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables_at_head
    migrations.downgrade("base", url=scratch_url)
    assert set(create_engine(scratch_url).dialect.get_table_names(engine.connect())) <= {
        "alembic_version"
    }
    migrations.upgrade("head", url=scratch_url)
    assert set(inspect(create_engine(scratch_url)).get_table_names()) == tables_at_head
    engine.dispose()


def test_models_and_migrations_do_not_differ(scratch_url: str) -> None:
    """Autogenerate finds nothing to do after upgrading to head."""
    migrations.upgrade("head", url=scratch_url)
    engine = create_engine(scratch_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, metadata)
    engine.dispose()
    assert diff == []

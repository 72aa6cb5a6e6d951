"""Alembic, driven from code: the CLI, start-up and the readiness probe use these."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from lrc_api.core.db import ensure_sqlite_folder, normalise_url
from lrc_api.core.settings import get_settings


def _find_migrations() -> Path:
    # In a source checkout (editable install) the folder sits beside the package; in the Docker
    # image the package is installed in a venv and the folder is copied to the work directory.
    for candidate in (
        os.environ.get("LRC_MIGRATIONS_DIR"),
        Path(__file__).resolve().parents[2] / "migrations",
        Path.cwd() / "migrations",
    ):
        if candidate and (Path(candidate) / "env.py").is_file():
            return Path(candidate)
    raise RuntimeError("no Alembic migrations folder found; set LRC_MIGRATIONS_DIR")


MIGRATIONS_DIR = _find_migrations()
"""The Alembic environment (repository root ``migrations/``)."""


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for ``url`` (default: the configured database)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # '%' must be doubled for configparser interpolation (passwords may contain it).
    target = normalise_url(url or get_settings().resolved_database_url)
    ensure_sqlite_folder(target)
    cfg.set_main_option("sqlalchemy.url", target.replace("%", "%%"))
    return cfg


def upgrade(revision: str = "head", url: str | None = None) -> None:
    """Apply migrations up to ``revision``."""
    command.upgrade(alembic_config(url), revision)


def downgrade(revision: str = "-1", url: str | None = None) -> None:
    """Revert migrations down to ``revision`` (``base`` reverts all)."""
    command.downgrade(alembic_config(url), revision)


@lru_cache
def head_revisions() -> frozenset[str]:
    """The head revision(s) of the migration scripts."""
    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def current_revisions(conn: Connection) -> frozenset[str]:
    """The revision(s) the database is at."""
    return frozenset(MigrationContext.configure(conn).get_current_heads())

"""Every domain's tables, imported so ``SQLModel.metadata`` knows them all (Alembic reads this)."""

from __future__ import annotations

from sqlmodel import SQLModel

import lrc_api.core.models  # noqa: F401  (naming convention first)

metadata = SQLModel.metadata
"""The metadata holding every table of the service."""

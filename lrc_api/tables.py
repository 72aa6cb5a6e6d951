"""Every domain's tables, imported so ``SQLModel.metadata`` knows them all (Alembic reads this)."""

from __future__ import annotations

from typing import Any

from sqlmodel import SQLModel

import lrc_api.activities.models
import lrc_api.assessments.models
import lrc_api.audit.models
import lrc_api.auth.models
import lrc_api.cases.models
import lrc_api.coordinators.models
import lrc_api.core.idempotency
import lrc_api.core.models
import lrc_api.enterprises.models
import lrc_api.regions.models  # noqa: F401  (imported for their tables)

metadata = SQLModel.metadata
"""The metadata holding every table of the service."""


def region_dependents() -> list[tuple[Any, Any]]:
    """Every (table, column) that points at a region, except the tree's own parent link."""
    return [
        (table, column)
        for table in metadata.sorted_tables
        if table.name != "region"
        for column in table.columns
        for fk in column.foreign_keys
        if fk.column.table.name == "region"
    ]

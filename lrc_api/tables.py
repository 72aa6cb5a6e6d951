"""Every domain's tables, imported so ``SQLModel.metadata`` knows them all (Alembic reads this)."""

from __future__ import annotations

from sqlmodel import SQLModel

import lrc_api.activities.models
import lrc_api.alerts.models
import lrc_api.assessments.models
import lrc_api.auth.models
import lrc_api.cases.models
import lrc_api.coordinators.models
import lrc_api.core.accounts
import lrc_api.core.idempotency
import lrc_api.core.journal
import lrc_api.core.models
import lrc_api.core.region_tree
import lrc_api.enterprises.models
import lrc_api.imports.models
import lrc_api.signals.models
import lrc_api.staffing.models
import lrc_api.webhooks.models  # noqa: F401  (imported for their tables)

metadata = SQLModel.metadata
"""The metadata holding every table of the service."""

"""The audit-log and change-feed tables live in ``lrc_api.core.journal`` (the unit of work writes
them); named here too."""

from __future__ import annotations

from lrc_api.core.journal import AuditEntry, Change

__all__ = ["AuditEntry", "Change"]

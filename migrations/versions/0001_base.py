"""Base revision: the empty schema the later revisions build on.

Revision ID: 0001_base
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "0001_base"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet: the records revision creates the tables."""


def downgrade() -> None:
    """Nothing to revert."""

"""Regions: a policy pack bound to a region and its subtree

Revision ID: 0006_region_policy
Revises: 0005_cases
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006_region_policy'
down_revision: str | None = '0005_cases'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('region') as batch:
        batch.add_column(sa.Column('policy', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('region') as batch:
        batch.drop_column('policy')

"""Views over stored data: the staffing basis of townships; a placement's evaluation

Revision ID: 0009_region_views
Revises: 0008_webhooks
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009_region_views'
down_revision: str | None = '0008_webhooks'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        'staffingbasis',
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.Column('approved_headcount', sa.Integer(), nullable=True),
        sa.Column('approval_ref', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column('existing_inspection_assistants', sa.Integer(), nullable=True),
        sa.Column('existing_mediators', sa.Integer(), nullable=True),
        sa.Column('enterprise_load', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_staffingbasis_region_id_region')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staffingbasis')),
        sa.UniqueConstraint('region_id', 'effective_from', name=op.f('uq_staffingbasis_region_id_effective_from')),
    )
    with op.batch_alter_table('staffingbasis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staffingbasis_region_id'), ['region_id'], unique=False)
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evaluation', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_column('evaluation')
    with op.batch_alter_table('staffingbasis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staffingbasis_region_id'))
    op.drop_table('staffingbasis')

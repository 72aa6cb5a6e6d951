"""Early warning: risk signals from other systems, risk alerts (one open episode per enterprise),
and what a coordinator's risk report needs (risk_kind, workers_affected)

Revision ID: 0012_early_warning
Revises: 0011_ledger_files
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0012_early_warning'
down_revision: str | None = '0011_ledger_files'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('risk_alert',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('policy', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('escalated_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('acknowledged_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledge_note_encrypted', sqlmodel.sql.sqltypes.AutoString(length=4200), nullable=True),
    sa.Column('acknowledge_note_masked', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('resolved_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolve_note_encrypted', sqlmodel.sql.sqltypes.AutoString(length=4200), nullable=True),
    sa.Column('resolve_note_masked', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_risk_alert_enterprise_id_enterprise')),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_risk_alert_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_alert'))
    )
    with op.batch_alter_table('risk_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_alert_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_alert_level'), ['level'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_alert_region_id'), ['region_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_alert_state'), ['state'], unique=False)
        batch_op.create_index('uq_risk_alert_one_open_episode', ['enterprise_id'], unique=True, sqlite_where=sa.text('ended_on IS NULL'), postgresql_where=sa.text('ended_on IS NULL'))

    op.create_table('risk_signal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('source_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('note_encrypted', sqlmodel.sql.sqltypes.AutoString(length=4200), nullable=True),
    sa.Column('note_masked', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_risk_signal_enterprise_id_enterprise')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_signal')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_risk_signal_source_source_id'))
    )
    with op.batch_alter_table('risk_signal', schema=None) as batch_op:
        batch_op.create_index('ix_risk_signal_enterprise_id_kind_observed_on', ['enterprise_id', 'kind', 'observed_on', 'value'], unique=False)

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('risk_kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True))
        batch_op.add_column(sa.Column('workers_affected', sa.Integer(), nullable=True))



def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_column('workers_affected')
        batch_op.drop_column('risk_kind')

    with op.batch_alter_table('risk_signal', schema=None) as batch_op:
        batch_op.drop_index('ix_risk_signal_enterprise_id_kind_observed_on')

    op.drop_table('risk_signal')
    with op.batch_alter_table('risk_alert', schema=None) as batch_op:
        batch_op.drop_index('uq_risk_alert_one_open_episode', sqlite_where=sa.text('ended_on IS NULL'), postgresql_where=sa.text('ended_on IS NULL'))
        batch_op.drop_index(batch_op.f('ix_risk_alert_state'))
        batch_op.drop_index(batch_op.f('ix_risk_alert_region_id'))
        batch_op.drop_index(batch_op.f('ix_risk_alert_level'))
        batch_op.drop_index(batch_op.f('ix_risk_alert_enterprise_id'))

    op.drop_table('risk_alert')

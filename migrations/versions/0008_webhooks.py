"""Webhooks: subscriptions (a cursor into the change feed each) and their delivery attempts

Revision ID: 0008_webhooks
Revises: 0007_security
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import lrc_api.core.models


revision: str = '0008_webhooks'
down_revision: str | None = '0007_security'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        'webhook_subscription',
        sa.Column('created_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('owner_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('owner_role', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('owner_scopes', sa.Text(), nullable=False),
        sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column('event_types', sa.JSON(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('disabled_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column('disabled_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column('secret_encrypted', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('previous_secret_encrypted', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column('previous_secret_expires_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column('secret_rotated_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column('last_seq', sa.Integer(), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('failing_since', lrc_api.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column('next_attempt_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column('lease_owner', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column('lease_until', lrc_api.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column('dispatched_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column('deleted_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_webhook_subscription_region_id_region')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_subscription')),
    )
    with op.batch_alter_table('webhook_subscription') as batch:
        batch.create_index(batch.f('ix_webhook_subscription_owner_subject'), ['owner_subject'], unique=False)
        batch.create_index(batch.f('ix_webhook_subscription_region_id'), ['region_id'], unique=False)
    op.create_table(
        'webhook_delivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('event_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('replay', sa.Boolean(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=True),
        sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column('response_excerpt', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column('requested_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column('created_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('started_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column('duration_ms', sa.Float(), nullable=True),
        sa.Column('next_attempt_at', lrc_api.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['subscription_id'], ['webhook_subscription.id'], name=op.f('fk_webhook_delivery_subscription_id_webhook_subscription')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_delivery')),
    )
    with op.batch_alter_table('webhook_delivery') as batch:
        batch.create_index(batch.f('ix_webhook_delivery_created_at'), ['created_at'], unique=False)
        batch.create_index('ix_webhook_delivery_subscription_id_id', ['subscription_id', 'id'], unique=False)
        batch.create_index('ix_webhook_delivery_subscription_id_status', ['subscription_id', 'status'], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table('webhook_delivery')
    op.drop_table('webhook_subscription')

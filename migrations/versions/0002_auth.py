"""Auth: users and API clients, with their failed-login lock state

Revision ID: 0002_auth
Revises: 0001_base
Create Date: 2026-11-22 02:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002_auth"
down_revision: str | None = "0001_base"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _login_columns() -> list[sa.Column]:
    """Columns every sign-in table shares (timestamps, active flag, lock state)."""
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    """Create ``user`` and ``api_client``."""
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("coordinator_id", sa.Integer(), nullable=True),
        *_login_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("username", name=op.f("uq_user_username")),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_region_id"), ["region_id"], unique=False)

    op.create_table(
        "api_client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("secret_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("scopes", sa.Text(), nullable=False),
        *_login_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_client")),
        sa.UniqueConstraint("client_id", name=op.f("uq_api_client_client_id")),
    )
    with op.batch_alter_table("api_client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_client_region_id"), ["region_id"], unique=False)


def downgrade() -> None:
    """Drop ``api_client`` and ``user``."""
    with op.batch_alter_table("api_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_client_region_id"))
    op.drop_table("api_client")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_region_id"))
    op.drop_table("user")

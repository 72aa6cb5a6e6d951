"""Cases: how each concluded (结案方式, on time or late) and each open case's next and main due dates

Revision ID: 0010_case_views
Revises: 0009_region_views
Create Date: 2026-12-02

Concluded cases get their day of conclusion from the timeline, and their conclusion where the
status they concluded in allows only one (withdrawn, transferred; an arbitration mediated or
awarded); the others stay null ("not recorded"). The due dates and timeliness need the rules
engine: run `lrc cases recompute-deadlines --include-concluded` once after upgrading.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0010_case_views'
down_revision: str | None = '0009_region_views'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CONCLUDING = "('mediated', 'awarded', 'withdrawn', 'transferred')"
_FIRST_CONCLUSION = (
    "SELECT {col} FROM case_event e WHERE e.case_id = \"case\".id AND e.kind = 'status_changed' "
    f"AND e.status IN {_CONCLUDING} ORDER BY e.seq LIMIT 1"
)


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conclusion', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True))
        batch_op.add_column(sa.Column('concluded_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('timeliness', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))
        batch_op.add_column(sa.Column('next_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('next_due_key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column('main_due_on', sa.Date(), nullable=True))
        batch_op.create_index('ix_case_next_due_on_id', ['next_due_on', 'id'], unique=False)
        batch_op.create_index('ix_case_main_due_on', ['main_due_on'], unique=False)
        batch_op.create_index('ix_case_stats', ['region_id', 'procedure', 'received_on', 'accepted_on', 'concluded_on', 'conclusion', 'timeliness'], unique=False)
    concluded_on = _FIRST_CONCLUSION.format(col='e."on"')
    op.execute(f'UPDATE "case" SET concluded_on = ({concluded_on})')
    concluded_as = f"({_FIRST_CONCLUSION.format(col='e.status')})"
    op.execute(
        'UPDATE "case" SET conclusion = CASE '
        f"WHEN {concluded_as} = 'withdrawn' THEN 'withdrawn' "
        f"WHEN {concluded_as} = 'transferred' THEN 'transferred' "
        f"WHEN procedure = 'arbitration' AND {concluded_as} = 'mediated' THEN 'arbitral_mediation' "
        f"WHEN procedure = 'arbitration' AND {concluded_as} = 'awarded' THEN 'award' "
        "END WHERE concluded_on IS NOT NULL"
    )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_stats')
        batch_op.drop_index('ix_case_main_due_on')
        batch_op.drop_index('ix_case_next_due_on_id')
        batch_op.drop_column('main_due_on')
        batch_op.drop_column('next_due_key')
        batch_op.drop_column('next_due_on')
        batch_op.drop_column('timeliness')
        batch_op.drop_column('concluded_on')
        batch_op.drop_column('conclusion')

"""inbox: a partial index of the pending rows by id, so the workers' batch query reads only the
pending rows instead of scanning past every handled one

Revision ID: 0024_ingest
Revises: 0022_dash_summary
Create Date: 2026-12-02 04:35:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0024_ingest'
down_revision: Union[str, Sequence[str], None] = '0022_dash_summary'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.create_index('ix_inbox_pending_id', ['id'], unique=False, postgresql_where=PENDING, sqlite_where=PENDING)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_pending_id')

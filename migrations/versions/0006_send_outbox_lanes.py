"""outbox: an index for the dispatcher's per-channel, per-priority claim, and opens_conversation
(a WhatsApp template sent outside the window: what Meta's daily tier counts).

Revision ID: 0006_send
Revises: 0011_dashboard
Create Date: 2026-12-01 20:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006_send'
down_revision: Union[str, Sequence[str], None] = '0011_dashboard'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opens_conversation', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_outbox_lane', ['channel', 'status', 'priority', 'id'], unique=False)
        batch_op.create_index('ix_outbox_conversations', ['channel', 'sent_at'], unique=False,
                              postgresql_where=sa.text('opens_conversation'), sqlite_where=sa.text('opens_conversation'))
    # templates already sent opened conversations too
    op.execute("UPDATE outbox SET opens_conversation = true WHERE kind = 'template' AND sent_at IS NOT NULL")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_conversations')
        batch_op.drop_index('ix_outbox_lane')
        batch_op.drop_column('opens_conversation')

"""inbox: incoming messages stored by the webhooks, handled by the inbox workers.

Revision ID: 0008_inbox
Revises: 0012_events
Create Date: 2026-12-01 20:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0008_inbox'
down_revision: Union[str, Sequence[str], None] = '0012_events'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'inbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('provider_id', sa.String(length=64), nullable=True),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('message', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('handled_at', sa.DateTime(), nullable=True),
        sa.Column('error', sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox')),
        sa.UniqueConstraint('channel', 'provider_id', name='uq_inbox_channel_provider_id'),
    )
    op.create_index('ix_inbox_pending', 'inbox', ['status', 'channel', 'address', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_inbox_pending', table_name='inbox')
    op.drop_table('inbox')

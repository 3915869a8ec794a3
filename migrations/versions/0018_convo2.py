"""convo2: a person's channel addresses (one profile on Telegram and WhatsApp) and messages
relayed between the two sides of a connection.

Revision ID: 0018_convo2
Revises: 0008_inbox
Create Date: 2026-12-02 01:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0018_convo2'
down_revision: Union[str, Sequence[str], None] = '0016_dash2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'user_addresses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('linked_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_addresses_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_addresses')),
        sa.UniqueConstraint('channel', 'address', name='uq_user_addresses_channel_address'),
    )
    op.create_index(op.f('ix_user_addresses_user_id'), 'user_addresses', ['user_id'])
    op.create_table(
        'relay_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('match_id', sa.Integer(), nullable=False),
        sa.Column('sender_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_relay_messages_match_id_matches'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sender_id'], ['users.id'], name=op.f('fk_relay_messages_sender_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_relay_messages')),
    )
    op.create_index('ix_relay_messages_match_sender_created', 'relay_messages',
                    ['match_id', 'sender_id', 'created_at'])


def downgrade() -> None:
    op.drop_index('ix_relay_messages_match_sender_created', table_name='relay_messages')
    op.drop_table('relay_messages')
    op.drop_index(op.f('ix_user_addresses_user_id'), table_name='user_addresses')
    op.drop_table('user_addresses')

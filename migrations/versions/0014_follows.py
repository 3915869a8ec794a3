"""follows: a user follows a product (optionally one district) to hear of new listings.

Revision ID: 0014_follows
Revises: 0013_signals
Create Date: 2026-12-01 21:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0014_follows'
down_revision: Union[str, Sequence[str], None] = '0013_signals'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'follows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('product', sa.String(length=40), nullable=False),
        sa.Column('district_code', sa.Integer(), nullable=True),
        sa.Column('daily', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('told_until', sa.DateTime(), nullable=False),
        sa.Column('last_sent_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_follows_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_follows')),
        sa.UniqueConstraint('user_id', 'product', 'district_code', name='uq_follows_user_product_district'),
    )
    op.create_index('ix_follows_product', 'follows', ['product'])
    op.create_index(op.f('ix_follows_user_id'), 'follows', ['user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_follows_user_id'), table_name='follows')
    op.drop_index('ix_follows_product', table_name='follows')
    op.drop_table('follows')

"""digests and buyers beyond Bihar: group digest settings, a buyer's state and city, the courier flag.

Revision ID: 0019_digests
Revises: 0008_inbox
Create Date: 2026-12-02 01:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0019_digests'
down_revision: Union[str, Sequence[str], None] = '0008_inbox'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('group_chats') as batch:
        batch.add_column(sa.Column('digest_all_bihar', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column('digest_products', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('digest_until', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('digest_sent_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('state_code', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('city', sa.String(length=80), nullable=True))
    with op.batch_alter_table('listings') as batch:
        batch.add_column(sa.Column('ships', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('demands') as batch:
        batch.add_column(sa.Column('state_code', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('city', sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('demands') as batch:
        batch.drop_column('city')
        batch.drop_column('state_code')
    with op.batch_alter_table('listings') as batch:
        batch.drop_column('ships')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('city')
        batch.drop_column('state_code')
    with op.batch_alter_table('group_chats') as batch:
        batch.drop_column('digest_sent_at')
        batch.drop_column('digest_until')
        batch.drop_column('digest_products')
        batch.drop_column('digest_all_bihar')

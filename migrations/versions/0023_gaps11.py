"""group_chats.language: the language a group's digests are posted in (Hindi by default).

Revision ID: 0023_gaps11
Revises: 0021_send2
Create Date: 2026-12-02 02:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0023_gaps11'
down_revision: Union[str, Sequence[str], None] = '0015_prices_fast'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('group_chats') as batch:
        batch.add_column(sa.Column('language', sa.String(length=2), server_default=sa.text("'hi'"), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('group_chats') as batch:
        batch.drop_column('language')

"""conversations.option_labels: the labels of the options last shown, so a typed label answers them.

Revision ID: 0017_convo1
Revises: 0008_inbox
Create Date: 2026-12-02 01:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0017_convo1'
down_revision: Union[str, Sequence[str], None] = '0018_convo2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('conversations') as batch:
        batch.add_column(sa.Column('option_labels', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('conversations') as batch:
        batch.drop_column('option_labels')

"""users.office_phone: the office's phone a staff member gives for a notice's "more information".

Revision ID: 0021_send2
Revises: 0008_inbox
Create Date: 2026-12-02 01:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0021_send2'
down_revision: Union[str, Sequence[str], None] = '0017_convo1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('office_phone', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('office_phone')

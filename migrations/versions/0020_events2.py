"""Events' invitations go out as notices: the event keeps its notice.

Revision ID: 0020_events2
Revises: 0008_inbox
Create Date: 2026-12-02 01:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0020_events2'
down_revision: Union[str, Sequence[str], None] = '0019_digests'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_notice_id'), ['notice_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_events_notice_id_notices'), 'notices', ['notice_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_events_notice_id_notices'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_notice_id'))
        batch_op.drop_column('notice_id')

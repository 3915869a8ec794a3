"""media fetched after the turn

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:35:06.022999

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""

    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), nullable=False, server_default='pending'))
        batch_op.add_column(sa.Column('source_channel', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('source_ref', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('error', sa.String(length=200), nullable=True))
        batch_op.alter_column('sha256',
               existing_type=sa.VARCHAR(length=64),
               nullable=True)
        batch_op.alter_column('content_type',
               existing_type=sa.VARCHAR(length=32),
               nullable=True)
        batch_op.alter_column('size',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('filename',
               existing_type=sa.VARCHAR(length=80),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_media_status'), ['status'], unique=False)




def downgrade() -> None:
    """Downgrade schema."""

    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_status'))
        batch_op.alter_column('filename',
               existing_type=sa.VARCHAR(length=80),
               nullable=False)
        batch_op.alter_column('size',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('content_type',
               existing_type=sa.VARCHAR(length=32),
               nullable=False)
        batch_op.alter_column('sha256',
               existing_type=sa.VARCHAR(length=64),
               nullable=False)
        batch_op.drop_column('error')
        batch_op.drop_column('source_ref')
        batch_op.drop_column('source_channel')
        batch_op.drop_column('status')



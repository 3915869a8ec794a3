"""dashboard: the overview's summary of whole days (dash_counts, dash_summary)

Revision ID: 0022_dash_summary
Revises: 0016_dash2
Create Date: 2026-12-02 02:05:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0022_dash_summary'
down_revision: Union[str, Sequence[str], None] = '0016_dash2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('dash_counts',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('kind', sa.String(length=16), nullable=False),
                    sa.Column('day', sa.Integer(), nullable=False),
                    sa.Column('district_code', sa.Integer(), nullable=False),
                    sa.Column('block_code', sa.Integer(), nullable=True),
                    sa.Column('key', sa.String(length=40), nullable=False),
                    sa.Column('n', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_dash_counts')))
    with op.batch_alter_table('dash_counts', schema=None) as batch_op:
        batch_op.create_index('ix_dash_counts_kind_day', ['kind', 'day'], unique=False)
        batch_op.create_index('ix_dash_counts_kind_district_day', ['kind', 'district_code', 'day'], unique=False)
    op.create_table('dash_summary',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('before_day', sa.Integer(), nullable=False),
                    sa.Column('built_at', sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_dash_summary')))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('dash_summary')
    with op.batch_alter_table('dash_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_dash_counts_kind_district_day')
        batch_op.drop_index('ix_dash_counts_kind_day')
    op.drop_table('dash_counts')

"""dashboard: the overview's summary of whole days (dash_counts, dash_summary); deal reports carry
their match's place, with indexes the overview reads index-only on PostgreSQL

Revision ID: 0022_dash_summary
Revises: 0016_dash2
Create Date: 2026-12-02 02:05:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0022_dash_summary'
down_revision: Union[str, Sequence[str], None] = '0023_gaps11'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

DEAL_INCLUDE = ['district_code', 'block_code', 'match_id', 'happened', 'quantity', 'price']
AREA_INCLUDE = ['block_code', 'match_id', 'happened', 'quantity', 'price']


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('dash_counts',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('kind', sa.String(length=16), nullable=False),
                    sa.Column('day', sa.Integer(), nullable=False),
                    sa.Column('span', sa.Integer(), nullable=False),
                    sa.Column('district_code', sa.Integer(), nullable=False),
                    sa.Column('block_code', sa.Integer(), nullable=True),
                    sa.Column('key', sa.String(length=40), nullable=False),
                    sa.Column('n', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_dash_counts')))
    with op.batch_alter_table('dash_counts', schema=None) as batch_op:
        batch_op.create_index('ix_dash_counts_kind_day', ['kind', 'span', 'day'], unique=False,
                              postgresql_include=['district_code', 'block_code', 'key', 'n'])
        batch_op.create_index('ix_dash_counts_kind_district_day', ['kind', 'span', 'district_code', 'day'], unique=False,
                              postgresql_include=['block_code', 'key', 'n'])
    op.create_table('dash_summary',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('before_day', sa.Integer(), nullable=False),
                    sa.Column('built_at', sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_dash_summary')))
    with op.batch_alter_table('deal_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('district_code', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('block_code', sa.Integer(), nullable=True))
    for column in ('district_code', 'block_code'):
        op.execute(f"UPDATE deal_reports SET {column} = (SELECT matches.{column} FROM matches"
                   " WHERE matches.id = deal_reports.match_id)")
    with op.batch_alter_table('deal_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_deal_reports_created')
        batch_op.create_index('ix_deal_reports_created', ['created_at'], unique=False, postgresql_include=DEAL_INCLUDE)
        batch_op.create_index('ix_deal_reports_area_created', ['district_code', 'created_at'], unique=False,
                              postgresql_include=AREA_INCLUDE)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('deal_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_deal_reports_area_created', postgresql_include=AREA_INCLUDE)
        batch_op.drop_index('ix_deal_reports_created', postgresql_include=DEAL_INCLUDE)
        batch_op.create_index('ix_deal_reports_created', ['created_at'], unique=False)
        batch_op.drop_column('block_code')
        batch_op.drop_column('district_code')
    op.drop_table('dash_summary')
    with op.batch_alter_table('dash_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_dash_counts_kind_district_day', postgresql_include=['block_code', 'key', 'n'])
        batch_op.drop_index('ix_dash_counts_kind_day', postgresql_include=['district_code', 'block_code', 'key', 'n'])
    op.drop_table('dash_counts')

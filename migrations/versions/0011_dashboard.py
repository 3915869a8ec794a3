"""dashboard: one-time sign-in links; indexes for the dashboard's counts by area and period

Revision ID: 0011_dashboard
Revises: 0010_ops
Create Date: 2026-12-01 20:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = '0011_dashboard'
down_revision: Union[str, Sequence[str], None] = '0010_ops'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

AREA_INCLUDE = ['block_code', 'status', 'product']
USERS_INCLUDE = ['block_code', 'created_at', 'last_inbound_at']


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'dashboard_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_dashboard_links_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_links')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_dashboard_links_token_hash')),
    )
    with op.batch_alter_table('dashboard_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dashboard_links_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.create_index('ix_listings_area_created', ['district_code', 'created_at'], unique=False,
                              postgresql_include=AREA_INCLUDE)
    with op.batch_alter_table('demands', schema=None) as batch_op:
        batch_op.create_index('ix_demands_area_created', ['district_code', 'created_at'], unique=False,
                              postgresql_include=AREA_INCLUDE)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('ix_users_area_role', ['district_code', 'role'], unique=False,
                              postgresql_include=USERS_INCLUDE)
    # A match's place is its listing's, copied so the dashboard never reads listings to count matches.
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('district_code', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('block_code', sa.Integer(), nullable=True))
    op.execute("UPDATE matches SET district_code = (SELECT listings.district_code FROM listings "
               "WHERE listings.id = matches.listing_id), block_code = (SELECT listings.block_code FROM listings "
               "WHERE listings.id = matches.listing_id)")
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.alter_column('district_code', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index('ix_matches_area_created', ['district_code', 'created_at'], unique=False,
                              postgresql_include=['block_code', 'connected_at'])
        batch_op.create_index('ix_matches_area_connected', ['district_code', 'connected_at'], unique=False,
                              postgresql_include=['block_code', 'created_at'])
    with op.batch_alter_table('deal_reports', schema=None) as batch_op:
        batch_op.create_index('ix_deal_reports_created', ['created_at'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('deal_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_deal_reports_created')
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index('ix_matches_area_connected', postgresql_include=['block_code', 'created_at'])
        batch_op.drop_index('ix_matches_area_created', postgresql_include=['block_code', 'connected_at'])
        batch_op.drop_column('block_code')
        batch_op.drop_column('district_code')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_area_role', postgresql_include=USERS_INCLUDE)
    with op.batch_alter_table('demands', schema=None) as batch_op:
        batch_op.drop_index('ix_demands_area_created', postgresql_include=AREA_INCLUDE)
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_index('ix_listings_area_created', postgresql_include=AREA_INCLUDE)
    with op.batch_alter_table('dashboard_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dashboard_links_user_id'))
    op.drop_table('dashboard_links')

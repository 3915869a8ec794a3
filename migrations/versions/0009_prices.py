"""Mandi prices: price_reports (AGMARKNET rows and haat reports), price_imports, price_alerts,
price_followers (daily line opt-in), price_queries (rate limit), listing_price_refs.

Revision ID: 0009_prices
Revises: 0006_send
Create Date: 2026-12-01 20:21:35.406892

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009_prices'
down_revision: Union[str, Sequence[str], None] = '0006_send'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('price_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_imports'))
    )
    op.create_table('price_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('product', sa.String(length=40), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=5), nullable=False),
    sa.Column('threshold', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('armed', sa.Boolean(), nullable=False),
    sa.Column('seen_report_id', sa.Integer(), nullable=False),
    sa.Column('fired_at', sa.DateTime(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_price_alerts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_alerts'))
    )
    with op.batch_alter_table('price_alerts', schema=None) as batch_op:
        batch_op.create_index('ix_price_alerts_product', ['product'], unique=False)

    op.create_table('price_followers',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('products', sa.JSON(), nullable=False),
    sa.Column('daily', sa.Boolean(), nullable=False),
    sa.Column('last_sent_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_price_followers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_price_followers'))
    )
    op.create_table('price_queries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('product', sa.String(length=40), nullable=True),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_price_queries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_queries'))
    )
    with op.batch_alter_table('price_queries', schema=None) as batch_op:
        batch_op.create_index('ix_price_queries_user_at', ['user_id', 'asked_at'], unique=False)

    op.create_table('price_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('row_key', sa.String(length=40), nullable=True),
    sa.Column('market_key', sa.String(length=40), nullable=False),
    sa.Column('product', sa.String(length=40), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=True),
    sa.Column('district_name', sa.String(length=60), nullable=False),
    sa.Column('block_code', sa.Integer(), nullable=True),
    sa.Column('market', sa.String(length=80), nullable=False),
    sa.Column('commodity', sa.String(length=80), nullable=False),
    sa.Column('variety', sa.String(length=80), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=False),
    sa.Column('arrival_date', sa.Date(), nullable=False),
    sa.Column('min_price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('max_price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('modal_price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reporter_role', sa.String(length=10), nullable=True),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_price_reports_approved_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['import_id'], ['price_imports.id'], name=op.f('fk_price_reports_import_id_price_imports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_price_reports_reporter_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_reports')),
    sa.UniqueConstraint('row_key', name=op.f('uq_price_reports_row_key'))
    )
    with op.batch_alter_table('price_reports', schema=None) as batch_op:
        batch_op.create_index('ix_price_reports_import', ['import_id'], unique=False)
        batch_op.create_index('ix_price_reports_market_key', ['market_key', 'arrival_date'], unique=False)
        batch_op.create_index('ix_price_reports_product_place', ['product', 'district_code', 'arrival_date'], unique=False)
        batch_op.create_index('ix_price_reports_product_state', ['product', 'state', 'arrival_date'], unique=False)

    op.create_table('listing_price_refs',
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_price_refs_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['price_reports.id'], name=op.f('fk_listing_price_refs_report_id_price_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('listing_id', name=op.f('pk_listing_price_refs'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('listing_price_refs')
    with op.batch_alter_table('price_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_price_reports_product_state')
        batch_op.drop_index('ix_price_reports_product_place')
        batch_op.drop_index('ix_price_reports_market_key')
        batch_op.drop_index('ix_price_reports_import')

    op.drop_table('price_reports')
    with op.batch_alter_table('price_queries', schema=None) as batch_op:
        batch_op.drop_index('ix_price_queries_user_at')

    op.drop_table('price_queries')
    op.drop_table('price_followers')
    with op.batch_alter_table('price_alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_price_alerts_product')

    op.drop_table('price_alerts')
    op.drop_table('price_imports')

"""listings match indexes: covering place index, freshness index (PostgreSQL INCLUDE)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 16:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ACTIVE = sa.text("status = 'active'")
PLACE_INCLUDE = ['id', 'user_id', 'quantity', 'price', 'created_at', 'expires_at']
FRESH_INCLUDE = ['district_code', 'block_code', 'user_id', 'quantity', 'price', 'expires_at']


def upgrade() -> None:
    """Upgrade schema."""

    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_index('ix_listings_active_product_place', postgresql_where=ACTIVE, sqlite_where=ACTIVE)
        batch_op.create_index('ix_listings_active_product_place', ['product', 'district_code', 'block_code'], unique=False, postgresql_include=PLACE_INCLUDE, postgresql_where=ACTIVE, sqlite_where=ACTIVE)
        batch_op.create_index('ix_listings_active_product_fresh', ['product', 'created_at', 'id'], unique=False, postgresql_include=FRESH_INCLUDE, postgresql_where=ACTIVE, sqlite_where=ACTIVE)


def downgrade() -> None:
    """Downgrade schema."""

    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_index('ix_listings_active_product_fresh', postgresql_include=FRESH_INCLUDE, postgresql_where=ACTIVE, sqlite_where=ACTIVE)
        batch_op.drop_index('ix_listings_active_product_place', postgresql_include=PLACE_INCLUDE, postgresql_where=ACTIVE, sqlite_where=ACTIVE)
        batch_op.create_index('ix_listings_active_product_place', ['product', 'district_code', 'block_code'], unique=False, postgresql_where=ACTIVE, sqlite_where=ACTIVE)

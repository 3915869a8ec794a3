"""listings match index covering (INCLUDE the columns matching reads, PostgreSQL)

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

COVERED = ['id', 'user_id', 'quantity', 'price', 'created_at', 'expires_at']


def upgrade() -> None:
    """Upgrade schema."""

    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_index('ix_listings_active_product_place', postgresql_where=sa.text("status = 'active'"), sqlite_where=sa.text("status = 'active'"))
        batch_op.create_index('ix_listings_active_product_place', ['product', 'district_code', 'block_code'], unique=False, postgresql_include=COVERED, postgresql_where=sa.text("status = 'active'"), sqlite_where=sa.text("status = 'active'"))


def downgrade() -> None:
    """Downgrade schema."""

    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_index('ix_listings_active_product_place', postgresql_include=COVERED, postgresql_where=sa.text("status = 'active'"), sqlite_where=sa.text("status = 'active'"))
        batch_op.create_index('ix_listings_active_product_place', ['product', 'district_code', 'block_code'], unique=False, postgresql_where=sa.text("status = 'active'"), sqlite_where=sa.text("status = 'active'"))

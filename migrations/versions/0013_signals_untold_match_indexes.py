"""Partial indexes for the alert sweep, which now runs every few seconds: matches not yet told.

Revision ID: 0013_signals
Revises: 0005
Create Date: 2026-12-01 21:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0013_signals'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SELLER = sa.text("seller_notified_at IS NULL AND seller_answer IS NULL")
BUYER = sa.text("buyer_notified_at IS NULL AND buyer_answer IS NULL")


def upgrade() -> None:
    op.create_index('ix_matches_seller_untold', 'matches', ['seller_id'], postgresql_where=SELLER, sqlite_where=SELLER)
    op.create_index('ix_matches_buyer_untold', 'matches', ['buyer_id'], postgresql_where=BUYER, sqlite_where=BUYER)


def downgrade() -> None:
    op.drop_index('ix_matches_buyer_untold', table_name='matches')
    op.drop_index('ix_matches_seller_untold', table_name='matches')

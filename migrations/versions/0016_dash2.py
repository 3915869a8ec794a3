"""dashboard: indexes for all of Bihar's counts of a period (admins' overview), by date alone

Revision ID: 0016_dash2
Revises: 0008_inbox
Create Date: 2026-12-02 01:40:00.000000

"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0016_dash2'
down_revision: Union[str, Sequence[str], None] = '0020_events2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

INCLUDE = ['district_code', 'block_code', 'status', 'product']


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.create_index('ix_listings_created', ['created_at'], unique=False, postgresql_include=INCLUDE)
    with op.batch_alter_table('demands', schema=None) as batch_op:
        batch_op.create_index('ix_demands_created', ['created_at'], unique=False, postgresql_include=INCLUDE)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('demands', schema=None) as batch_op:
        batch_op.drop_index('ix_demands_created', postgresql_include=INCLUDE)
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_index('ix_listings_created', postgresql_include=INCLUDE)

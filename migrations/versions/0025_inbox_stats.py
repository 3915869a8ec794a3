"""inbox: autovacuum analyzes it after every 1,000 changed rows (not 10% of the table), so a burst
of messages is in the planner's statistics within a minute, not after millions of rows

Revision ID: 0025_inbox_stats
Revises: 0024_ingest
Create Date: 2026-12-02 18:00:00.000000

"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0025_inbox_stats'
down_revision: Union[str, Sequence[str], None] = '0024_ingest'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema (PostgreSQL's storage parameters; nothing on SQLite)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE inbox SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000)")


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE inbox RESET (autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)")

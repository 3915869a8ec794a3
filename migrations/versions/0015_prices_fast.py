"""prices fast: one AGMARKNET report per series a day by a partial unique index on (market_key,
arrival_date) instead of the row_key hash (PostgreSQL's set-based import de-duplicates on it);
import_id without its foreign key (checked per row, a tenth of a large import).

Revision ID: 0015_prices_fast
Revises: 0008_inbox
Create Date: 2026-12-02 01:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0015_prices_fast'
down_revision: Union[str, Sequence[str], None] = '0021_send2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_AGMARKNET = sa.text("source = 'agmarknet'")


def upgrade() -> None:
    # row_key was sha1(market_key | day): existing rows are already unique on (market_key, day).
    with op.batch_alter_table('price_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_price_reports_market_key')
        batch_op.drop_constraint('uq_price_reports_row_key', type_='unique')
        batch_op.drop_column('row_key')
        batch_op.drop_constraint('fk_price_reports_import_id_price_imports', type_='foreignkey')
    op.create_index('uq_price_reports_series_day', 'price_reports', ['market_key', 'arrival_date'], unique=True,
                    sqlite_where=_AGMARKNET, postgresql_where=_AGMARKNET)


def downgrade() -> None:
    op.drop_index('uq_price_reports_series_day', table_name='price_reports')
    with op.batch_alter_table('price_reports', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_price_reports_import_id_price_imports', 'price_imports', ['import_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.add_column(sa.Column('row_key', sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint('uq_price_reports_row_key', ['row_key'])
        batch_op.create_index('ix_price_reports_market_key', ['market_key', 'arrival_date'], unique=False)

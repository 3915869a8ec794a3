"""notices: what staff broadcast; outbox rows per notice recipient (unique, so a resumed fan-out
never repeats); groups get an audience; roster imports keep their consent.

Revision ID: 0007_notices
Revises: 0014_follows
Create Date: 2026-12-01 20:22:14.122887

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007_notices'
down_revision: Union[str, Sequence[str], None] = '0014_follows'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text_hi', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=True),
    sa.Column('photo', sa.String(length=40), nullable=True),
    sa.Column('document', sa.String(length=40), nullable=True),
    sa.Column('area', sa.String(length=10), nullable=False),
    sa.Column('area_codes', sa.JSON(), nullable=False),
    sa.Column('audience', sa.String(length=8), nullable=False),
    sa.Column('product', sa.String(length=40), nullable=True),
    sa.Column('include_groups', sa.Boolean(), nullable=False),
    sa.Column('share_contact', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(), nullable=True),
    sa.Column('fanout_after', sa.Integer(), nullable=False),
    sa.Column('fanned_out_at', sa.DateTime(), nullable=True),
    sa.Column('skipped_opted_out', sa.Integer(), nullable=False),
    sa.Column('skipped_unreachable', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_notices_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_author', ['author_id', 'created_at'], unique=False)
        batch_op.create_index('ix_notices_status_due', ['status', 'scheduled_at'], unique=False)

    with op.batch_alter_table('group_chats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audience', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('registered_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('registered_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_group_chats_registered_by_users'), 'users', ['registered_by'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_id', sa.Integer(), nullable=True))
        batch_op.create_index('uq_outbox_notice_recipient', ['notice_id', 'channel', 'address'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_notice_id_notices'), 'notices', ['notice_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roster_consent', sa.Boolean(), nullable=True))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('roster_consent')

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_notice_id_notices'), type_='foreignkey')
        batch_op.drop_index('uq_outbox_notice_recipient')
        batch_op.drop_column('notice_id')

    with op.batch_alter_table('group_chats', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_group_chats_registered_by_users'), type_='foreignkey')
        batch_op.drop_column('registered_at')
        batch_op.drop_column('registered_by')
        batch_op.drop_column('audience')

    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_status_due')
        batch_op.drop_index('ix_notices_author')

    op.drop_table('notices')

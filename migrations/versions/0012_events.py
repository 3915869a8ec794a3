"""Events with their invitations, and local facilities (packaging centres, purchase points...)
with the listing cards that mentioned them.

Revision ID: 0012_events
Revises: 0009_prices
Create Date: 2026-12-01 20:45:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0012_events'
down_revision: Union[str, Sequence[str], None] = '0009_prices'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'facilities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('district_code', sa.Integer(), nullable=False),
        sa.Column('block_code', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=True),
        sa.Column('hours', sa.String(length=120), nullable=False),
        sa.Column('products', sa.JSON(), nullable=False),
        sa.Column('lat', sa.Double(), nullable=True),
        sa.Column('lon', sa.Double(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_facilities_created_by_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_facilities')),
    )
    op.create_index('ix_facilities_area', 'facilities', ['district_code', 'block_code'], unique=False)
    op.create_table(
        'facility_mentions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('facility_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_facility_mentions_facility_id_facilities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_facility_mentions_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_facility_mentions')),
        sa.UniqueConstraint('user_id', 'facility_id', name='uq_facility_mentions_user_facility'),
    )
    op.create_table(
        'events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('starts_at', sa.DateTime(), nullable=False),
        sa.Column('ends_at', sa.DateTime(), nullable=True),
        sa.Column('district_code', sa.Integer(), nullable=False),
        sa.Column('block_code', sa.Integer(), nullable=True),
        sa.Column('venue', sa.String(length=200), nullable=False),
        sa.Column('lat', sa.Double(), nullable=True),
        sa.Column('lon', sa.Double(), nullable=True),
        sa.Column('area', sa.String(length=10), nullable=False),
        sa.Column('area_codes', sa.JSON(), nullable=False),
        sa.Column('audience', sa.String(length=8), nullable=False),
        sa.Column('product', sa.String(length=40), nullable=True),
        sa.Column('photo', sa.String(length=300), nullable=True),
        sa.Column('document', sa.String(length=300), nullable=True),
        sa.Column('registration', sa.Boolean(), nullable=False),
        sa.Column('details', sa.Text(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('invited_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_events_author_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    )
    op.create_index('ix_events_when', 'events', ['status', 'starts_at'], unique=False)
    op.create_table(
        'event_invites',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('answer', sa.String(length=3), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.Column('invited_at', sa.DateTime(), nullable=True),
        sa.Column('eve_reminded_at', sa.DateTime(), nullable=True),
        sa.Column('morning_reminded_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_invites_event_id_events'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_invites_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_invites')),
        sa.UniqueConstraint('event_id', 'user_id', name='uq_event_invites_event_user'),
    )
    op.create_index(op.f('ix_event_invites_event_id'), 'event_invites', ['event_id'], unique=False)
    op.create_index(op.f('ix_event_invites_user_id'), 'event_invites', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_table('event_invites')
    op.drop_index('ix_events_when', table_name='events')
    op.drop_table('events')
    op.drop_table('facility_mentions')
    op.drop_index('ix_facilities_area', table_name='facilities')
    op.drop_table('facilities')

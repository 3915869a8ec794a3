"""users.phone_verified: a phone the channel vouches for (WhatsApp's WaId, a Telegram user's
own shared contact), as opposed to one typed; only a verified phone can match a staff enrolment.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 17:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_verified', sa.Boolean(), server_default=sa.false(), nullable=False))
    # A WhatsApp user's phone came from WaId, a simulator user's from the API: both channel-given.
    # Telegram phones may have been typed: they stay unverified until shared as a contact.
    op.execute("UPDATE users SET phone_verified = true WHERE phone IS NOT NULL AND channel IN ('whatsapp', 'simulator')")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('phone_verified')

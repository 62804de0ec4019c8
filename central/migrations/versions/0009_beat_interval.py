"""each terminal's heartbeat interval, for its offline alert

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('kiosk_status', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interval_s', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kiosk_status', schema=None) as batch_op:
        batch_op.drop_column('interval_s')

"""power schedule: how many minutes before its opening a hall's screens wake

Revision ID: 0011_power_schedule
Revises: 0011_casework
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_power_schedule'
# after the back-office fields (a hall's hours and time zone), which this one builds on
down_revision = '0011_casework'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('halls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wake_before_min', sa.Integer(), nullable=False,
                                      server_default='15'))


def downgrade() -> None:
    with op.batch_alter_table('halls', schema=None) as batch_op:
        batch_op.drop_column('wake_before_min')

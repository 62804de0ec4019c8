"""calls for help from terminals

Revision ID: 0011_help_calls
Revises: 0011_power_schedule
"""
import sqlalchemy as sa
from alembic import op

import central.models.base

revision = '0011_help_calls'
down_revision = '0011_power_schedule'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'help_calls',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kiosk_id', sa.Integer(), nullable=False),
        sa.Column('hall_id', sa.Integer(), nullable=False),
        sa.Column('created_at', central.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('acknowledged_at', central.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('acknowledged_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['kiosk_id'], ['kiosks.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['hall_id'], ['halls.id']),
        sa.ForeignKeyConstraint(['acknowledged_by'], ['staff_users.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_help_calls_kiosk_id', 'help_calls', ['kiosk_id'])
    op.create_index('ix_help_calls_open', 'help_calls', ['hall_id', 'acknowledged_at'])


def downgrade() -> None:
    op.drop_index('ix_help_calls_open', table_name='help_calls')
    op.drop_index('ix_help_calls_kiosk_id', table_name='help_calls')
    op.drop_table('help_calls')

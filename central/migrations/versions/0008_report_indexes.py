"""indexes for reports by period

Revision ID: 0008
Revises: 0007
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_day', ['day', 'hall_id'], unique=False)
    with op.batch_alter_table('kiosk_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kiosk_events_kind'))
        batch_op.create_index('ix_kiosk_events_kind_at', ['kind', 'occurred_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('kiosk_events', schema=None) as batch_op:
        batch_op.drop_index('ix_kiosk_events_kind_at')
        batch_op.create_index(batch_op.f('ix_kiosk_events_kind'), ['kind'], unique=False)
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_day')

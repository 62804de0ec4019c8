"""what a person registered for an event has still to be told at their next visit (moved up
from the waiting list, the event cancelled), and when a terminal told them

Revision ID: 0012_event_notices
Revises: 0011_hall_events
"""
import sqlalchemy as sa
from alembic import op

import central.models.base

revision = '0012_event_notices'
down_revision = '0011_hall_events'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('event_registrations') as batch:
        batch.add_column(sa.Column('notice', sa.String(16), nullable=False, server_default=''))
        batch.add_column(sa.Column('notified_at', central.models.base.UTCDateTime(timezone=True),
                                   nullable=True))
    # places changed before this revision: their people have not been told at a terminal
    op.execute("UPDATE event_registrations SET notice = 'promoted' "
               "WHERE state = 'registered' AND promoted_at IS NOT NULL")
    op.execute("UPDATE event_registrations SET notice = 'event_cancelled' "
               "WHERE state IN ('registered', 'waiting') AND event_id IN "
               "(SELECT id FROM hall_events WHERE state = 'cancelled')")


def downgrade() -> None:
    with op.batch_alter_table('event_registrations') as batch:
        batch.drop_column('notified_at')
        batch.drop_column('notice')

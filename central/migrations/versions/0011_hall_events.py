"""hall events: job fairs, training courses, internships, workshops and information sessions,
their employers and postings, registrations with a waiting list and check-in tokens

Revision ID: 0011_hall_events
Revises: 0011_elder_priority
"""
import sqlalchemy as sa
from alembic import op

import central.models.base

revision = '0011_hall_events'
down_revision = '0011_elder_priority'
branch_labels = None
depends_on = None

UTC = central.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'hall_events',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('hall_id', sa.Integer(), sa.ForeignKey('halls.id'), nullable=False),
        sa.Column('kind', sa.String(24), nullable=False),
        sa.Column('title', sa.String(120), nullable=False),
        sa.Column('title_en', sa.String(160), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('description_en', sa.Text(), nullable=False),
        sa.Column('place', sa.String(200), nullable=False),
        sa.Column('place_en', sa.String(200), nullable=False),
        sa.Column('bring', sa.String(400), nullable=False),
        sa.Column('bring_en', sa.String(400), nullable=False),
        sa.Column('starts_at', UTC, nullable=False),
        sa.Column('ends_at', UTC, nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('eligibility', sa.String(20), nullable=False),
        sa.Column('eligibility_value', sa.String(30), nullable=False),
        sa.Column('registration_opens', UTC, nullable=True),
        sa.Column('registration_closes', UTC, nullable=True),
        sa.Column('state', sa.String(12), nullable=False),
        sa.Column('seats_taken', sa.Integer(), nullable=False),
        sa.Column('waiting_seq', sa.Integer(), nullable=False),
        sa.Column('created_by', sa.Integer(), sa.ForeignKey('staff_users.id'), nullable=True),
        sa.Column('created_at', UTC, nullable=False),
        sa.Column('updated_at', UTC, nullable=False))
    op.create_index('ix_hall_events_hall_start', 'hall_events', ['hall_id', 'starts_at'])
    op.create_table(
        'event_employers',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('event_id', sa.Integer(), sa.ForeignKey('hall_events.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('name', sa.String(120), nullable=False),
        sa.Column('name_en', sa.String(160), nullable=False),
        sa.Column('booth', sa.String(20), nullable=False))
    op.create_index('ix_event_employers_event_id', 'event_employers', ['event_id'])
    op.create_table(
        'event_postings',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('event_id', sa.Integer(), sa.ForeignKey('hall_events.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('employer_id', sa.Integer(),
                  sa.ForeignKey('event_employers.id', ondelete='CASCADE'), nullable=False),
        sa.Column('job_id', sa.Integer(), sa.ForeignKey('jobs.id'), nullable=False),
        sa.UniqueConstraint('event_id', 'job_id'))
    op.create_index('ix_event_postings_event_id', 'event_postings', ['event_id'])
    op.create_table(
        'event_registrations',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('event_id', sa.Integer(), sa.ForeignKey('hall_events.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=False),
        sa.Column('state', sa.String(12), nullable=False),
        sa.Column('waiting_seq', sa.Integer(), nullable=True),
        sa.Column('token', sa.String(40), nullable=False, unique=True),
        sa.Column('kiosk_id', sa.Integer(), sa.ForeignKey('kiosks.id'), nullable=True),
        sa.Column('promoted_at', UTC, nullable=True),
        sa.Column('attended_at', UTC, nullable=True),
        sa.Column('checked_in_by', sa.Integer(), sa.ForeignKey('staff_users.id'), nullable=True),
        sa.Column('created_at', UTC, nullable=False),
        sa.Column('updated_at', UTC, nullable=False),
        sa.UniqueConstraint('event_id', 'person_id'))
    op.create_index('ix_event_registrations_person_id', 'event_registrations', ['person_id'])
    op.create_index('ix_event_registrations_event_state', 'event_registrations',
                    ['event_id', 'state'])


def downgrade() -> None:
    op.drop_table('event_registrations')
    op.drop_table('event_postings')
    op.drop_table('event_employers')
    op.drop_table('hall_events')

"""case management: a person's tier, job-seeker registrations and what they want, difficulty
checks, tier changes, time-limited cases and their history, follow-ups, hall closure days;
a posting's number of vacancies

Revision ID: 0011_casework
Revises: 0011_postings
"""
import sqlalchemy as sa
from alembic import op

import central.models.base

revision = '0011_casework'
down_revision = '0011_postings'
branch_labels = None
depends_on = None

UTC = central.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tier', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tier_proposed', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tier_proposed_at', UTC, nullable=True))
        batch_op.add_column(sa.Column('tier_confirmed_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tier_confirmed_at', UTC, nullable=True))
        batch_op.create_foreign_key('fk_people_tier_confirmed_by', 'staff_users',
                                    ['tier_confirmed_by'], ['id'])
    op.create_table(
        'registrations',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=False),
        sa.Column('hall_id', sa.Integer(), sa.ForeignKey('halls.id'), nullable=False),
        sa.Column('occupations', sa.JSON(), nullable=False),
        sa.Column('pay_min', sa.Integer(), nullable=True),
        sa.Column('districts', sa.JSON(), nullable=False),
        sa.Column('education', sa.String(20), nullable=False),
        sa.Column('availability', sa.String(20), nullable=False),
        sa.Column('created_at', UTC, nullable=False),
        sa.Column('updated_at', UTC, nullable=False),
        sa.UniqueConstraint('person_id', 'hall_id'))
    op.create_index('ix_registrations_person_id', 'registrations', ['person_id'])
    op.create_index('ix_registrations_hall_id', 'registrations', ['hall_id'])
    op.create_table(
        'wanted_items',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('registration_id', sa.Integer(),
                  sa.ForeignKey('registrations.id', ondelete='CASCADE'), nullable=False),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=False),
        sa.Column('kind', sa.String(12), nullable=False),
        sa.Column('value', sa.String(40), nullable=False))
    op.create_index('ix_wanted_items_registration_id', 'wanted_items', ['registration_id'])
    op.create_index('ix_wanted_items_person_id', 'wanted_items', ['person_id'])
    op.create_index('ix_wanted_kind_value', 'wanted_items', ['kind', 'value'])
    op.create_table(
        'difficulty_checks',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=False),
        sa.Column('hall_id', sa.Integer(), sa.ForeignKey('halls.id'), nullable=False),
        sa.Column('kiosk_id', sa.Integer(), sa.ForeignKey('kiosks.id'), nullable=True),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('tier', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('created_at', UTC, nullable=False))
    op.create_index('ix_difficulty_checks_person_id', 'difficulty_checks', ['person_id'])
    op.create_table(
        'tier_changes',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=False),
        sa.Column('hall_id', sa.Integer(), sa.ForeignKey('halls.id'), nullable=True),
        sa.Column('from_tier', sa.Integer(), nullable=True),
        sa.Column('to_tier', sa.Integer(), nullable=True),
        sa.Column('staff_id', sa.Integer(), sa.ForeignKey('staff_users.id'), nullable=True),
        sa.Column('created_at', UTC, nullable=False))
    op.create_index('ix_tier_changes_person_id', 'tier_changes', ['person_id'])
    op.create_index('ix_tier_changes_created_at', 'tier_changes', ['created_at'])
    op.create_table(
        'cases',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=False),
        sa.Column('hall_id', sa.Integer(), sa.ForeignKey('halls.id'), nullable=False),
        sa.Column('service_id', sa.Integer(), sa.ForeignKey('services.id'), nullable=False),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey('tickets.id'), nullable=True),
        sa.Column('staff_id', sa.Integer(), sa.ForeignKey('staff_users.id'), nullable=True),
        sa.Column('state', sa.String(16), nullable=False),
        sa.Column('steps_done', sa.Integer(), nullable=False),
        sa.Column('missing', sa.JSON(), nullable=False),
        sa.Column('opened_on', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('due_estimated', sa.Boolean(), nullable=False),
        sa.Column('closed_on', sa.Date(), nullable=True),
        sa.Column('created_at', UTC, nullable=False),
        sa.Column('updated_at', UTC, nullable=False),
        sa.UniqueConstraint('ticket_id'))
    op.create_index('ix_cases_person_id', 'cases', ['person_id'])
    op.create_index('ix_cases_due_on', 'cases', ['due_on'])
    op.create_index('ix_cases_hall_state', 'cases', ['hall_id', 'state'])
    op.create_table(
        'case_events',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('cases.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('state', sa.String(16), nullable=False),
        sa.Column('missing', sa.JSON(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('staff_id', sa.Integer(), sa.ForeignKey('staff_users.id'), nullable=True),
        sa.Column('created_at', UTC, nullable=False))
    op.create_index('ix_case_events_case_id', 'case_events', ['case_id'])
    op.create_table(
        'follow_ups',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=False),
        sa.Column('hall_id', sa.Integer(), sa.ForeignKey('halls.id'), nullable=False),
        sa.Column('staff_id', sa.Integer(), sa.ForeignKey('staff_users.id'), nullable=True),
        sa.Column('kind', sa.String(12), nullable=False),
        sa.Column('outcome', sa.Text(), nullable=False),
        sa.Column('next_on', sa.Date(), nullable=True),
        sa.Column('created_at', UTC, nullable=False))
    op.create_index('ix_follow_ups_person_id', 'follow_ups', ['person_id'])
    op.create_index('ix_follow_ups_next_on', 'follow_ups', ['next_on'])
    op.create_index('ix_follow_ups_created_at', 'follow_ups', ['created_at'])
    op.create_table(
        'hall_closures',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('hall_id', sa.Integer(), sa.ForeignKey('halls.id'), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(120), nullable=False),
        sa.UniqueConstraint('hall_id', 'day'))


def downgrade() -> None:
    for table in ('hall_closures', 'follow_ups', 'case_events', 'cases', 'tier_changes',
                  'difficulty_checks', 'wanted_items', 'registrations'):
        op.drop_table(table)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_constraint('fk_people_tier_confirmed_by', type_='foreignkey')
        for column in ('tier_confirmed_at', 'tier_confirmed_by', 'tier_proposed_at',
                       'tier_proposed', 'tier'):
            batch_op.drop_column(column)

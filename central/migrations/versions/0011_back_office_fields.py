"""back-office fields several features read: a hall's hours, time zone and wait target; a
service's conditions, steps and legal time limit; when a visitor sat down at the counter

Revision ID: 0011_back_office_fields
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

import central.models.base

revision = '0011_back_office_fields'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('halls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=40), nullable=False,
                                      server_default='Asia/Shanghai'))
        batch_op.add_column(sa.Column('opening_hours', sa.JSON(), nullable=False,
                                      server_default='{}'))
        batch_op.add_column(sa.Column('wait_target_min', sa.Integer(), nullable=False,
                                      server_default='20'))
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conditions', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('conditions_en', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('steps', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('time_limit_days', sa.Integer(), nullable=True))
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('serving_at', central.models.base.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('serving_at')
    with op.batch_alter_table('services', schema=None) as batch_op:
        for column in ('time_limit_days', 'steps', 'conditions_en', 'conditions'):
            batch_op.drop_column(column)
    with op.batch_alter_table('halls', schema=None) as batch_op:
        for column in ('wait_target_min', 'opening_hours', 'timezone'):
            batch_op.drop_column(column)

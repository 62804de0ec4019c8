"""a staff member given a one-time password must set their own at the next login

Revision ID: 0011_staff_password_change
Revises: 0011_back_office_fields
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_staff_password_change'
down_revision = '0011_back_office_fields'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')

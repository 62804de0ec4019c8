"""a ticket cancelled by a supervisor keeps the reason (status "cancelled" needs no schema:
the status column is text)

Revision ID: 0011_supervisor
Revises: 0011_staff_password_change
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_supervisor'
down_revision = '0011_staff_password_change'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('cancel_reason')

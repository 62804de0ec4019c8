"""a priority rule may apply to every visitor of a set age (the card-proven birth date)

Revision ID: 0011_elder_priority
Revises: 0011_help_calls
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_elder_priority'
down_revision = '0011_help_calls'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('priority_rules') as batch:
        batch.add_column(sa.Column('min_age', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('priority_rules') as batch:
        batch.drop_column('min_age')

"""audit entries marked as security changes; login tokens indexed by expiry for the purge

Revision ID: 0010_security_marks
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op


revision = '0010_security_marks'
down_revision = '0010_staff_roles'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('security', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('staff_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_tokens_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_tokens_expires_at'))
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('security')

"""staff hold a role per hall (staff_roles); a user's one role and hall move there

An admin's role becomes city-wide (no hall); every other role stays in the user's hall
(the first hall for a user that had none, as the service treated them before).

Revision ID: 0010_staff_roles
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op


revision = '0010_staff_roles'
down_revision = '0010_identity_proofs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff_roles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('hall_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['staff_users.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'hall_id'))
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_roles_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_roles_hall_id'), ['hall_id'], unique=False)
    op.execute("INSERT INTO staff_roles (user_id, hall_id, role) "
               "SELECT id, NULL, role FROM staff_users WHERE role = 'admin'")
    op.execute("INSERT INTO staff_roles (user_id, hall_id, role) "
               "SELECT id, COALESCE(hall_id, (SELECT MIN(id) FROM halls)), role FROM staff_users "
               "WHERE role <> 'admin' AND COALESCE(hall_id, (SELECT MIN(id) FROM halls)) IS NOT NULL")
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('hall_id')
        batch_op.drop_column('role')


def downgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=20), nullable=False,
                                      server_default='viewer'))
        batch_op.add_column(sa.Column('hall_id', sa.Integer(), nullable=True))
    # each user's highest role, in the hall of that role
    op.execute("UPDATE staff_users SET role = COALESCE((SELECT r.role FROM staff_roles r "
               "WHERE r.user_id = staff_users.id ORDER BY CASE r.role WHEN 'admin' THEN 3 "
               "WHEN 'hall_manager' THEN 2 WHEN 'counsellor' THEN 1 ELSE 0 END DESC LIMIT 1), 'viewer')")
    op.execute("UPDATE staff_users SET hall_id = (SELECT MIN(r.hall_id) FROM staff_roles r "
               "WHERE r.user_id = staff_users.id)")
    op.drop_table('staff_roles')

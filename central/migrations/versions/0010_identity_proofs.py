"""card proofs per person, the shared rate-limit counters, versioned identity keys,
idempotency keys scoped to the terminal, each terminal's latest outage

Revision ID: 0010_identity_proofs
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

from central.models.base import UTCDateTime

revision = '0010_identity_proofs'
down_revision = '0010_data_lifetime'
branch_labels = None
depends_on = None

# SQLite keeps the old unnamed UNIQUE(key): batch mode names reflected constraints by this
_SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _global_key_name(table: str) -> str:
    return f"{table}_key_key" if op.get_bind().dialect.name == "postgresql" else f"uq_{table}_key"


def _scope_keys(table: str, per_kiosk: bool) -> None:
    old = _global_key_name(table)
    with op.batch_alter_table(table, naming_convention=_SQLITE_NAMES) as batch_op:
        if per_kiosk:
            batch_op.drop_constraint(old, type_='unique')
            batch_op.create_unique_constraint(f'uq_{table}_kiosk_key', ['kiosk_id', 'key'])
        else:
            batch_op.drop_constraint(f'uq_{table}_kiosk_key', type_='unique')
            batch_op.create_unique_constraint(old, ['key'])


def upgrade() -> None:
    op.create_table('person_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('proof_hash', sa.String(length=64), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('recorded_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', 'source')
    )
    op.create_table('rate_counts',
    sa.Column('key', sa.String(length=96), nullable=False),
    sa.Column('window_start', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'window_start')
    )
    with op.batch_alter_table('rate_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_counts_expires_at'), ['expires_at'], unique=False)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_key_version', sa.Integer(), nullable=False,
                                      server_default='1'))
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card_unconfirmed', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('kiosk_status', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offline_since', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('online_since', UTCDateTime(), nullable=True))
    _scope_keys('tickets', True)
    _scope_keys('kiosk_events', True)


def downgrade() -> None:
    _scope_keys('kiosk_events', False)
    _scope_keys('tickets', False)
    with op.batch_alter_table('kiosk_status', schema=None) as batch_op:
        batch_op.drop_column('online_since')
        batch_op.drop_column('offline_since')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('card_unconfirmed')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('id_key_version')
    with op.batch_alter_table('rate_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_counts_expires_at'))
    op.drop_table('rate_counts')
    op.drop_table('person_cards')

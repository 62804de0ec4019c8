"""personal data has a lifetime: terminals' sealing keys, masked ID numbers re-masked

Masked ID numbers used to keep the 6-digit region and the last 4; they now keep the first 3
and the last 4 (hallcore.masking). The stored masked form holds those 7 characters, so it
is re-masked in place, one UPDATE per length (lengths up to 10 already showed only the last
4). The old digits cannot come back: the downgrade leaves the new form.

Revision ID: 0010_data_lifetime
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op


revision = '0010_data_lifetime'
down_revision = '0009'
branch_labels = None
depends_on = None

HEAD, TAIL = 3, 4  # hallcore.masking.SHOWN_HEAD / SHOWN_TAIL when this was written


def upgrade() -> None:
    with op.batch_alter_table('kiosks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seal_key', sa.String(length=64), nullable=True))
    conn = op.get_bind()
    people = sa.table('people', sa.column('masked_id', sa.String))
    length = sa.func.length(people.c.masked_id)
    for (size,) in conn.execute(sa.select(length).where(length > 10).distinct()).all():
        stars = sa.literal('*' * (size - HEAD - TAIL))
        conn.execute(people.update().where(length == size).values(
            masked_id=sa.func.substr(people.c.masked_id, 1, HEAD).concat(stars)
            .concat(sa.func.substr(people.c.masked_id, size - TAIL + 1, TAIL))))


def downgrade() -> None:
    with op.batch_alter_table('kiosks', schema=None) as batch_op:
        batch_op.drop_column('seal_key')

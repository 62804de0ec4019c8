"""postings: the hall that looks after a posting, vacancies, remote work, the apply URL, every
location, the import source, a pinyin search column, the fields as last verified, and the
reason of a rejection

Revision ID: 0011_postings
Revises: 0011_supervisor
"""
import sqlalchemy as sa
from alembic import op

from hallcore.pinyin import index_text

revision = '0011_postings'
down_revision = '0011_supervisor'
branch_labels = None
depends_on = None

_COLUMNS = ('status_note', 'verified_snapshot', 'search_text', 'source', 'locations', 'apply_url',
            'remote', 'vacancies', 'hall_id')


def upgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hall_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('vacancies', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('remote', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('apply_url', sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column('locations', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('source', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('verified_snapshot', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('status_note', sa.String(length=500), nullable=False,
                                      server_default=''))
        batch_op.create_index(batch_op.f('ix_jobs_hall_id'), ['hall_id'], unique=False)
        batch_op.create_foreign_key('fk_jobs_hall_id_halls', 'halls', ['hall_id'], ['id'])
    _fill_search_text()
    # a single-hall installation: its staff look after the postings it has; with several
    # halls nobody can tell whose they are, and they stay the city's (admins) until edited
    bind = op.get_bind()
    halls = bind.execute(sa.text('SELECT id FROM halls')).scalars().all()
    if len(halls) == 1:
        bind.execute(sa.text('UPDATE jobs SET hall_id = :hall'), {'hall': halls[0]})


def _fill_search_text() -> None:
    """Existing postings get their search text (as services.jobs.index makes it), in pages."""
    bind = op.get_bind()
    jobs = sa.table('jobs', sa.column('id', sa.Integer), sa.column('title', sa.String),
                    sa.column('occupation_name', sa.String), sa.column('district', sa.String),
                    sa.column('title_en', sa.String), sa.column('employer_en', sa.String),
                    sa.column('search_text', sa.Text))
    last = 0
    while True:
        rows = bind.execute(sa.select(jobs.c.id, jobs.c.title, jobs.c.occupation_name, jobs.c.district,
                                      jobs.c.title_en, jobs.c.employer_en)
                            .where(jobs.c.id > last).order_by(jobs.c.id).limit(2000)).all()
        if not rows:
            return
        bind.execute(jobs.update().where(jobs.c.id == sa.bindparam('b_id'))
                     .values(search_text=sa.bindparam('b_text')),
                     [{'b_id': r.id, 'b_text': index_text(r.title, r.occupation_name or '', r.district or '',
                                                          r.title_en or '', r.employer_en or '')}
                      for r in rows])
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_constraint('fk_jobs_hall_id_halls', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_jobs_hall_id'))
        for column in _COLUMNS:
            batch_op.drop_column(column)

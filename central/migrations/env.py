"""Alembic environment: runs migrations against the URL set by central.db.migrate."""

from alembic import context
from sqlalchemy import create_engine

from central.models import Base   # the package registers every table

config = context.config
target_metadata = Base.metadata


def run() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()

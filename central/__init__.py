"""The central service: FastAPI API, SQLAlchemy models, Alembic migrations, staff web console."""

__version__ = "0.1.0"

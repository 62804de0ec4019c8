"""The central service: FastAPI API, SQLAlchemy models, Alembic migrations, staff web console."""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__", "DISTRIBUTION"]

DISTRIBUTION = "hallkiosk"   # the terminal and the service ship in this one distribution
try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

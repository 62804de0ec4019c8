"""Liveness and database reachability."""

from fastapi import APIRouter
from sqlalchemy import text

from central import __version__
from central.deps import DbDep
from central.schemas.health import HealthOut

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health")
def health(db: DbDep) -> HealthOut:
    """Report the service and database state."""
    try:
        db.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # the API stays up to say the database is not
        database = "unreachable"
    return HealthOut(status="ok" if database == "ok" else "degraded", database=database,
                     version=__version__)

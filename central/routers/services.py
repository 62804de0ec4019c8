"""Staff view of the service catalogue."""

from fastapi import APIRouter

from central.deps import DbDep, Viewer
from central.schemas.halls import ServiceOut
from central.services import halls

__all__ = ["router"]

router = APIRouter(prefix="/api/services", tags=["services"])


@router.get("")
def list_services(user: Viewer, db: DbDep) -> list[ServiceOut]:
    """Every service with the documents it requires."""
    return halls.all_services(db, user)

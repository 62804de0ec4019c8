"""Staff view of the service catalogue."""

from fastapi import APIRouter
from sqlalchemy import select

from central.deps import DbDep, StaffDep
from central.models import Service
from central.schemas import ServicePublic

router = APIRouter(prefix="/api/services", tags=["services"])


@router.get("", response_model=list[ServicePublic])
def list_services(user: StaffDep, db: DbDep) -> list[ServicePublic]:
    """Every service with the documents it requires."""
    rows = db.scalars(select(Service).order_by(Service.hall_id, Service.sort, Service.id)).all()
    return [ServicePublic.model_validate(s) for s in rows]

"""The supervisor view of a hall (hall managers of it, admins): the page, its live stream,
and the actions on waiting tickets: move to the front, transfer, cancel with a reason.

The rules are central.services.supervisor's (and the queue engine's); the stream is one
subscription to the process's supervisor hub, ended when the login ends.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, StreamingResponse

from central.deps import DbDep, Manager, PageUserDep, bearer_token
from central.i18n import PRIORITY_LABELS, language_of, words
from central.pages import render
from central.schemas.common import DbInt
from central.schemas.supervisor import CancelIn, SupervisorOut
from central.schemas.tickets import StaffTicketOut, TransferIn
from central.services import supervisor
from central.services.board import BoardFull, BoardHub
from central.sse import STREAM_RESPONSES, HubStream

__all__ = ["router"]

router = APIRouter(tags=["supervisor"])


@router.get("/console/supervisor", response_class=HTMLResponse)
def supervisor_page(request: Request, db: DbDep, user: PageUserDep,
                    hall: DbInt | None = None) -> HTMLResponse:
    """Live waits per service against the target, counters, and the waiting tickets."""
    return render(request, "console/supervisor.html", user=user,
                  groups=words(language_of(request), PRIORITY_LABELS),
                  **supervisor.desk(db, user, hall))


@router.get("/api/supervisor/halls/{hall_id}")
def hall_view(hall_id: DbInt, db: DbDep, user: Manager) -> SupervisorOut:
    """The hall now, as the supervisor stream sends it."""
    return supervisor.view(db, user, hall_id)


@router.get("/api/supervisor/halls/{hall_id}/stream", response_class=StreamingResponse,
            responses=STREAM_RESPONSES)
async def hall_stream(hall_id: DbInt, request: Request) -> StreamingResponse:
    """Server-sent events: the hall's view whenever it changes (any replica), until the
    login ends. No request session: the stream must not hold one of the pool's places."""
    database, token = request.app.state.db, bearer_token(request)
    await run_in_threadpool(supervisor.check_stream, database, token, hall_id)
    hub: BoardHub = request.app.state.supervisor
    try:
        queue = hub.subscribe(hall_id)
    except BoardFull as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "30"}) from None

    async def alive() -> bool:
        return await run_in_threadpool(supervisor.still_allowed, database, token, hall_id)
    return HubStream(hub, hall_id, queue, alive)


@router.post("/api/supervisor/tickets/{ticket_id}/move-up")
def move_up(ticket_id: DbInt, db: DbDep, user: Manager) -> StaffTicketOut:
    """Put a waiting ticket at the front of its service's queue."""
    return supervisor.move_to_front(db, user, ticket_id)


@router.post("/api/supervisor/tickets/{ticket_id}/transfer")
def transfer(ticket_id: DbInt, body: TransferIn, db: DbDep, user: Manager) -> StaffTicketOut:
    """Move a waiting ticket to another service's queue, keeping its place by arrival."""
    return supervisor.transfer(db, user, ticket_id, body.service_code)


@router.post("/api/supervisor/tickets/{ticket_id}/cancel")
def cancel(ticket_id: DbInt, body: CancelIn, db: DbDep, user: Manager) -> StaffTicketOut:
    """Take a waiting ticket out of the queue, for the reason given."""
    return supervisor.cancel(db, user, ticket_id, body.reason)

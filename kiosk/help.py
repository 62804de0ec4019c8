"""A visitor's call for help ("call staff", on every screen): the call goes to the central
service on the worker, the terminal says that help is on the way, and, asked again every
``POLL_S`` seconds while the visitor is shown the call, that a staff member is coming once
someone acknowledged it. When the service cannot be reached, the terminal says so plainly
and sends the visitor to the front desk (a call nobody receives is worse than none).

States (``HelpDesk.state``)::

    ""            no call
    calling       the call is on its way to the service
    waiting       the service has it: help is on the way
    coming        a staff member acknowledged it
    unreachable   the service could not be reached (or refused): go to the front desk

Answers that come after ``reset`` (the session ended) are dropped: each call carries the
generation it was made in.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable

from kiosk.i18n import N_

if TYPE_CHECKING:
    from kiosk.services import Services

__all__ = ["HelpDesk", "POLL_S", "MESSAGES", "ACTIVE"]

log = logging.getLogger(__name__)

#: how often the terminal asks whether someone acknowledged the call, while it shows it
POLL_S = 3.0
#: what the visitor reads (and hears) in each state
MESSAGES = {
    "calling": N_("Calling a staff member…"),
    "waiting": N_("Help is on the way. Please stay at this terminal."),
    "coming": N_("A staff member is coming to you now."),
    "unreachable": N_("The call cannot reach the staff right now. Please go to the front desk."),
}
#: states in which a call is open and the terminal keeps asking about it
ACTIVE = ("calling", "waiting")


class HelpDesk:
    """The call of the current session; ``on_state(state)`` runs on the UI thread."""

    def __init__(self, services: "Services", on_state: Callable[[str], None]):
        self.services = services
        self.on_state = on_state
        self.state = ""
        self.call_id: int | None = None
        self._generation = 0
        self._asking = False

    def call(self) -> None:
        """The visitor pressed "call staff" (again: the service answers with the same call)."""
        if self.state in ("calling", "waiting", "coming"):
            self.on_state(self.state)   # shown again, not called again
            return
        api, worker = self.services.api, self.services.worker
        self._set("calling")
        if api is None or worker is None or not api.token:
            self._set("unreachable")
            return
        generation = self._generation
        worker.submit(api.call_for_help,
                      on_done=lambda answer: self._answered(generation, answer),
                      on_error=lambda exc: self._failed(generation, exc))

    def poll(self) -> None:
        """Ask whether someone acknowledged the call (the app's clock calls this)."""
        if self.state != "waiting" or self.call_id is None or self._asking:
            return
        api, worker = self.services.api, self.services.worker
        if api is None or worker is None:
            return
        self._asking = True
        generation, call_id = self._generation, self.call_id

        def asked_failed(exc: BaseException) -> None:   # keep waiting; ask again later
            self._asking = False
            log.info("help call state not known: %s", type(exc).__name__)
        worker.submit(lambda: api.help_state(call_id),
                      on_done=lambda answer: self._answered(generation, answer),
                      on_error=asked_failed)

    def reset(self) -> None:
        """The session ended: forget the call; answers still on their way are dropped."""
        self._generation += 1
        self.state, self.call_id, self._asking = "", None, False

    def message(self) -> str:
        return MESSAGES.get(self.state, "")

    # -- answers (UI thread) ---------------------------------------------------------
    def _answered(self, generation: int, answer: dict[str, Any]) -> None:
        if generation != self._generation:
            return
        self._asking = False
        self.call_id = int(answer["id"])
        self._set("coming" if answer.get("acknowledged") else "waiting")

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("help call not delivered: %s", type(exc).__name__)
        self._set("unreachable")

    def _set(self, state: str) -> None:
        self.state = state
        self.on_state(state)

"""The collaborators a screen may use, handed over by the app (no global App lookups).

Every collaborator is a typed field; the heavy types are imported for the type checker
only, so importing this module stays cheap on the terminal's start-up path. What screens
do with them that holds a rule lives in kiosk modules reached from here: the visit
(``visit``), slips (``slips``), tickets (``tickets``) and the staff PIN (``staff_pin_ok``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable

from hallcore.terminal_settings import KioskSettings
from kiosk.i18n import Translator, localized
from kiosk.session import VisitorSession

if TYPE_CHECKING:
    from devices.manager import DeviceManager
    from kiosk.api import CentralClient
    from kiosk.fleet import HeartbeatWorker
    from kiosk.guidance import Guide
    from kiosk.handwriting import Recogniser
    from kiosk.slips import Slips
    from kiosk.store import Store
    from kiosk.sync import SyncWorker
    from kiosk.tickets import TicketDesk
    from kiosk.updater import Updater
    from kiosk.visit import Visit
    from kiosk.worker import Worker

__all__ = ["Services", "DevAction"]

#: a button of the demo's developer panel: its label and what it does (on the worker)
DevAction = tuple[str, Callable[[], Any]]


def _no_navigation(name: str, **kwargs: Any) -> None:
    """Until the app takes over: navigation goes nowhere."""


def _no_session_end(reason: str = "finished") -> None:
    """Until the app takes over: there is no session to end."""


@dataclass(eq=False)
class Services:
    settings: KioskSettings
    translator: Translator
    session: VisitorSession
    worker: Worker | None = None
    store: Store | None = None
    api: CentralClient | None = None
    sync: SyncWorker | None = None
    devices: DeviceManager | None = None
    fleet: HeartbeatWorker | None = None
    #: software releases (kiosk/updater.py), plugged into ``fleet``; None: updates are off
    updater: Updater | None = None
    navigate: Callable[..., None] = _no_navigation
    end_session: Callable[[str], None] = _no_session_end
    start_session: Callable[[], None] = lambda: None
    #: the config file the terminal was started with (``reload_config`` reads it again)
    config_path: str | None = None
    dev_actions: list[DevAction] = field(default_factory=list)
    #: the visit's card and QR handling and its state; the app sets it
    visit: Visit | None = None
    #: spoken guidance (kiosk.guidance); the app sets it
    guide: Guide | None = None

    @cached_property
    def slips(self) -> Slips:
        from kiosk.slips import Slips
        return Slips(self)

    @cached_property
    def tickets(self) -> TicketDesk:
        from kiosk.tickets import TicketDesk
        return TicketDesk(self)

    @cached_property
    def handwriting(self) -> Recogniser:
        """The handwriting engine; it opens its model at the first question (on the worker)."""
        from kiosk.handwriting import Recogniser
        return Recogniser()

    def handwriting_unavailable(self) -> str | None:
        """Why handwriting cannot work on this terminal, or None (file I/O: call on the worker)."""
        from kiosk.handwriting import unavailable_reason
        return unavailable_reason(self.handwriting.model)

    def localized(self, zh: str | None, en: str | None) -> str:
        """Two-language content in the visitor's language (kiosk.i18n.localized)."""
        return localized(zh, en, self.translator.language)

    def staff_pin_ok(self, pin: str) -> bool:
        from kiosk.staff import check_pin
        t = self.settings.terminal
        return check_pin(pin, t.staff_pin_hash, t.demo)

    def record_event(self, kind: str, payload: dict[str, Any], consented: bool = False) -> None:
        """Put an event in the outbox (with the person only if they consented: for the visit,
        or for this event with ``consented``).

        The outbox write waits for the disk (synchronous=FULL), so it runs on the worker.
        """
        if self.store is None:
            return
        store, sync = self.store, self.sync
        person = self.session.person_ref(consented)
        body = {**payload, "terminal": self.settings.terminal.name}
        if person:
            body["person"] = person

        def write() -> None:
            store.outbox_add(kind, body)
            if sync is not None:
                sync.sync_now()
        if self.worker is not None:
            self.worker.submit(write)
        else:
            write()

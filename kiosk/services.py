"""The collaborators a screen may use, handed over by the app (no global App lookups)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from hallcore.terminal_settings import KioskSettings
from kiosk.i18n import Translator
from kiosk.session import VisitorSession

__all__ = ["Services"]


@dataclass
class Services:
    settings: KioskSettings
    translator: Translator
    session: VisitorSession
    worker: Any = None             # kiosk.worker.Worker
    store: Any = None              # kiosk.store.Store
    api: Any = None                # kiosk.api.CentralClient
    sync: Any = None               # kiosk.sync.SyncWorker
    devices: Any = None            # devices.manager.DeviceManager
    navigate: Callable[..., None] = lambda name, **kw: None
    end_session: Callable[[], None] = lambda: None
    extras: dict[str, Any] = field(default_factory=dict)

    def print(self, build: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[str], None]) -> None:
        """Build a slip and print it on the worker; ``on_error`` gets the printer's reason
        (``paper_out``, ``offline``, ...), also when this terminal has no printer at all."""
        printer = self.devices.printer if self.devices is not None else None
        if printer is None or self.worker is None:
            on_error("offline")
            return
        self.worker.submit(lambda: printer.print_document(build()), on_done=on_done,
                           on_error=lambda exc: on_error(getattr(exc, "reason", "error")))

    def record_event(self, kind: str, payload: dict[str, Any], consented: bool = False) -> None:
        """Put an event in the outbox (with the person only if they consented: for the visit,
        or for this event with ``consented``).

        The outbox write waits for the disk (synchronous=FULL), so it runs on the worker.
        """
        if self.store is None:
            return
        person = self.session.person_ref(consented)
        body = {**payload, "terminal": self.settings.terminal.name}
        if person:
            body["person"] = person

        def write() -> None:
            self.store.outbox_add(kind, body)
            if self.sync is not None:
                self.sync.sync_now()
        if self.worker is not None:
            self.worker.submit(write)
        else:
            write()

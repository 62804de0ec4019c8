"""The collaborators a screen may use, handed over by the app (no global App lookups)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from kiosk.config import KioskSettings
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

    def record_event(self, kind: str, payload: dict[str, Any]) -> None:
        """Put an event in the outbox (with the person only if they consented).

        The outbox write waits for the disk (synchronous=FULL), so it runs on the worker.
        """
        if self.store is None:
            return
        person = self.session.person_ref()
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

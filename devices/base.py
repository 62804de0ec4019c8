"""What every device shares: health, events, the identity read from a card, errors.

Exception hierarchy (each driver translates foreign exceptions at its boundary)::

    DeviceError                 anything a device reports
    ├── DeviceUnavailable       not plugged in / cannot open / stopped answering
    ├── ProtocolError           bytes that do not parse (bad frame, checksum, APDU)
    ├── CardError               a card is there but cannot be read or is not supported
    └── PrinterError            the printer cannot take this job (paper out, offline, cover)

Devices run their own threads and report through an ``emit`` callback given to
``start``; the device manager hops those events onto the Kivy clock.
"""

from __future__ import annotations

import abc
import enum
import importlib.util
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

__all__ = [
    "HealthState", "Health", "DeviceEvent", "Emit", "PersonIdentity", "Device", "Transport",
    "ThreadedDevice", "DeviceError", "DeviceUnavailable", "ProtocolError", "CardError", "PrinterError",
    "require_module",
]


class DeviceError(Exception):
    """Base of every error a device driver raises."""


class DeviceUnavailable(DeviceError):
    """The device cannot be opened or stopped answering."""


class ProtocolError(DeviceError):
    """Bytes from the device do not follow the protocol."""


class CardError(DeviceError):
    """A card is present but cannot be read, or is of a kind we do not support."""


class PrinterError(DeviceError):
    """The printer cannot take a job; ``reason`` is one of the Health reasons."""

    def __init__(self, message: str, reason: str = "error"):
        super().__init__(message)
        self.reason = reason


def require_module(name: str, what: str) -> None:
    """Raise DeviceUnavailable when an optional library is not installed, without importing it.

    A driver checks this when it is built, so a missing library disables the device with a
    clear reason (the terminal still starts), and imports the library itself in the device's
    own thread: pyscard, OpenCV and python-escpos's capabilities cost start-up time the UI
    thread should not wait for.
    """
    if importlib.util.find_spec(name) is None:
        raise DeviceUnavailable(f"{what} is not installed (no module {name!r})")


class HealthState(str, enum.Enum):
    OK = "ok"
    DEGRADED = "degraded"
    OFFLINE = "offline"


@dataclass(frozen=True)
class Health:
    """A device's health; ``reason`` is a short machine word (``paper_out``) or ''."""

    state: HealthState = HealthState.OFFLINE
    reason: str = "not_started"
    since: float = field(default_factory=time.time)

    @classmethod
    def ok(cls) -> "Health":
        return cls(HealthState.OK, "")

    @classmethod
    def degraded(cls, reason: str) -> "Health":
        return cls(HealthState.DEGRADED, reason)

    @classmethod
    def offline(cls, reason: str) -> "Health":
        return cls(HealthState.OFFLINE, reason)

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state.value, "reason": self.reason, "since": self.since}


@dataclass(frozen=True)
class PersonIdentity:
    """Who a card or QR code says the visitor is. Never logged, never written to disk."""

    source: str                    # "idcard" | "smartcard" | "qr"
    id_number: str                 # full number; mask before showing (hallcore.masking)
    name: str
    sex: str = ""
    birth_date: str = ""           # YYYYMMDD where known
    extra: dict[str, str] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:     # keeps identity numbers out of tracebacks and logs
        return f"PersonIdentity(source={self.source!r}, id_number=<hidden>, name=<hidden>)"


@dataclass(frozen=True)
class DeviceEvent:
    """Something a device saw. ``kind`` examples: card_inserted (payload: PersonIdentity),
    card_removed, card_error (payload: message), qr (payload: text), presence, health
    (payload: Health)."""

    device: str
    kind: str
    payload: Any = None


Emit = Callable[[DeviceEvent], None]


class Transport(Protocol):
    """Byte pipe under a protocol: the protocol never imports serial or smartcard."""

    def write(self, data: bytes) -> int: ...
    def read(self, n: int) -> bytes: ...
    def close(self) -> None: ...


class Device(abc.ABC):
    """A device with its own thread(s). ``start`` must return at once."""

    name: str = "device"
    required: bool = False

    @abc.abstractmethod
    def start(self, emit: Emit) -> None: ...

    @abc.abstractmethod
    def stop(self) -> None: ...

    @abc.abstractmethod
    def health(self) -> Health: ...


class ThreadedDevice(Device):
    """A device run by one thread of its own (``_run``), with health and events.

    ``_run`` loops until ``self._stop`` is set (wait on it, never sleep);
    ``_closed`` releases the transport once the thread has ended.
    """

    def __init__(self) -> None:
        self._health = Health()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._emit: Emit | None = None

    def start(self, emit: Emit) -> None:
        self._emit = emit
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._closed()

    def health(self) -> Health:
        return self._health

    @abc.abstractmethod
    def _run(self) -> None: ...

    def _closed(self) -> None:
        """Release what the device holds open (after the thread has stopped)."""

    def _event(self, kind: str, payload: Any = None) -> None:
        if self._emit is not None:
            self._emit(DeviceEvent(self.name, kind, payload))

    def _set_health(self, health: Health) -> None:
        """Record a new health and tell listeners, only when it changed."""
        old = self._health
        if (old.state, old.reason) != (health.state, health.reason):
            self._health = health
            self._event("health", health)

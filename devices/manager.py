"""Builds the devices named in config, tracks their health, and delivers their events.

Which class drives a device is data (``DRIVERS``: config section -> "module:Class"),
so a new driver needs no edit here beyond one line. A driver that cannot be
imported or built (pyscard missing, port absent) does not stop the terminal: it is
recorded as offline with the reason, and ``kiosk doctor`` reports it.

Devices call ``emit`` from their own threads; the manager hands each event to
``schedule`` (``Clock.schedule_once`` in the app) so listeners run on the UI
thread and never block a device thread, and the UI thread never waits on a device.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections import defaultdict
from typing import Any, Callable, Iterable

from devices.base import Device, DeviceEvent, Health, HealthState

__all__ = ["DRIVERS", "DeviceManager", "doctor"]

log = logging.getLogger(__name__)

DRIVERS: dict[str, str] = {
    "idcard": "devices.idcard:IdCardReader",
    "smartcard": "devices.smartcard:SmartCardWatcher",
    "printer": "devices.printer:ReceiptPrinter",
    "camera": "devices.camera:CameraDevice",
}

Schedule = Callable[[Callable[..., Any]], Any]


def _direct(fn: Callable[..., Any]) -> None:
    fn(0)


class DeviceManager:
    """Owns the terminal's devices. ``bind(kind, cb)`` gets events of that kind on the UI thread."""

    def __init__(self, settings: Any, schedule: Schedule | None = None,
                 drivers: dict[str, str] | None = None, health_interval_s: float = 2.0):
        self._settings = settings
        self._schedule = schedule or _direct
        self._drivers = drivers or DRIVERS
        self._interval = health_interval_s
        self._listeners: dict[str, list[Callable[[DeviceEvent], None]]] = defaultdict(list)
        self._lock = threading.Lock()
        self.devices: dict[str, Device] = {}
        self._broken: dict[str, Health] = {}
        self._last_health: dict[str, Health] = {}
        self._required: dict[str, bool] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- building -------------------------------------------------------------------
    def build(self, names: Iterable[str] | None = None) -> None:
        for name in names or self._drivers:
            section = getattr(self._settings, name, None)
            if section is None or not getattr(section, "enabled", False):
                continue
            self._required[name] = bool(getattr(section, "required", False))
            try:
                module_name, cls_name = self._drivers[name].split(":")
                cls = getattr(importlib.import_module(module_name), cls_name)
                device = cls.from_settings(section)
                device.required = self._required[name]
                self.devices[name] = device
            except Exception as exc:  # an optional native library or a bad port
                reason = f"unavailable: {type(exc).__name__}: {exc}"
                log.warning("device %s disabled: %s", name, reason)
                self._broken[name] = Health.offline(reason[:200])

    def start(self) -> None:
        if not self.devices and not self._broken:
            self.build()
        for name, device in self.devices.items():
            try:
                device.start(self._emit)
            except Exception as exc:
                log.warning("device %s failed to start: %s", name, exc)
                self._broken[name] = Health.offline(f"start failed: {exc}"[:200])
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch_health, name="device-health",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        for device in self.devices.values():
            try:
                device.stop()
            except Exception:
                log.exception("device stop failed")
        if self._thread is not None:
            self._thread.join(timeout=5)

    # -- events ---------------------------------------------------------------------
    def bind(self, kind: str, callback: Callable[[DeviceEvent], None]) -> None:
        with self._lock:
            self._listeners[kind].append(callback)

    def unbind(self, kind: str, callback: Callable[[DeviceEvent], None]) -> None:
        with self._lock:
            if callback in self._listeners[kind]:
                self._listeners[kind].remove(callback)

    def _emit(self, event: DeviceEvent) -> None:
        """Called on device threads: hand the event to the UI thread, never block."""
        with self._lock:
            listeners = list(self._listeners.get(event.kind, ())) + list(self._listeners.get("*", ()))
        for listener in listeners:
            self._schedule(lambda _dt, cb=listener: self._deliver(cb, event))

    def _deliver(self, callback: Callable[[DeviceEvent], None], event: DeviceEvent) -> None:
        """On the UI thread: an event that was on its way when the manager stopped is dropped,
        so nothing reaches a stopped app (a card read in the last frame before shutdown)."""
        if not self._stop.is_set():
            callback(event)

    # -- health ---------------------------------------------------------------------
    def health(self) -> dict[str, Health]:
        out = dict(self._broken)
        for name, device in self.devices.items():
            if name in out:
                continue
            try:
                out[name] = device.health()
            except Exception as exc:
                out[name] = Health.offline(f"health check failed: {exc}"[:200])
        return out

    def health_report(self) -> dict[str, dict[str, Any]]:
        """Health as plain data for the heartbeat and the maintenance screen."""
        return {name: {**h.as_dict(), "required": self._required.get(name, False)}
                for name, h in self.health().items()}

    def _watch_health(self) -> None:
        while not self._stop.is_set():
            for name, health in self.health().items():
                before = self._last_health.get(name)
                if before is None or (before.state, before.reason) != (health.state, health.reason):
                    self._last_health[name] = health
                    self._emit(DeviceEvent(name, "health", health))
            self._stop.wait(self._interval)

    @property
    def printer(self) -> Device | None:
        return self.devices.get("printer")

    def get(self, name: str) -> Device | None:
        return self.devices.get(name)

    def names(self) -> list[str]:
        """The devices this terminal has: enabled in config, working or not."""
        return [*self.devices, *(name for name in self._broken if name not in self.devices)]


def doctor(settings: Any, wait_s: float = 3.0, out=print) -> int:
    """Print every device's health; 1 when a required device is not ok, else 0."""
    manager = DeviceManager(settings.devices)
    manager.build()
    manager.start()
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if all(h.reason != "not_started" for h in manager.health().values()):
            break
        time.sleep(0.05)
    report = manager.health()
    manager.stop()
    failed = False
    out(f"{'device':<10} {'state':<9} {'required':<8} reason")
    for name in DRIVERS:
        section = getattr(settings.devices, name, None)
        if section is None or not section.enabled:
            out(f"{name:<10} {'disabled':<9} {'-':<8}")
            continue
        health = report.get(name, Health.offline("not built"))
        required = bool(section.required)
        if required and health.state is not HealthState.OK:
            failed = True
        out(f"{name:<10} {health.state.value:<9} {'yes' if required else 'no':<8} {health.reason}")
    return 1 if failed else 0

"""Device manager and `kiosk doctor` with the real virtual printer."""

from __future__ import annotations

import queue
import threading

from devices.base import HealthState
from devices.manager import DeviceManager, doctor
from devices.printer.virtual.server import VirtualPrinter
from kiosk.config import load_kiosk_settings
from tests.helpers import wait_until


def settings_for(port: int, required: bool = True, **extra):
    env = {"KIOSK__DEVICES__PRINTER__PORT": str(port),
           "KIOSK__DEVICES__PRINTER__REQUIRED": "true" if required else "false",
           "KIOSK__DEVICES__IDCARD__ENABLED": "false", "KIOSK__DEVICES__SMARTCARD__ENABLED": "false",
           "KIOSK__DEVICES__CAMERA__ENABLED": "false", **extra}
    return load_kiosk_settings(env=env)


def test_events_reach_listeners_on_the_ui_thread(tmp_path):
    vp = VirtualPrinter(port=0, out_dir=tmp_path).start()
    ui_queue: queue.Queue = queue.Queue()
    manager = DeviceManager(settings_for(vp.port).devices, schedule=ui_queue.put,
                            health_interval_s=0.1)
    seen = []
    manager.bind("health", lambda e: seen.append((threading.current_thread().name, e)))
    manager.start()
    try:
        def pump():  # what Kivy's clock does on the UI thread
            while not ui_queue.empty():
                ui_queue.get()(0)
            return any(e.payload.state is HealthState.OK for _, e in seen)
        wait_until(pump, 5, message="no health event")
        assert all(name == "MainThread" for name, _ in seen)
        assert manager.printer is not None
        vp.paper_low = True
        wait_until(lambda: pump() and manager.health()["printer"].reason == "paper_low", 5)
    finally:
        manager.stop()
        vp.stop()


def test_doctor_passes_with_the_printer_and_fails_without(tmp_path):
    vp = VirtualPrinter(port=0, out_dir=tmp_path).start()
    lines: list[str] = []
    assert doctor(settings_for(vp.port), out=lines.append) == 0
    assert any(l.startswith("printer") and " ok " in l for l in lines)
    port = vp.port
    vp.stop()
    lines.clear()
    assert doctor(settings_for(port), out=lines.append) == 1
    assert any("offline" in l for l in lines if l.startswith("printer"))
    assert doctor(settings_for(port, required=False), out=lines.append) == 0


def test_a_driver_that_cannot_load_is_reported_not_fatal(tmp_path):
    settings = settings_for(1, required=False)
    manager = DeviceManager(settings.devices, drivers={"printer": "devices.nonexistent:Nope"})
    manager.start()
    report = manager.health_report()
    manager.stop()
    assert report["printer"]["state"] == "offline"
    assert "unavailable" in report["printer"]["reason"]


def test_the_terminal_has_the_devices_its_config_enables_working_or_not():
    """``names`` is what the screens offer: a disabled device is not there, a broken one is."""
    settings = settings_for(1, required=False, KIOSK__DEVICES__CAMERA__ENABLED="true")
    manager = DeviceManager(settings.devices, drivers={"printer": "devices.nonexistent:Nope",
                                                       "camera": "devices.nonexistent:Nope",
                                                       "idcard": "devices.nonexistent:Nope"})
    manager.build()
    assert manager.names() == ["printer", "camera"]   # the ID card reader is disabled
    assert manager.devices == {}

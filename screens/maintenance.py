"""Staff screens: the PIN keypad, the maintenance screen (device health, test print) and
the out-of-service screen shown in maintenance mode."""

from __future__ import annotations

from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.staff import PIN_MAX
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["PinScreen", "MaintenanceScreen", "OutOfServiceScreen"]


class PinScreen(KioskScreen):
    entered = StringProperty("")
    error = StringProperty("")
    idle_applies = True
    visitor_state = ("entered", "error")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_enter(self, *_):
        self.entered, self.error = "", ""

    def press(self, key: str) -> None:
        if key == "ok":
            self.submit()
            return
        self.error = ""
        if key == "clear":
            self.entered = ""
        elif len(self.entered) < PIN_MAX:
            self.entered += key

    def submit(self) -> None:
        ok, self.entered = self.services.staff_pin_ok(self.entered), ""
        if ok:
            self.go("maintenance")
        else:
            self.error = "Wrong PIN"


class MaintenanceScreen(KioskScreen):
    health_rows = ListProperty([])
    message = StringProperty("")
    idle_applies = False
    visitor_state = ("message",)
    shell_state = ("health_rows",)

    def __init__(self, **kwargs):
        load_kv(__file__, "maintenance_screen.kv")
        super().__init__(**kwargs)

    def on_enter(self, *_):
        self.refresh()

    def refresh(self) -> None:
        devices = self.services.devices
        rows = []
        if devices is not None:
            for name, h in sorted(devices.health_report().items()):
                rows.append(f"{name}: {h['state']}  {h['reason']}")
        store = self.services.store
        if store is not None:
            rows.append(f"jobs cached: {store.job_count()}  outbox: {store.outbox_depth()}")
        self.health_rows = rows or ["no devices configured"]

    def test_print(self) -> None:
        self.message = "Printing..."
        self.services.slips.test_page(lambda ok, text: setattr(self, "message", text))


class OutOfServiceScreen(KioskScreen):
    idle_applies = False
    active = BooleanProperty(False)
    shell_state = ("active",)

    def __init__(self, **kwargs):
        load_kv(__file__, "maintenance_screen.kv")
        super().__init__(**kwargs)

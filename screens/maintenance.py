"""Staff screens: the PIN keypad, the maintenance screen (device health, test print) and
the out-of-service screen shown in maintenance mode."""

from __future__ import annotations

from kivy.properties import BooleanProperty, ListProperty, StringProperty

from screens import load_kv
from screens.base import KioskScreen

__all__ = ["PinScreen", "MaintenanceScreen", "OutOfServiceScreen", "check_pin"]

DEMO_PIN = "1234"


def check_pin(pin: str, pin_hash: str, demo: bool) -> bool:
    """The staff PIN against its argon2 hash; an empty hash allows the demo PIN in demo mode only."""
    if not pin_hash:
        return demo and pin == DEMO_PIN
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError
    try:
        return PasswordHasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


class PinScreen(KioskScreen):
    entered = StringProperty("")
    error = StringProperty("")
    idle_applies = True

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
        elif len(self.entered) < 12:
            self.entered += key

    def submit(self) -> None:
        t = self.services.settings.terminal
        if check_pin(self.entered, t.staff_pin_hash, t.demo):
            self.entered = ""
            self.go("maintenance")
        else:
            self.entered = ""
            self.error = "Wrong PIN"


class MaintenanceScreen(KioskScreen):
    health_rows = ListProperty([])
    message = StringProperty("")
    idle_applies = False

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
        callback = self.services.extras.get("test_print")
        if callback is None:
            self.message = "Printer not configured"
            return
        self.message = "Printing..."
        callback(lambda ok, text: setattr(self, "message", text))


class OutOfServiceScreen(KioskScreen):
    idle_applies = False
    active = BooleanProperty(False)

    def __init__(self, **kwargs):
        load_kv(__file__, "maintenance_screen.kv")
        super().__init__(**kwargs)

"""The terminal's own rule for security-relevant remote keys: whatever the service sends, it
never switches lockdown off, prints to a public address, opens a camera URL or takes a PIN
that is not an argon2 hash (defence in depth behind the service's checks)."""

from __future__ import annotations

import pytest

from hallcore.remote_config import (REMOTE_KEYS, SECURITY_KEYS, RemoteConfigError, security_refusal,
                                    validate_overrides)
from hallcore.terminal_settings import KioskSettings
from kiosk.remote_config import apply_overrides

PIN = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
LOCKED = KioskSettings.model_validate({"terminal": {"lockdown": True, "demo": False},
                                       "devices": {"printer": {"host": "10.1.2.3"},
                                                   "camera": {"source": "/dev/kiosk-camera"}}})


def test_every_security_key_is_a_remote_key():
    assert SECURITY_KEYS <= set(REMOTE_KEYS)
    assert {"terminal.lockdown", "terminal.staff_pin_hash", "devices.printer.host",
            "devices.camera.source"} <= SECURITY_KEYS


@pytest.mark.parametrize("key, value", [
    ("terminal.lockdown", False), ("terminal.staff_pin_hash", ""),
    ("terminal.staff_pin_hash", "1234"), ("devices.printer.host", "93.184.216.34"),
    ("devices.printer.host", "printer.example.org"), ("devices.printer.host", "0.0.0.0"),
    ("devices.camera.source", "http://10.0.0.1/video.mjpg"), ("devices.camera.source", "rtsp://x"),
    ("devices.camera.source", "/var/lib/kiosk/token"), ("devices.camera.source", "/dev/../etc/passwd"),
])
def test_the_terminal_drops_what_it_refuses_and_keeps_its_own_value(key, value):
    assert security_refusal(key, value)
    with pytest.raises(RemoteConfigError, match=key):
        validate_overrides({key: value})
    applied = apply_overrides(LOCKED, {key: value, "terminal.large_text": True})
    section, _, leaf = key.rpartition(".")
    node_new, node_old = applied, LOCKED
    for part in section.split("."):
        node_new, node_old = getattr(node_new, part), getattr(node_old, part)
    assert getattr(node_new, leaf) == getattr(node_old, leaf)
    assert applied.terminal.large_text is True   # the rest of the config is taken


@pytest.mark.parametrize("key, value", [
    ("terminal.lockdown", True), ("terminal.staff_pin_hash", PIN),
    ("devices.printer.host", "192.168.1.50"), ("devices.printer.host", "127.0.0.1"),
    ("devices.camera.source", "0"), ("devices.camera.source", "/dev/video2"),
])
def test_allowed_values_are_taken(key, value):
    assert security_refusal(key, value) is None
    assert validate_overrides({key: value}) == {key: value}
    applied = apply_overrides(LOCKED, {key: value})
    assert str(value) in str(applied.model_dump())

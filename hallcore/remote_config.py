"""Remote configuration: which settings staff may set from the console, checked against the
terminal's own schema (hallcore.terminal_settings.KioskSettings), and which of them apply
without a restart. The central service checks an override with the same function the
terminal applies it with (kiosk.remote_config).

Layers, lowest first: the terminal's TOML file and environment variables, then the fleet's
defaults, the hall's and the terminal's own overrides (merged on the central service).
Keys that locate the terminal's service, token or store are never remote: a wrong value
there would cut the terminal off from the console that could fix it.

Some remote keys are security-relevant (SECURITY_KEYS): a manager who could set them could let
visitors out of the kiosk window (``terminal.lockdown = false``, then the token file is one
file dialog away), send slips with masked identities to any address (``devices.printer.host``),
have OpenCV open any URL (``devices.camera.source``) or pick the maintenance PIN
(``terminal.staff_pin_hash``). For these, :func:`security_refusal` is the terminal's own rule:
lockdown only on, a printer only at a loopback or private-network address, a camera only a
local device, a PIN only as an argon2 hash. The service checks it before saving (and allows
these keys to admins only, a printer address only from its allow-list); the terminal checks
it again on what it receives (kiosk.remote_config.apply_overrides).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any, Mapping

from pydantic import ValidationError

from hallcore.terminal_settings import KioskSettings

__all__ = ["LIVE", "RESTART", "REMOTE_KEYS", "SECRET_KEYS", "SECURITY_KEYS", "RemoteConfigError",
           "flatten", "nest", "security_refusal", "validate_overrides"]

LIVE, RESTART = "live", "restart"
# dotted key -> whether a change applies at once ("live") or at the next restart
REMOTE_KEYS: dict[str, str] = {
    "terminal.hall_name": LIVE,
    "terminal.language": LIVE,
    "terminal.idle_timeout_s": LIVE,
    "terminal.idle_warning_s": LIVE,
    "terminal.large_text": LIVE,
    "terminal.high_contrast": LIVE,
    "terminal.staff_pin_hash": LIVE,
    "terminal.lockdown": RESTART,
    "terminal.fullscreen": RESTART,
    "terminal.show_cursor": RESTART,
    "terminal.width": RESTART,
    "terminal.height": RESTART,
    "central.sync_interval_s": LIVE,
    "central.heartbeat_interval_s": LIVE,
    "central.timeout_s": LIVE,
    "central.backoff_max_s": LIVE,
    "devices.printer.paper_width_mm": LIVE,
    "devices.printer.enabled": RESTART,
    "devices.printer.kind": RESTART,
    "devices.printer.host": RESTART,
    "devices.printer.port": RESTART,
    "devices.printer.profile": RESTART,
    "devices.idcard.enabled": RESTART,
    "devices.idcard.port": RESTART,
    "devices.idcard.baudrate": RESTART,
    "devices.smartcard.enabled": RESTART,
    "devices.smartcard.reader_match": RESTART,
    "devices.camera.enabled": RESTART,
    "devices.camera.source": RESTART,
    "devices.camera.presence": RESTART,
    "speech.enabled": LIVE,
    "speech.guide_by_default": LIVE,
    "speech.volume": LIVE,
    "speech.rate": LIVE,
    "speech.engine": RESTART,
}
SECRET_KEYS = frozenset({"terminal.staff_pin_hash"})  # shown to staff as "set", never echoed
SECURITY_KEYS = frozenset({"terminal.lockdown", "terminal.staff_pin_hash", "devices.printer.host",
                           "devices.camera.source"})
# a camera index (0-99) or a device node; never a URL or a file elsewhere on the disk
_LOCAL_CAMERA = re.compile(r"\d{1,2}|/dev/[A-Za-z0-9_][A-Za-z0-9_./-]*")


class RemoteConfigError(ValueError):
    """An override the terminal would refuse; the message names the key."""


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"terminal": {"language": "en"}}`` -> ``{"terminal.language": "en"}``."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, path + "."))
        else:
            out[path] = value
    return out


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`flatten`: ``{"terminal.language": "en"}`` -> nested dicts."""
    out: dict[str, Any] = {}
    for dotted, value in flat.items():
        node = out
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


def security_refusal(key: str, value: Any) -> str | None:
    """Why a terminal refuses ``value`` for ``key`` when it comes remotely; None if allowed
    (and for every key outside SECURITY_KEYS)."""
    if key == "terminal.lockdown" and value is not True:
        return "lockdown can only be switched on remotely"
    if key == "terminal.staff_pin_hash" and not str(value).startswith("$argon2"):
        return "must be an argon2 hash (kiosk hash-pin)"
    if key == "devices.printer.host" and not _private_address(str(value)):
        return "must be a loopback or private-network IP address"
    if key == "devices.camera.source" and (not _LOCAL_CAMERA.fullmatch(str(value))
                                           or ".." in str(value)):
        return "must be a local camera: a device index or a /dev path"
    return None


def _private_address(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False   # a name could resolve anywhere
    return (address.is_private or address.is_loopback) and not address.is_unspecified


def validate_overrides(values: Any) -> dict[str, Any]:
    """The overrides as a flat dict of allowed keys with checked values (raises RemoteConfigError).

    Accepts nested or dotted keys. Each value is checked by building the terminal's settings
    from its defaults plus the overrides, exactly as the terminal will.
    """
    if not isinstance(values, Mapping):
        raise RemoteConfigError("overrides must be an object of keys and values")
    flat = flatten(values)
    for key in flat:
        if key not in REMOTE_KEYS:
            raise RemoteConfigError(f"{key}: cannot be set remotely")
    try:
        checked = KioskSettings.model_validate(nest(flat))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RemoteConfigError(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
    dumped = flatten(checked.model_dump())
    t = checked.terminal
    if ("terminal.idle_warning_s" in flat or "terminal.idle_timeout_s" in flat) \
            and t.idle_warning_s >= t.idle_timeout_s:
        raise RemoteConfigError("terminal.idle_warning_s: must be shorter than idle_timeout_s")
    for key in sorted(SECURITY_KEYS & set(flat)):
        if (reason := security_refusal(key, dumped[key])) is not None:
            raise RemoteConfigError(f"{key}: {reason}")
    return {key: dumped[key] for key in flat}

"""Typed terminal configuration: TOML file -> validated settings, env overrides.

A file is read with tomllib, overlaid with environment variables named
``KIOSK__SECTION__KEY`` (``KIOSK__DEVICES__PRINTER__PORT=9101``), and validated
by pydantic. Any problem raises :class:`ConfigError`, whose message names the
file, the dotted key and what is wrong, so start-up can stop with one line.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = [
    "ConfigError",
    "KioskSettings",
    "load_kiosk_settings",
    "load_toml_settings",
    "DEFAULT_KIOSK_CONFIG",
]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KIOSK_CONFIG = ROOT / "config" / "kiosk.toml"


class ConfigError(Exception):
    """A config file could not be loaded; ``str()`` is the message for the operator."""

    def __init__(self, path: Path | str, key: str, problem: str):
        self.path, self.key, self.problem = str(path), key, problem
        super().__init__(f"{self.path}: {key or '(file)'}: {problem}")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


Port = Annotated[int, Field(ge=1, le=65535)]
Seconds = Annotated[float, Field(gt=0, le=86400)]


class TerminalSection(_Section):
    name: str = Field("demo-terminal-1", min_length=1, max_length=64)
    hall_name: str = Field("示范区公共就业服务大厅", min_length=1, max_length=80)
    language: Literal["zh_CN", "en"] = "zh_CN"
    idle_timeout_s: Seconds = 90
    idle_warning_s: Seconds = 15
    lockdown: bool = False
    fullscreen: bool = False
    show_cursor: bool = True
    width: int = Field(1280, ge=320, le=7680)
    height: int = Field(800, ge=240, le=4320)
    staff_pin_hash: str = Field("", description="argon2 hash of the maintenance PIN")
    demo: bool = True
    large_text: bool = False
    high_contrast: bool = False


class CentralSection(_Section):
    url: str = Field("http://127.0.0.1:8000", pattern=r"^https?://")
    token_file: str = "var/kiosk/token"
    enrol_code: str = ""
    sync_interval_s: Seconds = 30
    heartbeat_interval_s: Seconds = 30
    timeout_s: Seconds = 5
    backoff_max_s: Seconds = 60


class StoreSection(_Section):
    path: str = "var/kiosk/store.sqlite3"


class IdCardSection(_Section):
    enabled: bool = True
    required: bool = False
    port: str = ""
    baudrate: int = Field(115200, ge=1200, le=921600)
    poll_interval_s: Seconds = 0.2


class SmartCardSection(_Section):
    enabled: bool = True
    required: bool = False
    reader_match: str = ""


class PrinterSection(_Section):
    enabled: bool = True
    required: bool = False
    kind: Literal["network", "serial", "usb", "file"] = "network"
    host: str = "127.0.0.1"
    port: Port = 9100
    devfile: str = ""
    baudrate: int = Field(9600, ge=1200, le=921600)
    usb_vendor: int = Field(0, ge=0, le=0xFFFF)
    usb_product: int = Field(0, ge=0, le=0xFFFF)
    profile: str = "TM-T88III"
    paper_width_mm: Literal[58, 80] = 80
    timeout_s: Seconds = 5


class CameraSection(_Section):
    enabled: bool = True
    required: bool = False
    source: str = Field("0", description="device index, or a video file / image pattern")
    presence: bool = True
    fps: float = Field(15, gt=0, le=120)


class DevicesSection(_Section):
    idcard: IdCardSection = IdCardSection()
    smartcard: SmartCardSection = SmartCardSection()
    printer: PrinterSection = PrinterSection()
    camera: CameraSection = CameraSection()


class UpdatesSection(_Section):
    """Signed releases installed beside the running one (kiosk/updater.py)."""
    public_key: str = Field("", description="release public key (PEM); empty: no updates")
    releases_dir: str = "var/kiosk/releases"
    health_timeout_s: Seconds = 300


class KioskSettings(_Section):
    terminal: TerminalSection = TerminalSection()
    central: CentralSection = CentralSection()
    store: StoreSection = StoreSection()
    devices: DevicesSection = DevicesSection()
    updates: UpdatesSection = UpdatesSection()


def _env_overrides(prefix: str, env: Mapping[str, str]) -> dict[str, Any]:
    """``PREFIX__A__B=v`` -> ``{"a": {"b": "v"}}``; pydantic coerces the strings."""
    tree: dict[str, Any] = {}
    head = prefix + "__"
    for name, value in env.items():
        if not name.startswith(head):
            continue
        parts = [p.lower() for p in name[len(head):].split("__") if p]
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            if parts:
                node[parts[-1]] = value
    return tree


def merge_tree(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge_tree(out[key], value)
        else:
            out[key] = value
    return out


def load_toml_settings(model: type[BaseModel], path: Path | str, env_prefix: str,
                       env: Mapping[str, str] | None = None) -> Any:
    """Read ``path``, overlay ``env_prefix`` variables, validate into ``model``."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(path, "", f"not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"not valid TOML: {exc}") from None
    data = merge_tree(data, _env_overrides(env_prefix, os.environ if env is None else env))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        problem = err["msg"]
        if err["type"] == "extra_forbidden":
            problem = "unknown key"
        elif "input" in err and not isinstance(err["input"], (dict, list)):
            problem = f"{problem} (got {err['input']!r})"
        raise ConfigError(path, key, problem) from None


def load_kiosk_settings(path: Path | str | None = None,
                        env: Mapping[str, str] | None = None) -> KioskSettings:
    """Load the terminal's settings from ``path`` (default: config/kiosk.toml)."""
    return load_toml_settings(KioskSettings, path or DEFAULT_KIOSK_CONFIG, "KIOSK", env)

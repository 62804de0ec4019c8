"""The terminal's configuration file: config/kiosk.toml (or --config) plus KIOSK__* variables.

The schema is shared with the central service and lives in
:mod:`hallcore.terminal_settings`; the loader and its errors in :mod:`hallcore.config`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from hallcore.config import load_toml_settings
from hallcore.terminal_settings import KioskSettings

__all__ = ["load_kiosk_settings", "DEFAULT_KIOSK_CONFIG"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KIOSK_CONFIG = ROOT / "config" / "kiosk.toml"


def load_kiosk_settings(path: Path | str | None = None,
                        env: Mapping[str, str] | None = None) -> KioskSettings:
    """Load the terminal's settings from ``path`` (default: config/kiosk.toml)."""
    return load_toml_settings(KioskSettings, path or DEFAULT_KIOSK_CONFIG, "KIOSK", env)

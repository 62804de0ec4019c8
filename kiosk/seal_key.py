"""This terminal's sealing key: kept beside its token file (0600), read at start, and fetched
once from the service by a terminal enrolled before keys existed.

The store seals the person in every outbox event with it (``Store.outbox_add``), so the
store file never holds an ID number or a name in the clear; the central service holds the
same key and opens them (central.services.terminal_keys).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from hallcore import sealing

__all__ = ["key_path", "load_key", "save_key", "write_private"]

log = logging.getLogger(__name__)


def key_path(settings: Any) -> Path:
    """``<token file>.seal``: beside the token, as private as it."""
    token = Path(settings.central.token_file)
    return token.with_name(token.name + ".seal")


def write_private(path: Path, text: str) -> None:
    """Write a secret to a file only this user can read (0600 from the moment it exists)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    os.chmod(path, 0o600)   # a file that existed keeps its old mode through os.open


def load_key(settings: Any) -> str | None:
    """The key, or None when there is none (or it is not one: then it is not used)."""
    try:
        key = key_path(settings).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    try:
        sealing.check_key(key)
    except sealing.SealError:
        log.warning("the sealing key file holds no usable key")
        return None
    return key


def save_key(settings: Any, key: str) -> None:
    write_private(key_path(settings), key)

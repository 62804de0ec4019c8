"""Kivy screens, one module per screen with its .kv; widgets/ holds shared widgets.

Each screen loads its own .kv when it is first built (``load_kv``), never at import.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["load_kv"]

_loaded: set[str] = set()


def load_kv(module_file: str, name: str | None = None) -> None:
    """Load the .kv beside ``module_file`` (or ``name`` in that folder) once per process."""
    from kivy.lang import Builder

    path = Path(module_file).with_suffix(".kv") if name is None else Path(module_file).parent / name
    key = str(path.resolve())
    if key not in _loaded:
        Builder.load_file(key)
        _loaded.add(key)

"""The small stdin command loop that every ``kiosk emulate ...`` offers a developer."""

from __future__ import annotations

import sys
from typing import Any, Callable, Iterable

__all__ = ["command_loop"]

Command = Callable[[list[str]], Any]


def command_loop(commands: dict[str, Command], lines: Iterable[str] | None = None,
                 out: Callable[[str], Any] = print) -> None:
    """Run ``name args...`` lines until end of input, ``quit`` or Ctrl-C; answer ``ok`` or why not."""
    out("commands: " + ", ".join([*commands, "quit"]))
    try:
        for line in (sys.stdin if lines is None else lines):
            words = line.split()
            if not words:
                continue
            if words[0] == "quit":
                return
            command = commands.get(words[0])
            if command is None:
                out("unknown command")
                continue
            try:
                command(words[1:])
            except (IndexError, ValueError) as exc:
                out(f"error: {exc}")
                continue
            out("ok")
    except KeyboardInterrupt:
        return

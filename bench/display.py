"""A virtual display for benchmarks that open a Kivy window (Xvfb when DISPLAY is unset)."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from typing import Iterator

__all__ = ["virtual_display"]


@contextmanager
def virtual_display() -> Iterator[str]:
    """Yield a DISPLAY value; start Xvfb for the duration if none is set."""
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        yield os.environ.get("DISPLAY", "")
        return
    proc = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp", "+extension", "GLX"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    display = ":" + proc.stdout.readline().decode().strip()
    os.environ["DISPLAY"] = display
    try:
        yield display
    finally:
        proc.terminate()
        proc.wait(timeout=5)
        os.environ.pop("DISPLAY", None)

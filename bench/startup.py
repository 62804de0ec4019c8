"""Cold start: process start to the first drawn frame, terminal vs a bare Kivy label app.

Each side is a fresh ``python -m bench.startup_probe SIDE`` process that exits
on its first ``on_flip`` (the frame is on screen). The two sides alternate in
the same run, so both see the same machine state; figures are medians.

Both sides start from compiled bytecode, as an installed terminal does (pip compiles a
wheel's modules when it installs them; Kivy's are compiled already). Without that, an
environment with PYTHONDONTWRITEBYTECODE set compiled the terminal's own modules from
source at every start, a cost (about 50 ms) no visitor ever waits for.
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.display import virtual_display
from bench.harness import alternate, median

ROOT = Path(__file__).resolve().parent.parent
#: the packages of the terminal's wheel that start-up imports
TERMINAL_PACKAGES = ("hallcore", "kiosk", "screens", "devices", "bench")


KIVY_HOME = ROOT / "var" / "kivy-home"


def _launch(side: str, workdir: str) -> float:
    env = dict(os.environ, KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1", KIVY_NO_FILELOG="1",
               KIVY_HOME=str(KIVY_HOME), BENCH_WORKDIR=workdir)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "bench.startup_probe", side], env=env,
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - t0
    if "FIRST-FRAME" not in out.stdout:
        raise RuntimeError(f"{side} probe drew no frame: {out.stderr[-2000:]}")
    return elapsed


def run(quick: bool = False) -> dict:
    runs = 3 if quick else 9
    KIVY_HOME.mkdir(parents=True, exist_ok=True)  # Kivy makes only the last level (fresh clone)
    for package in TERMINAL_PACKAGES:   # as pip does at install (py_compile writes regardless)
        compileall.compile_dir(str(ROOT / package), quiet=1)
    with virtual_display(), tempfile.TemporaryDirectory() as workdir:
        _launch("bare", workdir)  # warm the OS file cache for both sides alike
        _launch("terminal", workdir)
        terminal, bare = alternate(lambda: _launch("terminal", workdir),
                                   lambda: _launch("bare", workdir), runs)
    t, b = median(terminal), median(bare)
    return {"figures": {"ratio": round(t / b, 3), "terminal_s": round(t, 3), "bare_s": round(b, 3)},
            "targets": {"ratio": "<= 1.5"}, "runs": runs}

"""Real handwriting data that nobody here wrote, for the recogniser's tests and benchmark.

Strokes: the Make Me a Hanzi stroke medians shipped in the npm package
``hanzi-writer-data`` (one JSON per character; ``medians`` are per-stroke lists of
[x, y] on a 1024 grid with y growing upwards, the em box spanning y = -124..900).
scripts/setup.sh installs it into var/npm; ``ensure_installed`` does the same.

Frequency: character counts summed over the word frequencies of jieba's dictionary
(``jieba/dict.txt`` in the PyPI package, 349,046 words with counts).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["BOX", "DATA_DIR", "ensure_installed", "installed", "medians", "common_characters",
           "touch_replay"]

ROOT = Path(__file__).resolve().parent.parent
NPM_PREFIX = ROOT / "var" / "npm"
DATA_DIR = NPM_PREFIX / "node_modules" / "hanzi-writer-data"
#: the grid the medians are drawn on, as a writing box (width, height)
BOX = (1024.0, 1024.0)


def installed() -> bool:
    return (DATA_DIR / "我.json").is_file()


def ensure_installed() -> Path:
    """``npm install --prefix var/npm hanzi-writer-data`` when it is not there yet."""
    if not installed():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("hanzi-writer-data is not installed and npm is not on PATH")
        subprocess.run([npm, "install", "--prefix", str(NPM_PREFIX), "--no-audit", "--no-fund",
                        "--silent", "hanzi-writer-data@2"], check=True, timeout=600)
    return DATA_DIR


def medians(char: str) -> list[list[tuple[float, float]]]:
    """The character's strokes as a finger would draw them: y downwards, on ``BOX``."""
    doc = json.loads((DATA_DIR / f"{char}.json").read_text(encoding="utf-8"))
    return [[(float(x), 900.0 - float(y)) for x, y in stroke] for stroke in doc["medians"]]


@lru_cache(maxsize=1)
def _ranked() -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    with (resources.files("jieba") / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            for ch in parts[0]:
                if "\u4e00" <= ch <= "\u9fff":
                    counts[ch] += int(parts[1])
    return tuple(ch for ch, _ in counts.most_common())


def common_characters(count: int, skip: int = 0) -> list[str]:
    """The ``count`` commonest characters after the first ``skip`` that have stroke data."""
    out = [ch for ch in _ranked()[skip:skip + count * 2] if (DATA_DIR / f"{ch}.json").is_file()]
    return out[:count]


def touch_replay(strokes: list[list[tuple[float, float]]], pad_px: int = 420, hz: float = 120.0,
                 stroke_s: float = 0.35) -> list[list[tuple[int, int]]]:
    """``strokes`` on ``BOX`` as a touch panel reports a finger drawing them on a square pad
    of ``pad_px``: whole pixels, ``hz`` samples a second, each stroke taking ``stroke_s``
    with a bell-shaped speed (slow at the ends, fast in the middle), so the points are
    dense at the ends of a stroke and sparse in its middle."""
    import math
    scale = pad_px / BOX[0]
    out = []
    for stroke in strokes:
        seg = [math.dist(a, b) for a, b in zip(stroke, stroke[1:])]
        total = sum(seg)
        samples = max(2, int(stroke_s * hz))
        points = []
        for k in range(samples):
            u = k / (samples - 1)
            s = total * (u - math.sin(2 * math.pi * u) / (2 * math.pi))  # bell-shaped speed
            i, acc = 0, 0.0
            while i < len(seg) - 1 and acc + seg[i] < s:
                acc += seg[i]
                i += 1
            t = 0.0 if not seg or seg[i] == 0 else min(1.0, (s - acc) / seg[i])
            (x0, y0), (x1, y1) = stroke[i], stroke[min(i + 1, len(stroke) - 1)]
            p = (round((x0 + (x1 - x0) * t) * scale), round((y0 + (y1 - y0) * t) * scale))
            if not points or p != points[-1]:
                points.append(p)
        out.append(points)
    return out

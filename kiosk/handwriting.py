"""Handwriting input (手写输入): strokes drawn with a finger -> candidate characters.

The engine is Zinnia (``libzinnia0``) with the Simplified Chinese model that Debian ships
in ``tegaki-zinnia-simplified-chinese``, bound here with ctypes. Neither is needed to
import this module or to start the terminal: a missing library or model raises
``HandwritingUnavailable`` with the reason at first use, and ``unavailable_reason()``
lets a screen hide the pad beforehand.

Errors::

    HandwritingError            anything this module raises
    ├── HandwritingUnavailable  libzinnia or the model cannot be loaded (reason in the text)
    └── StrokeError             input that is not strokes of (x, y) numbers (also a ValueError)

What reaches Zinnia (``normalise``): points that are not finite numbers are dropped;
strokes are mapped onto the model's 300x300 canvas (y grows downwards) from the
writing box, or from the strokes' own bounds when no box is given; each stroke is
resampled to evenly spaced points (touch panels report points unevenly: dense where the
finger slows down), so what follows does not depend on the panel's sampling rate; and a
pen-down hook is cut from each stroke's start.

Zinnia is stroke-order dependent, and its model disagrees with standard Chinese stroke
order on common characters (山 is known with 𠃊 first). When the plain result is not
confident, the characters with the strokes of one adjacent pair swapped are classified
too and the lists merged. Evidence and tuning: see ``bench/handwriting.py``; every
constant below was chosen on the characters ranked 501-1000 and is reported on the
500 commonest.

Zinnia is not documented to be thread-safe: one ``Recogniser`` serialises its calls
with a lock, so it can be called from any worker thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import threading
from pathlib import Path
from typing import Iterable, Sequence

__all__ = ["DEFAULT_MODEL", "CANVAS", "HandwritingError", "HandwritingUnavailable", "StrokeError",
           "Recogniser", "normalise", "resample", "unavailable_reason", "available"]

DEFAULT_MODEL = Path("/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model")
CANVAS = 300
#: spacing of resampled points on the canvas (a 300-unit stroke becomes 100 points)
STEP = 3.0
#: a stroke is never more than this many points after resampling (a scribble is coarsened)
MAX_POINTS = 400
#: more strokes than this is not a character (the most complex common ones have ~25)
MAX_STROKES = 40
#: more raw points than this in one stroke is not a finger (120 Hz for 80 s)
MAX_RAW_POINTS = 10_000
#: a pen-down hook: a turn of more than HOOK_TURN_DEG within HOOK_LEN of a stroke's start.
#: Chosen on ranks 501-1000: top-5 0.874 -> 0.900 (0.06/35°: 0.892, 0.15/35°: 0.898).
HOOK_LEN = 0.10 * CANVAS
HOOK_TURN_DEG = 35.0
#: order variants are tried when the plain best score is below this (dev: 0.2 best top-1)
CONFIDENT_SCORE = 0.2
#: a swapped order's score counts this much less (dev: 0.3 best top-1, same top-5)
SWAP_PENALTY = 0.3
#: no variants for characters of more strokes: the cost grows with the square of the count
#: (dev: cap 8 keeps p95 near 8 classifications; cap 99 gained 0.8 points of top-1 more)
MAX_SWAP_STROKES = 8

Point = tuple[float, float]


class HandwritingError(Exception):
    """Base of every error this module raises."""


class HandwritingUnavailable(HandwritingError):
    """libzinnia or the model file cannot be loaded; the message says which and why."""


class StrokeError(HandwritingError, ValueError):
    """The input is not a list of strokes of (x, y) numbers."""


# -- the binding --------------------------------------------------------------------------
_lib: ctypes.CDLL | None = None
_lib_lock = threading.Lock()


def _load_library() -> ctypes.CDLL:
    global _lib
    with _lib_lock:
        if _lib is not None:
            return _lib
        name = ctypes.util.find_library("zinnia") or "libzinnia.so.0"
        try:
            lib = ctypes.CDLL(name)
        except OSError as exc:
            raise HandwritingUnavailable(
                f"libzinnia cannot be loaded ({exc}); install the libzinnia0 package") from None
        vp, size, cint = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int
        signatures = {  # every pointer typed: an untyped return is cut to 32 bits and crashes
            "zinnia_recognizer_new": ([], vp),
            "zinnia_recognizer_destroy": ([vp], None),
            "zinnia_recognizer_open": ([vp, ctypes.c_char_p], cint),
            "zinnia_recognizer_strerror": ([vp], ctypes.c_char_p),
            "zinnia_recognizer_classify": ([vp, vp, size], vp),
            "zinnia_character_new": ([], vp),
            "zinnia_character_destroy": ([vp], None),
            "zinnia_character_set_width": ([vp, size], None),
            "zinnia_character_set_height": ([vp, size], None),
            "zinnia_character_add": ([vp, size, cint, cint], cint),
            "zinnia_result_size": ([vp], size),
            "zinnia_result_value": ([vp, size], ctypes.c_char_p),
            "zinnia_result_score": ([vp, size], ctypes.c_float),
            "zinnia_result_destroy": ([vp], None),
        }
        try:
            for fn, (args, res) in signatures.items():
                getattr(lib, fn).argtypes, getattr(lib, fn).restype = args, res
        except AttributeError as exc:
            raise HandwritingUnavailable(f"{name} is not the Zinnia library we know: {exc}") from None
        _lib = lib
        return lib


def unavailable_reason(model: Path | str = DEFAULT_MODEL) -> str | None:
    """Why handwriting cannot work here, or None when it can (does not load the model)."""
    try:
        _load_library()
    except HandwritingUnavailable as exc:
        return str(exc)
    if not Path(model).is_file():
        return f"no handwriting model at {model}; install tegaki-zinnia-simplified-chinese"
    return None


def available(model: Path | str = DEFAULT_MODEL) -> bool:
    return unavailable_reason(model) is None


# -- strokes ------------------------------------------------------------------------------
def _bounded(items: object, what: str, limit: int) -> Iterable:
    """``items`` one by one, refusing what is not a list of ``what`` or longer than ``limit``."""
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise StrokeError(f"expected a list of {what}, not {type(items).__name__}")
    for n, item in enumerate(items):
        if n >= limit:
            raise StrokeError(f"more than {limit} {what}")
        yield item


def _finite_points(stroke: object) -> list[Point]:
    out = []
    for point in _bounded(stroke, "points in a stroke", MAX_RAW_POINTS):
        try:
            x, y = point
            x, y = float(x), float(y)
        except (TypeError, ValueError):
            raise StrokeError(f"a point is two numbers, not {point!r:.40}") from None
        if math.isfinite(x) and math.isfinite(y):
            out.append((x, y))
    return out


def resample(stroke: Sequence[Point], step: float = STEP, max_points: int = MAX_POINTS) -> list[Point]:
    """Evenly spaced points along ``stroke`` (its ends kept), at most ``max_points``."""
    if len(stroke) < 2:
        return list(stroke)
    seg = [math.dist(a, b) for a, b in zip(stroke, stroke[1:])]
    length = sum(seg)
    if length == 0:
        return [stroke[0]]
    step = max(step, length / (max_points - 1))
    out, carried, i = [stroke[0]], 0.0, 0
    target = step
    for i, d in enumerate(seg):
        while d > 0 and carried + d >= target:
            t = (target - carried) / d
            (x0, y0), (x1, y1) = stroke[i], stroke[i + 1]
            out.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
            target += step
        carried += d
    if math.dist(out[-1], stroke[-1]) > step / 2:
        out.append(stroke[-1])
    else:
        out[-1] = stroke[-1]
    return out[:max_points]


def _turn(a: Point, b: Point, c: Point) -> float:
    """Degrees between a->b and b->c."""
    ux, uy, vx, vy = b[0] - a[0], b[1] - a[1], c[0] - b[0], c[1] - b[1]
    nu, nv = math.hypot(ux, uy), math.hypot(vx, vy)
    if nu == 0 or nv == 0:
        return 0.0
    return math.degrees(math.acos(max(-1.0, min(1.0, (ux * vx + uy * vy) / (nu * nv)))))


def _dehook(stroke: list[Point]) -> list[Point]:
    """Cut a pen-down hook: the sharpest turn within HOOK_LEN of the start, seen over
    HOOK_LEN on either side so a resampled corner (spread over points) still counts."""
    if len(stroke) < 3:
        return stroke
    reach = max(1, int(HOOK_LEN / STEP))
    if len(stroke) < 3 * reach:  # a short stroke (a dot) is all hook: keep it
        return stroke
    best, cut = HOOK_TURN_DEG, 0
    for k in range(1, reach + 1):
        turn = _turn(stroke[0], stroke[k], stroke[min(len(stroke) - 1, k + reach)])
        if turn > best:
            best, cut = turn, k
    return stroke[cut:]


def normalise(strokes: object, box: tuple[float, float] | None = None) -> list[list[Point]]:
    """Strokes in any coordinates (y downwards) -> resampled strokes on the model's canvas.

    ``box`` is the writing area's (width, height) in the strokes' coordinates; without it
    the strokes' bounds are used, with a margin. Empty strokes are dropped.
    """
    clean = []
    for stroke in _bounded(strokes, "strokes", MAX_STROKES):
        points = _finite_points(stroke)
        if points:
            clean.append(points)
    if not clean:
        return []
    if box is not None:
        width, height = (float(v) for v in box)
        if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
            raise StrokeError(f"the writing box must have a positive size, not {box!r}")
        side = max(width, height)  # a wide box keeps the character's proportions, centred
        x0, y0 = (width - side) / 2, (height - side) / 2
    else:
        xs = [x for s in clean for x, _ in s]
        ys = [y for s in clean for _, y in s]
        side = max(max(xs) - min(xs), max(ys) - min(ys)) / 0.8 or 1.0  # fills 80%, centred
        x0, y0 = (min(xs) + max(xs) - side) / 2, (min(ys) + max(ys) - side) / 2
    scale = CANVAS / side
    clamp = lambda v: min(CANVAS, max(0.0, v))  # noqa: E731
    placed = [[(clamp((x - x0) * scale), clamp((y - y0) * scale)) for x, y in s] for s in clean]
    # clamped before resampling (which spaces points along the path, so the path's length must
    # be the canvas's) and again after: interpolation may step a hair off the canvas
    return [[(clamp(x), clamp(y)) for x, y in _dehook(resample(s))] for s in placed]


# -- recognition --------------------------------------------------------------------------
class Recogniser:
    """``candidates(strokes)`` -> characters, best first. Opens Zinnia at first use."""

    def __init__(self, model: Path | str = DEFAULT_MODEL, order_variants: bool = True):
        self.model = Path(model)
        self.order_variants = order_variants
        self._lock = threading.Lock()
        self._lib: ctypes.CDLL | None = None
        self._handle: int | None = None

    def open(self) -> "Recogniser":
        with self._lock:
            self._open_locked()
        return self

    def _open_locked(self) -> None:
        if self._handle is not None:
            return
        reason = unavailable_reason(self.model)
        if reason:
            raise HandwritingUnavailable(reason)
        lib = _load_library()
        handle = lib.zinnia_recognizer_new()
        if not handle:
            raise HandwritingUnavailable("zinnia_recognizer_new failed")
        if not lib.zinnia_recognizer_open(handle, str(self.model).encode()):
            why = (lib.zinnia_recognizer_strerror(handle) or b"").decode(errors="replace")
            lib.zinnia_recognizer_destroy(handle)
            raise HandwritingUnavailable(f"the model {self.model} does not open: {why}")
        self._lib, self._handle = lib, handle

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                self._lib.zinnia_recognizer_destroy(self._handle)
                self._handle = None

    def __enter__(self) -> "Recogniser":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    def candidates(self, strokes: object, n: int = 10, box: tuple[float, float] | None = None
                   ) -> list[str]:
        """Up to ``n`` characters for ``strokes`` (lists of (x, y), y downwards), best first."""
        return [ch for ch, _ in self.scored(strokes, n, box)]

    def scored(self, strokes: object, n: int = 10, box: tuple[float, float] | None = None
               ) -> list[tuple[str, float]]:
        if not 1 <= int(n) <= 100:
            raise StrokeError(f"n must be 1..100, not {n}")
        canvas = normalise(strokes, box)
        if not canvas:
            return []
        with self._lock:
            self._open_locked()
            best = dict(self._classify(canvas, max(n, 10)))
            top = max(best.values(), default=-math.inf)
            if self.order_variants and top < CONFIDENT_SCORE and len(canvas) <= MAX_SWAP_STROKES:
                for i in range(len(canvas) - 1):
                    swapped = canvas[:i] + [canvas[i + 1], canvas[i]] + canvas[i + 2:]
                    for ch, score in self._classify(swapped, max(n, 10)):
                        best[ch] = max(best.get(ch, -math.inf), score - SWAP_PENALTY)
        return sorted(best.items(), key=lambda kv: -kv[1])[:n]

    def classify_canvas(self, canvas: list[list[Point]], n: int = 10) -> list[tuple[str, float]]:
        """Zinnia's own answer for strokes already on the canvas, with no preparation
        (the benchmark's baseline)."""
        with self._lock:
            self._open_locked()
            return self._classify(canvas, n)

    def _classify(self, canvas: list[list[Point]], n: int) -> list[tuple[str, float]]:
        lib = self._lib
        char = lib.zinnia_character_new()
        try:
            lib.zinnia_character_set_width(char, CANVAS)
            lib.zinnia_character_set_height(char, CANVAS)
            for index, stroke in enumerate(canvas):
                for x, y in stroke:
                    lib.zinnia_character_add(char, index, round(x), round(y))
            result = lib.zinnia_recognizer_classify(self._handle, char, n)
            if not result:
                return []
            try:
                return [(lib.zinnia_result_value(result, i).decode("utf-8", "replace"),
                         float(lib.zinnia_result_score(result, i)))
                        for i in range(lib.zinnia_result_size(result))]
            finally:
                lib.zinnia_result_destroy(result)
        finally:
            lib.zinnia_character_destroy(char)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

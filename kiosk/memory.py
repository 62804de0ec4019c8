"""Give the heap the last visitor freed back to the system.

glibc's malloc keeps freed memory in its arenas (one per thread that allocated) for reuse,
so a long-running terminal's RSS creeps up on fragments nobody uses: in the soak, a
``malloc_trim`` after 200 journeys gave back 27 MB of 408. Collecting and trimming when a visit
ends keeps the terminal's footprint to what it holds live, and the freed pages of that visit (what
the screens showed) go back to the kernel rather than waiting in the heap.
"""

from __future__ import annotations

import ctypes
import gc
import logging
from functools import cache
from typing import Callable

__all__ = ["release_freed_memory"]

log = logging.getLogger(__name__)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):   # not glibc (musl, macOS): nothing to do
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_freed_memory(collect: bool = True) -> bool:
    """Free what the visit left in reference cycles (a full ``gc.collect``), then return the
    freed heap pages to the system; True when some were.

    Trimming first would leave the cycles' memory in the heap until some later visit's
    trim. The collection holds the GIL (tens of milliseconds with the app's 430,000
    objects); it runs as a visit ends, with nobody at the screen. ctypes lets the GIL go
    for the trim itself."""
    if collect:
        gc.collect()
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False

"""The heap a visit freed goes back to the system when the visit ends."""

from __future__ import annotations

from pathlib import Path

from kiosk.memory import release_freed_memory


def rss_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))


def test_freed_fragments_go_back_to_the_system():
    # buffers (a receipt image, a page of results), every other one freed: the heap keeps
    # the 16 KB holes between the live ones, and free() alone gives none of it back
    held = [bytearray(16_384) for _ in range(4_000)]
    del held[::2]
    before = rss_kb()
    assert release_freed_memory()
    assert before - rss_kb() > 16_000, "less than 16 MB of the 32 MB freed went back"
    assert len(held) == 2_000 and all(len(b) == 16_384 for b in held)  # the live half is intact

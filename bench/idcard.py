"""ID card read time on the pty emulator at 115200 baud against the wire time of the same bytes.

Wire time = every byte of select + read requests and answers, at 10 bits a byte.
The emulator paces its answers at the line rate, so the ratio shows what our
driver adds on top of the serial line (framing, parsing, syscalls).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.harness import median
from devices.idcard.emulator import IdCardEmulator
from devices.idcard.protocol import encode_request, encode_response
from devices.idcard.reader import IdCardReader
from devices.idcard.text import build_read_payload, build_text

BAUD = 115200


def run(quick: bool = False) -> dict:
    runs = 10 if quick else 40
    with tempfile.TemporaryDirectory() as tmp:
        em = IdCardEmulator(BAUD, Path(tmp) / "idcard").start()
        em.insert(0)
        reader = IdCardReader(em.port, BAUD)
        reader.read_card()  # open the port
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            reader.read_card()
            times.append(time.perf_counter() - t0)
        reader.stop()
        em.stop()
    card = {k: v for k, v in em.card.items() if k != "kind"}
    answer = encode_response(0x90, build_read_payload(build_text("resident", **card), bytes(1024)))
    wire_bytes = (len(encode_request("select")) + len(encode_response(0x90, bytes(8)))
                  + len(encode_request("read")) + len(answer))
    wire = wire_bytes * 10 / BAUD
    read = median(times)
    return {"figures": {"read_s": round(read, 4), "wire_s": round(wire, 4),
                        "ratio": round(read / wire, 3), "bytes": wire_bytes},
            "targets": {"ratio": "<= 1.3"}, "runs": runs}

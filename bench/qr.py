"""QR decode frames per second on 640x480 frames, one core: our pipeline (validate, grey,
detect) against a bare QRCodeDetector.detectAndDecode on the BGR frame, alternated."""

from __future__ import annotations

import time

import cv2

from bench.harness import alternate, median
from devices.camera.emulator import background, qr_frame
from devices.camera.qr import decode_qr

URL = "http://127.0.0.1:8000/t/A012-7f3c"


def run(quick: bool = False) -> dict:
    cv2.setNumThreads(1)
    runs = 5 if quick else 15
    with_qr = [qr_frame(URL, 200, angle=10 * i, seed=i) for i in range(10)]
    without = [background(i) for i in range(10)]
    bare = cv2.QRCodeDetector()

    def fps(fn, frames):
        def measure() -> float:
            t0 = time.perf_counter()
            for f in frames:
                fn(f)
            return len(frames) / (time.perf_counter() - t0)
        return measure

    ours_qr, bare_qr = alternate(fps(decode_qr, with_qr), fps(bare.detectAndDecode, with_qr), runs)
    ours_none, bare_none = alternate(fps(decode_qr, without), fps(bare.detectAndDecode, without), runs)
    return {"figures": {"fps": round(median(ours_qr), 1), "fps_no_qr": round(median(ours_none), 1),
                        "bare_fps": round(median(bare_qr), 1),
                        "bare_fps_no_qr": round(median(bare_none), 1),
                        "ratio": round(median(ours_qr) / median(bare_qr), 3),
                        "opencv": cv2.__version__},
            "targets": {"fps": ">= 30"}, "runs": runs}

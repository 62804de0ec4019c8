"""The camera device: a capture thread (never the UI thread) that reports QR codes and presence.

Source is a device index ("0") or a video file / image pattern. Frames are
analysed at most ``fps`` times a second. A source that cannot be opened or
stops delivering frames makes the device offline; it reopens with backoff.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from devices.base import DeviceUnavailable, Health, ThreadedDevice, require_module

__all__ = ["CameraDevice"]

log = logging.getLogger(__name__)


class CameraDevice(ThreadedDevice):
    name = "camera"

    def __init__(self, source: str | int, fps: float = 15, presence: bool = True,
                 loop: bool = False, dedup_s: float = 3.0):
        require_module("cv2", "OpenCV (opencv-python-headless)")
        self.source = int(source) if isinstance(source, str) and source.isdigit() else source
        self.fps, self.presence_on, self.loop, self.dedup_s = fps, presence, loop, dedup_s
        super().__init__()
        self._seen: dict[str, float] = {}
        self.frames = 0
        self.detector = None  # made in the camera's thread, with OpenCV (see _run)

    @classmethod
    def from_settings(cls, section: Any) -> "CameraDevice":
        return cls(section.source, section.fps, section.presence,
                   loop=not str(section.source).isdigit())






    def _open(self):
        import cv2
        cap = cv2.VideoCapture(self.source)
        if not cap.isOpened():
            cap.release()
            raise DeviceUnavailable(f"camera source {self.source!r} cannot be opened")
        return cap

    def _run(self) -> None:
        # OpenCV and numpy load here, in the camera's own thread, not on the UI thread when
        # the device is built: their import took 30 ms of the terminal's start-up
        # (python -X importtime on bench.startup_probe)
        from devices.camera.presence import PresenceDetector
        if self.detector is None:
            self.detector = PresenceDetector()
        backoff = 0.2
        while not self._stop.is_set():
            try:
                cap = self._open()
            except DeviceUnavailable:
                self._set_health(Health.offline("camera_gone"))
                self._stop.wait(backoff)
                backoff = min(2.0, backoff * 2)
                continue
            backoff = 0.2
            try:
                self._capture(cap)
            finally:
                cap.release()

    def _capture(self, cap) -> None:
        import cv2
        interval = 1.0 / self.fps
        failures = 0
        while not self._stop.is_set():
            started = time.monotonic()
            ok, frame = cap.read()
            if not ok or frame is None:
                if self.loop and failures == 0 and cap.set(cv2.CAP_PROP_POS_FRAMES, 0):
                    failures += 1
                    continue
                failures += 1
                if failures >= 3:
                    self._set_health(Health.offline("camera_gone"))
                    return
                continue
            failures = 0
            self.frames += 1
            self._set_health(Health.ok())
            self._analyse(frame)
            self._stop.wait(max(0.0, interval - (time.monotonic() - started)))

    def _analyse(self, frame) -> None:
        from devices.camera.qr import decode_qr, parse_payload
        now = time.monotonic()
        for text in decode_qr(frame):
            if now - self._seen.get(text, -1e9) >= self.dedup_s:
                self._event("qr", parse_payload(text))
            self._seen[text] = now
        if self.presence_on:
            change = self.detector.update(frame)
            if change is not None:
                self._event("presence", change)

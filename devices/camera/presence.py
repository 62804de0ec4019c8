"""Someone standing in front of the terminal, from frames, without a face model.

OpenCV 5 wheels ship no Haar cascades and no CascadeClassifier (HARDWARE.md), and
a face model would need a weights file we would have to ship and license. A
person at a kiosk is a large change in the picture, so background subtraction
(MOG2) on a small grey frame is enough: present when the changed area stays above
``enter`` of the frame for ``enter_frames`` frames, absent again when it stays
below ``leave`` for ``leave_frames`` frames. The hysteresis ignores flicker, noise
and a hand passing by; a person who stands still for minutes fades into the
background model, which is fine for waking the attract screen.
"""

from __future__ import annotations

import cv2
import numpy as np

from devices.camera.qr import check_frame

__all__ = ["PresenceDetector"]


class PresenceDetector:
    def __init__(self, enter: float = 0.12, leave: float = 0.04, enter_frames: int = 3,
                 leave_frames: int = 8, size: tuple[int, int] = (160, 120)):
        self.enter, self.leave = enter, leave
        self.enter_frames, self.leave_frames = enter_frames, leave_frames
        self.size = size
        self.present = False
        self._run = 0
        self._model = cv2.createBackgroundSubtractorMOG2(history=300, varThreshold=32,
                                                         detectShadows=False)
        self._kernel = np.ones((3, 3), np.uint8)
        self.last_fraction = 0.0

    def update(self, frame) -> bool | None:
        """Feed a frame; returns True/False when presence changes, else None."""
        gray = cv2.resize(check_frame(frame), self.size, interpolation=cv2.INTER_AREA)
        gray = cv2.GaussianBlur(gray, (5, 5), 0)
        mask = self._model.apply(gray)
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, self._kernel)
        fraction = float(np.count_nonzero(mask)) / mask.size
        self.last_fraction = fraction
        if not self.present:
            self._run = self._run + 1 if fraction >= self.enter else 0
            if self._run >= self.enter_frames:
                self.present, self._run = True, 0
                return True
        else:
            self._run = self._run + 1 if fraction <= self.leave else 0
            if self._run >= self.leave_frames:
                self.present, self._run = False, 0
                return False
        return None

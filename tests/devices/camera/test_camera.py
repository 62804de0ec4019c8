"""Camera: QR codes at sizes, angles and blur; presence; the device on a real video file."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from devices.base import HealthState, ProtocolError
from devices.camera.device import CameraDevice
from devices.camera.emulator import background, flicker_frames, person_frames, qr_frame, write_video
from devices.camera.presence import PresenceDetector
from devices.camera.qr import decode_qr, parse_payload
from tests.helpers import wait_until

URL = "http://127.0.0.1:8000/t/A012-7f3c"


@pytest.mark.parametrize("size", [120, 150, 260, 400])
def test_sizes(size):
    assert decode_qr(qr_frame(URL, size=size)) == [URL]


@pytest.mark.parametrize("angle", [0, 15, 45, 90, 170])
def test_rotations(angle):
    assert decode_qr(qr_frame(URL, size=220, angle=angle)) == [URL]


@pytest.mark.parametrize("tilt", [0.1, 0.2])
def test_perspective(tilt):
    assert decode_qr(qr_frame(URL, size=220, tilt=tilt)) == [URL]


@pytest.mark.parametrize("blur", [0.8, 1.5])
def test_blur(blur):
    assert decode_qr(qr_frame(URL, size=240, blur=blur)) == [URL]


def test_limits_found():
    """Measured limits (a 33-character URL, version 3): read from 120 px (about 3.4 px a
    module), blur up to sigma 2, tilt up to 0.2; below that nothing (and nothing false)."""
    assert decode_qr(qr_frame(URL, size=60)) == []
    assert decode_qr(qr_frame(URL, size=240, blur=3)) == []


def test_no_false_positives():
    for seed in range(5):
        assert decode_qr(background(seed)) == []
    for frame in person_frames(15):
        assert decode_qr(frame) == []


def test_payloads():
    assert parse_payload("HKS1:abcdefghijklmnop0123").kind == "signin"
    ticket = parse_payload(URL)
    assert (ticket.kind, ticket.value) == ("ticket", "A012-7f3c")
    assert parse_payload("https://hall.example/jobs/42").value == "42"
    assert parse_payload("javascript:alert(1)").kind == "unknown"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_payload_parser_fuzz(text):
    assert parse_payload(text).kind in ("signin", "ticket", "job", "unknown")


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.text(max_size=5),
                 st.builds(lambda h, w, c: np.zeros((h, w, c), np.uint8),
                           st.integers(0, 40), st.integers(0, 40), st.integers(1, 5)),
                 st.builds(lambda n: np.zeros(n, np.float32), st.integers(0, 50))))
def test_frame_validation_fuzz(frame):
    try:
        decode_qr(frame)
    except ProtocolError:
        pass


def test_presence_triggers_on_a_person_not_on_flicker():
    det = PresenceDetector()
    changes = [det.update(f) for f in flicker_frames(40)]
    assert True not in changes
    det = PresenceDetector()
    changes = [det.update(f) for f in person_frames(30, enter_at=12)]
    assert True in changes and changes.index(True) >= 12


def test_device_on_a_video_file(tmp_path):
    frames = list(person_frames(20, enter_at=6)) + [qr_frame(URL, 220, seed=i) for i in range(6)]
    path = write_video(tmp_path / "cam.avi", frames)
    device = CameraDevice(str(path), fps=60, loop=True)
    events = []
    device.start(events.append)
    try:
        wait_until(lambda: any(e.kind == "qr" for e in events), 10, message="no qr event")
        wait_until(lambda: any(e.kind == "presence" and e.payload for e in events), 10)
        qr = [e.payload for e in events if e.kind == "qr"]
        assert qr[0].kind == "ticket" and qr[0].value == "A012-7f3c"
        assert len(qr) == 1  # the same code is reported once, not on every frame
    finally:
        device.stop()


def test_camera_gone_then_back(tmp_path):
    path = tmp_path / "cam.avi"
    device = CameraDevice(str(path), fps=30, loop=True)
    device.start(lambda e: None)
    try:
        wait_until(lambda: device.health().reason == "camera_gone", 5, message="not offline")
        assert device.health().state is HealthState.OFFLINE
        write_video(path, [background(i) for i in range(10)])
        wait_until(lambda: device.health().state is HealthState.OK, 5, message="did not come back")
    finally:
        device.stop()

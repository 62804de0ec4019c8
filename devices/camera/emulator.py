"""Test and demo media for the camera: real QR codes in 640x480 frames, and a person walking in.

Frames have a textured background with sensor noise; QR codes are rendered with
the qrcode library and pasted at a size, rotation, perspective tilt and blur;
the "person" is a large dark silhouette that slides into the frame.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Iterable

import cv2
import numpy as np

__all__ = ["background", "qr_frame", "slip_frames", "person_frames", "write_video", "write_y4m",
           "cli_main", "start_demo"]

W, H = 640, 480


def background(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.linspace(60, 170, W, dtype=np.float32)
    base = np.tile(x, (H, 1))
    texture = cv2.GaussianBlur(rng.normal(0, 18, (H, W)).astype(np.float32), (0, 0), 3)
    img = np.clip(base + texture, 0, 255).astype(np.uint8)
    return cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)


def _noise(frame: np.ndarray, rng: np.random.Generator, sigma: float = 4.0) -> np.ndarray:
    return np.clip(frame.astype(np.int16) + rng.normal(0, sigma, frame.shape), 0, 255).astype(np.uint8)


def qr_image(text: str, size: int) -> np.ndarray:
    import qrcode
    qr = qrcode.QRCode(border=3, box_size=10, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    img = np.array(qr.make_image(fill_color="black", back_color="white").get_image().convert("L"))
    return cv2.resize(img, (size, size), interpolation=cv2.INTER_NEAREST)


def qr_frame(text: str, size: int = 200, angle: float = 0.0, tilt: float = 0.0, blur: float = 0.0,
             center: tuple[int, int] = (320, 240), seed: int = 0) -> np.ndarray:
    """A frame holding one QR code: ``tilt`` is a perspective squeeze (0..0.4)."""
    rng = np.random.default_rng(seed)
    frame = background(seed)
    code = qr_image(text, size)
    src = np.float32([[0, 0], [size, 0], [size, size], [0, size]])
    squeeze = tilt * size / 2
    dst = np.float32([[0, squeeze], [size, 0], [size, size], [0, size - squeeze]])
    rot = cv2.getRotationMatrix2D((size / 2, size / 2), angle, 1.0)
    dst = cv2.transform(dst[None], rot)[0] + np.float32(center) - size / 2
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    warped = cv2.warpPerspective(code, m, (W, H), borderValue=0)
    mask = cv2.warpPerspective(np.full_like(code, 255), m, (W, H), borderValue=0)
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    gray = np.where(mask > 0, warped, gray).astype(np.uint8)
    if blur > 0:
        gray = cv2.GaussianBlur(gray, (0, 0), blur)
    return _noise(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), rng)


def slip_frames(slip: np.ndarray, n: int = 8, seed: int = 0) -> list[np.ndarray]:
    """A printed slip (a receipt image) held up to the camera, its QR code towards the lens:
    the paper around the code fills about half the frame, tilted a little differently in
    each frame, over the hall behind."""
    paper = slip if slip.ndim == 2 else cv2.cvtColor(slip, cv2.COLOR_BGR2GRAY)
    found, corners = cv2.QRCodeDetector().detect(paper)
    if not found:
        raise ValueError("the slip has no QR code to hold up")
    (x0, y0), (x1, y1) = corners[0].min(axis=0), corners[0].max(axis=0)
    margin = 0.35 * (x1 - x0)
    top, left = max(int(y0 - margin), 0), max(int(x0 - margin), 0)
    part = paper[top:int(y1 + margin), left:int(x1 + margin)]
    part = cv2.resize(part, None, fx=260 / part.shape[0], fy=260 / part.shape[0],
                      interpolation=cv2.INTER_AREA)
    h, w = part.shape
    rng = np.random.default_rng(seed)
    frames = []
    for i in range(n):
        hall = cv2.cvtColor(background(seed + i), cv2.COLOR_BGR2GRAY)
        m = cv2.getRotationMatrix2D((w / 2, h / 2), float(rng.uniform(-8, 8)), 1.0)
        m[:, 2] += (W / 2 - w / 2 + rng.uniform(-30, 30), H / 2 - h / 2 + rng.uniform(-20, 20))
        held = cv2.warpAffine(part, m, (W, H), borderValue=0)
        mask = cv2.warpAffine(np.full_like(part, 255), m, (W, H), borderValue=0)
        gray = np.where(mask > 0, held, hall).astype(np.uint8)
        frames.append(_noise(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), rng))
    return frames


def person_frames(n: int = 30, seed: int = 0, enter_at: int = 10) -> Iterable[np.ndarray]:
    """A still scene, then a large dark silhouette slides in and stays."""
    rng = np.random.default_rng(seed)
    base = background(seed)
    for i in range(n):
        frame = base.copy()
        if i >= enter_at:
            x = min(320, -200 + (i - enter_at) * 90)
            cv2.ellipse(frame, (x, 300), (130, 220), 0, 0, 360, (35, 30, 40), -1)
            cv2.circle(frame, (x, 90), 70, (60, 55, 70), -1)
        yield _noise(frame, rng)


def flicker_frames(n: int = 30, seed: int = 0) -> Iterable[np.ndarray]:
    """Small changes only: sensor noise, a slight brightness flicker, a hand-sized blob."""
    rng = np.random.default_rng(seed)
    base = background(seed)
    for i in range(n):
        frame = cv2.convertScaleAbs(base, alpha=1.0, beta=float(3 * np.sin(i)))
        if i % 7 == 3:
            cv2.circle(frame, (500, 100), 25, (90, 90, 90), -1)
        yield _noise(frame, rng)


def write_video(path: str | Path, frames: Iterable[np.ndarray], fps: float = 15) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (W, H))
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def write_y4m(path: str | Path, frames: Iterable[np.ndarray], fps: int = 15) -> Path:
    """Frames as a YUV4MPEG2 file (4:2:0), what Chromium's fake camera plays in a loop
    (``--use-file-for-fake-video-capture``): the browser tests' camera."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{W} H{H} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for frame in frames:
            out.write(b"FRAME\n" + cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420).tobytes())
    return path


def demo_frames(qr_text: str) -> Iterable[np.ndarray]:
    yield from person_frames(20)
    for i in range(10):
        yield qr_frame(qr_text, 220, angle=5 * i, seed=i)
    yield from (background(1) for _ in range(20))


def start_demo(var: Path) -> tuple[dict[str, str], Any]:
    path = write_video(var / "camera" / "demo.avi", demo_frames("HKS1:demo-signin-token-0001"))

    class _Handle:
        def stop(self) -> None:
            pass
    return {"KIOSK__DEVICES__CAMERA__SOURCE": str(path)}, _Handle()


def cli_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk emulate camera")
    parser.add_argument("--out", default="var/camera/demo.avi")
    parser.add_argument("--qr", default="HKS1:demo-signin-token-0001")
    args = parser.parse_args(argv)
    path = write_video(args.out, demo_frames(args.qr))
    print(f"wrote {path}: set devices.camera.source to it")
    return 0

"""Camera: QR decoding and presence detection on frames from cv2.VideoCapture."""

from devices.camera.device import CameraDevice

__all__ = ["CameraDevice"]

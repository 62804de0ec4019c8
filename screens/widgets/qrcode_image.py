"""A QR code as a Kivy texture (made with the qrcode library, no file on disk)."""

from __future__ import annotations

import io

from kivy.core.image import Image as CoreImage

__all__ = ["qr_texture"]


def qr_texture(data: str, box: int = 10):
    import qrcode
    qr = qrcode.QRCode(border=2, box_size=box, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    buf = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buf, format="PNG")
    buf.seek(0)
    texture = CoreImage(buf, ext="png").texture
    texture.mag_filter = "nearest"
    return texture

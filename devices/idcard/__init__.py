"""Resident ID card reader (GA 467 SAM frames over serial): protocol, text, device, emulator."""

from devices.idcard.reader import IdCardReader

__all__ = ["IdCardReader"]

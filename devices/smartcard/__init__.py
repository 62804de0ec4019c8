"""Social-security smart cards through PC/SC: APDUs, the watching device, a virtual card."""

from devices.smartcard.watcher import SmartCardWatcher

__all__ = ["SmartCardWatcher"]

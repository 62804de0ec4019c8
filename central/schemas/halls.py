"""Halls, their services (with the documents each requires) and the terminals in them."""

from __future__ import annotations

from hallcore.contract import DocumentOut, HallOut, KioskOut, ServiceOut

__all__ = ["HallOut", "DocumentOut", "ServiceOut", "KioskOut"]

"""ESC/POS receipt printer: document model, renderer, status, device, virtual printer."""

from devices.printer.document import QR, Document, Feed, Image, Row, Rule, Text
from devices.printer.printer import ReceiptPrinter

__all__ = ["ReceiptPrinter", "Document", "Text", "Rule", "Row", "QR", "Image", "Feed"]

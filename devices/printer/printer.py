"""The receipt printer device: status before every job, health polled, reconnect with backoff.

``print_document`` is blocking (call it from a worker thread). It asks the
printer's status first and raises PrinterError(reason=offline|paper_out|
cover_open) before sending a byte, so a job that cannot print is never half
sent; the caller still holds the document and can show it on screen instead.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from devices.base import DeviceError, Health, PrinterError, ThreadedDevice
from devices.printer.document import Document
from devices.printer.escpos import Profile, render
from devices.printer.status import QUERIES, PrinterStatus, parse_status
from devices.printer.transport import open_transport

__all__ = ["ReceiptPrinter"]

log = logging.getLogger(__name__)
BLOCKING = ("paper_out", "cover_open", "offline")


class ReceiptPrinter(ThreadedDevice):
    name = "printer"

    def __init__(self, section: Any, opener: Callable[[Any], Any] = open_transport,
                 poll_s: float = 2.0):
        self.section = section
        self.profile = Profile(section.profile)
        self.paper_mm = section.paper_width_mm
        self._opener = opener
        self._poll_s = poll_s
        self._transport = None
        self._lock = threading.Lock()
        super().__init__()
        self._backoff = 0.2
        self._next_try = 0.0
        self.jobs_printed = 0
        self.last_job_bytes = 0

    @classmethod
    def from_settings(cls, section: Any) -> "ReceiptPrinter":
        return cls(section)

    # -- Device ----------------------------------------------------------------------



    def _closed(self) -> None:
        with self._lock:
            self._close()

    # -- printing --------------------------------------------------------------------
    def print_document(self, doc: Document) -> None:
        data = render(doc, self.profile)
        with self._lock:
            status = self._status_locked()
            if status.reason in BLOCKING:
                raise PrinterError(f"printer cannot print: {status.reason}", status.reason)
            try:
                self._transport.write(data)
            except DeviceError as exc:
                self._close()
                self._set_health(Health.offline("offline"))
                raise PrinterError(str(exc), "offline") from None
            # the status queries queue behind the job: their answer tells how the job ended
            # (paper running out half way shows here, not in the check before sending)
            after = self._status_locked()
            if after.reason in BLOCKING:
                raise PrinterError(f"job not finished: {after.reason}", after.reason)
            self.jobs_printed += 1
            self.last_job_bytes = len(data)

    def query_status(self) -> PrinterStatus:
        with self._lock:
            return self._status_locked()

    # -- internals (hold self._lock) ---------------------------------------------------
    def _ensure_open(self) -> None:
        if self._transport is not None:
            return
        now = time.monotonic()
        if now < self._next_try:
            raise PrinterError("printer unreachable (retrying)", "offline")
        try:
            self._transport = self._opener(self.section)
            self._backoff = 0.2
        except DeviceError as exc:
            self._next_try = now + self._backoff
            self._backoff = min(2.0, self._backoff * 2)
            self._set_health(Health.offline("offline"))
            raise PrinterError(str(exc), "offline") from None

    def _status_locked(self) -> PrinterStatus:
        self._ensure_open()
        if not getattr(self._transport, "can_read", False):
            self._set_health(Health.ok())
            return PrinterStatus()
        try:
            replies = []
            for query in (QUERIES["printer"], QUERIES["offline"], QUERIES["paper"]):
                self._transport.write(query)
                replies.append(self._transport.read(1))
            if any(len(r) != 1 for r in replies):
                raise PrinterError("printer did not answer the status query", "offline")
            status = parse_status(*replies)
        except DeviceError as exc:
            self._close()
            self._set_health(Health.offline("offline"))
            raise PrinterError(str(exc), "offline") from None
        reason = status.reason
        if reason in BLOCKING:
            self._set_health(Health.offline(reason))
        elif reason == "paper_low":
            self._set_health(Health.degraded("paper_low"))
        else:
            self._set_health(Health.ok())
        return status

    def _close(self) -> None:
        if self._transport is not None:
            try:
                self._transport.close()
            finally:
                self._transport = None


    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with self._lock:
                    self._status_locked()
            except PrinterError:
                pass  # health already says why
            except Exception:
                log.exception("printer status poll failed")
            self._stop.wait(self._poll_s)

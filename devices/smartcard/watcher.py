"""The smart-card device: watch a PC/SC reader for cards, read the social-security application.

Waits with SCardGetStatusChange (short timeouts, so stop is prompt) rather than
pyscard's CardMonitor, a process-wide singleton whose thread cannot be stopped
cleanly. pcscd down, no reader, or pyscard missing make the device offline
with the reason; it retries with backoff and recovers by itself.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from devices.base import CardError, Health, ProtocolError, ThreadedDevice, require_module
from devices.smartcard.apdu import CardNotSupported, StatusWordError, read_social_security_card

__all__ = ["SmartCardWatcher"]

log = logging.getLogger(__name__)


class SmartCardWatcher(ThreadedDevice):
    name = "smartcard"

    def __init__(self, reader_match: str = "", wait_ms: int = 250):
        require_module("smartcard", "pyscard")  # imported in the watcher's thread (_run)
        self.reader_match = reader_match
        self.wait_ms = wait_ms
        super().__init__()
        self.card_present = False
        self.reads = 0

    @classmethod
    def from_settings(cls, section: Any) -> "SmartCardWatcher":
        return cls(section.reader_match)




    # -- internals -------------------------------------------------------------------


    def _card_gone(self) -> None:
        if self.card_present:
            self.card_present = False
            self._event("card_removed")

    def _run(self) -> None:
        from smartcard import scard
        backoff = 0.2
        while not self._stop.is_set():
            rc, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if rc != scard.SCARD_S_SUCCESS:
                self._set_health(Health.offline("pcscd_down"))
                self._card_gone()
                self._stop.wait(backoff)
                backoff = min(2.0, backoff * 2)
                continue
            try:
                backoff = self._watch(scard, ctx, backoff)
            finally:
                scard.SCardReleaseContext(ctx)

    def _watch(self, scard, ctx, backoff: float) -> float:
        rc, readers = scard.SCardListReaders(ctx, [])
        names = [r for r in (readers or []) if self.reader_match in r]
        if rc != scard.SCARD_S_SUCCESS or not names:
            self._set_health(Health.offline("no_reader"))
            self._card_gone()
            self._stop.wait(backoff)
            return min(2.0, backoff * 2)
        reader = names[0]
        self._set_health(Health.ok())
        state = scard.SCARD_STATE_UNAWARE
        while not self._stop.is_set():
            rc, states = scard.SCardGetStatusChange(ctx, self.wait_ms, [(reader, state)])
            if rc == scard.SCARD_E_TIMEOUT:
                continue
            if rc != scard.SCARD_S_SUCCESS or not states:
                self._card_gone()
                return 0.2  # pcscd restarted or reader gone: new context
            _, event_state, _atr = states[0]
            state = event_state & ~scard.SCARD_STATE_CHANGED
            if event_state & scard.SCARD_STATE_UNKNOWN or event_state & scard.SCARD_STATE_IGNORE:
                self._card_gone()
                return 0.2
            present = bool(event_state & scard.SCARD_STATE_PRESENT)
            if present and not self.card_present:
                self.card_present = True
                self._read(reader)
            elif not present:
                self._card_gone()
        return 0.2

    def _read(self, reader: str) -> None:
        from smartcard.Exceptions import SmartcardException
        from smartcard.System import readers
        try:
            target = next(r for r in readers() if str(r) == reader)
            conn = target.createConnection()
            conn.connect()
        except (SmartcardException, StopIteration, Exception) as exc:
            log.info("smart card connect failed: %s", type(exc).__name__)
            self._event("card_error", "card_read_failed")
            return
        try:
            card = read_social_security_card(conn.transmit)
        except CardNotSupported:
            self._event("card_error", "card_not_supported")
        except (CardError, ProtocolError) as exc:
            log.info("smart card read failed: %s", type(exc).__name__)
            answered = isinstance(exc, (StatusWordError, ProtocolError))  # the card is still there
            pulled = not answered and self._card_left(conn)
            self._event("card_error", "card_pulled" if pulled else "card_read_failed")
        else:
            self.reads += 1
            self._event("card_inserted", card.identity())
        finally:
            try:
                conn.disconnect()
            except Exception:
                pass

    def _card_left(self, conn: Any, wait_s: float = 0.5) -> bool:
        """Whether the card left the reader during an APDU that got no answer (pulled out),
        rather than staying in with a bad contact. pcscd tells within about 0.1 s (measured
        with vpcd); until it does, the card still looks present."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                conn.getATR()  # SCardStatus: "Card was removed" once pcscd has seen it go
            except Exception:
                return True
            if time.monotonic() >= deadline or self._stop.wait(0.05):
                return False

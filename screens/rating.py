"""Satisfaction at the terminal: the visitor shows their ticket's QR to the camera after the
counter has finished, and rates the service 1 to 5 with optional reasons."""

from __future__ import annotations

from kivy.properties import ListProperty, StringProperty

from screens import load_kv
from screens.base import KioskScreen

__all__ = ["RatingScreen", "REASONS"]

REASONS = ["Quick service", "Friendly staff", "Clear explanation", "Long wait", "Had to come back"]


class RatingScreen(KioskScreen):
    token = StringProperty("")
    message = StringProperty("")
    reasons = ListProperty([])
    visitor_state = ("token", "message", "reasons")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        self.message, self.reasons = "", []

    def toggle(self, reason: str) -> None:
        self.reasons = [r for r in self.reasons if r != reason] if reason in self.reasons \
            else [*self.reasons, reason]

    def rate(self, score: int) -> None:
        api = self.services.api
        if api is None or not self.token:
            self.message = "Rating is not available right now."
            return
        self.message = "Sending..."
        self.services.worker.submit(lambda: api.rate_ticket(self.token, score, list(self.reasons)),
                                    on_done=lambda _r: setattr(self, "message", "Thank you for your rating!"),
                                    on_error=self._failed)

    def _failed(self, exc) -> None:
        status = getattr(exc, "status", None)
        self.message = {409: "This visit was already rated, or is not finished yet."}.get(
            status, "Rating is not available right now.")


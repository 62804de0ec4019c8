"""Home screen: the big tiles, identification and the accessibility toggles; for a visitor
identified with a card, how many postings match their job-seeker registration.

The visitor's record (kiosk.progress) is asked for once a visit, on the worker, and kept in
the session; the count and the postings' ids are kiosk.casework's reading of it.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty, NumericProperty, StringProperty

from kiosk import casework, progress
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["HomeScreen"]


class HomeScreen(KioskScreen):
    #: postings matching the visitor's registration: how many, and the newest ids
    matches = NumericProperty(0)
    match_ids = ListProperty([])
    #: what the header's right side shows: none | matches
    banner = StringProperty("none")
    visitor_state = ("matches", "match_ids", "banner")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        s = self.services
        record = progress.remembered(s.session)
        if record is not None:
            self._show(record)
            return
        self._show(None)
        if progress.why_not(s.session, s.api) is None:
            visit = s.session.session_id
            s.worker.submit(progress.fetch(s.api, s.session),
                            on_done=lambda data: self._fetched(visit, data),
                            on_error=lambda exc: self._failed(visit, exc))

    def _fetched(self, visit: str, data: dict[str, Any]) -> None:
        session = self.services.session
        if session.session_id != visit or not session.identified:
            return   # the visitor left while we asked
        progress.remember(session, data)
        self._show(data)

    def _failed(self, visit: str, exc: BaseException) -> None:
        """No count: the tiles still work. A refusal (another card, too many lookups) is
        not asked again this visit; a service that was away is, at the next return home."""
        if getattr(exc, "status", None) in (409, 429):
            self._fetched(visit, {})

    def _show(self, data: dict[str, Any] | None) -> None:
        self.matches, ids = casework.matching_jobs(data)
        self.match_ids = ids

    def on_matches(self, *_):
        self.banner = "matches" if self.matches else "none"

    def open_matches(self) -> None:
        self.go("jobs", only_ids=list(self.match_ids))

"""Home screen: the big tiles, identification and the accessibility toggles; for a visitor
identified with a card, news about an event they registered for (moved up from the waiting
list, the event cancelled) or else how many postings match their job-seeker registration.

The visitor's record (kiosk.progress) is asked for once a visit, on the worker, and kept in
the session; the count and the postings' ids are kiosk.casework's reading of it, the news
kiosk.hall_events' (which also says when a notice counts as told).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty, ListProperty, NumericProperty, StringProperty

from kiosk import casework, hall_events, progress
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["HomeScreen"]


class HomeScreen(KioskScreen):
    #: postings matching the visitor's registration: how many, and the newest ids
    matches = NumericProperty(0)
    match_ids = ListProperty([])
    #: the registration with news for the visitor, and the banner's words for it
    notice = DictProperty({})
    notice_text = StringProperty("")
    #: what the header's right side shows: none | matches | event
    banner = StringProperty("none")
    visitor_state = ("matches", "match_ids", "notice", "notice_text", "banner")

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
        self.notice = hall_events.notice(data) or {}
        self.on_language()
        self.banner = "event" if self.notice else "matches" if self.matches else "none"
        if self.notice:
            self._tell(data, dict(self.notice))

    def _tell(self, record: dict[str, Any], reg: dict[str, Any]) -> None:
        """The notice is on screen: the service is told, so the next visit does not show it."""
        s = self.services
        if s.api is None:
            return   # told next visit
        s.worker.submit(hall_events.shown(s.api, reg),
                        on_done=lambda _answer: hall_events.told(record, reg),
                        on_error=lambda _exc: None)   # not told: shown again next visit

    def on_language(self) -> None:
        if self.services is not None and self.notice:
            self.notice_text = hall_events.notice_text(self.notice, self._, self.services.translator.language)

    def open_notice(self) -> None:
        """The event the news is about, in the events screen's detail."""
        self.go("events", step="detail", event_id=int(self.notice["event_id"]))

    def open_matches(self) -> None:
        self.go("jobs", only_ids=list(self.match_ids))

"""Home screen: the big tiles, identification and the accessibility toggles; for a visitor
identified with a card, news about an event they registered for (moved up from the waiting
list, the event cancelled) or else how many postings match their job-seeker registration.

Which tiles, header parts and controls show, in what order and on which page, is
kiosk.elders.home_layout: every tile on one page, or in elders' mode a few big ones a page
with a page turn. The screen keeps every part it has (its kv declares them once) and puts the
ones the layout names in the tree; the others are out of it, so they take no room and no touch.

The visitor's record (kiosk.progress) is asked for once a visit, on the worker, and kept in
the session; the count and the postings' ids are kiosk.casework's reading of it, the news
kiosk.hall_events' (which also says when a notice counts as told).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, DictProperty, ListProperty, NumericProperty, StringProperty

from kiosk import casework, elders, hall_events, progress
from screens import load_kv
from screens.base import KioskScreen, fill

__all__ = ["HomeScreen"]


class HomeScreen(KioskScreen):
    #: postings matching the visitor's registration: how many, and the newest ids
    matches = NumericProperty(0)
    match_ids = ListProperty([])
    #: the registration with news for the visitor, and the banner's words for it
    notice = DictProperty({})
    notice_text = StringProperty("")
    #: the page of tiles shown (elders' mode; any number, kiosk.elders wraps it)
    page = NumericProperty(0)
    visitor_state = ("matches", "match_ids", "notice", "notice_text", "page")
    #: the app's elders' mode (kv binds it)
    elders = BooleanProperty(False)
    #: the page turn's pictogram and words (a msgid), empty without one: what
    #: ``arrange`` makes of the properties above
    page_turn = ListProperty(["", ""])
    shell_state = ("elders", "page_turn")

    def __init__(self, **kwargs):
        self._parts: dict[str, dict] = {}
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_kv_post(self, _base):
        ids = self.ids   # weak proxies: the parts out of the tree are held here
        self._parts = {
            "header": {"heading": ids.heading.__self__, "matches": ids.matches_button.__self__,
                       "notice": ids.notice_button.__self__,
                       "page_turn": ids.page_turn_button.__self__},
            "tile_grid": {name: ids[f"tile_{name}"].__self__ for name in elders.HOME_TILES},
            "controls": {name: ids[f"{name}_button"].__self__
                         for name in ("identify", "elders", "large_text", "contrast", "finish")},
        }
        self.arrange()

    def arrange(self, *_):
        """Put in the tree the parts kiosk.elders.home_layout names, in its order."""
        if not self._parts:
            return   # the kv rule is still being applied
        layout = elders.home_layout(self.elders, int(self.page), bool(self.matches), bool(self.notice))
        for box, names in (("header", layout.header), ("tile_grid", layout.tiles),
                           ("controls", layout.controls)):
            parts = self._parts[box]
            fill(self.ids[box], [parts[name] for name in names])
        self.page_turn = list(layout.page_turn or ("", ""))

    def on_elders(self, *_):
        self.page = 0
        self.arrange()

    on_page = on_matches = on_notice = arrange

    def turn_page(self) -> None:
        layout = elders.home_layout(self.elders, int(self.page), bool(self.matches), bool(self.notice))
        self.page = (layout.page + 1) % layout.pages
        self.speak_again()

    def on_pre_enter(self, *_):
        self.page = 0   # home opens on its first page, whatever page was left
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

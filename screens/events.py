"""Events (job fairs, training courses, internships, start-up workshops, information
sessions): the list with a kind filter, the detail (a fair's employers and their postings),
registration after identification with consent, and the confirmation slip.

What the texts say, who may register and what a refusal means is kiosk.hall_events; asking
the service and printing run on the worker. Offline, the list and registering say plainly
that they are not possible now.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, DictProperty, ListProperty, NumericProperty, StringProperty

from kiosk import hall_events, progress
from kiosk.slips import printer_message
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["EventsScreen"]

LOADING = "Loading..."
SENDING = "Sending..."
PRINTED = "Please take your slip."


class EventsScreen(KioskScreen):
    #: list | detail | done
    step = StringProperty("list")
    kind = StringProperty("")
    events = ListProperty([])
    event_id = NumericProperty(0)
    event = DictProperty({})
    registration = DictProperty({})
    title = StringProperty("")
    body = StringProperty("")
    outcome = StringProperty("")
    message = StringProperty("")
    #: the detail's button: register (identified) | identify | cancel (they hold a place)
    action = StringProperty("identify")
    sending = BooleanProperty(False)
    #: the done step's second button: print (the slip again) | none
    done_row = StringProperty("none")
    visitor_state = ("step", "kind", "events", "event_id", "event", "registration", "title",
                     "body", "outcome", "message", "action", "sending", "done_row")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        self.action = self._visit_action()
        if self.step == "detail" and self.event_id:
            self._load_detail(int(self.event_id))   # back from identifying: the same event
        elif self.step != "done":
            self.step = "list"
            self.load()

    # -- the list ----------------------------------------------------------------------
    def load(self) -> None:
        api = self.services.api
        if api is None:
            self.message, self.events = hall_events.OFFLINE, []
            return
        self.message, kind = LOADING, self.kind
        self.services.worker.submit(lambda: api.hall_events(kind), on_done=self._listed,
                                    on_error=lambda exc: self._failed(exc))

    def _listed(self, data: dict[str, Any]) -> None:
        self.events, self.message = data.get("events", []), ""
        if not self.events:
            self.message = "No upcoming events of this kind."
        self._draw_list()

    def _failed(self, exc: BaseException) -> None:
        self.sending = False
        self.message = hall_events.refusal(exc)

    def choose_kind(self, kind: str) -> None:
        self.kind = kind
        self.load()

    def on_kind(self, *_):
        for button in self.ids.kinds.children:
            button.selected = button.value == self.kind

    def _draw_list(self) -> None:
        from kivy.factory import Factory
        grid, lang = self.ids.events_grid, self.services.translator.language
        grid.clear_widgets()
        for event in self.events:
            seats = self._("{count} places left").format(count=event["seats_left"]) if event["seats_left"] \
                else self._("Full: waiting list")
            text = (f"{hall_events.event_title(event, self._, lang)}\n"
                    f"{hall_events.when_text(event, lang)} · {seats}")
            button = Factory.EventButton(text=text)
            button.bind(on_release=lambda _b, event_id=event["id"]: self.open(event_id))
            grid.add_widget(button)

    # -- the detail --------------------------------------------------------------------
    def open(self, event_id: int) -> None:
        self.event_id, self.step, self.message = event_id, "detail", LOADING
        self._load_detail(event_id)

    def _load_detail(self, event_id: int) -> None:
        api = self.services.api
        if api is None:
            self.message = hall_events.OFFLINE
            return
        self.services.worker.submit(lambda: api.hall_event(event_id), on_done=self._shown,
                                    on_error=self._failed)

    def _shown(self, event: dict[str, Any]) -> None:
        self.event, self.message = event, ""
        held = hall_events.held_place(progress.remembered(self.services.session), event.get("id"))
        self.action = hall_events.detail_action(event, held, self._visit_action())
        if self.action == "cancel":
            self.registration = held
        self.on_language()

    def _visit_action(self) -> str:
        s = self.services
        return "identify" if hall_events.why_not(s.session, s.api) == hall_events.NEEDS_CARD else "register"

    def on_language(self) -> None:
        if self.services is None:
            return
        lang = self.services.translator.language
        if self.event:
            self.title = hall_events.event_title(self.event, self._, lang)
            self.body = hall_events.detail_text(self.event, self._, lang)
        if self.registration.get("state") == "cancelled":
            self.outcome = self._(hall_events.CANCELLED_TEXT)
        elif self.registration and self.step == "done":
            self.outcome = hall_events.outcome_text(self.registration, self._, lang)
        if self.step == "list" and self.events:
            self._draw_list()

    def back(self) -> None:
        self.step, self.message, self.event, self.registration = "list", "", {}, {}
        self.action = self._visit_action()
        self.event_id = 0
        self.load()

    def identify(self) -> None:
        self.services.visit.identify_then("events")

    # -- registering ---------------------------------------------------------------------
    def register(self) -> None:
        self._send(hall_events.submit, self._registered)

    def _send(self, make_call, on_done) -> None:
        """Register or cancel on the worker, once at a time, when the visit allows it."""
        s = self.services
        blocked = hall_events.why_not(s.session, s.api)
        if blocked or self.sending:
            self.message = blocked or self.message
            return
        self.sending, self.message = True, SENDING
        s.worker.submit(make_call(s.api, s.session, int(self.event_id)),
                        on_done=on_done, on_error=self._failed)

    def _registered(self, reg: dict[str, Any]) -> None:
        self.sending = False
        if not self.services.session.identified:
            return   # the visitor left while it was sent
        progress.forget(self.services.session)
        self.services.session.record("event_registration")
        self.registration, self.step, self.message = reg, "done", ""
        self.done_row = "print" if reg.get("token") else "none"
        self.on_language()
        self.print_slip()

    def cancel_place(self) -> None:
        """Give up the place held at this event (the first waiting moves up)."""
        self._send(hall_events.cancel, self._cancelled)

    def _cancelled(self, reg: dict[str, Any]) -> None:
        self.sending = False
        if not self.services.session.identified:
            return
        progress.forget(self.services.session)
        self.registration, self.action = reg, "register"
        self.step, self.outcome, self.done_row, self.message = "done", "", "none", ""
        self.outcome = self._(hall_events.CANCELLED_TEXT)

    def print_slip(self) -> None:
        if not self.registration.get("token"):
            return
        self.message = "Printing..."
        self.services.slips.event(dict(self.registration),
                                  on_done=lambda _r: setattr(self, "message", PRINTED),
                                  on_error=lambda reason: setattr(self, "message", printer_message(reason)))

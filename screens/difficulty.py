"""The job-search difficulty check (求职困难诊断): one question a step with large answer
buttons, then the proposed tier in plain words, that staff will confirm it, and a ticket
for the service it suggests (the queue screen's own flow).

Answers, the rule and what is sent are kiosk.difficulty (over hallcore.difficulty); sending
runs on the worker.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty

from kiosk import difficulty
from kiosk.i18n import listing
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["DifficultyScreen"]

SENDING = "Sending..."


class DifficultyScreen(KioskScreen):
    stage = StringProperty("intro")         # intro | question | result
    index = NumericProperty(0)
    question = StringProperty("")
    message = StringProperty("")
    #: the proposal shown (hallcore.contract.DifficultyOut's fields)
    result = DictProperty({})
    #: the result was worked out here because the service could not be reached: not kept
    local = BooleanProperty(False)
    can_start = BooleanProperty(False)
    sending = BooleanProperty(False)
    #: the suggested service's name, "" when this hall has no such service
    service_name = StringProperty("")
    #: the result's ticket row: ticket (a service to offer) | none
    offer = StringProperty("none")
    visitor_state = ("stage", "index", "question", "message", "result", "local", "can_start",
                     "sending", "service_name", "offer")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def reset_session(self) -> None:
        """The visit is over: the answers and the proposal drawn on screen go too."""
        super().reset_session()
        self.ids.options.clear_widgets()
        for label in ("tier_name", "explanation", "reasons", "confirm_note"):
            self.ids[label].text = ""

    @property
    def check(self) -> difficulty.Check:
        return difficulty.check(self.services.session)

    def on_pre_enter(self, *_):
        self.can_start = difficulty.why_not(self.services.session) is None
        if not self.can_start or (self.stage == "result" and not self.result):
            self.stage = "intro"
        self.message = ""
        self.on_language()

    def on_language(self) -> None:
        if self.services is None or not self.services.session.active:
            return
        if self.stage == "question":
            self._show_question()
        elif self.stage == "result":
            self._show_result()

    # -- answering -------------------------------------------------------------------------
    def identify(self) -> None:
        self.services.visit.identify_then("difficulty")

    def start(self) -> None:
        if difficulty.why_not(self.services.session) is not None:
            return
        check = self.check
        check.answers.clear()
        check.index = 0
        self.stage = "question"
        self._show_question()

    def choose(self, option_id: str | None) -> None:
        """An answer (None: the visitor would rather not say) to the question shown."""
        if self.stage != "question" or self.sending:
            return
        if self.check.answer(option_id):
            self.finish()
        else:
            self._show_question()

    def back(self) -> None:
        if self.check.back():
            self._show_question()
        else:
            self.stage = "intro"

    def _show_question(self) -> None:
        from kivy.factory import Factory
        check = self.check
        q = check.question
        self.index, self.question = check.index, self._(q.text)
        grid = self.ids.options
        grid.clear_widgets()
        for option in q.options:
            button = Factory.OptionButton(text=self._(option.text), value=option.id,
                                          selected=check.answers.get(q.id) == option.id)
            button.bind(on_release=lambda b: self.choose(b.value))
            grid.add_widget(button)

    # -- the proposal ------------------------------------------------------------------------
    def finish(self) -> None:
        s, check = self.services, self.check
        if not check.enough:
            self.message = difficulty.TOO_FEW
            return
        if difficulty.why_not(s.session) is not None or s.api is None:
            self._proposed(difficulty.local_result(check.answers) or {}, local=True)
            return
        self.sending, self.message = True, SENDING
        visit = s.session.session_id
        s.worker.submit(difficulty.submit(s.api, s.session, check.answers),
                        on_done=lambda answer: self._answered(visit, answer),
                        on_error=lambda exc: self._failed(visit, exc))

    def _answered(self, visit: str, answer: dict[str, Any]) -> None:
        if self.services.session.session_id == visit:
            self._proposed(answer, local=False)

    def _failed(self, visit: str, exc: BaseException) -> None:
        from kiosk.api import CentralUnavailable
        if self.services.session.session_id != visit:
            return
        self.sending = False
        if isinstance(exc, CentralUnavailable):
            self._proposed(difficulty.local_result(self.check.answers) or {}, local=True)
        else:
            self.message = difficulty.refusal(exc)

    def _proposed(self, result: dict[str, Any], local: bool) -> None:
        self.sending, self.message = False, ""
        self.result, self.local = result, local
        self.services.session.record("difficulty_check", tier=result.get("tier"))
        self.stage = "result"
        self._show_result()

    def _show_result(self) -> None:
        name, explanation, reasons = difficulty.result_lines(dict(self.result), self._)
        ids = self.ids
        ids.tier_name.text = name
        ids.explanation.text = explanation
        ids.reasons.text = self._("What makes it hard: {reasons}").format(
            reasons=listing(reasons, self.services.translator.language)) if reasons else ""
        ids.confirm_note.text = self._(difficulty.STAFF_CONFIRM) + (
            "\n" + self._(difficulty.NOT_KEPT) if self.local else "")
        store = self.services.store
        service = difficulty.ticket_service(dict(self.result), store.services() if store else [])
        self.service_name = self.localized(service["name"], service.get("name_en")) if service else ""

    def on_service_name(self, *_):
        self.offer = "ticket" if self.service_name else "none"

    def take_ticket(self) -> None:
        """On to the queue screen's documents step for the suggested service."""
        store = self.services.store
        service = difficulty.ticket_service(dict(self.result), store.services() if store else [])
        if service is None:
            self.go("home")
            return
        self.go("queue", chosen=service, stage="documents")

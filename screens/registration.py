"""Job-seeker registration (求职登记): wanted occupations, pay, districts, education and when
the visitor can start, one task per step, then sent to the service with their consent.

The rules (what may be chosen, the draft, what is sent, who may send it) are
kiosk.registration; the draft lives in the visitor session. Occupations are found by what
the visitor types on the typing panel: pinyin keys, or characters written by hand.
Occupation searches, handwriting recognition and sending run on the worker.
"""

from __future__ import annotations

from typing import Any, Sequence

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk import progress, registration
from kiosk.registration import (AVAILABILITY_OPTIONS, EDUCATION_OPTIONS, MAX_OCCUPATIONS,
                                PAY_OPTIONS, STEPS)
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["RegistrationScreen", "STEP_TITLES"]

STEP_TITLES = {
    "consent": "Register as a job seeker",
    "occupations": "What work do you want? Choose up to three",
    "pay": "What pay do you want each month?",
    "districts": "Where do you want to work? Tap every district that suits you",
    "education": "What is your highest education?",
    "availability": "What kind of work can you take?",
    "review": "Please check your registration",
    "saved": "Registration saved",
}
#: the steps counted in "step n of m" (the questions and the review)
COUNTED = STEPS[1:-1]
#: single-answer steps (each sets the draft's field of its name), and their (value, msgid)s
SINGLE = {"education": EDUCATION_OPTIONS, "availability": AVAILABILITY_OPTIONS}
NO_OCCUPATIONS = "The list of occupations has not reached this terminal yet. Please ask at a counter."
CHOOSE_FIRST = "Please choose an answer first."
TOO_MANY_OCCUPATIONS = "You can choose up to three occupations. Tap one you chose to remove it."
TOO_MANY_DISTRICTS = "You can choose up to ten districts."
SENDING = "Sending..."
TYPE_HINT = "Type pinyin, initials or English, e.g. kj"
NOT_FOUND = "No occupation found. Try other letters."
TAP_HINT = "Tap an occupation to choose it; tap it again to take it back."


class RegistrationScreen(KioskScreen):
    step = StringProperty("consent")
    #: the bottom row shown: none | nav (back, next) | send (back, send)
    nav = StringProperty("none")
    query = StringProperty("")
    message = StringProperty("")
    summary = StringProperty("")
    #: whether the visitor is identified with a card (else the first step asks for one)
    can_start = BooleanProperty(False)
    sending = BooleanProperty(False)
    #: the districts this terminal offers (from its postings, else its config)
    offered = ListProperty([])
    visitor_state = ("step", "nav", "query", "message", "summary", "can_start", "sending")
    shell_state = ("offered",)

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)
        self.index: registration.OccupationIndex | None = None
        self._index_of: Any = None
        self._results: list[dict[str, Any]] = []
        self._seq = 0
        self._no_bank = False
        self._trigger = Clock.create_trigger(self._search, 0.06)
        self.ids.typing.bind(text=self._typed)

    def reset_session(self) -> None:
        """The visit is over: what the steps drew from the draft goes too."""
        super().reset_session()
        self.ids.typing.reset()
        self._results = []
        for grid in ("chosen_grid", "results_grid", "review_grid"):
            self.ids[grid].clear_widgets()
        for grid in ("pay_grid", "districts_grid", "education_grid", "availability_grid"):
            for button in self.ids[grid].children:
                button.selected = False
                button.text = button.text.removeprefix("✓ ")

    # -- the draft, kept in the session ----------------------------------------------------
    @property
    def draft(self) -> registration.Draft:
        return registration.draft(self.services.session)

    def on_pre_enter(self, *_):
        s = self.services
        self.can_start = registration.why_not(s.session, s.api) is None
        if not self.can_start or self.step == "saved":
            self.step = "consent"
        self.message = ""
        bank = s.store.quiz_bank() if s.store is not None else None
        self._no_bank = bank is None
        if bank is not None and self._index_of is not bank.occupations:
            occupations = bank.occupations
            s.worker.submit(lambda: registration.OccupationIndex(occupations),
                            on_done=lambda ix: self._indexed(ix, occupations))
        if s.store is not None and not self.offered:
            store, configured = s.store, s.settings.terminal.districts
            s.worker.submit(lambda: registration.districts(
                (d for d, _ in store.facets().get("district", [])), configured),
                on_done=lambda found: setattr(self, "offered", found))
        self._refresh()

    def _indexed(self, index: registration.OccupationIndex, occupations: Any) -> None:
        self.index, self._index_of = index, occupations
        self._trigger()

    def on_step(self, *_):
        self.nav = "none" if self.step in ("consent", "saved") else \
            "send" if self.step == "review" else "nav"
        self.message = ""
        self._refresh()

    def on_offered(self, *_):
        self._refresh()

    def on_language(self) -> None:
        self._refresh()

    @staticmethod
    def counter(step: str, template: str) -> str:
        """"Step n of m" (``template``, translated by the kv) for the counted steps."""
        if step not in COUNTED:
            return ""
        return template.format(n=COUNTED.index(step) + 1, total=len(COUNTED))

    # -- moving between steps ----------------------------------------------------------------
    def identify(self) -> None:
        self.services.visit.identify_then("registration")

    def start(self) -> None:
        if registration.why_not(self.services.session, self.services.api) is None:
            self.step = STEPS[1]

    def next(self) -> None:
        if not self.draft.done(self.step):
            self.message = MISSING_BY_STEP.get(self.step, CHOOSE_FIRST)
            return
        self.step = STEPS[STEPS.index(self.step) + 1]

    def back(self) -> None:
        self.step = STEPS[max(0, STEPS.index(self.step) - 1)]

    def choose(self, value: Any) -> None:
        """A tap on an option of the step shown."""
        draft = self.draft
        if self.step == "occupations":
            if not draft.toggle_occupation(value):
                self.message = TOO_MANY_OCCUPATIONS
                return
            self.message = ""
        elif self.step == "districts":
            self.message = "" if draft.toggle_district(value) else TOO_MANY_DISTRICTS
        elif self.step in ("pay", *SINGLE):
            if self.step == "pay":
                draft.set_pay(value)
            else:
                setattr(draft, self.step, value)
            self.next()     # one answer: on to the next step at once
            return
        self._refresh()

    def send(self) -> None:
        s, draft = self.services, self.draft
        blocked = registration.why_not(s.session, s.api)
        if blocked or not draft.complete:
            self.message = blocked or registration.MISSING
            return
        self.sending, self.message = True, SENDING
        s.worker.submit(registration.submit(s.api, s.session, draft.body()),
                        on_done=self._sent, on_error=self._refused)

    def _sent(self, _answer: dict[str, Any]) -> None:
        self.sending = False
        if not self.services.session.identified:
            return   # the visitor left while it was sent
        progress.forget(self.services.session)   # the home screen asks again for matches
        self.services.session.record("registration")
        self.step = "saved"

    def _refused(self, exc: BaseException) -> None:
        self.sending = False
        self.message = registration.refusal(exc)

    # -- occupation search -----------------------------------------------------------------------
    def _typed(self, _kb, text: str) -> None:
        self.query = text
        self._trigger()

    def _search(self, *_):
        index, query = self.index, self.query
        if index is None or self.services is None or not query.strip():
            self._results = []
            self._refresh()
            return
        self._seq += 1
        seq = self._seq
        self.services.worker.submit(lambda: index.search(query, 6),
                                    on_done=lambda found: self._found(seq, found))

    def _found(self, seq: int, found: list[dict[str, Any]]) -> None:
        if seq == self._seq:
            self._results = found
            self._refresh()

    # -- what the steps show -----------------------------------------------------------------------
    def _refresh(self) -> None:
        if self.services is None:
            return
        session = self.services.session
        if not session.active:
            return
        draft, lang = self.draft, self.services.translator.language
        ids = self.ids
        chosen_codes = {o["code"] for o in draft.occupations}
        self._fill(ids.chosen_grid, [(o, self.localized(o["name"], o["name_en"])) for o in draft.occupations],
                   lambda o: True)
        ids.chosen_label.text = self._("Chosen: {count} of {most}").format(
            count=len(draft.occupations), most=MAX_OCCUPATIONS)
        shown = [(o, self.localized(o["name"], o.get("name_en"))) for o in self._results]
        self._fill(ids.results_grid, shown, lambda o: o["code"] in chosen_codes)
        hint = self._results_hint()
        ids.results_hint.text = self._(hint) if hint else ""
        self._fill(ids.pay_grid, [(pay, registration.pay_label(pay, self._)) for pay in PAY_OPTIONS],
                   lambda pay: draft.pay_given and pay == draft.pay_min)
        for step, options in SINGLE.items():
            current = getattr(draft, step)
            self._fill(ids[f"{step}_grid"], [(code, self._(label)) for code, label in options],
                       lambda code, current=current: code == current)
        self._fill(ids.districts_grid, [(d, d) for d in self.offered], lambda d: d in draft.districts)
        ids.no_districts.text = "" if self.offered else \
            self._("No districts are known here: tap Next to register for anywhere in the city.")
        lines = draft.summary(self._, lang)
        self.summary = "\n".join(f"{q}: {a}" for q, a in lines)
        self._review(lines)

    def _review(self, lines: list[tuple[str, str]]) -> None:
        from kivy.factory import Factory
        grid = self.ids.review_grid
        grid.clear_widgets()
        for question, answer in lines:
            grid.add_widget(Factory.ReviewQuestion(text=question))
            grid.add_widget(Factory.ReviewAnswer(text=answer))

    def _results_hint(self) -> str:
        if self.index is None:
            return NO_OCCUPATIONS if self._no_bank else ""
        if not self.query:
            return TYPE_HINT
        return TAP_HINT if self._results else NOT_FOUND

    def _fill(self, grid, options: Sequence[tuple[Any, str]], selected) -> None:
        from screens.widgets.buttons import ChoiceButton
        buttons = list(reversed(grid.children))
        if len(buttons) != len(options):
            grid.clear_widgets()
            buttons = []
            for _ in options:
                button = ChoiceButton()
                button.bind(on_release=lambda b: self.choose(b.value))
                grid.add_widget(button)
                buttons.append(button)
        for button, (value, label) in zip(buttons, options):
            button.value, button.selected = value, bool(selected(value))
            button.text = ("✓ " if button.selected else "") + label


MISSING_BY_STEP = {"occupations": "Please choose at least one occupation."}

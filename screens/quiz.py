"""The career-interest quiz: one item at a time, then the hexagon, the code, occupations and
live jobs; print the result or, with the visitor's consent, keep it on their service record.

Answers live in the visitor session only (wiped when the session ends). Scoring and matching
are hallcore.quiz; the slip is kiosk.slips.
"""

from __future__ import annotations

import importlib
from typing import Any

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty

from kiosk.slips import printer_message, quiz_url
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["QuizScreen"]


class QuizScreen(KioskScreen):
    stage = StringProperty("intro")         # intro | item | result | unavailable
    index = NumericProperty(0)
    total = NumericProperty(0)
    answer = NumericProperty(-1)            # the current item's answer, -1 when none yet
    code = StringProperty("")
    flat = BooleanProperty(False)
    message = StringProperty("")
    hint = StringProperty("")
    printing = BooleanProperty(False)
    saved = BooleanProperty(False)
    can_save = BooleanProperty(False)       # identified, and not already consenting for the visit
    show_qr = BooleanProperty(False)
    qr = ObjectProperty(None, allownone=True)
    jobs = ListProperty([])
    result = ObjectProperty(None, allownone=True)   # kiosk.quiz.Result
    occupations = ListProperty([])
    visitor_state = ("stage", "index", "answer", "code", "flat", "message", "hint", "printing",
                     "saved", "can_save", "show_qr", "qr", "jobs", "result", "occupations")
    shell_state = ("total",)

    def __init__(self, **kwargs):
        load_kv(__file__)
        importlib.import_module("screens.widgets.hexagon")  # registers HexagonChart for the kv
        super().__init__(**kwargs)
        self.bank = None

    # -- state kept in the session -------------------------------------------------------
    @property
    def state(self) -> dict[str, Any]:
        return self.services.session.data.setdefault("quiz", {"answers": {}, "index": 0})

    def on_pre_enter(self, *_):
        store = self.services.store
        self.bank = store.quiz_bank() if store is not None else None
        if self.bank is None:
            self.stage = "unavailable"
            return
        self.total = len(self.bank.items)
        if self.result is None and self.stage != "item":
            self.stage = "intro"
        self.on_language()

    def on_result(self, *_):
        if self.result is None:  # a wipe: what the result drew goes too
            self.ids.chart.scores = {}
            self.ids.explanation.text = self.ids.occupation_list.text = self.ids.item_text.text = ""

    def on_language(self) -> None:
        if self.bank is None:
            return
        lang = self.services.translator.language
        for n, option in enumerate(self.bank.scale):
            button = self.ids.get(f"answer{n}")
            if button is not None:
                button.text = self.bank.text(option, lang)
        if self.stage == "item":
            self._show_item()
        elif self.stage == "result":
            self._show_result()

    # -- answering -----------------------------------------------------------------------
    def start(self) -> None:
        self.state.update(answers={}, index=0)
        self.index = 0
        self.stage = "item"
        self._show_item()

    def _show_item(self) -> None:
        item = self.bank.items[self.index]
        self.ids.item_text.text = self.bank.text(item, self.services.translator.language)
        self.answer = self.state["answers"].get(item["id"], -1)

    def choose(self, value: int) -> None:
        if self.stage != "item":
            return
        item = self.bank.items[self.index]
        self.state["answers"][item["id"]] = value
        if self.index + 1 < self.total:
            self.index += 1
            self.state["index"] = self.index
            self._show_item()
        else:
            self.finish()

    def back(self) -> None:
        if self.stage == "item" and self.index > 0:
            self.index -= 1
            self.state["index"] = self.index
            self._show_item()
        else:
            self.stage = "intro"

    # -- the result ------------------------------------------------------------------------
    def finish(self) -> None:
        from hallcore.quiz import match_occupations, score
        self.result = score(self.bank, self.state["answers"])
        self.code, self.flat = self.result.code, self.result.flat
        self.occupations = match_occupations(self.code, self.bank.occupations, limit=8)
        session = self.services.session
        self.saved = bool(session.identified and session.consent)
        self.can_save = bool(session.identified and not session.consent)
        self.message, self.hint, self.show_qr = "", "", False
        self.state["result"] = {"code": self.code, "scores": self.result.scores}
        session.record("quiz_result", code=self.code)
        # counted anonymously for reports; on the person's record only with their consent
        self.services.record_event("quiz_result", self._event_payload())
        self.stage = "result"
        self._show_result()
        store = self.services.store
        codes = [o["code"] for o in self.occupations]
        self.services.worker.submit(lambda: store.jobs_for_occupations(codes, limit=6),
                                    on_done=self._jobs_loaded, on_error=lambda _e: None)

    def _event_payload(self) -> dict[str, Any]:
        return {"code": self.result.code, "scores": dict(self.result.scores),
                "flat": self.result.flat, "bank_version": self.bank.version}

    def _jobs_loaded(self, jobs: list[dict[str, Any]]) -> None:
        self.jobs = jobs

    def type_names(self) -> dict[str, str]:
        lang = self.services.translator.language
        return {t: self.bank.text(d, lang, "_name") for t, d in self.bank.types.items()}

    def _show_result(self) -> None:
        lang = self.services.translator.language
        names = self.type_names()
        chart = self.ids.chart
        chart.names = names
        chart.scores = dict(self.result.scores)
        lines = []
        for letter in self.code:
            about = self.bank.text(self.bank.types[letter], lang)
            lines.append(f"[b]{letter} {names[letter]}[/b]  {about}")
        if self.flat:
            lines.append(self._("Your interests are spread evenly: talk it over with a counsellor."))
        self.ids.explanation.text = "\n".join(lines)
        self.ids.occupation_list.text = "   ".join(self._occupation_names())
        self._show_jobs()

    def _occupation_names(self) -> list[str]:
        return [self.services.localized(o["name"], o.get("name_en")) for o in self.occupations]

    def on_jobs(self, *_):
        self._show_jobs()

    def _show_jobs(self) -> None:
        from kivy.factory import Factory
        box = self.ids.job_list
        box.clear_widgets()
        for job in self.jobs:
            title = self.services.localized(job.get("title"), job.get("title_en"))
            button = Factory.QuizJobButton(text=f"{title}  ·  {job.get('district', '')}")
            button.job_id = int(job["id"])
            button.bind(on_release=lambda b: self.go("job_detail", job_id=b.job_id))
            box.add_widget(button)
        self.ids.no_jobs.opacity = 0 if self.jobs else 1

    def save_to_record(self) -> None:
        """The visitor agrees to keep this result on their real-name service record."""
        if self.result is None or not self.can_save or self.saved:
            return
        self.services.record_event("quiz_saved", self._event_payload(), consented=True)
        self.saved, self.can_save = True, False

    @property
    def url(self) -> str:
        from hallcore.quiz import result_query
        return quiz_url(self.services.settings, result_query(self.result))

    def print_result(self) -> None:
        self.printing = True
        self.message, self.hint = "Printing...", ""
        self.services.slips.quiz_result(self.code, self.result.scores, self._occupation_names()[:5],
                                        self.url, self.type_names(), self._printed, self._failed)

    def _printed(self, _result) -> None:
        self.printing = False
        self.message = "Please take your result slip."
        self.services.session.record("quiz_print")
        self.services.record_event("quiz_print", {"code": self.code})

    def _failed(self, reason: str) -> None:
        self.printing = False
        self.message = printer_message(reason)
        self.hint = "Scan the QR code with your phone instead."
        from screens.widgets.qrcode_image import qr_texture
        self.qr = qr_texture(self.url)
        self.show_qr = True

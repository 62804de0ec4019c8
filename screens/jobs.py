"""Find jobs: pinyin on a finger-sized keyboard or characters written by hand, results that
follow each keystroke, filter chips, sort.

What shows is kiosk.elders.jobs_layout: everything at once, or in elders' mode one step at a
time (what job, the list, the filters). As on the home screen, the kv declares every part
once and ``arrange`` puts the ones the layout names in the tree; the others are out of it.

Searches run on the worker pool; a keystroke burst is merged by a Clock trigger,
and an answer to an older query is dropped, so the list never jumps back. The
UI thread only swaps the RecycleView's data.
"""

from __future__ import annotations

import time
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, DictProperty, ListProperty, NumericProperty, StringProperty

from kiosk import elders
from kiosk.slips import salary_text
from kiosk.store import SALARY_BANDS
from screens import load_kv
from screens.base import KioskScreen, fill

__all__ = ["JobsScreen", "CHIPS", "card_data"]

# chip -> list of (value, label msgid); the first is "any"
CHIPS: dict[str, list[tuple[Any, str]]] = {
    "salary_band": [(None, "Any pay"), *[(k, k.replace("lt4k", "<4k").replace("ge12k", "12k+"))
                                         for k in SALARY_BANDS]],
    "education_max": [(None, "Any education"), ("junior_high", "Junior high"),
                      ("high_school", "High school"), ("associate", "Associate degree"),
                      ("bachelor", "Bachelor")],
    "experience_max": [(None, "Any experience"), (0, "No experience"), (1, "Up to 1 year"),
                       (3, "Up to 3 years")],
    "employment_type": [(None, "Full- and part-time"), ("full_time", "Full-time"),
                        ("part_time", "Part-time")],
    "sort": [("relevance", "Best match"), ("newest", "Newest"), ("salary", "Highest pay")],
}
PAGE = 200


def card_data(job: dict[str, Any], _) -> dict[str, Any]:
    """What a result card shows (plain strings for the RecycleView)."""
    title = job["title"] + (f"  {job['title_en']}" if job.get("title_en") else "")
    return {"job_id": job["id"], "title": title, "employer": job.get("employer", ""),
            "district": job.get("district", ""), "salary": salary_text(job, _),
            "posted": str(job.get("posted_at", ""))[:10], "verified": _("Verified")}


class JobsScreen(KioskScreen):
    query = StringProperty("")
    total = NumericProperty(0)
    results = ListProperty([])
    filters = DictProperty({})
    searching = BooleanProperty(False)
    districts = ListProperty([])
    #: each chip's place in its list of values (absent: the first, "any")
    chip_index = DictProperty({})
    #: the last search text reported in this session
    reported = StringProperty("")
    #: the postings matching the visitor's registration (kiosk.casework), shown instead of a
    #: search until the visitor types or clears the filters
    only_ids = ListProperty([])
    #: elders' mode: the step shown (kiosk.elders.JOBS_STEPS)
    step = StringProperty(elders.JOBS_STEPS[0])
    visitor_state = ("query", "total", "results", "filters", "searching", "chip_index", "reported",
                     "only_ids", "step")
    #: the app's elders' mode (kv binds it), and what ``arrange`` makes of it: a result
    #: card's and a chip row's height
    elders = BooleanProperty(False)
    card_height = NumericProperty(110)
    chip_height = NumericProperty(56)
    shell_state = ("districts", "elders", "card_height", "chip_height")

    def __init__(self, **kwargs):
        self._parts: dict[str, Any] = {}
        load_kv(__file__)
        super().__init__(**kwargs)
        self._seq = 0
        self.shown_seq = 0
        self._trigger = Clock.create_trigger(self._search, 0.06)
        self.ids.typing.bind(text=self._typed)
        self.last_search_ms = 0.0

    def on_kv_post(self, _base):
        ids = self.ids   # weak proxies: the parts out of the tree are held here
        self._parts = {name: ids[name].__self__ for name in
                       ("typing", "column", "chips", "count", "results_area", "show_jobs",
                        "results_bar", "filters_hint")}
        self._parts["results"] = self._parts.pop("results_area")
        self.arrange()

    def arrange(self, *_):
        """Put in the tree the parts kiosk.elders.jobs_layout names, where it names them."""
        if not self._parts:
            return   # the kv rule is still being applied
        layout = elders.jobs_layout(self.elders, self.step)
        self.card_height, self.chip_height = layout.card_height, layout.chip_height
        body = self.ids.body
        body.orientation = "vertical" if layout.vertical else "horizontal"
        boxes = ((self.ids.column, layout.column), (body, layout.body))
        if any(list(reversed(box.children)) != [self._parts[n] for n in names] for box, names in boxes):
            for box, _names in boxes:   # a part may move between them: out of both first
                box.clear_widgets()
            for box, names in boxes:
                fill(box, [self._parts[name] for name in names])
        self.on_results(self, self.results)

    def on_elders(self, *_):
        self.step = elders.JOBS_STEPS[0] if not self.only_ids else "results"
        self.arrange()

    def on_step(self, *_):
        self.arrange()

    def to_step(self, step: str) -> None:
        """Elders' mode: show ``step`` (what job, the list, the filters), and say it."""
        self.step = step
        if step == "results":
            self.ids.results.scroll_y = 1
        self.speak_again()

    def reset_session(self) -> None:
        super().reset_session()
        self.ids.typing.reset()

    def on_services(self, *_):
        self._refresh_labels()

    def on_results(self, _inst, results) -> None:
        whole = elders.jobs_layout(self.elders, self.step).whole_titles
        self.ids.results.data = [{**card, "whole": whole} for card in results]

    def on_chip_index(self, *_):
        self._refresh_labels()

    def on_only_ids(self, *_):
        if self.only_ids:   # cleared: by typing or clearing filters (which search), or a wipe
            self.step = "results"   # elders' mode: the matching postings are the answer
            self._trigger()

    def on_pre_enter(self, *_):
        if self.services.store is not None and not self.districts:
            self.services.worker.submit(self.services.store.facets, on_done=self._got_facets)
        self._refresh_labels()
        self._trigger()

    def _got_facets(self, facets) -> None:
        self.districts = [d for d, _ in facets.get("district", [])]

    def _typed(self, _kb, text: str) -> None:
        if text:
            self.only_ids = []   # a search of every posting
        self.query = text
        self.typed_at = time.perf_counter()
        self._trigger()

    def cycle(self, chip: str) -> None:
        self.only_ids = []   # a filter searches every posting
        values = [None, *self.districts] if chip == "district" else [v for v, _ in CHIPS[chip]]
        index = (self.chip_index.get(chip, 0) + 1) % max(1, len(values))
        self.filters = {**self.filters, chip: values[index]}
        self.chip_index = {**self.chip_index, chip: index}
        self._trigger()

    def clear_filters(self) -> None:
        self.only_ids = []
        self.filters = {}
        self.chip_index = {}
        self._trigger()

    def _refresh_labels(self, *_):
        if self.services is None:
            return
        _ = self._
        labels = {}
        for chip, options in CHIPS.items():
            labels[chip] = _(options[self.chip_index.get(chip, 0)][1])
        labels["district"] = self.filters.get("district") or _("All districts")
        for chip, widget_id in (("district", "chip_district"), ("salary_band", "chip_salary"),
                                ("employment_type", "chip_type"), ("education_max", "chip_education"),
                                ("experience_max", "chip_experience"), ("sort", "chip_sort")):
            self.ids[widget_id].text = labels[chip]

    def on_language(self) -> None:
        self._refresh_labels()
        self._trigger()

    def _search(self, *_):
        store = self.services.store if self.services else None
        if store is None:
            return
        self._seq += 1
        seq, query = self._seq, self.query
        filters = {k: v for k, v in self.filters.items() if k != "sort" and v is not None}
        sort = self.filters.get("sort") or "relevance"
        self.searching = True
        started = time.perf_counter()
        if self.only_ids:
            ids = list(self.only_ids)
            search = lambda: store.jobs_by_ids(ids)   # noqa: E731
        else:
            search = lambda: store.search(query, filters, sort, PAGE)   # noqa: E731
        self.services.worker.submit(search, on_done=lambda r: self._show(seq, r, started))

    def _show(self, seq: int, result, started: float) -> None:
        if seq != self._seq:
            return  # an answer to an older keystroke
        _ = self._
        self.total = result.total
        self.results = [card_data(job, _) for job in result.items]
        self.searching = False
        self.shown_seq = seq
        self.last_search_ms = (time.perf_counter() - started) * 1000
        if self.query:
            self.services.session.record("search", query=self.query, total=result.total)

    def on_leave(self, *_):
        """One anonymous "search" event per visit to the list, for the top-searches report."""
        from kiosk.privacy import reportable_query
        term = reportable_query(self.query)
        if term and term != self.reported:
            self.reported = term
            self.services.record_event("search", {"query": term, "results": int(self.total)})

    def open_job(self, job_id: int) -> None:
        self.go("job_detail", job_id=job_id)



"""Elders' mode (长辈模式): what it changes, and who is offered it.

Larger text, longer idle times, slower speech and every screen spoken when shown. Fewer and
bigger choices, one thing at a time:

- the home screen shows at most ``TILES_PER_PAGE`` tiles a page, the tasks an older visitor
  comes for most first (a number for the counter, jobs, their own progress, job fairs and
  training), and one large page turn ("More services", then "Main services" back) always in
  the same place; the look toggles (large text, high contrast) are left out: this mode
  already sets them;
- "my progress" shows one section at a time (the counsellor, the cases, the tickets...)
  with large "next" and "previous" buttons, instead of one long text to scroll;
- the job search is one task a step (``jobs_layout``): the typing panel alone, with a big
  "show jobs (N)" that says how many match; then the list alone, each title whole (wrapped,
  not cut), with a big "change search"; the filters, when the visitor asks for them, are a
  step of their own.

A visitor whose ID card says they are ``ELDER_AGE`` or older is put in it when identified
(and told so, aloud); the "elders' mode" control leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence, TypeVar

from hallcore.ages import age_on
from kiosk.i18n import N_

__all__ = ["ELDER_AGE", "FONT_SCALE", "IDLE_FACTOR", "RATE_FACTOR", "OFFERED", "idle_times",
           "is_elder", "font_scale", "HOME_TILES", "ELDERS_TILES", "TILES_PER_PAGE",
           "HomeLayout", "home_layout", "paged", "progress_pages", "PAGE_TURNS",
           "JOBS_STEPS", "JobsLayout", "jobs_layout"]

ELDER_AGE = 60
FONT_SCALE = 1.5          # large text is 1.25
IDLE_FACTOR = 2.0         # twice the hall's idle timeout and warning
RATE_FACTOR = 0.85        # speech a little slower than the configured rate
OFFERED = N_("Elders' mode is on: larger text, and each screen is read aloud. "
             "Tap \"Standard mode\" to leave it.")

#: the home screen's tiles (each names the screen it opens), as every visitor sees them
HOME_TILES = ("jobs", "quiz", "queue", "progress", "registration", "difficulty", "events")
#: ... and in elders' mode: what older visitors come to a hall for most, first. Most come for
#: a counter (a number), then for work (jobs, their own applications, job fairs and the
#: training courses offered to older workers); registering and the difficulty check are done
#: once, and the interest quiz is for people choosing a first career
ELDERS_TILES = ("queue", "jobs", "progress", "events", "registration", "difficulty", "quiz")
TILES_PER_PAGE = 4
#: the page turn: (pictogram, words) while more pages follow, and on the last page (back
#: to the first)
PAGE_TURNS = {"more": ("next", N_("More services")), "first": ("back", N_("Main services"))}
#: the home screen's bottom row, and what elders' mode leaves out of it
_CONTROLS = ("identify", "elders", "large_text", "contrast", "finish")
_LOOK_TOGGLES = ("large_text", "contrast")

T = TypeVar("T")


def is_elder(id_number: str, today: date) -> bool:
    age = age_on(id_number, today)
    return age is not None and age >= ELDER_AGE


def idle_times(settings: Any, on: bool) -> tuple[float, float]:
    """The idle timeout and warning, in seconds, for elders' mode on or off."""
    t = settings.terminal
    factor = IDLE_FACTOR if on else 1.0
    return t.idle_timeout_s * factor, t.idle_warning_s * factor


def font_scale(large_text: bool, elders: bool) -> float:
    return FONT_SCALE if elders else (1.25 if large_text else 1.0)


def paged(items: Sequence[T], per_page: int | None) -> list[list[T]]:
    """``items`` in pages of ``per_page`` (None: all on one); always at least one page."""
    items = list(items)
    if not per_page:
        return [items]
    return [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]


@dataclass(frozen=True)
class HomeLayout:
    """What the home screen shows, by name: the header's parts (``heading``, ``matches``:
    the postings matching the visitor's registration, ``page_turn``), the tiles of the page
    shown, the bottom row's controls, and the page turn's pictogram and words (or None)."""

    header: tuple[str, ...]
    tiles: tuple[str, ...]
    controls: tuple[str, ...]
    page: int
    pages: int
    page_turn: tuple[str, str] | None


def home_layout(on: bool, page: int = 0, matches: bool = False, notice: bool = False) -> HomeLayout:
    """The home screen for elders' mode ``on`` or off, on ``page`` (any number: it wraps),
    with or without postings matching the visitor's registration to offer, and with or
    without news of an event they registered for (``notice``: kiosk.hall_events), which
    comes first: it is about a place they hold or held.

    Every visitor sees every tile on one page, the question, and the news or else the
    matching postings beside it. In elders' mode the header keeps the page turn at its
    right; the news or the matching postings, when there are any, take the question's place
    (they answer it)."""
    offer = "notice" if notice else "matches" if matches else None
    if not on:
        return HomeLayout(header=("heading", offer) if offer else ("heading",),
                          tiles=HOME_TILES, controls=_CONTROLS, page=0, pages=1, page_turn=None)
    pages = paged(ELDERS_TILES, TILES_PER_PAGE)
    page = page % len(pages)
    turn = None if len(pages) == 1 else PAGE_TURNS["more" if page < len(pages) - 1 else "first"]
    header = (offer or "heading",) + (("page_turn",) if turn else ())
    return HomeLayout(header=header, tiles=tuple(pages[page]),
                      controls=tuple(c for c in _CONTROLS if c not in _LOOK_TOGGLES),
                      page=page, pages=len(pages), page_turn=turn)


def progress_pages(sections: Sequence[T], on: bool) -> list[list[T]]:
    """"My progress" in pages of sections: all on one, or one a page in elders' mode."""
    return paged(sections, 1 if on else None)


#: the job search's steps in elders' mode: type what job, the list, the filters
JOBS_STEPS = ("type", "results", "filters")


@dataclass(frozen=True)
class JobsLayout:
    """What the jobs screen shows, by name: ``body``'s parts (top to bottom when
    ``vertical``, else left to right), the right-hand ``column``'s (standard mode: the
    filters, the count and the list beside the typing panel), the height of a result card
    and of a row of filter chips, and whether a card's title is shown whole (wrapped over
    two lines) or cut to one line."""

    step: str
    body: tuple[str, ...]
    column: tuple[str, ...]
    vertical: bool
    card_height: int
    chip_height: int
    whole_titles: bool


_JOBS_STANDARD = JobsLayout(step="", body=("typing", "column"), column=("chips", "count", "results"),
                            vertical=False, card_height=110, chip_height=56, whole_titles=False)
# the chips are a step of their own in elders' mode, so they can be as tall as a big button:
# at the 1.5 text scale their words (30 px) fit two chips a row of 1,240 px
_JOBS_ELDERS = {
    "type": ("typing", "show_jobs"),
    "results": ("count", "results", "results_bar"),
    "filters": ("filters_hint", "chips", "show_jobs"),
}


def jobs_layout(on: bool, step: str = "type") -> JobsLayout:
    """The jobs screen in standard mode (``step`` ignored: everything at once) or at
    ``step`` of elders' mode (an unknown step is the first)."""
    if not on:
        return _JOBS_STANDARD
    step = step if step in _JOBS_ELDERS else JOBS_STEPS[0]
    return JobsLayout(step=step, body=_JOBS_ELDERS[step], column=(), vertical=True,
                      card_height=200, chip_height=110, whole_titles=True)

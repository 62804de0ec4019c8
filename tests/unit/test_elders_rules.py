"""Elders' mode's rules (kiosk.elders), with no window: the home screen's pages, header and
controls, and "my progress" a section a page; and the pictograms (kiosk.icons) are the Tabler
icons their names say, present in the installed icon font."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk import elders
from kiosk.icons import FONT, ICONS, glyph

ROOT = Path(__file__).resolve().parents[2]


def test_every_visitor_sees_every_tile_on_one_page():
    for matches in (False, True):
        layout = elders.home_layout(False, page=3, matches=matches)
        assert layout.tiles == elders.HOME_TILES and (layout.page, layout.pages) == (0, 1)
        assert layout.page_turn is None and "page_turn" not in layout.header
        assert layout.header == (("heading", "matches") if matches else ("heading",))
        assert {"large_text", "contrast"} <= set(layout.controls)


def test_elders_mode_shows_a_few_tiles_a_page_most_used_first():
    first = elders.home_layout(True)
    assert first.pages == 2 and first.page == 0
    assert first.tiles == ("queue", "jobs", "progress", "events")
    assert first.page_turn == elders.PAGE_TURNS["more"]
    second = elders.home_layout(True, page=1)
    assert second.tiles == ("registration", "difficulty", "quiz")
    assert second.page_turn == elders.PAGE_TURNS["first"]
    # every tile once, none lost to paging
    assert sorted(first.tiles + second.tiles) == sorted(elders.HOME_TILES)
    assert elders.home_layout(True, page=2).tiles == first.tiles   # the turn wraps round
    for layout in (first, second):
        assert len(layout.tiles) <= elders.TILES_PER_PAGE
        assert not {"large_text", "contrast"} & set(layout.controls)
        assert layout.controls == ("identify", "elders", "finish")


def test_in_elders_mode_the_matching_postings_take_the_questions_place():
    assert elders.home_layout(True).header == ("heading", "page_turn")
    assert elders.home_layout(True, matches=True).header == ("matches", "page_turn")


def test_news_of_an_event_comes_before_the_matching_postings():
    """A place moved up or an event cancelled is about the visitor's own plans: it shows
    rather than the postings, in both modes, and takes the question's place in elders' mode."""
    assert elders.home_layout(False, matches=True, notice=True).header == ("heading", "notice")
    assert elders.home_layout(False, notice=True).header == ("heading", "notice")
    assert elders.home_layout(True, matches=True, notice=True).header == ("notice", "page_turn")


@given(st.lists(st.integers(), max_size=30), st.integers(min_value=1, max_value=8))
def test_pages_keep_every_item_in_order(items, per_page):
    pages = elders.paged(items, per_page)
    assert [i for page in pages for i in page] == items
    assert all(0 < len(page) <= per_page for page in pages) if items else pages == [[]]
    assert elders.paged(items, None) == [items]


def test_progress_is_one_section_a_page_in_elders_mode():
    sections = [("Your counsellor", ["李老师"]), ("Open tickets", ["A001"]), ("Job referrals", [])]
    assert elders.progress_pages(sections, False) == [sections]
    assert elders.progress_pages(sections, True) == [[s] for s in sections]
    assert elders.progress_pages([], True) == [[]]


def _tabler_css() -> dict[str, int]:
    css = ROOT / FONT.parent.parent / "tabler-icons.css"
    if not css.is_file():
        pytest.skip("the icon font is not installed (scripts/setup.sh installs it)")
    return {name: int(code, 16) for name, code in
            re.findall(r'\.ti-([a-z0-9-]+):before\s*\{\s*content:\s*"\\([0-9a-f]+)"', css.read_text())}


def test_the_job_search_is_everything_at_once_or_one_task_a_step():
    standard = elders.jobs_layout(False, "filters")
    assert standard.body == ("typing", "column") and not standard.vertical
    assert set(standard.column) == {"chips", "count", "results"} and not standard.whole_titles
    steps = {step: elders.jobs_layout(True, step) for step in elders.JOBS_STEPS}
    # one task a step: what job (and how many match), the list (and back), the filters
    assert steps["type"].body == ("typing", "show_jobs")
    assert steps["results"].body == ("count", "results", "results_bar")
    assert steps["filters"].body == ("filters_hint", "chips", "show_jobs")
    assert all(s.vertical and not s.column and s.whole_titles for s in steps.values())
    # each part in one place at a time, bigger than in standard mode
    for layout in (standard, *steps.values()):
        assert len(set(layout.body + layout.column)) == len(layout.body + layout.column)
    assert steps["results"].card_height > standard.card_height
    assert steps["filters"].chip_height > standard.chip_height
    assert elders.jobs_layout(True, "nonsense").step == "type"


def test_each_pictogram_is_the_tabler_icon_it_names_and_is_in_the_font():
    from fontTools import ttLib as ttlib   # a test dependency (pyproject: test)
    css = _tabler_css()
    cmap = ttlib.TTFont(ROOT / FONT).getBestCmap()
    for what, (name, code) in ICONS.items():
        assert css.get(name) == code, f"{what}: {name} is {css.get(name, 0):#x} in the CSS, not {code:#x}"
        assert code in cmap, f"{what}: {name} ({code:#x}) is not in the font"
    for tile in elders.HOME_TILES:   # every home tile has one
        assert tile in ICONS and glyph(tile, True)
    for turn, _words in elders.PAGE_TURNS.values():
        assert turn in ICONS

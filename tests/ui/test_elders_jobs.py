"""The job search in elders' mode (长辈模式), in the real window: one task a step. The visitor
types what job they want and sees on the big button how many match; the list, alone, shows
every title whole (wrapped, never cut to "销…"); a job opens and comes back to the list;
"change search" goes back to the typing; the filters are a step of their own, chips at their
own height whatever the text scale. A character picked from the handwriting pad is said, as
a key's name is."""

from __future__ import annotations

import pytest

from kiosk import elders, handwriting
from tests import handwriting_data
from tests.ui.test_pictograms import assert_whole
from tests.ui.test_spoken_guidance import voice  # noqa: F401  (fixture)

#: a posting whose title is longer than one line of the list in elders' mode
LONG = {"title": "社区养老服务中心护理员（夜班，包食宿）",
        "title_en": "Community elderly care nurse (night shift)"}
CHIPS = ("chip_district", "chip_salary", "chip_type", "chip_education", "chip_experience", "chip_sort")


def open_in_elders_mode(ui):
    ui.tap(ui.app.screens["attract"].ids.elders_entry)
    ui.wait(lambda: ui.screen() == "home" and ui.app.elders, 5, "no elders' mode")
    ui.tap(ui.app.screens["home"].ids.tile_jobs)
    ui.wait(lambda: ui.screen() == "jobs", 5)
    jobs = ui.app.screens["jobs"]
    ui.pump(3)
    return jobs


def shown(widget) -> bool:
    return widget.get_root_window() is not None


def cards(jobs) -> list:
    return [w for w in jobs.ids.results.children[0].children if getattr(w, "job_id", None)]


def assert_titles_whole(ui, jobs) -> None:
    ui.pump(3)
    seen = cards(jobs)
    assert seen, "no result cards drawn"
    for card in seen:
        title = card.ids.title
        assert title.text == card.title and not title.shorten
        assert_whole(title, sentence=True)   # laid out, line by line, it is the whole title
        assert len(title._label._cached_lines) <= 2, (title.text, title._label._cached_lines)


@pytest.fixture
def long_title(jobs_loaded):
    from tests.kiosk.jobgen import make_jobs
    job = {**make_jobs(1, seed=7)[0], "id": 990001, **LONG}
    jobs_loaded.upsert_jobs([job])
    yield job
    jobs_loaded.withdraw_jobs([job["id"]])


def test_a_job_search_in_elders_mode_is_one_task_a_step(fresh, long_title):
    ui = fresh
    jobs = open_in_elders_mode(ui)
    ids = jobs.ids
    # step 1: only what job, large; the list and the filters wait
    assert jobs.step == "type" and shown(ids.typing) and shown(ids.show_jobs)
    assert not shown(ids.results) and not shown(ids.chip_district)
    assert ids.typing.width > 1100 and ids.show_jobs.height >= 96 * elders.FONT_SCALE
    for key in "kj":
        ui.tap(ids.typing.keyboard.keys[key])
    ui.wait(lambda: jobs.query == "kj" and 0 < jobs.total < 5000 and not jobs.searching, 5)
    ui.pump(2)
    assert ids.show_jobs.text == f"查看岗位（{jobs.total} 个）"
    ui.shot("elders_jobs_type_zh")
    ui.app.toggle_language()
    ui.wait(lambda: ids.show_jobs.text == f"Show jobs ({jobs.total})" and not jobs.searching)
    ui.shot("elders_jobs_type_en")
    ui.app.toggle_language()

    # step 2: the list alone, each title whole
    ui.tap(ids.show_jobs)
    ui.wait(lambda: jobs.step == "results" and shown(ids.results), 3, "the list was not shown")
    assert not shown(ids.typing) and shown(ids.change_search) and shown(ids.filters_button)
    assert all("会计" in card["title"] for card in jobs.results[:20])
    assert ids.results.width > 1100
    assert_titles_whole(ui, jobs)
    ui.shot("elders_jobs_results_zh")
    ui.app.toggle_language()
    ui.wait(lambda: not jobs.searching and "jobs" in ids.count.text)
    assert_titles_whole(ui, jobs)
    ui.shot("elders_jobs_results_en")
    ui.app.toggle_language()
    ui.wait(lambda: not jobs.searching and "共" in ids.count.text)

    # a job opens, and "back" comes back to the list
    ui.pump(3)
    first = next(c for c in cards(jobs) if c.job_id == jobs.results[0]["job_id"])
    ui.tap(first)
    ui.wait(lambda: ui.screen() == "job_detail", 5)
    detail = ui.app.screens["job_detail"]
    assert detail.job["id"] == first.job_id
    ui.tap(detail.ids.back_button)
    ui.wait(lambda: ui.screen() == "jobs", 5)
    ui.pump(3)
    assert jobs.step == "results" and shown(ids.results) and jobs.query == "kj"

    # "change search": back to the typing, the text kept; a new search, a new count
    ui.tap(ids.change_search)
    ui.wait(lambda: jobs.step == "type" and shown(ids.typing), 3)
    before = jobs.total
    ui.tap(ids.typing.keyboard.keys["clear"])
    for key in "sqyl":   # 社区养老
        ui.tap(ids.typing.keyboard.keys[key])
    ui.wait(lambda: jobs.query == "sqyl" and not jobs.searching and jobs.total != before, 5)
    ui.pump(2)
    assert str(jobs.total) in ids.show_jobs.text
    ui.tap(ids.show_jobs)
    ui.wait(lambda: jobs.step == "results", 3)
    assert_titles_whole(ui, jobs)
    # the long title: two lines, every character of it drawn
    card = next(c for c in cards(jobs) if c.job_id == long_title["id"])
    assert len(card.ids.title._label._cached_lines) == 2
    assert card.ids.title.font_size == 28 * elders.FONT_SCALE   # at full size
    assert card.ids.title.text == f"{LONG['title']}  {LONG['title_en']}"
    ui.shot("elders_jobs_long_title_zh")

    # the filters, a step of their own: big chips, each one's words whole
    ui.tap(ids.filters_button)
    ui.wait(lambda: jobs.step == "filters" and shown(ids.chip_type), 3)
    ui.pump(3)
    for name in CHIPS:
        chip = ids[name]
        assert chip.height == pytest.approx(elders.jobs_layout(True, "filters").chip_height)
        assert chip.texture_size[0] <= chip.width + 1 and chip.texture_size[1] <= chip.height + 1
    ui.shot("elders_jobs_filters_zh")
    ui.tap(ids.chip_type)
    ui.wait(lambda: jobs.filters.get("employment_type") == "full_time" and not jobs.searching, 5)
    ui.tap(ids.show_jobs)
    ui.wait(lambda: jobs.step == "results", 3)

    # standard mode: everything at once again, chips at their own 56 px
    ui.app.set_elders(False)
    ui.pump(3)
    assert shown(ids.typing) and shown(ids.results) and shown(ids.chip_type)
    assert not shown(ids.show_jobs) and not shown(ids.change_search)
    assert all(ids[name].height == 56 for name in CHIPS)


def test_chips_keep_their_height_at_every_text_size(fresh, jobs_loaded):
    """The chips' 56 px once lost to the button rule that follows the text scale."""
    ui = fresh
    jobs = ui.open_tile("jobs")
    for large in (False, True, False):
        if large != ui.app._large:
            ui.app.toggle_large_text()
        ui.pump(3)
        for name in CHIPS:
            chip = jobs.ids[name]
            assert chip.height == 56, (name, ui.app.font_scale, chip.height)
            assert chip.texture_size[0] <= chip.width + 1 and chip.texture_size[1] <= chip.height + 1, \
                (name, chip.text, chip.texture_size, chip.size)


@pytest.mark.skipif(not handwriting.available(), reason=f"{handwriting.unavailable_reason()}")
@pytest.mark.skipif(not handwriting_data.installed(), reason="hanzi-writer-data not in var/npm")
def test_a_picked_handwritten_character_is_said_in_elders_mode(fresh, jobs_loaded, voice):  # noqa: F811
    ui, events = fresh, voice[1]
    jobs = open_in_elders_mode(ui)
    typing = jobs.ids.typing
    ui.wait(lambda: typing.ready, 5, "the handwriting engine never said it is ready")
    ui.tap(typing.ids.tab_handwriting)
    ui.wait(lambda: typing.mode == "handwriting" and shown(typing.pad), 3)
    ui.write(typing.pad.ids.box, "会")
    ui.wait(lambda: "会" in typing.pad.candidates and not typing.pad.busy, 10)
    ui.shot("elders_jobs_handwriting_zh")
    ui.tap(typing.pad.slots[typing.pad.candidates.index("会")])
    ui.wait(lambda: jobs.query == "会", 3)
    ui.wait(lambda: any(e.utterance.text == "会" for e in events if e.kind == "started"), 10,
            "the picked character was not said")

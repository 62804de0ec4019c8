"""Elders' mode (长辈模式) in the real window: the attract screen's big entry starts it, text is
larger, the idle timeout longer, every screen speaks when shown; the home screen shows a few
big tiles a page, each title whole, with a page turn; "my progress" shows a section a page; a
ticket taken in it is read out into a WAV that exists, is not silent and is as long as the
screen's text; a visitor whose ID card says 60 or more is put in it when identified; the
session's end leaves it."""

from __future__ import annotations

import numpy as np

from devices.base import PersonIdentity
from kiosk import elders
from screens.progress import shown_sections
from tests.ui.test_pictograms import assert_pictogram, assert_whole, needs_icon_font, shown_tiles
from tests.ui.test_spoken_guidance import finished, samples, voice  # noqa: F401  (fixture)


def test_a_ticket_taken_in_elders_mode_is_read_out(fresh, central_up, voice):  # noqa: F811
    ui, (guide, events) = fresh, voice
    timeout = ui.app.idle.timeout_s
    ui.tap(ui.app.screens["attract"].ids.elders_entry)
    ui.wait(lambda: ui.screen() == "home" and ui.app.elders, 5, "no elders' mode")
    assert ui.app.font_scale == 1.5 and ui.app.idle.timeout_s == 2 * timeout
    home = ui.app.screens["home"]
    assert home.ids.large_text_button.parent is None and home.ids.contrast_button.parent is None
    ui.wait(lambda: finished(events, "找工作"), 15, "the home screen did not speak by itself")
    ui.shot("elders_home_zh")
    ui.app.toggle_language()
    ui.wait(lambda: finished(events, "Find jobs"), 15, "not spoken again in English")
    ui.shot("elders_home_en")
    ui.app.toggle_language()

    queue = ui.app.screens.get("queue")
    ui.tap(ui.app.screens["home"].ids.tile_queue)
    ui.wait(lambda: ui.screen() == "queue", 5)
    queue = ui.app.screens["queue"]
    ui.wait(lambda: queue.ids.service_grid.children, 5)
    ui.tap(next(b for b in queue.ids.service_grid.children if b.code == "job_seeker_registration"))
    ui.wait(lambda: queue.stage == "documents")
    ui.pump(3)
    ui.tap(queue.ids.confirm_button)
    ui.wait(lambda: queue.stage == "ticket", 5, "no ticket")
    spelled = " ".join(queue.ticket["label"])
    ui.wait(lambda: finished(events, spelled), 20, "the ticket was not read out")
    said = finished(events, spelled)
    ui.shot("elders_ticket_zh")
    # the words spoken are the screen's: its number, where the visitor stands, the documents
    assert queue.ids.ticket_info.text.splitlines()[0] in said.utterance.text
    assert queue.ids.documents.text.splitlines()[0].split(". ", 1)[1] in said.utterance.text
    audio, rate = samples(guide.speaker.last_wav)
    seconds = len(audio) / rate
    assert float(np.sqrt(np.mean(audio ** 2))) > 300, "silent"
    chars = len(said.utterance.text.replace(" ", ""))
    assert chars / 8 < seconds < chars / 1.7 + 2, (chars, seconds)   # 2.4 a second here

    ui.app.end_session("test")
    ui.wait(lambda: ui.screen() == "attract")
    assert not ui.app.elders and ui.app.font_scale == 1.0 and ui.app.idle.timeout_s == timeout
    assert not guide.on


def test_a_visitor_of_sixty_or_more_is_put_in_elders_mode(fresh, voice):  # noqa: F811
    ui, (guide, events) = fresh, voice
    ui.tap_at(640, 300)
    ui.wait(lambda: ui.screen() == "home")
    ui.app.services.session.identify(PersonIdentity("idcard", "110101199003071234", "张三"))
    ui.app._identified("张* 1101**********1234")
    assert not ui.app.elders   # 36
    ui.app.services.session.identify(PersonIdentity("idcard", "110101195003071234", "李四"))
    ui.app._identified("李* 1101**********1234")
    assert ui.app.elders and guide.on
    ui.wait(lambda: finished(events, "长辈模式"), 15, "the visitor was not told")
    ui.shot("elders_offered_zh")
    ui.tap(ui.app.screens["home"].ids.elders_button)
    ui.wait(lambda: not ui.app.elders)
    assert ui.app.font_scale == 1.0


def test_keys_say_their_names_in_elders_mode(fresh, voice):  # noqa: F811
    ui, (guide, events) = fresh, voice
    ui.tap(ui.app.screens["attract"].ids.elders_entry)
    ui.wait(lambda: ui.screen() == "home" and ui.app.elders, 5)
    ui.tap(ui.app.screens["home"].ids.tile_jobs)
    ui.wait(lambda: ui.screen() == "jobs", 5)
    keyboard = ui.app.screens["jobs"].ids.typing.keyboard
    ui.tap(keyboard.keys["k"])
    ui.wait(lambda: any(e.utterance.text == "K" for e in events if e.kind == "started"), 10,
            "the key's name was not said")
    ui.tap(keyboard.keys["backspace"])
    ui.wait(lambda: any(e.utterance.text == "删除" for e in events if e.kind == "started"), 10)


def test_the_home_screen_shows_a_few_big_whole_tiles_a_page(fresh, voice):  # noqa: F811
    ui, events = fresh, voice[1]
    needs_icon_font(ui.app)
    ui.tap(ui.app.screens["attract"].ids.elders_entry)
    ui.wait(lambda: ui.screen() == "home" and ui.app.elders, 5)
    home = ui.app.screens["home"]
    turn = home.ids.page_turn_button
    for lang, suffix in (("zh_CN", "zh"), ("en", "en")):
        ui.wait(lambda: ui.app.lang == lang)
        seen: list[str] = []
        for page in range(elders.home_layout(True).pages):
            ui.pump(3)
            names = shown_tiles(home)
            assert 0 < len(names) <= elders.TILES_PER_PAGE
            assert tuple(names) == elders.home_layout(True, page).tiles
            seen += names
            for name in names:
                tile = home.ids[f"tile_{name}"]
                assert tile.wide and tile.ids.subtitle.parent is None
                assert tile.width >= 500 and tile.height >= 160, (name, tile.size)   # big
                # Chinese titles at elders' full size; English ones wrap, never below normal size
                size = tile.ids.title.font_size
                assert size == 40 * elders.FONT_SCALE if lang == "zh_CN" else size >= 40, (name, size)
                assert_whole(tile.ids.title)
                assert_pictogram(ui.app, tile, 100)
            # the page turn: large, always in the same place, its words whole
            assert turn.parent is home.ids.header.__self__ and turn.height >= 90
            assert turn.icon == ("next" if page == 0 else "back")
            assert_whole(turn.ids.words)
            ui.shot(f"elders_home_page{page + 1}_{suffix}")
            ui.tap(turn)
            ui.wait(lambda: home.page == (page + 1) % 2, 3, "the page did not turn")
            # the new page is read out
            ui.wait(lambda: finished(events, home.ids[f"tile_{shown_tiles(home)[0]}"].title), 15,
                    "the new page was not spoken")
        assert sorted(seen) == sorted(elders.HOME_TILES)   # every tile, once
        assert shown_tiles(home)[0] == "queue"              # back on the first page
        if lang == "zh_CN":
            ui.app.toggle_language()

    # a tile of the second page opens its screen; home opens again on its first page
    ui.app.toggle_language()
    ui.tap(turn)
    ui.wait(lambda: "quiz" in shown_tiles(home))
    ui.tap(home.ids.tile_quiz)
    ui.wait(lambda: ui.screen() == "quiz", 5, "the tile did not open its screen")
    ui.tap(ui.app.topbar.ids.home_button)
    ui.wait(lambda: ui.screen() == "home")
    assert home.page == 0 and shown_tiles(home)[0] == "queue"

    # standard mode: every tile on one page again, the look toggles back, no page turn
    ui.tap(home.ids.elders_button)
    ui.wait(lambda: not ui.app.elders)
    ui.pump(3)
    assert shown_tiles(home) == list(elders.HOME_TILES) and turn.parent is None
    assert home.ids.large_text_button.parent is not None
    assert all(home.ids[f"tile_{n}"].ids.subtitle.parent is not None for n in elders.HOME_TILES)


def test_my_progress_is_shown_a_section_at_a_time(fresh, central_up, emulators):
    ui, idcard = fresh, emulators["idcard"]
    from devices.idcard.emulator import DEMO_CARDS
    number = DEMO_CARDS[0]["id_number"]
    kiosk = {"Authorization": f"Bearer {ui.app.services.api.token}"}
    central_up.http.post("/api/kiosk/tickets", headers=kiosk, json={
        "key": "elders-progress-1", "service_code": "career_guidance",
        "person": {"id_number": number, "name": "张晓明"}})
    ui.tap(ui.app.screens["attract"].ids.elders_entry)
    ui.wait(lambda: ui.screen() == "home" and ui.app.elders, 5)
    idcard.insert(0)
    try:
        ui.wait(lambda: ui.screen() == "identify" and ui.app.services.session.identified, 8)
        ui.go("progress")
        progress = ui.app.screens["progress"]
        ui.wait(lambda: progress.loaded, 8, progress.message)
        ui.pump(3)
        every = shown_sections(progress.data, progress._, "zh_CN")
        assert progress.pages == len(every) >= 3
        previous, following = progress.ids.previous_button, progress.ids.next_button
        assert previous.disabled and not following.disabled
        for page, (heading, _lines) in enumerate(every):
            # one section: its heading, and no other's
            assert progress.body.startswith(f"[b]{heading}[/b]")
            assert sum(f"[b]{h}[/b]" in progress.body for h, _ in every) == 1
            assert f"第 {page + 1} 项，共 {len(every)} 项" in progress.ids.progress_title.text
            if page == 0:
                ui.shot("elders_progress_zh")
            if page < len(every) - 1:
                ui.tap(following)
                ui.wait(lambda: progress.page == page + 1, 3)
        assert following.disabled and not previous.disabled
        ui.tap(previous)
        ui.wait(lambda: progress.page == len(every) - 2, 3, "previous did not go back")
        ui.app.set_elders(False)   # standard mode: everything on one page, no turning
        ui.pump(3)
        assert progress.pages == 1 and all(f"[b]{h}[/b]" in progress.body for h, _ in every)
        assert progress.ids.print_button.get_root_window() is not None
        assert previous.get_root_window() is None
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)

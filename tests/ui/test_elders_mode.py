"""Elders' mode (长辈模式) in the real window: the attract screen's big entry starts it, text is
larger, the idle timeout longer, every screen speaks when shown; a ticket taken in it is
read out into a WAV that exists, is not silent and is as long as the screen's text; a visitor
whose ID card says 60 or more is put in it when identified; the session's end leaves it."""

from __future__ import annotations

import numpy as np

from devices.base import PersonIdentity
from tests.ui.test_queue import take_number
from tests.ui.test_spoken_guidance import finished, samples, voice  # noqa: F401  (fixture)


def test_a_ticket_taken_in_elders_mode_is_read_out(fresh, central_up, voice):  # noqa: F811
    ui, (guide, events) = fresh, voice
    timeout = ui.app.idle.timeout_s
    ui.tap(ui.app.screens["attract"].ids.elders_entry)
    ui.wait(lambda: ui.screen() == "home" and ui.app.elders, 5, "no elders' mode")
    assert ui.app.font_scale == 1.5 and ui.app.idle.timeout_s == 2 * timeout
    assert ui.app.screens["home"].ids.large_text_button.opacity == 0
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

"""Spoken guidance in the real window, with espeak-ng: "read aloud" speaks the screen in the
visitor's language; with guidance on (elders' mode) a ticket is read out as it comes, into a
WAV that exists, is not silent and is as long as its text; moving on silences it."""

from __future__ import annotations

import threading
import wave

import numpy as np
import pytest

from tests.ui.test_queue import take_number


@pytest.fixture
def voice(fresh):
    """The terminal's speaker, synthesising only (no sound card here), with its events."""
    guide = fresh.app.guide
    guide.stop()
    guide.settings = guide.settings.model_copy(update={"player": ""})
    if guide._speaker is not None:   # built by an earlier test (elders' mode speaks) with a player
        guide._speaker.player = []
    events, seen = [], threading.Event()

    def listen(event):
        events.append(event)
        seen.set()
    guide.speaker.bind(listen)
    yield guide, events
    guide.speaker._listeners.remove(listen)


def start(ui):
    ui.tap_at(640, 400)
    ui.wait(lambda: ui.screen() == "home", message="touch did not start a session")
    ui.pump(3)


def finished(events, needle):
    return next((e for e in events if e.kind == "finished" and needle in e.utterance.text), None)


def samples(path):
    with wave.open(str(path), "rb") as w:
        frames, rate = w.readframes(w.getnframes()), w.getframerate()
    return np.frombuffer(frames, dtype="<i2").astype(np.float32), rate


def test_read_aloud_speaks_the_screen_in_the_visitors_language(fresh, voice):
    ui, (guide, events) = fresh, voice
    start(ui)
    ui.tap(ui.app.topbar.ids.read_aloud_button)
    ui.wait(lambda: finished(events, "找工作"), 15, "the home screen was not spoken")
    said = finished(events, "找工作")
    assert said.utterance.lang == "zh_CN" and said.outcome in ("silent", "spoken")
    for choice in ("取号排队", "职业兴趣测评", "刷身份证", "大字模式"):   # its choices, in order
        assert choice in said.utterance.text, (choice, said.utterance.text)
    assert said.utterance.text.index("找工作") < said.utterance.text.index("取号排队")
    ui.app.toggle_language()
    ui.tap(ui.app.topbar.ids.read_aloud_button)
    ui.wait(lambda: finished(events, "Find jobs"), 15, "not spoken in English")
    assert finished(events, "Find jobs").utterance.lang == "en"


def test_moving_on_silences_what_is_spoken(fresh, voice):
    ui, (guide, events) = fresh, voice
    start(ui)
    guide.read("这是一段很长的说明。" * 150)
    ui.wait(lambda: any(e.kind == "started" for e in events), 5)
    ui.tap(ui.app.screens["home"].ids.tile_jobs)
    ui.wait(lambda: finished(events, "很长的说明"), 10, "the long text went on")
    assert finished(events, "很长的说明").outcome == "interrupted"


def test_a_ticket_is_read_out_into_a_wav_as_long_as_its_text(fresh, central_up, voice):
    ui, (guide, events) = fresh, voice
    guide.on = True   # as in elders' mode
    queue = take_number(ui, "job_seeker_registration")
    ui.tap(queue.ids.confirm_button)
    ui.wait(lambda: queue.stage == "ticket", 5, "no ticket")
    spelled = " ".join(queue.ticket["label"])
    ui.wait(lambda: finished(events, spelled), 20, "the ticket was not read out")
    said = finished(events, spelled)
    assert "您的号码是" in said.utterance.text and "居民身份证原件" in said.utterance.text
    wav = guide.speaker.last_wav
    assert guide.speaker.last_utterance == said.utterance and wav.exists()
    audio, rate = samples(wav)
    seconds = len(audio) / rate
    rms = float(np.sqrt(np.mean(audio ** 2)))
    assert rms > 300, f"silent: rms {rms:.0f}"
    chars = len(said.utterance.text.replace(" ", ""))
    # espeak-ng's Mandarin at rate 1 said 2.9 characters a second here, pauses included
    assert chars / 8 < seconds < chars / 2 + 2, (chars, seconds)


def test_a_jobs_details_are_read_out_and_the_sessions_end_silences(fresh, voice, jobs_loaded):
    ui, (guide, events) = fresh, voice
    start(ui)
    job = jobs_loaded.get_job(1)
    assert job
    ui.app.navigate("job_detail", job_id=1)
    ui.wait(lambda: ui.screen() == "job_detail" and not ui.app.manager.transition.is_active)
    ui.pump(3)
    ui.tap(ui.app.topbar.ids.read_aloud_button)
    ui.wait(lambda: finished(events, job["title"]), 15, "the job was not read out")
    text = finished(events, job["title"]).utterance.text
    assert job["employer"] in text and "薪资" in text and "[b]" not in text and "✓" not in text
    guide.read("这是一段很长的说明。" * 150)
    ui.wait(lambda: any(e.kind == "started" and "很长" in e.utterance.text for e in events), 5)
    ui.app.end_session("test")
    ui.wait(lambda: finished(events, "很长的说明"), 10, "the session's end did not silence it")
    assert finished(events, "很长的说明").outcome == "interrupted"

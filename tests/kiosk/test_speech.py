"""Spoken guidance: real audio from espeak-ng, and a speaker that never makes its caller wait.

A stand-in audio sink (``sink.py`` below) plays nothing but takes as long as the audio
lasts, like a sound card would, so interrupting playback is tested on a machine with none.
"""

from __future__ import annotations

import logging
import os
import queue
import shlex
import shutil
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from kiosk.speech import (ESpeakNG, Piper, Speaker, SpeechEvent, SpeechSettings, SpeechUnavailable,
                          build_engines)

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                reason="espeak-ng not installed (scripts/setup.sh installs it)")

SHORT = "欢迎光临"                                      # 4 characters + none
SENTENCE = "请您带好身份证，到三号窗口办理失业登记。"        # 20 characters
LONG = SENTENCE * 100                                   # 2,000: about a second to synthesise
VOICES = {"zh_CN": "cmn", "en": "en"}

SINK = """import pathlib, sys, time, wave
pathlib.Path(sys.argv[1]).touch()
with wave.open(sys.argv[2]) as w:
    time.sleep(w.getnframes() / w.getframerate())
"""


def audio(path: Path) -> tuple[float, float]:
    """(seconds, RMS of the int16 samples)."""
    with wave.open(str(path)) as w:
        assert w.getsampwidth() == 2
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
        return w.getnframes() / w.getframerate(), float(np.sqrt(np.mean(samples ** 2)))


class Events:
    def __init__(self):
        self.q: queue.Queue[SpeechEvent] = queue.Queue()

    def __call__(self, event: SpeechEvent) -> None:
        self.q.put(event)

    def next(self, timeout: float = 10) -> SpeechEvent:
        return self.q.get(timeout=timeout)

    def finished(self, timeout: float = 10) -> SpeechEvent:
        deadline = time.monotonic() + timeout
        while True:
            event = self.next(max(0.01, deadline - time.monotonic()))
            if event.kind == "finished":
                return event


@pytest.fixture
def sink(tmp_path):
    script = tmp_path / "sink.py"
    script.write_text(SINK)
    marker = tmp_path / "playing"
    return shlex.join([sys.executable, str(script), str(marker)]), marker


@pytest.fixture
def speaker_with(sink):
    made = []

    def make(player: str | None = None, **kw) -> tuple[Speaker, Events]:
        speaker = Speaker([ESpeakNG(VOICES)], player=sink[0] if player is None else player, **kw)
        events = Events()
        speaker.bind(events)
        made.append(speaker)
        return speaker, events
    yield make
    for speaker in made:
        speaker.close()


# -- the engine -----------------------------------------------------------------------------
def test_mandarin_is_real_speech_and_a_longer_sentence_lasts_longer(tmp_path):
    engine = ESpeakNG(VOICES)
    short = audio(engine.synthesize(SHORT, "zh_CN", tmp_path / "short.wav"))
    long = audio(engine.synthesize(SENTENCE, "zh_CN", tmp_path / "long.wav"))
    assert short[1] > 500 and long[1] > 500  # not silence (int16 full scale is 32,767)
    assert long[0] > 2 * short[0] > 0.5


def test_english_has_its_own_voice(tmp_path):
    seconds, rms = audio(ESpeakNG(VOICES).synthesize("Please take your ticket.", "en",
                                                     tmp_path / "en.wav"))
    assert rms > 500 and 0.8 < seconds < 5


def test_volume_and_rate_change_the_audio(tmp_path):
    engine = ESpeakNG(VOICES)
    loud = audio(engine.synthesize(SENTENCE, "zh_CN", tmp_path / "a.wav", volume=1.0))
    quiet = audio(engine.synthesize(SENTENCE, "zh_CN", tmp_path / "b.wav", volume=0.25))
    fast = audio(engine.synthesize(SENTENCE, "zh_CN", tmp_path / "c.wav", rate=1.5))
    slow = audio(engine.synthesize(SENTENCE, "zh_CN", tmp_path / "d.wav", rate=0.75))
    assert 0.15 < quiet[1] / loud[1] < 0.4
    assert fast[0] < 0.8 * slow[0]


def test_text_that_looks_like_options_is_spoken_not_obeyed(tmp_path):
    seconds, rms = audio(ESpeakNG(VOICES).synthesize("-w /dev/null --help", "en",
                                                     tmp_path / "x.wav"))
    assert seconds > 0.5 and rms > 500


def test_a_language_without_a_voice_is_refused_with_the_reason(tmp_path):
    with pytest.raises(SpeechUnavailable, match="no voice for 'fr'"):
        ESpeakNG(VOICES).synthesize("bonjour", "fr", tmp_path / "fr.wav")


def test_a_piper_voice_is_used_when_present_with_rate_and_volume(tmp_path, monkeypatch):
    """A stand-in ``piper`` on PATH that writes a full-scale tone, checks our command line."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "piper").write_text(f"""#!{sys.executable}
import argparse, sys, wave, numpy as np
p = argparse.ArgumentParser(); p.add_argument("--model"); p.add_argument("--output_file")
p.add_argument("--length_scale", type=float); a = p.parse_args()
assert open(a.model).read() == "voice" and sys.stdin.read()
n = int(16000 * a.length_scale)
with wave.open(a.output_file, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000)
    w.writeframes((np.sin(np.arange(n) / 5) * 30000).astype("<i2").tobytes())
""")
    (bin_dir / "piper").chmod(0o755)
    (tmp_path / "zh.onnx").write_text("voice")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    engines = build_engines(SpeechSettings(engine="piper", piper_voices={"zh_CN": str(tmp_path / "zh.onnx")}))
    assert [e.name for e in engines] == ["piper", "espeak-ng"]
    seconds, rms = audio(engines[0].synthesize(SHORT, "zh_CN", tmp_path / "p.wav", volume=0.5, rate=2))
    assert seconds == pytest.approx(0.5) and rms == pytest.approx(30000 * 0.5 / 2 ** 0.5, rel=0.05)
    assert engines[0].unavailable_reason("en") == "piper: no voice for 'en'"  # espeak-ng speaks it


def test_an_absent_engine_is_skipped_with_a_logged_reason(caplog):
    caplog.set_level(logging.WARNING, "kiosk.speech")
    engines = build_engines(SpeechSettings(engine="festival"))
    assert [e.name for e in engines] == ["espeak-ng"]
    assert "festival" in caplog.text
    piper = build_engines(SpeechSettings(engine="piper", piper_program="no-such-piper",
                                         piper_voices={"zh_CN": "/none.onnx"}))[0]
    assert isinstance(piper, Piper) and "not found" in piper.unavailable_reason("zh_CN")


# -- the speaker ----------------------------------------------------------------------------
def test_say_returns_at_once_and_speaks_on_its_own_thread(speaker_with, sink):
    speaker, events = speaker_with()
    took = []
    for text in (LONG, SENTENCE, LONG, SHORT):
        t0 = time.perf_counter()
        speaker.say(text)
        took.append(time.perf_counter() - t0)
    assert max(took) < 0.005, took
    outcomes = []
    while not outcomes or outcomes[-1].utterance.text != SHORT:
        outcomes.append(events.finished())
    assert outcomes[-1].outcome == "spoken" and sink[1].exists()
    assert all(e.outcome == "interrupted" for e in outcomes[:-1])


def test_stop_interrupts_a_long_synthesis_within_half_a_second(speaker_with):
    speaker, events = speaker_with()
    speaker.say(LONG)
    assert events.next().kind == "started"
    time.sleep(0.1)  # espeak-ng is now synthesising (it takes about a second)
    t0 = time.monotonic()
    speaker.stop()
    done = events.finished()
    assert done.outcome == "interrupted" and time.monotonic() - t0 < 0.5
    assert speaker._proc is None


def test_stop_interrupts_playback_within_half_a_second(speaker_with, sink):
    speaker, events = speaker_with()
    speaker.say(SENTENCE)  # about six seconds of audio
    deadline = time.monotonic() + 10
    while not sink[1].exists():
        assert time.monotonic() < deadline, "the sink never started"
        time.sleep(0.01)
    t0 = time.monotonic()
    speaker.stop()
    assert events.finished().outcome == "interrupted" and time.monotonic() - t0 < 0.5


def test_no_audio_device_finishes_silently_and_is_logged_once(speaker_with, caplog):
    caplog.set_level(logging.WARNING, "kiosk.speech")
    speaker, events = speaker_with(player="aplay -q -D no_such_device")
    for _ in range(2):
        speaker.say(SHORT)
        event = events.finished()
        assert event.outcome == "silent" and "playback failed" in event.reason
    assert caplog.text.count("playback failed") == 1


def test_a_language_without_a_voice_fails_the_utterance_not_the_speaker(speaker_with):
    speaker, events = speaker_with()
    speaker.say("bonjour", "fr")
    assert events.finished().outcome == "failed"
    speaker.say("Welcome", "en")
    assert events.finished().outcome == "spoken"


def test_events_reach_the_schedule_and_close_leaves_nothing_behind(sink):
    scheduled = []
    speaker = Speaker([ESpeakNG(VOICES)], player=sink[0], schedule=scheduled.append)
    speaker.bind(lambda e: None)
    assert speaker.say("   ") is None
    speaker.say(SHORT)
    deadline = time.monotonic() + 10
    while len(scheduled) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    folder = speaker._dir
    speaker.close()
    assert not speaker._thread.is_alive() and not folder.exists()

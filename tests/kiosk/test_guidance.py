"""Spoken guidance's rules (kiosk.guidance) with the real speaker and espeak-ng: what is said,
in which language, at which volume and rate after a remote change, and nothing when off."""

from __future__ import annotations

import threading

import pytest

from hallcore.remote_config import RemoteConfigError, validate_overrides
from hallcore.terminal_settings import KioskSettings
from kiosk.guidance import Guide, say_label, spoken
from kiosk.i18n import Translator
from kiosk.remote_config import apply_overrides
from kiosk.speech import Speaker


def test_screen_texts_become_one_spoken_text():
    parts = ["[b]工资[/b]  5000-8000 元", "\ueb51  朗读", "工资  5000-8000 元", "", "请取号。"]
    assert spoken(parts, "zh_CN") == "工资 5000-8000 元。朗读。请取号。"
    assert spoken(["Find jobs", "Take a number."], "en") == "Find jobs. Take a number."
    assert say_label("A012") == "A 0 1 2"


@pytest.fixture
def guide():
    settings = KioskSettings().model_copy(update={"speech": KioskSettings().speech.model_copy(
        update={"player": ""})})
    translator = Translator("zh_CN")
    g = Guide(settings, translator, lambda s: Speaker.from_settings(s))
    done = threading.Event()
    g.speaker.bind(lambda e: e.kind == "finished" and done.set())
    yield g, settings, translator, done
    g.close()


def test_guide_speaks_in_the_visitors_language_and_takes_remote_volume_and_rate(guide):
    g, settings, translator, done = guide
    translator.switch("en")
    g.read("\ueb51 Take a number")
    assert done.wait(15)
    assert g.speaker.last_utterance.lang == "en" and g.speaker.last_utterance.text == "Take a number"
    assert g.speaker.last_wav.stat().st_size > 1000
    changed = apply_overrides(settings, validate_overrides({"speech.volume": 0.5, "speech.rate": 1.5}))
    g.reconfigure(changed)
    assert (g.speaker.volume, g.speaker.rate) == (0.5, 1.5)
    g.rate_factor = 0.85   # elders' mode
    done.clear()
    g.read("取号")
    assert done.wait(15) and g.speaker.rate == pytest.approx(1.275)
    g.reconfigure(apply_overrides(settings, {"speech.enabled": False}))
    asked = g.speaker._next_id
    g.read("不应说出")
    assert g.speaker._next_id == asked   # nothing was asked of the speaker


def test_only_the_speech_keys_meant_to_be_remote_are():
    with pytest.raises(RemoteConfigError):
        validate_overrides({"speech.volume": 5})
    with pytest.raises(RemoteConfigError):
        validate_overrides({"speech.player": "rm -rf /"})
    assert validate_overrides({"speech.guide_by_default": True}) == {"speech.guide_by_default": True}


def test_a_configured_piper_voice_comes_first_and_espeak_speaks_when_it_is_missing(tmp_path):
    from kiosk.speech import build_engines
    speech = KioskSettings().speech.model_copy(update={
        "player": "", "piper_voices": {"zh_CN": str(tmp_path / "zh_CN-huayan-medium.onnx")}})
    engines = build_engines(speech)
    assert [e.name for e in engines] == ["piper", "espeak-ng"]
    speaker = Speaker.from_settings(speech)
    done = threading.Event()
    speaker.bind(lambda e: e.kind == "finished" and done.set())
    try:
        speaker.say("您好", "zh_CN")
        assert done.wait(15) and speaker.last_wav.stat().st_size > 1000   # espeak-ng spoke
    finally:
        speaker.close()

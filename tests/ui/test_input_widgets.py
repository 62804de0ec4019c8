"""The finger-sized keyboard and the handwriting pad, each in the terminal's real window at
1280x800, laid over the running app: key sizes read from the widget tree, typing and
writing with simulated touches, and screenshots in both languages (tests/artifacts/)."""

from __future__ import annotations

import threading

import pytest

from kiosk import handwriting
from tests import handwriting_data as data

pytestmark = pytest.mark.ui

MIN_KEY_PX = 64


@pytest.fixture
def stage(ui):
    """An opaque layer over the whole window, on top of the app, that gets touches first."""
    from kivy.core.window import Window
    from kivy.graphics import Color, Rectangle
    from kivy.uix.boxlayout import BoxLayout

    assert tuple(Window.size) == (1280, 800)
    layer = BoxLayout(orientation="vertical", padding=24, spacing=24, size=Window.size, pos=(0, 0),
                      size_hint=(None, None))
    with layer.canvas.before:
        Color(rgba=ui.app.palette["bg"])
        Rectangle(pos=(0, 0), size=Window.size)
    Window.add_widget(layer)
    yield layer
    Window.remove_widget(layer)
    ui.app.lang = "zh_CN"
    ui.pump(2)


def shoot(ui, widget, name: str):
    ui.pump(3)
    path = ui.artifacts / f"{name}.png"
    widget.export_to_png(str(path))
    return path


def tap(ui, widget) -> None:
    ui.tap_at(*widget.to_window(*widget.center))


def big_enough(widget) -> bool:
    return widget.width >= MIN_KEY_PX and widget.height >= MIN_KEY_PX


def test_the_keyboard_has_finger_sized_keys_on_staggered_rows_and_types_pinyin(ui, stage):
    from kivy.uix.widget import Widget

    from screens.widgets.bigkeyboard import BigKeyboard
    stage.add_widget(Widget(size_hint_y=0.5))  # the screen above the keyboard
    kb = BigKeyboard(gettext=ui.app.t, lang=ui.app.lang, size_hint_y=0.5)
    stage.add_widget(kb)
    ui.pump(3)
    keys = kb.keys
    assert set("qwertyuiopasdfghjklzxcvbnm") < set(keys)
    small = {k: tuple(b.size) for k, b in keys.items() if not big_enough(b)}
    assert not small, small
    q, a, z = keys["q"], keys["a"], keys["z"]
    unit = q.width + kb.spacing
    assert a.width == q.width == z.width and abs((a.x - q.x) - unit / 2) < 1  # half a key
    assert abs((z.x - q.x) - 1.5 * unit) < 1  # a key and a half
    assert keys["space"].width > 5 * q.width and keys["space"].text == "空格"

    for key in "xian":
        tap(ui, keys[key])
    tap(ui, keys["'"])
    tap(ui, keys["backspace"])
    assert kb.text == "xian"

    from kivy.tests.common import UnitTestTouch
    finger = UnitTestTouch(*keys["g"].to_window(*keys["g"].center))
    finger.touch_down()
    ui.pump(2)
    assert keys["g"].state == "down" and keys["g"].press_shade > 0  # the pressed look
    shoot(ui, stage, "bigkeyboard-zh_CN")
    finger.touch_up()
    ui.pump(2)
    assert keys["g"].press_shade == 0

    ui.app.lang = "en"
    kb.lang = ui.app.lang
    assert keys["space"].text == "Space" and keys["clear"].text == "Clear"
    shoot(ui, stage, "bigkeyboard-en")


def test_the_numeric_pad_is_a_separate_larger_layout(ui, stage):
    from kivy.uix.widget import Widget

    from screens.widgets.bigkeyboard import BigKeyboard
    stage.add_widget(Widget(size_hint_y=0.5))
    kb = BigKeyboard(gettext=ui.app.t, lang=ui.app.lang, size_hint_y=0.5)
    stage.add_widget(kb)
    ui.pump(3)
    letter_width = kb.keys["q"].width
    tap(ui, kb.keys["numbers"])
    ui.pump(2)
    assert kb.mode == "numbers" and "q" not in kb.keys
    digits = [kb.keys[d] for d in "0123456789"]
    assert all(big_enough(b) and b.width > letter_width for b in digits)
    for key in "110x":
        tap(ui, kb.keys[key])
    assert kb.text == "110x"
    shoot(ui, stage, "bignumpad-zh_CN")
    ui.app.lang = "en"
    kb.lang = ui.app.lang
    shoot(ui, stage, "bignumpad-en")
    tap(ui, kb.keys["letters"])
    assert kb.mode == "letters" and "q" in kb.keys


def write(ui, box, char: str) -> None:
    ui.write(box, char)


@pytest.mark.skipif(not handwriting.available(), reason=f"{handwriting.unavailable_reason()}")
@pytest.mark.skipif(not data.installed(), reason="hanzi-writer-data not in var/npm")
def test_a_character_written_on_the_pad_comes_back_as_a_candidate_off_the_ui_thread(ui, stage):
    from kivy.clock import Clock

    from kiosk.worker import Worker
    from screens.widgets.handpad import HandPad
    recogniser = handwriting.Recogniser()
    worker = Worker(Clock.schedule_once, threads=1)
    threads = []

    def recognise(strokes, box):
        threads.append(threading.current_thread())
        return recogniser.candidates(strokes, box=box)

    pad = HandPad(recognise=recognise, submit=worker.submit)
    picked = []
    pad.bind(on_pick=lambda _pad, char: picked.append(char))
    stage.add_widget(pad)
    ui.pump(3)
    box = pad.ids.box
    assert box.width == box.height >= 400
    assert all(big_enough(w) for w in [*pad.slots, pad.ids.undo_button, pad.ids.clear_button])

    write(ui, box, "岗")
    ui.wait(lambda: pad.candidates and pad.candidates[0] == "岗" and not pad.busy, 10,
            f"岗 not the first candidate: {pad.candidates}")
    assert threading.main_thread() not in threads
    assert len(box.strokes) == 7 and pad.slots[0].text == "岗"
    assert sum(1 for s in pad.slots if s.text) == 10
    shoot(ui, stage, "handpad-zh_CN")
    ui.app.lang = "en"
    shoot(ui, stage, "handpad-en")

    pad.undo()
    assert len(box.strokes) == 6
    tap(ui, pad.slots[0])
    ui.wait(lambda: picked, 5, "picking a candidate emitted nothing")
    assert picked[0] and box.strokes == [] and pad.candidates == []

    write(ui, box, "我")
    ui.wait(lambda: pad.candidates[:1] == ["我"] and not pad.busy, 10, f"{pad.candidates}")
    tap(ui, pad.ids.clear_button)
    assert box.strokes == [] and pad.candidates == []
    worker.shutdown()
    recogniser.close()


def test_typing_rules():
    from screens.widgets.bigkeyboard import typed
    assert typed("xi", "space", 40) == "xi " and typed("xi ", "space", 40) == "xi "
    assert typed("", "space", 40) == "" and typed("ab", "backspace", 40) == "a"
    assert typed("abc", "clear", 40) == "" and typed("abc", "d", 3) == "abc"

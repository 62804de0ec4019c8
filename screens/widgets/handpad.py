"""Handwriting pad (手写板): a square box a finger writes one character in, up to ten
candidate characters under it, undo and clear.

Recognition never runs on the UI thread. The pad is handed ``recognise(strokes, box=...)``
(``kiosk.handwriting.Recogniser.candidates``) and ``submit(fn, on_done)``
(``kiosk.worker.Worker.submit``, which calls ``on_done`` on the UI thread). It asks after
every stroke, one question at a time: strokes drawn while an answer is on its way are
asked about when it comes, and an answer for strokes since changed is dropped.

Strokes reach ``recognise`` in the box's own pixels with y growing downwards, and ``box``
is the box's (width, height). Touching a candidate emits ``on_pick(char)`` and clears.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from kivy.graphics import Color, Line
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ColorProperty, ListProperty, ObjectProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from screens import load_kv
from screens.widgets.buttons import KeyButton

__all__ = ["HandPad", "WritingBox", "MAX_CANDIDATES"]

log = logging.getLogger(__name__)

MAX_CANDIDATES = 10
Strokes = list[list[tuple[float, float]]]


class WritingBox(Widget):
    """Collects one finger's strokes and draws them; ``on_stroke`` after each one ends."""

    ink = ColorProperty([0.11, 0.17, 0.21, 1])
    __events__ = ("on_stroke",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.strokes: Strokes = []  # the box's pixels, y downwards
        self._lines: list[Line] = []
        self._finger = None  # one finger writes; a second one resting on the glass is ignored

    def on_touch_down(self, touch) -> bool:
        if not self.collide_point(*touch.pos) or self._finger is not None:
            return super().on_touch_down(touch)
        touch.grab(self)
        self._finger = touch.uid
        self.strokes.append([self._local(touch)])
        with self.canvas.after:
            Color(rgba=self.ink)
            self._lines.append(Line(points=list(touch.pos), width=dp(5), cap="round", joint="round"))
        return True

    def on_touch_move(self, touch) -> bool:
        if touch.grab_current is not self:
            return super().on_touch_move(touch)
        self.strokes[-1].append(self._local(touch))
        self._lines[-1].points += list(touch.pos)
        return True

    def on_touch_up(self, touch) -> bool:
        if touch.grab_current is not self:
            return super().on_touch_up(touch)
        touch.ungrab(self)
        self._finger = None
        self.dispatch("on_stroke")
        return True

    def on_stroke(self) -> None:
        pass

    def undo(self) -> None:
        if self.strokes and self._finger is None:
            self.strokes.pop()
            self.canvas.after.remove(self._lines.pop())

    def clear(self) -> None:
        if self._finger is None:
            self.strokes, self._lines = [], []
            self.canvas.after.clear()

    def _local(self, touch) -> tuple[float, float]:
        return (touch.x - self.x, self.top - touch.y)


class HandPad(BoxLayout):
    """``recognise`` and ``submit`` come in by keyword; bind ``on_pick``."""

    recognise = ObjectProperty(None, allownone=True)
    submit = ObjectProperty(None, allownone=True)
    candidates = ListProperty([])
    #: a question is with the recogniser
    busy = BooleanProperty(False)
    __events__ = ("on_pick",)

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)
        self._version = 0  # strokes changed this many times
        self.slots: list[KeyButton] = []
        for _ in range(MAX_CANDIDATES):
            slot = KeyButton(text="")
            slot.bind(on_release=self._picked)
            self.slots.append(slot)
            self.ids.candidate_row.add_widget(slot)
        self.ids.box.bind(on_stroke=lambda *_: self._changed())

    # -- what the person does --------------------------------------------------------------
    def undo(self) -> None:
        self.ids.box.undo()
        self._changed()

    def clear(self) -> None:
        self.ids.box.clear()
        self._changed()

    def on_pick(self, char: str) -> None:
        pass

    def _picked(self, slot: KeyButton) -> None:
        if slot.text:
            self.dispatch("on_pick", slot.text)
            self.clear()

    def on_candidates(self, _inst, chars: list[str]) -> None:
        for slot, char in zip(self.slots, list(chars) + [""] * MAX_CANDIDATES):
            slot.text = char

    # -- asking the recogniser ---------------------------------------------------------------
    def _changed(self) -> None:
        self._version += 1
        if not self.ids.box.strokes:
            self.candidates = []
        elif not self.busy:
            self._ask()

    def _ask(self) -> None:
        if self.recognise is None or self.submit is None:
            return
        box = self.ids.box
        strokes = [list(s) for s in box.strokes]
        size = (float(box.width), float(box.height))
        version, recognise = self._version, self.recognise
        self.busy = True
        self.submit(lambda: _safely(recognise, strokes, size),
                    lambda chars: self._answered(version, chars))

    def _answered(self, version: int, chars: list[str]) -> None:
        self.busy = False
        if version == self._version:
            self.candidates = list(chars)[:MAX_CANDIDATES]
        elif self.ids.box.strokes:
            self._ask()  # strokes came while it was thinking: ask about them now


def _safely(recognise: Callable[..., Any], strokes: Strokes, box: tuple[float, float]) -> list[str]:
    """Runs on the worker: a recogniser that fails (no model) leaves the pad empty, not stuck."""
    try:
        return [str(c) for c in recognise(strokes, box=box)]
    except Exception as exc:
        log.warning("handwriting recognition failed: %s: %s", type(exc).__name__, exc)
        return []

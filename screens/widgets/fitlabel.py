"""``FitLabel``: a label whose whole text always shows, at the largest size that fits.

Kivy's own choices cut a text that does not fit (``shorten`` puts "..." in its middle) or let
it spill out of its box; a tile title cut to "职业...评" names nothing. A FitLabel takes the
largest font size, up to ``largest``, at which its text fits the label's box wrapped between
words only: a word is never broken, so a Chinese name (no spaces) stays on one line and an
English one wraps at its spaces. A ``sentence`` wraps as Chinese text does, between any two
of its characters (and English at its spaces). Below ``smallest`` it stops shrinking and wraps
as Kivy does.

Measured with Kivy's own text layout (``CoreLabel.render()`` lays a text out without drawing
it), so what fits here is what the label draws. Plain text only (no markup), and no padding:
the box is the label's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.label import Label

__all__ = ["FitLabel", "fitting_size"]


#: a Chinese (or Japanese, Korean, full-width) character, or a run of anything else but spaces
_SENTENCE_UNITS = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|"
                             r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+")


@lru_cache(maxsize=1024)
def fitting_size(text: str, width: int, height: int, largest: int, smallest: int,
                 font_name: str, bold: bool, sentence: bool = False) -> int:
    """The largest whole font size in [smallest, largest] at which ``text`` fits a
    ``width`` x ``height`` box with no word broken (``smallest`` when none does); the words
    of a ``sentence`` are its Chinese characters one by one and its other runs."""
    words = _SENTENCE_UNITS.findall(text) if sentence else text.split()

    def fits(size: int) -> bool:
        core = CoreLabel(text=text, font_size=size, font_name=font_name, bold=bold,
                         text_size=(width, None))
        _w, h = core.render()   # layout only
        extents = core.get_cached_extents()
        return h <= height and all(extents(word)[0] <= width for word in words)

    if not words or fits(largest):
        return largest
    low, high = smallest, largest - 1   # the answer is in [low, high]; fits(largest) is False
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


class FitLabel(Label):
    #: the font size wanted; the label takes less only when the text would not fit
    largest = NumericProperty(30)
    smallest = NumericProperty(12)
    #: a sentence (a tile's subtitle) may wrap between Chinese characters; a name (a title)
    #: keeps its words whole
    sentence = BooleanProperty(False)

    def __init__(self, **kwargs):
        self._refit = Clock.create_trigger(self._fit, -1)
        super().__init__(**kwargs)
        for name in ("text", "size", "largest", "smallest", "font_name", "bold", "sentence"):
            self.fbind(name, self._refit)
        self._refit()   # once laid out, before the frame is drawn

    def _fit(self, *_args) -> None:
        width, height = max(1, int(self.width)), max(1, int(self.height))
        self.text_size = (width, None)
        largest = max(1, int(self.largest))
        self.font_size = fitting_size(self.text, width, height, largest,
                                      min(largest, max(1, int(self.smallest))),
                                      self.font_name, bool(self.bold), bool(self.sentence))

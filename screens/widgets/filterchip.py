"""``FilterChip``: a filter's current choice, tapped to cycle to the next (the jobs screen).

A chip is as tall as the row its grid gives it and its words take the largest size, up to
``largest``, that fits the chip whole (FitLabel). It is not a BigButton: that rule sets a
button's height from the text scale (``96 * app.font_scale``) and, being bound to the scale,
set it again over a chip's own 56 px whenever the scale changed (elders' mode made the
chips 96 px tall and cut their words).
"""

from __future__ import annotations

from kivy.properties import ColorProperty
from kivy.uix.behaviors import ButtonBehavior

from screens.widgets.buttons import _Pressable
from screens.widgets.fitlabel import FitLabel

__all__ = ["FilterChip"]


class FilterChip(_Pressable, ButtonBehavior, FitLabel):
    bg = ColorProperty([1, 1, 1, 1])
    fg = ColorProperty([0, 0, 0, 1])

"""Big touch targets: buttons, tiles and keypad keys. Colours are properties; the pressed
look is computed here, not in kv."""

from __future__ import annotations

from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

__all__ = ["BigButton", "BarButton", "ChoiceButton", "Tile", "KeyButton"]


class _Pressable:
    #: darkening drawn over the face while a finger is down
    press_shade = NumericProperty(0)

    def on_state(self, _inst, state):
        self.press_shade = 0.18 if state == "down" else 0


class BigButton(_Pressable, ButtonBehavior, Label):
    bg = ColorProperty([0.04, 0.43, 0.31, 1])
    fg = ColorProperty([1, 1, 1, 1])


class ChoiceButton(BigButton):
    """One answer among several (an option of a question, a district to toggle): ``value``
    is what choosing it means, ``selected`` whether it is chosen now (common.kv colours it)."""

    value = ObjectProperty(None, allownone=True)
    selected = BooleanProperty(False)


class BarButton(_Pressable, ButtonBehavior, Label):
    """A top-bar button: the bar's height and type size, whatever the visitor's text size."""
    bg = ColorProperty([0.04, 0.43, 0.31, 1])
    fg = ColorProperty([1, 1, 1, 1])


class KeyButton(_Pressable, ButtonBehavior, Label):
    pass


class Tile(_Pressable, ButtonBehavior, BoxLayout):
    title = StringProperty("")
    subtitle = StringProperty("")
    #: the pictogram's name (kiosk.icons)
    icon = StringProperty("")
    bg = ColorProperty([0.04, 0.43, 0.31, 1])

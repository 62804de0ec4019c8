"""Big touch targets: buttons, tiles and keypad keys. Colours are properties; the pressed
look is computed here, not in kv."""

from __future__ import annotations

from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

__all__ = ["BigButton", "BarButton", "ChoiceButton", "IconButton", "Tile", "KeyButton"]


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


class IconButton(_Pressable, ButtonBehavior, BoxLayout):
    """A big button whose pictogram (kiosk.icons) stands beside its words, each at its own
    size; the words take the largest size up to ``font_size`` that shows them whole
    (FitLabel), so a longer translation is never cut."""

    icon = StringProperty("")
    text = StringProperty("")
    font_size = NumericProperty(30)
    bg = ColorProperty([0.04, 0.43, 0.31, 1])
    fg = ColorProperty([1, 1, 1, 1])


class BarButton(_Pressable, ButtonBehavior, Label):
    """A top-bar button: the bar's height and type size, whatever the visitor's text size."""
    bg = ColorProperty([0.04, 0.43, 0.31, 1])
    fg = ColorProperty([1, 1, 1, 1])


class KeyButton(_Pressable, ButtonBehavior, Label):
    pass


class Tile(_Pressable, ButtonBehavior, BoxLayout):
    """A home screen choice: its pictogram, title and subtitle, one above the other; ``wide``
    (elders' mode): the pictogram beside a larger title, and no subtitle (out of the tree,
    so it takes no room)."""

    title = StringProperty("")
    subtitle = StringProperty("")
    #: the pictogram's name (kiosk.icons)
    icon = StringProperty("")
    bg = ColorProperty([0.04, 0.43, 0.31, 1])
    wide = BooleanProperty(False)

    def on_kv_post(self, _base):
        self._subtitle = self.ids.subtitle.__self__   # kept while out of the tree
        self.on_wide(self, self.wide)

    def on_wide(self, _inst, wide: bool) -> None:
        subtitle = getattr(self, "_subtitle", None)
        if subtitle is None:
            return   # the rule's children are not there yet
        if wide and subtitle.parent is self:
            self.remove_widget(subtitle)
        elif not wide and subtitle.parent is None:
            self.add_widget(subtitle, index=0)

"""``Stages``: a screen's stages, one shown at a time.

A ScreenManager without a transition whose ``stage`` names the stage to show; kv binds it
(``stage: root.stage``). ``current`` itself cannot be bound in kv: the builder sets a
rule's properties before it adds the rule's children, and a manager refuses a name it does
not have yet. The stages not shown are out of the widget tree, so they draw nothing and
take no touches (a hidden but disabled widget would still swallow them).
"""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

__all__ = ["Stages"]


class Stages(ScreenManager):
    stage = StringProperty("")

    def __init__(self, **kwargs):
        kwargs.setdefault("transition", NoTransition())
        super().__init__(**kwargs)

    def on_stage(self, *_):
        self._show()

    def add_widget(self, widget, *args, **kwargs):
        super().add_widget(widget, *args, **kwargs)
        self._show()

    def _show(self) -> None:
        if self.stage and self.has_screen(self.stage) and self.current != self.stage:
            self.current = self.stage

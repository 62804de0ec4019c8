"""Kivy 2.3's ScrollView binds its bar colour again on every scroll update.

``ScrollView.update_from_scroll`` runs whenever the content moves or is laid out. Each
call ``fbind``s ``bar_color`` to ``_change_bar_color`` (fbind never de-duplicates), and
the fade-out half a second later unbinds it once. Every extra call leaves one more
observer behind: the all-day soak saw the terminal's Python objects grow by about 30 a
visit, and each leftover observer also runs on every change of the bar's colour. This
keeps one binding, for every ScrollView (RecycleView included).
"""

from __future__ import annotations

from kivy.uix.scrollview import ScrollView

__all__ = ["install"]


def _one_bar_color_binding(update):
    def update_from_scroll(self, *largs):
        update(self, *largs)
        bound = [cb for cb in self.get_property_observers("bar_color")
                 if cb == self._change_bar_color]
        for _ in bound[1:]:
            self.funbind("bar_color", self._change_bar_color)
    update_from_scroll.fixed = True
    return update_from_scroll


def install() -> None:
    """Patch ``ScrollView.update_from_scroll`` once (idempotent)."""
    if not getattr(ScrollView.update_from_scroll, "fixed", False):
        ScrollView.update_from_scroll = _one_bar_color_binding(ScrollView.update_from_scroll)

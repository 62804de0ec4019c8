"""A cross-fade between screens that allocates nothing on the GPU.

Kivy's ``FadeTransition`` is a ``ShaderTransition``: every screen change makes two
window-sized ``Fbo`` objects and compiles a fresh ``RenderContext`` shader. Python frees
them, but the GL driver's native memory does not come back: under Mesa (llvmpipe) the
terminal's RSS grew 60 MB in 20 attract -> home -> attract cycles and some 4 MB per visitor
journey (``python -m bench soak``). Fading the incoming screen's opacity looks the same and
makes no GL objects.
"""

from __future__ import annotations

from kivy.uix.screenmanager import TransitionBase

__all__ = ["OpacityFadeTransition"]


class OpacityFadeTransition(TransitionBase):
    """The new screen, drawn over the old one, goes from transparent to opaque."""

    def on_progress(self, progress: float) -> None:
        self.screen_in.opacity = progress

    def on_complete(self) -> None:
        self.screen_in.opacity = 1.0
        super().on_complete()

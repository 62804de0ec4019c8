"""The six RIASEC scores as a hexagon, drawn with Kivy graphics (geometry from hallcore.quiz)."""

from __future__ import annotations

from kivy.graphics import Color, Line, Mesh
from kivy.properties import DictProperty, ListProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label

__all__ = ["HexagonChart"]


class HexagonChart(FloatLayout):
    scores = DictProperty({})
    names = DictProperty({})            # letter -> type name in the visitor's language
    line_color = ListProperty([0.04, 0.43, 0.31, 1])
    fill_color = ListProperty([0.04, 0.43, 0.31, 0.35])
    grid_color = ListProperty([0.6, 0.68, 0.66, 1])

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.labels: dict[str, Label] = {}
        from hallcore.quiz import TYPES
        for letter in TYPES:
            label = Label(size_hint=(None, None), size=(150, 56), halign="center", valign="middle",
                          font_size=20, markup=True)
            label.text_size = label.size
            self.labels[letter] = label
            self.add_widget(label)
        self.bind(pos=self._redraw, size=self._redraw, scores=self._redraw, names=self._redraw,
                  line_color=self._redraw, fill_color=self._redraw)

    def _redraw(self, *_):
        from hallcore.quiz import hexagon
        corners = hexagon(self.scores)
        cx, cy = self.center
        radius = max(10.0, min(self.width / 2 - 90, self.height / 2 - 50))
        ring = lambda share: [v for _, x, y, _ in corners  # noqa: E731
                              for v in (cx + x * radius * share, cy + y * radius * share)]
        self.canvas.before.clear()
        with self.canvas.before:
            Color(*self.grid_color)
            for share in (1 / 3, 2 / 3, 1):
                Line(points=ring(share), close=True, width=1.2 if share < 1 else 2)
            for _, x, y, _ in corners:
                Line(points=[cx, cy, cx + x * radius, cy + y * radius], width=1)
            Color(*self.fill_color)
            points = [(cx + x * radius * share, cy + y * radius * share) for _, x, y, share in corners]
            vertices = [cx, cy, 0, 0] + [v for px, py in points for v in (px, py, 0, 0)]
            Mesh(vertices=vertices, indices=[0, 1, 2, 3, 4, 5, 6, 1],
                 mode="triangle_fan")
            Color(*self.line_color)
            Line(points=[v for p in points for v in p], close=True, width=3)
        for letter, x, y, _ in corners:
            label = self.labels[letter]
            label.text = f"[b]{letter} {self.scores.get(letter, 0)}[/b]\n{self.names.get(letter, '')}"
            label.center = (cx + x * (radius + 70), cy + y * (radius + 34))

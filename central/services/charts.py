"""Line charts over the days of a period, as shapes a template draws in SVG (no script).

Like the health chart (central.services.health.chart), the geometry is computed here and the
template only places it: each series a set of polylines (a day without a figure breaks the
line), a dot per day with its value, the value axis with round ticks, a few day labels.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

__all__ = ["line_chart", "nice_ceiling", "PALETTE"]

PALETTE = ("#0b6e4f", "#c26a00", "#2f5fa7", "#a33b5d")
LEFT, RIGHT, BOTTOM, TOP = 44, 22, 24, 12   # room for the value and day labels, the top dot


def nice_ceiling(value: float, whole: bool = False) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``value`` (with
    ``whole``, a whole number: no 2.5, nothing under 1)."""
    if value <= 0 or (whole and value <= 1):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    steps = (1, 2, 5, 10) if whole and power < 10 else (1, 2, 2.5, 5, 10)
    return next(step * power for step in steps if step * power >= value)


def line_chart(days: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
               width: int = 560, height: int = 180, ceiling: float | None = None,
               guide: float | None = None, parts: int = 4) -> dict[str, Any]:
    """The chart of ``series`` ((name, one value or None per day)) over ``days``: polylines,
    dots, the value axis in ``parts`` round steps (up to ``ceiling`` when given), day labels
    (at most 7, MM-DD), and a dashed ``guide`` line (a target)."""
    values = [v for _, vs in series for v in vs if v is not None]
    whole = all(float(v).is_integer() for v in values)   # counts: whole steps
    top = ceiling or parts * nice_ceiling(max(values + [guide or 0]) / parts, whole)
    plot_w, plot_h = width - LEFT - RIGHT, height - BOTTOM - TOP
    step = plot_w / max(len(days) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + (i * step if len(days) > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(TOP + plot_h - min(v, top) / top * plot_h, 1)

    lines = []
    for n, (name, vs) in enumerate(series):
        runs, run, dots = [], [], []
        for i, v in enumerate(vs):
            if v is None:
                runs, run = (runs + [run] if run else runs), []
                continue
            run.append(f"{x(i)},{y(v)}")
            dots.append({"x": x(i), "y": y(v), "value": v, "day": days[i]})
        runs = runs + [run] if run else runs
        lines.append({"name": name, "colour": PALETTE[n % len(PALETTE)],
                      "polylines": [" ".join(r) for r in runs], "dots": dots})
    every = max(1, math.ceil(len(days) / 7))
    return {"width": width, "height": height, "left": LEFT, "right": width - RIGHT,
            "bottom": TOP + plot_h, "lines": lines,
            "ticks": [{"y": y(top * k / parts), "label": f"{top * k / parts:g}"}
                      for k in range(parts + 1)],
            "days": [{"x": x(i), "label": d[5:]} for i, d in enumerate(days) if i % every == 0],
            "guide": None if guide is None else {"y": y(guide), "label": f"{guide:g}"}}

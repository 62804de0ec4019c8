"""Handwriting: Zinnia through ``kiosk.handwriting`` on stroke data nobody here wrote.

Data: the Make Me a Hanzi stroke medians of the npm package ``hanzi-writer-data``
(installed into var/npm when missing), replayed as a touch panel reports a finger
(whole pixels on a 420 px pad, 120 samples a second, slow at a stroke's ends) for the
500 commonest characters by jieba's dictionary counts (see tests/handwriting_data.py).

Figures: ``top5``/``top1`` (the right character among the first five / first),
``recognise_ms_p50``/``_p95`` (the call made after the last stroke: preparation and
classification). Baselines in the same run, alternating per character: ``naive_*`` hands
the medians to Zinnia as they are (scaled to its canvas, nothing else), ``plain_*`` is our
preparation without the stroke-order variants. ``dev_*`` are the characters ranked
501-1000, on which the recogniser's constants were chosen.
"""

from __future__ import annotations

import time

from bench.harness import median, percentile
from kiosk.handwriting import CANVAS, Recogniser
from tests import handwriting_data as data

PAD_PX = 420


def _score(hits: list[int], total: int) -> float:
    return round(sum(hits) / total, 3)


def _measure(chars: list[str], ours: Recogniser, plain: Recogniser | None) -> dict:
    box = (PAD_PX, PAD_PX)
    scale = CANVAS / data.BOX[0]
    top1, top5, ms, naive1, naive5, plain1, plain5, missed = [], [], [], [], [], [], [], []
    for i, ch in enumerate(chars):
        strokes = data.medians(ch)
        touches = data.touch_replay(strokes, pad_px=PAD_PX)

        def subject() -> None:
            t0 = time.perf_counter()
            out = ours.candidates(touches, 10, box=box)
            ms.append((time.perf_counter() - t0) * 1000)
            top1.append(out[:1] == [ch])
            top5.append(ch in out[:5])
            if ch not in out[:5]:
                missed.append(ch)

        def baselines() -> None:
            if plain is None:
                return
            naive = [ch_ for ch_, _ in plain.classify_canvas(
                [[(x * scale, y * scale) for x, y in s] for s in strokes], 10)]
            naive1.append(naive[:1] == [ch])
            naive5.append(ch in naive[:5])
            out = plain.candidates(touches, 10, box=box)
            plain1.append(out[:1] == [ch])
            plain5.append(ch in out[:5])

        for step in ((subject, baselines) if i % 2 else (baselines, subject)):
            step()
    n = len(chars)
    result = {"top5": _score(top5, n), "top1": _score(top1, n), "ms": ms, "missed": "".join(missed)}
    if plain is not None:
        result.update(naive_top5=_score(naive5, n), naive_top1=_score(naive1, n),
                      plain_top5=_score(plain5, n), plain_top1=_score(plain1, n))
    return result


def run(quick: bool = False) -> dict:
    data.ensure_installed()
    count = 100 if quick else 500
    chars = data.common_characters(count)
    with Recogniser() as ours, Recogniser(order_variants=False) as plain:
        main = _measure(chars, ours, plain)
        dev = _measure(data.common_characters(count, skip=500), ours, None)
    ms = main.pop("ms")
    figures = {
        "top5": main["top5"], "top1": main["top1"],
        "recognise_ms_p50": round(median(ms), 2), "recognise_ms_p95": round(percentile(ms, 95), 2),
        "characters": len(chars),
        "naive_top5": main["naive_top5"], "naive_top1": main["naive_top1"],
        "plain_top5": main["plain_top5"], "plain_top1": main["plain_top1"],
        "dev_top5": dev["top5"], "dev_top1": dev["top1"],
    }
    details = {
        "data": "hanzi-writer-data (npm) stroke medians, replayed as touches on a "
                f"{PAD_PX} px pad; 500 commonest characters by jieba dict.txt counts",
        "missed_top5": main["missed"],
        "recognise_ms_max": round(max(ms), 2),
    }
    return {"figures": figures, "targets": {"top5": ">= 0.85"}, "runs": 1, "details": details}

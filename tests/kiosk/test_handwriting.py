"""The Zinnia binding: real characters from hanzi-writer-data, hostile input, the stroke
normaliser fuzzed, and a recogniser shared between threads."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import handwriting
from kiosk.handwriting import (CANVAS, MAX_POINTS, MAX_RAW_POINTS, STEP, HandwritingUnavailable,
                               Recogniser, StrokeError, normalise, resample)
from tests import handwriting_data as data

needs_zinnia = pytest.mark.skipif(not handwriting.available(),
                                  reason=f"{handwriting.unavailable_reason()}")
needs_data = pytest.mark.skipif(not data.installed(),
                                reason="hanzi-writer-data not in var/npm (scripts/setup.sh installs it)")

PAD = (420, 420)


@pytest.fixture(scope="module")
def recogniser():
    with Recogniser() as r:
        yield r


# -- real characters ------------------------------------------------------------------------
@needs_zinnia
@needs_data
@pytest.mark.parametrize("char", "我的是中国工作服务岗位招聘窗口号")
def test_a_character_drawn_by_finger_is_the_first_candidate(recogniser, char):
    strokes = data.touch_replay(data.medians(char), pad_px=PAD[0])
    assert recogniser.candidates(strokes, 10, box=PAD)[0] == char


@needs_zinnia
@needs_data
@pytest.mark.parametrize("char", "我国作招聘")
def test_a_small_drawing_off_centre_without_a_box_is_found_by_its_bounds(recogniser, char):
    strokes = [[(x / 10 + 700, y / 10 + 20) for x, y in s] for s in data.medians(char)]
    assert recogniser.candidates(strokes)[0] == char


@needs_zinnia
@needs_data
@pytest.mark.parametrize("char", "门水化它官")
def test_stroke_order_variants_rescue_a_character_the_model_knows_in_another_order(
        recogniser, char):
    """These, in their standard order, are not among Zinnia's first five."""
    strokes = data.touch_replay(data.medians(char))
    plain = Recogniser(order_variants=False)
    assert char not in plain.candidates(strokes, 5, box=PAD)
    assert char in recogniser.candidates(strokes, 5, box=PAD)


@needs_zinnia
@needs_data
def test_one_recogniser_answers_four_threads_as_it_answers_one(recogniser):
    chars = "我的是中国工作服"
    inputs = [data.touch_replay(data.medians(c)) for c in chars]
    alone = [recogniser.candidates(s, 10, box=PAD) for s in inputs]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda s: recogniser.candidates(s, 10, box=PAD), inputs * 4))
    assert together == alone * 4


# -- hostile input --------------------------------------------------------------------------
@needs_zinnia
@pytest.mark.parametrize("strokes", [
    [], [[]], [[], []], [[(math.nan, 1.0)]], [[(math.inf, -math.inf), (math.nan, math.nan)]],
])
def test_nothing_drawable_gives_no_candidates(recogniser, strokes):
    assert recogniser.candidates(strokes) == []


@needs_zinnia
@pytest.mark.parametrize("strokes", [
    [[(5, 5)]],                                   # one touch
    [[(5, 5)], [(5, 5)], [(5, 5)]],               # taps on one spot
    [[(-100, -100), (-50, -300)]],                # off the pad
    [[(0, 0), (1e308, 1e308)]],                   # absurdly far
    [[(i % 7 * 1e6, i) for i in range(MAX_RAW_POINTS)]],  # 10,000 points of scribble
    [[(1, 2), (math.nan, 3), (40, 80)]],          # a NaN among good points
])
def test_odd_but_well_formed_input_gets_a_bounded_answer(recogniser, strokes):
    out = recogniser.candidates(strokes, 10, box=PAD)
    assert len(out) <= 10 and all(isinstance(c, str) and c for c in out)


@pytest.mark.parametrize("strokes", [
    None, "我", 5, [None], [[1, 2, 3]], [["a", "b"]], [[(1, 2, 3)]], [[(0, 0)]] * 41,
    [[(0, 0)] * (MAX_RAW_POINTS + 1)],
])
def test_malformed_input_is_a_stroke_error_before_zinnia(strokes):
    with pytest.raises(StrokeError):
        Recogniser(model="/nonexistent").candidates(strokes)


@pytest.mark.parametrize("box", [(0, 10), (-5, 5), (math.nan, 3)])
def test_a_box_without_area_is_refused(box):
    with pytest.raises(StrokeError):
        normalise([[(1, 1), (2, 2)]], box)


def test_n_out_of_range_is_refused():
    with pytest.raises(StrokeError):
        Recogniser(model="/nonexistent").candidates([[(1, 1)]], n=0)


# -- failing late and clearly ---------------------------------------------------------------
def test_a_missing_model_is_reported_and_raised_at_first_use(tmp_path):
    missing = tmp_path / "none.model"
    assert "no handwriting model" in (handwriting.unavailable_reason(missing) or "libzinnia")
    r = Recogniser(model=missing)  # building it touches nothing
    with pytest.raises(HandwritingUnavailable):
        r.candidates([[(1, 1), (50, 50)]])


@needs_zinnia
def test_a_broken_model_file_is_refused_by_zinnia_with_its_reason(tmp_path):
    bad = tmp_path / "bad.model"
    bad.write_bytes(handwriting.DEFAULT_MODEL.read_bytes()[:4096])
    with pytest.raises(HandwritingUnavailable, match="broken"):
        Recogniser(model=bad).candidates([[(1, 1), (50, 50)]])


def test_a_missing_library_is_reported_not_raised_at_import(monkeypatch):
    def no_library(name):
        raise OSError(f"{name}: cannot open shared object file")
    monkeypatch.setattr(handwriting, "_lib", None)
    monkeypatch.setattr(handwriting.ctypes, "CDLL", no_library)
    assert "libzinnia0" in handwriting.unavailable_reason()
    assert not handwriting.available()
    with pytest.raises(HandwritingUnavailable, match="libzinnia"):
        Recogniser().candidates([[(1, 1), (50, 50)]])


# -- the normaliser -------------------------------------------------------------------------
def test_resampling_spaces_points_evenly_and_keeps_both_ends():
    stroke = [(0, 0), (1, 0), (1.5, 0), (90, 0), (90, 60)]  # uneven, with a corner
    out = resample(stroke)
    gaps = [math.dist(a, b) for a, b in zip(out, out[1:])]
    assert out[0] == (0, 0) and out[-1] == (90, 60)
    assert all(abs(g - STEP) < 1e-6 for g in gaps[:-1] if g)  # straight runs
    assert max(gaps) <= STEP * 1.5 and len(out) == pytest.approx(150 / STEP, abs=2)


def test_a_pen_down_hook_is_cut_and_a_dot_is_kept():
    hooked = [(150, 20), (140, 30)] + [(140, 30 + k) for k in range(1, 240)]
    out = normalise([hooked], box=(300, 300))[0]
    assert out[0][1] >= 30 - 1e-9  # starts at the corner, not at the hook
    dot = [(100, 100), (104, 106)]
    assert len(normalise([dot], box=(300, 300))[0]) >= 2


coordinate = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                       st.integers(-10**9, 10**9))
strokes_strategy = st.lists(st.lists(st.tuples(coordinate, coordinate), max_size=60), max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strokes=strokes_strategy,
       box=st.one_of(st.none(), st.tuples(st.floats(1, 1e6), st.floats(1, 1e6))))
def test_normalised_strokes_are_finite_bounded_and_never_more_than_given(strokes, box):
    out = normalise(strokes, box)
    assert len(out) <= len(strokes)
    for stroke in out:
        assert 1 <= len(stroke) <= MAX_POINTS
        for x, y in stroke:
            assert 0 <= x <= CANVAS and 0 <= y <= CANVAS


@needs_zinnia
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strokes=strokes_strategy)
def test_any_strokes_of_numbers_give_a_list_and_never_crash_zinnia(recogniser, strokes):
    out = recogniser.candidates(strokes, 5)
    assert isinstance(out, list) and len(out) <= 5

"""The keypad's rules (kiosk.keypad): reading order and stepping."""

from __future__ import annotations

from kiosk.keypad import action_of, reading_order, step


def test_reading_order_is_rows_from_the_top_then_left_to_right():
    # y upwards: a top bar button, two tiles in a row (slightly uneven), one below
    boxes = [(400, 100, 300, 100), (700, 720, 100, 60), (40, 105, 300, 100), (40, 300, 300, 90)]
    assert reading_order(boxes) == [1, 3, 2, 0]


def test_stepping_wraps_round_and_keys_map_to_actions():
    assert step(None, 3, "next") == 0 and step(None, 3, "previous") == 2
    assert step(2, 3, "next") == 0 and step(0, 3, "previous") == 2
    assert step(None, 0, "next") is None
    assert action_of(271) == "activate" and action_of(270) == "help" and action_of(97) is None

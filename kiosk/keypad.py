"""Operating the terminal without sight, with a USB numeric keypad: what each key does, and
the order in which focus visits a screen's controls.

Keys (Kivy key codes; a keypad's own keys and the arrow/enter keys of a keyboard)::

    next       → ↓, keypad 6 and 2           move the focus to the next control
    previous   ← ↑, keypad 4 and 8           ... to the previous one
    activate   Enter, keypad Enter, keypad 5  press the focused control
    back       Backspace, keypad −            close the window shown, or go to the home screen
    help       keypad +                       call staff
    repeat     keypad 0, keypad .             say the focused control (or the screen) again

A visitor who uses the keypad hears every screen as it is shown and every control the focus
reaches. On the attract screen any key starts a session.
"""

from __future__ import annotations

from typing import Sequence

__all__ = ["action_of", "reading_order", "step", "KEYS"]

KEYS: dict[str, tuple[int, ...]] = {
    "next": (275, 274, 262, 258),
    "previous": (276, 273, 260, 264),
    "activate": (13, 271, 261),
    "back": (8, 269),
    "help": (270,),
    "repeat": (256, 266),
}
_ACTION = {code: action for action, codes in KEYS.items() for code in codes}


def action_of(key: int) -> str | None:
    """The keypad action of a key code, or None (not a key the keypad uses)."""
    return _ACTION.get(key)


def reading_order(boxes: Sequence[tuple[float, float, float, float]]) -> list[int]:
    """Indexes of controls (x, y, width, height; y upwards, as Kivy's window) in reading
    order: rows from the top, left to right within a row (controls whose vertical middles
    are within half the smaller one's height share a row)."""
    def middle(i: int) -> float:
        return boxes[i][1] + boxes[i][3] / 2
    order = sorted(range(len(boxes)), key=lambda i: -middle(i))
    rows: list[list[int]] = []
    for i in order:
        if rows:
            j = rows[-1][0]
            if abs(middle(i) - middle(j)) <= min(boxes[i][3], boxes[j][3]) / 2:
                rows[-1].append(i)
                continue
        rows.append([i])
    return [i for row in rows for i in sorted(row, key=lambda k: boxes[k][0])]


def step(current: int | None, count: int, action: str) -> int | None:
    """The focus after ``next`` or ``previous`` among ``count`` controls (wrapping round)."""
    if count == 0:
        return None
    if current is None:
        return 0 if action == "next" else count - 1
    return (current + (1 if action == "next" else -1)) % count

"""Pictograms in the real window: the home tiles, the shell's controls and the main actions of
the queue, identify and events screens carry Tabler icons drawn from the icon font
(kiosk/icons.py), not text stand-ins, and things are named in the visitor's words. Every tile
title shows whole (FitLabel), in normal mode as in elders' mode (tests/ui/test_elders_mode.py).
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from kiosk import elders
from kiosk.icons import ICONS


@lru_cache(maxsize=None)
def font_codes(path: str) -> frozenset[int]:
    """The code points the font has a glyph for (its cmap)."""
    from fontTools import ttLib as ttlib   # a test dependency (pyproject: test)
    return frozenset(ttlib.TTFont(path).getBestCmap())


def needs_icon_font(app) -> None:
    if not app.icon_font:
        pytest.skip("the icon font is not installed (scripts/setup.sh installs it)")


def shown_tiles(home) -> list[str]:
    """The names of the tiles in the home screen's tree, in their order."""
    names = {home.ids[f"tile_{name}"].__self__: name for name in elders.HOME_TILES}
    return [names[tile] for tile in reversed(home.ids.tile_grid.children)]


def assert_pictogram(app, tile, min_size: float) -> None:
    """The tile's pictogram is its icon's glyph, in the icon font, which has it, drawn at
    its own size (a vector glyph rendered large, not a small texture stretched)."""
    picture = tile.ids.picture
    code = ICONS[tile.icon][1]
    assert picture.text == chr(code) and picture.font_name == app.icon_font, tile.icon
    assert code in font_codes(app.icon_font), f"{tile.icon}: {code:#x} not in the font"
    assert picture.font_size >= min_size
    assert picture.texture is not None and picture.texture_size[1] >= 0.9 * picture.font_size
    assert tuple(picture.texture.size) == tuple(picture.texture_size)


def assert_whole(label, sentence: bool = False) -> None:
    """``label`` shows its whole text: nothing shortened to "...", drawn inside its box, and
    no word broken across lines (a Chinese title, with no spaces, on one line); a
    ``sentence`` may wrap between Chinese characters, but loses none."""
    assert label.text and not label.shorten, label.text
    assert label.texture_size[0] <= label.width + 1 and label.texture_size[1] <= label.height + 1, \
        (label.text, label.texture_size, label.size)
    lines = ["".join(word.text for word in line.words).strip() for line in label._label._cached_lines]
    if sentence:
        assert "".join("".join(lines).split()) == "".join(label.text.split()), (label.text, lines)
    else:
        assert " ".join(lines) == " ".join(label.text.split()), (label.text, lines)


def carries(app, button, name: str) -> None:
    """An action button's text starts with its pictogram, in the icon font."""
    glyph = chr(ICONS[name][1])
    assert button.markup and button.text.startswith(f"[font={app.icon_font}]{glyph}[/font]"), \
        (name, button.text)
    assert ICONS[name][1] in font_codes(app.icon_font)


def test_home_tiles_and_controls_carry_icons_from_the_icon_font(fresh):
    ui = fresh
    needs_icon_font(ui.app)
    ui.tap_at(640, 300)
    ui.wait(lambda: ui.screen() == "home")
    ui.pump(3)
    home = ui.app.screens["home"]
    for lang in ("zh_CN", "en"):
        # normal mode as it was: every tile on one page, in its order, with its subtitle,
        # the look toggles, and no page turn
        assert shown_tiles(home) == list(elders.HOME_TILES)
        assert home.ids.page_turn_button.parent is None
        assert home.ids.large_text_button.parent is home.ids.controls.__self__
        assert home.ids.contrast_button.parent is home.ids.controls.__self__
        for name in elders.HOME_TILES:
            tile = home.ids[f"tile_{name}"]
            assert tile.icon == name and not tile.wide
            assert_pictogram(ui.app, tile, 80)
            assert_whole(tile.ids.title)
            assert tile.ids.subtitle.parent is tile.__self__
            assert_whole(tile.ids.subtitle, sentence=True)
        texts = ui.texts()
        for stand_in in ("岗位", "RIASEC", "A001", "√", "✓", "JOBS", "Sign up", "Check", "Events",
                         "登记", "诊断", "活动"):
            assert stand_in not in texts, stand_in
        ui.shot("home_icons_zh" if lang == "zh_CN" else "home_icons_en")
        if lang == "zh_CN":
            assert "职业兴趣测评" in texts
            ui.app.toggle_language()
            ui.wait(lambda: "Find jobs" in ui.texts())
            ui.pump(3)
    for name in ("identify", "elders", "finish"):
        carries(ui.app, home.ids[f"{name}_button"], name)
    assert chr(ICONS["help"][1]) in ui.app.topbar.ids.help_button.text


def test_the_main_actions_carry_pictograms(fresh):
    """Each main action of the queue, identify and events screens (and "my progress"):
    its pictogram before its words."""
    ui = fresh
    needs_icon_font(ui.app)
    ui.tap_at(640, 300)
    ui.wait(lambda: ui.screen() == "home")
    app = ui.app
    wanted = {"queue": {"confirm_button": "queue", "reprint_button": "print", "finish_button": "finish"},
              "identify": {"done_button": "home", "consent_button": "unchecked"},
              "events": {"home_button": "home", "back_button": "back", "register_button": "agree",
                         "cancel_button": "cancel", "identify_button": "identify",
                         "done_back_button": "events", "reprint_button": "print"},
              "progress": {"identify_button": "identify", "print_button": "print"}}
    for screen, buttons in wanted.items():
        ui.go(screen)   # built and shown; buttons of stages not shown exist all the same
        for button, name in buttons.items():
            carries(app, app.screens[screen].ids[button], name)
    # the consent's pictogram and colour follow it
    identify = app.screens["identify"]
    identify.consent = True
    ui.pump(2)
    carries(app, identify.ids.consent_button, "checked")
    assert identify.ids.consent_button.selected
    identify.consent = False
    identify.identified = True
    ui.pump(2)
    carries(app, identify.ids.done_button, "next")
    identify.identified = False
    ui.go("home")


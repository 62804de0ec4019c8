"""Pictograms in the real window: the home tiles and the shell's controls carry Tabler icons
drawn from the icon font (kiosk/icons.py), not text stand-ins, and things are named in the
visitor's words."""

from __future__ import annotations

import pytest

from kiosk.icons import ICONS


def test_home_tiles_and_controls_carry_icons_from_the_icon_font(fresh):
    ui = fresh
    if not ui.app.icon_font:
        pytest.skip("the icon font is not installed (scripts/setup.sh installs it)")
    ui.tap_at(640, 300)
    ui.wait(lambda: ui.screen() == "home")
    ui.pump(3)
    home = ui.app.screens["home"]
    for tile, name in (("tile_jobs", "jobs"), ("tile_quiz", "quiz"), ("tile_queue", "queue"),
                       ("tile_progress", "progress")):
        picture = home.ids[tile].children[-1]   # the tile's first label: its pictogram
        assert picture.text == chr(ICONS[name][1]) and picture.font_name == ui.app.icon_font
        # drawn: the label's texture holds ink, not an empty box
        assert picture.texture is not None and picture.texture.width > 40
    texts = ui.texts()
    for stand_in in ("岗位", "RIASEC", "A001", "√", "✓", "JOBS"):
        assert stand_in not in texts, stand_in
    assert "职业兴趣测评" in texts
    assert chr(ICONS["help"][1]) in ui.app.topbar.ids.help_button.text
    ui.shot("home_icons_zh")
    ui.app.toggle_language()
    ui.wait(lambda: "Find jobs" in ui.texts())
    ui.shot("home_icons_en")

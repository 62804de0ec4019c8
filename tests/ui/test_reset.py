"""A session's end wipes every screen's visitor state: each screen declares each of its
properties once, as the visitor's or the terminal's, and ``reset_session`` puts every
visitor property back to its default."""

from __future__ import annotations

import pytest
from kivy.properties import BooleanProperty, DictProperty, ListProperty, NumericProperty, Property, \
    StringProperty

from screens import registry
from screens.base import KioskScreen

#: a value each property can take that is not its default and that the screen can show
#: (a stage is one of the screen's stages)
VALID = {("queue", "stage"): "ticket", ("quiz", "stage"): "result",
         ("identify", "stage"): "identified", ("identify", "card_message"): "card_pulled",
         ("progress", "action"): "print", ("registration", "step"): "review",
         ("registration", "nav"): "send", ("difficulty", "stage"): "result",
         ("difficulty", "offer"): "ticket", ("home", "banner"): "matches"}
RECORD = {"id": 1, "job_id": 1, "title": "T", "employer": "E", "district": "D", "salary": "S",
          "posted": "P", "verified": "V", "name": "N", "name_en": "N", "code": "X", "letter": "A",
          "label": "AX7-1", "service": "S"}


def _own_properties(screen: KioskScreen) -> set[str]:
    """The Kivy properties the screen's own classes declare (not Screen's, not the base's)."""
    return {name for cls in type(screen).__mro__
            if issubclass(cls, KioskScreen) and cls is not KioskScreen
            for name, value in vars(cls).items() if isinstance(value, Property)}


def _other_value(name: str, screen_name: str, prop: Property, default):
    from kivy.graphics.texture import Texture
    if (screen_name, name) in VALID:
        return VALID[(screen_name, name)]
    if isinstance(prop, BooleanProperty):
        return not default
    if isinstance(prop, NumericProperty):
        return default + 7
    if isinstance(prop, StringProperty):
        return default + "visitor"
    if isinstance(prop, ListProperty):
        return [dict(RECORD)]
    if isinstance(prop, DictProperty):
        return dict(RECORD)
    return Texture.create(size=(2, 2))


@pytest.fixture(scope="module")
def every_screen(ui):
    app = ui.app
    return {name: app.screens.get(name) or app._add_screen(name) for name in sorted(registry.names())}


def test_every_property_is_declared_once(every_screen):
    for name, screen in every_screen.items():
        visitor, shell = set(screen.visitor_state), set(screen.shell_state)
        assert not visitor & shell, f"{name}: {visitor & shell} declared twice"
        assert visitor | shell == _own_properties(screen), \
            f"{name}: not declared as visitor or shell state: {_own_properties(screen) - visitor - shell}"


def test_reset_session_restores_every_visitor_property(fresh, every_screen):
    for name, screen in every_screen.items():
        defaults = {}
        for prop_name in screen.visitor_state:
            prop = screen.property(prop_name)
            defaults[prop_name] = prop.defaultvalue
            setattr(screen, prop_name, _other_value(prop_name, name, prop, prop.defaultvalue))
            assert getattr(screen, prop_name) != prop.defaultvalue, f"{name}.{prop_name} not changed"
        fresh.pump(2)
        screen.reset_session()
        for prop_name, default in defaults.items():
            assert getattr(screen, prop_name) == default, f"{name}.{prop_name} survives the wipe"
    fresh.pump(2)

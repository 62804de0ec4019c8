"""The screenshot command of the fleet console: refused while a visitor is in a session (their
screen never leaves the terminal as an image), taken when the terminal is idle."""

from __future__ import annotations

import base64
from types import SimpleNamespace

from kiosk.session import VisitorSession

PNG = b"\x89PNG\r\n\x1a\n-idle-screen"


class FakeRoot:
    """The app's root widget: ``export_to_png`` writes a known image, and counts."""

    def __init__(self):
        self.exports = 0

    def export_to_png(self, path: str) -> None:
        self.exports += 1
        with open(path, "wb") as f:
            f.write(PNG)


def _screenshot(session: VisitorSession) -> tuple[list, FakeRoot]:
    """Run the real handler as the heartbeat thread would, and the UI clock once."""
    from kivy.clock import Clock

    from kiosk.remote import register_commands
    root = FakeRoot()
    app = SimpleNamespace(root=root, services=SimpleNamespace(session=session))
    fleet = SimpleNamespace(handlers={}, errors=[], on_config=None)
    register_commands(app, fleet)
    answers: list = []
    fleet.handlers["screenshot"]({}, lambda ok, result, attachment: answers.append((ok, result, attachment)))
    Clock.tick()   # the hop to the UI thread
    return answers, root


def test_a_screenshot_is_refused_while_a_visitor_is_in_a_session():
    session = VisitorSession()
    session.start("zh_CN")
    answers, root = _screenshot(session)
    assert root.exports == 0
    assert len(answers) == 1
    ok, result, attachment = answers[0]
    assert ok is False and attachment is None and "visitor is using the terminal" in result


def test_an_idle_terminal_sends_its_screen():
    answers, root = _screenshot(VisitorSession())
    assert root.exports == 1
    assert [(ok, base64.b64decode(attachment)) for ok, _, attachment in answers] == [(True, PNG)]

"""Visitor session wiping and the idle timer, without a window."""

from devices.base import PersonIdentity
from kiosk.idle import IdleTimer
from kiosk.session import VisitorSession


def test_session_masks_and_wipes():
    s = VisitorSession()
    s.start("zh_CN")
    s.identify(PersonIdentity("idcard", "110101199003071234", "张三"))
    s.record("search", query="kj")
    s.data["quiz"] = [1, 2]
    assert s.masked_id == "110***********1234" and s.masked_name == "张*"
    assert s.person_ref() is None  # no consent, nothing leaves the terminal
    s.consent = True
    assert s.person_ref()["id_number"] == "110101199003071234"
    s.wipe()
    assert s.is_empty() and s.masked_id == ""


def test_idle_timer_warns_then_expires_once():
    now = [0.0]
    t = IdleTimer(10, 3, now=lambda: now[0])
    assert t.poll() == "active"  # not armed
    t.arm()
    now[0] = 6.9
    assert t.poll() == "active"
    now[0] = 7.5
    assert t.poll() == "warning" and 2 < t.remaining < 3
    t.touch()
    now[0] = 12
    assert t.poll() == "active"
    now[0] = 17.6
    assert t.poll() == "expired"
    assert t.poll() == "active"  # disarmed after expiry

"""News about an event on the terminal's home screen, in the real window against the real
central service (issue 20): staff cancel an event a visitor registered for, and a place
frees up at a fair where they were waiting (both through the service layer); when the
visitor next identifies with their card, the home screen tells them, one notice at a time,
in Chinese and in English; tapping the notice opens the event; the service is told, so the
visitor's next visit shows neither again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from central.models import StaffUser
from central.models.events import EventRegistration, HallEvent
from central.services import hall_events, hall_events_staff
from central.services.identity import IdentityKeys, find_person
from central.settings import DEV_SECRET
from devices.idcard.emulator import DEMO_CARDS
from tests.api.test_hall_events import register
from tests.factories import hall_event
from tests.ui.test_casework import identify


def showing_notice(home) -> bool:
    """The notice is in the home screen's header (kiosk.elders.home_layout put it there)."""
    return home.ids.notice_button.__self__ in home.ids.header.children


def _news_for_the_visitor(central) -> tuple[int, int]:
    """A training course the visitor holds a place at, cancelled by staff; a fair where they
    were waiting, whose seat holder gave the place up. Returns (course, fair)."""
    course = hall_event(central.db, capacity=5, kind="training", title="电工技能培训",
                        title_en="Electrician skills course")
    fair = hall_event(central.db, capacity=1, title="十二月小型招聘会", title_en="December job fair")
    seat_holder = register(central.http, central.kiosk_headers("notice-other"), fair, 401).json()
    assert seat_holder["state"] == "registered"
    keys = IdentityKeys({1: DEV_SECRET}, 1)
    card = DEMO_CARDS[0]
    with central.db.session() as s:
        s.get(HallEvent, course).starts_at += timedelta(days=1)   # the newer news first
        s.get(HallEvent, course).ends_at += timedelta(days=1)
        s.commit()
        visitor = find_person(s, keys, card["id_number"], card["name"], create=True)
        assert hall_events.enrol(s, course, visitor).state == "registered"
        assert hall_events.enrol(s, fair, visitor).state == "waiting"
        s.commit()
        admin = s.scalar(select(StaffUser).where(StaffUser.username == "admin"))
        hall_events_staff.cancel_event(s, admin, course)
        other = s.scalar(select(EventRegistration.person_id).where(EventRegistration.token == seat_holder["token"]))
        hall_events.withdraw(s, fair, other)
        s.commit()
        notices = dict(s.execute(select(EventRegistration.event_id, EventRegistration.notice)
                                 .where(EventRegistration.person_id == visitor.id)).tuples().all())
    assert notices == {course: "event_cancelled", fair: "promoted"}
    return course, fair


def _notice_of(central, event_id: int) -> str:
    with central.db.session() as s:
        card = DEMO_CARDS[0]
        person = find_person(s, IdentityKeys({1: DEV_SECRET}, 1), card["id_number"], create=False)
        return s.scalar(select(EventRegistration.notice).where(
            EventRegistration.event_id == event_id, EventRegistration.person_id == person.id))


def test_the_home_screen_tells_a_visitor_what_changed(fresh, central_up, emulators):
    ui, idcard, central = fresh, emulators["idcard"], central_up
    central.clear_rate_limits()
    course, fair = _news_for_the_visitor(central)
    home = ui.app.screens["home"]
    identify(ui, idcard, 0)
    try:
        # the cancelled course first (its event is the later one), in Chinese
        ui.wait(lambda: showing_notice(home), 8, "no notice on the home screen")
        assert home.notice["event_id"] == course
        ui.wait(lambda: "电工技能培训" in home.ids.notice_button.text, 3)
        assert "已取消" in home.ids.notice_button.text
        ui.shot("events_notice_cancelled_zh")
        ui.wait(lambda: _notice_of(central, course) == "", 8, "the service was not told")
        assert _notice_of(central, fair) == "promoted"   # not shown yet: still pending
        ui.app.toggle_language()
        ui.pump(3)
        assert "Electrician skills course" in home.ids.notice_button.text
        assert "has been cancelled" in home.ids.notice_button.text
        ui.shot("events_notice_cancelled_en")
        ui.app.toggle_language()
        ui.pump(2)
        # tapping it opens the event, which says it is cancelled and offers nothing to press
        ui.tap(home.ids.notice_button)
        events = ui.app.screens["events"]
        ui.wait(lambda: ui.screen() == "events" and events.event.get("id") == course, 8,
                lambda: f"the event did not open: {events.message}")
        assert events.step == "detail" and events.action == "none"
        assert events.ids.event_body.text.startswith("本活动已取消")
        ui.shot("events_notice_opened_zh")
        # back home: the next notice, moved up from the waiting list
        ui.go("home")
        ui.wait(lambda: showing_notice(home) and home.notice.get("event_id") == fair, 8,
                lambda: f"no second notice: {dict(home.notice)}")
        ui.wait(lambda: "十二月小型招聘会" in home.ids.notice_button.text, 3)
        assert "候补转为正式报名" in home.ids.notice_button.text
        ui.shot("events_notice_promoted_zh")
        ui.app.toggle_language()
        ui.pump(3)
        assert "you are now registered for December job fair" in home.ids.notice_button.text
        ui.shot("events_notice_promoted_en")
        ui.app.toggle_language()
        ui.wait(lambda: _notice_of(central, fair) == "", 8, "the service was not told")
        ui.tap(home.ids.notice_button)
        ui.wait(lambda: events.event.get("id") == fair and events.action == "cancel", 8,
                lambda: f"the fair's place is not offered to cancel: {events.action}")
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)
    # the next visit: told once, so no notice
    identify(ui, idcard, 0)
    try:
        from kiosk import progress
        ui.wait(lambda: progress.remembered(ui.app.services.session) is not None, 8, "no record fetched")
        ui.pump(3)
        assert not showing_notice(home) and not home.notice
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)

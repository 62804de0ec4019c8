"""What happens to people when an event changes under them, over HTTP on SQLite and
PostgreSQL (issue 20): the notices a terminal's home screen shows (moved up from the waiting
list, the event cancelled), shown once; a capacity raised in the edit moves the first people
waiting up in order; a person erased gives their seat at an event still to come to the first
person waiting, in the same transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from central.models import utcnow
from central.models.events import EventRegistration, HallEvent
from central.models.queue import Person, Ticket
from central.services import hall_events, retention
from tests.api.test_hall_events import person, proof, register
from tests.factories import hall_event
from tests.servers import fresh_database_url


def _mine(central, headers, i: int, event: int) -> dict:
    regs = central.http.post("/api/kiosk/progress", json=proof(i), headers=headers).json()["events"]
    return next(r for r in regs if r["event_id"] == event)


def _shown(central, headers, *items) -> int:
    r = central.http.post("/api/kiosk/hall-events/notices/shown", headers=headers,
                          json={"notices": [{"token": t, "notice": n} for t, n in items]})
    assert r.status_code == 200, r.text
    return r.json()["cleared"]


def test_notices_are_kept_until_a_terminal_showed_them(central):
    central.clear_rate_limits()
    kiosk = central.kiosk_headers("ev-notice")
    event = hall_event(central.db, capacity=1)
    first, second = register(central.http, kiosk, event, 101).json(), register(central.http, kiosk, event, 102).json()
    assert _mine(central, kiosk, 101, event)["notice"] == "" == _mine(central, kiosk, 102, event)["notice"]
    # the first gives the place up themselves (no notice: they know); the second moves up
    central.http.post(f"/api/kiosk/hall-events/{event}/cancel", json=proof(101), headers=kiosk)
    assert _mine(central, kiosk, 101, event)["notice"] == ""
    moved = _mine(central, kiosk, 102, event)
    assert (moved["state"], moved["notice"], moved["token"]) == ("registered", "promoted", second["token"])
    # a terminal that showed the notice says so: the next visit does not show it again
    assert _shown(central, kiosk, (second["token"], "promoted")) == 1
    assert _mine(central, kiosk, 102, event)["notice"] == ""
    assert _shown(central, kiosk, (second["token"], "promoted")) == 0   # idempotent
    # staff cancel the event: everyone holding or awaiting a place is told, once
    waiting = register(central.http, kiosk, event, 103).json()
    assert waiting["state"] == "waiting"
    staff = central.staff_headers()
    assert central.http.post(f"/api/hall-events/{event}/cancel", headers=staff).status_code == 200
    told = {i: _mine(central, kiosk, i, event) for i in (101, 102, 103)}
    assert [told[i]["notice"] for i in (101, 102, 103)] == ["", "event_cancelled", "event_cancelled"]
    assert told[102]["event_cancelled"] and told[102]["token"] == second["token"]
    # an acknowledgement of an older notice leaves the newer one; a wrong token clears nothing
    assert _shown(central, kiosk, (second["token"], "promoted"), ("x" * 24, "event_cancelled")) == 0
    assert _shown(central, kiosk, (second["token"], "event_cancelled"), (waiting["token"], "event_cancelled")) == 2
    assert _mine(central, kiosk, 103, event)["notice"] == ""
    with central.db.session() as s:
        reg = s.scalar(select(EventRegistration).where(EventRegistration.token == second["token"]))
        assert reg.notice == "" and reg.notified_at is not None
    # only a terminal may say so, and only about notices it could have shown
    item = {"notices": [{"token": first["token"], "notice": "promoted"}]}
    url = "/api/kiosk/hall-events/notices/shown"
    assert central.http.post(url, json=item, headers=staff).status_code in (401, 403)
    assert central.http.post(url, json=item).status_code == 401
    for bad in ({"notices": []}, {"notices": [{"token": "../x", "notice": "promoted"}]},
                {"notices": [{"token": first["token"], "notice": "hired"}]},
                {"notices": [{"token": first["token"], "notice": "promoted"}] * 21}):
        assert central.http.post(url, json=bad, headers=kiosk).status_code == 422


def test_news_of_an_event_that_is_over_is_no_news(central):
    central.clear_rate_limits()
    kiosk = central.kiosk_headers("ev-over")
    event = hall_event(central.db, capacity=1)
    register(central.http, kiosk, event, 111)
    register(central.http, kiosk, event, 112)
    central.http.post(f"/api/kiosk/hall-events/{event}/cancel", json=proof(111), headers=kiosk)
    assert _mine(central, kiosk, 112, event)["notice"] == "promoted"
    with central.db.session() as s:
        e = s.get(HallEvent, event)
        e.starts_at, e.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
        s.commit()
    assert _mine(central, kiosk, 112, event)["notice"] == ""


def _edit(central, staff, event: int, **changes):
    with central.db.session() as s:
        e = s.get(HallEvent, event)
        body = {"hall_id": e.hall_id, "kind": e.kind, "title": e.title, "capacity": e.capacity,
                "starts_at": e.starts_at.isoformat(), "ends_at": e.ends_at.isoformat()}
    return central.http.put(f"/api/hall-events/{event}", json={**body, **changes}, headers=staff)


def test_a_larger_capacity_moves_the_first_waiting_up_in_order(central):
    central.clear_rate_limits()
    kiosk = central.kiosk_headers("ev-capacity")
    event = hall_event(central.db, capacity=1)
    regs = [register(central.http, kiosk, event, 120 + i).json() for i in range(4)]
    assert [r["state"] for r in regs] == ["registered", "waiting", "waiting", "waiting"]
    staff = central.staff_headers("manager", "manager-demo")
    r = _edit(central, staff, event, capacity=3)
    assert r.status_code == 200 and r.json()["seats_left"] == 0 and r.json()["waiting"] == 1
    states = [_mine(central, kiosk, 120 + i, event) for i in range(4)]
    assert [(s["state"], s["notice"]) for s in states] == [
        ("registered", ""), ("registered", "promoted"), ("registered", "promoted"), ("waiting", "")]
    assert states[3]["position"] == 1
    # a smaller one keeps everyone who holds a place
    assert _edit(central, staff, event, capacity=1).status_code == 200
    with central.db.session() as s:
        assert s.get(HallEvent, event).seats_taken == 3
        assert s.query(EventRegistration).filter_by(event_id=event, state="registered").count() == 3


def _ticket_of(central, kiosk, i: int) -> int:
    import uuid
    body = person(i)
    r = central.http.post("/api/kiosk/tickets", headers=kiosk, json={
        "key": uuid.uuid4().hex, "service_code": "job_seeker_registration",
        "person": {"id_number": body["id_number"], "name": body["name"], "card": body["card"]}})
    assert r.status_code == 200, r.text
    return r.json()["id"]


def test_erasing_a_person_gives_their_seats_to_the_first_waiting(central):
    central.clear_rate_limits()
    kiosk = central.kiosk_headers("ev-erase")
    coming, over, called_off = (hall_event(central.db, capacity=1) for _ in range(3))
    for event in (coming, over, called_off):
        assert register(central.http, kiosk, event, 130).json()["state"] == "registered"
    behind = [register(central.http, kiosk, coming, 131 + i).json() for i in range(2)]
    assert [r["position"] for r in behind] == [1, 2]
    register(central.http, kiosk, over, 131)
    register(central.http, kiosk, called_off, 131)
    staff = central.staff_headers("manager", "manager-demo")
    central.http.post(f"/api/hall-events/{called_off}/cancel", headers=staff)
    with central.db.session() as s:   # one of the events is over by now
        e = s.get(HallEvent, over)
        e.starts_at, e.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
        s.commit()
    ticket = _ticket_of(central, kiosk, 130)
    r = central.http.post(f"/api/tickets/{ticket}/erase-person", headers=staff)
    assert r.status_code == 200, r.text
    with central.db.session() as s:
        regs = {(reg.event_id, reg.token): reg for reg in s.scalars(select(EventRegistration))}
        assert s.get(Ticket, ticket).person_id is None
        # the seat to come went to the first waiting, the second moved to first place
        up = regs[(coming, behind[0]["token"])]
        assert (up.state, up.notice, up.promoted_at is not None) == ("registered", "promoted", True)
        assert regs[(coming, behind[1]["token"])].state == "waiting"
        assert s.get(HallEvent, coming).seats_taken == 1
        # an event that is over, or cancelled, keeps its count and its waiting list as it was
        assert s.get(HallEvent, over).seats_taken == 1 and s.get(HallEvent, called_off).seats_taken == 1
        assert {r.state for (e, _), r in regs.items() if e in (over, called_off)} == {"waiting"}
        assert not any(r.person_id is None for r in regs.values())
    assert _mine(central, kiosk, 132, coming)["position"] == 1


def test_erasing_several_people_in_one_transaction_keeps_the_count(central):
    """Two seat holders of one event erased together (the purge of inactive people): two
    seats back, the two first waiting up, in order; a rollback leaves everything as it was."""
    central.clear_rate_limits()
    kiosk = central.kiosk_headers("ev-erase-2")
    event = hall_event(central.db, capacity=2)
    regs = [register(central.http, kiosk, event, 140 + i).json() for i in range(5)]
    with central.db.session() as s:
        ids = [s.scalar(select(EventRegistration.person_id).where(EventRegistration.token == regs[i]["token"]))
               for i in (0, 1)]
        retention.erase_people(s, ids)
        s.rollback()
        assert s.get(HallEvent, event).seats_taken == 2
        assert s.scalar(select(Person).where(Person.id == ids[0])) is not None
        retention.erase_people(s, ids)
        s.commit()
    with central.db.session() as s:
        states = [s.scalar(select(EventRegistration.state).where(EventRegistration.token == r["token"]))
                  for r in regs]
        assert states == [None, None, "registered", "registered", "waiting"]
        assert s.get(HallEvent, event).seats_taken == 2
        assert hall_events.registration_out(
            s, s.scalar(select(EventRegistration).where(EventRegistration.token == regs[4]["token"])),
            s.get(HallEvent, event)).position == 1


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    pg = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    with fresh_database_url(request.param, tmp_path, pg) as url:
        yield url


def test_the_migration_leaves_notices_for_changes_made_before_it(empty_url):
    """Places moved up, and events cancelled, before notices existed: their people are told
    at their next visit; nobody else is."""
    import sqlalchemy as sa

    from tests.api.test_staff_roles import _alembic
    _alembic(empty_url, "0011_hall_events")
    engine = sa.create_engine(empty_url)
    event = ("INSERT INTO hall_events (id, hall_id, kind, title, title_en, description, description_en, "
             "place, place_en, bring, bring_en, starts_at, ends_at, capacity, eligibility, "
             "eligibility_value, state, seats_taken, waiting_seq, created_at, updated_at) VALUES "
             "(:id, 1, 'training', 't', '', '', '', '', '', '', '', :at, :at, 2, 'anyone', '', :state, 1, 1, :at, :at)")
    reg = ("INSERT INTO event_registrations (event_id, person_id, state, token, promoted_at, created_at, "
           "updated_at) VALUES (:event, :person, :state, :token, :promoted, :at, :at)")
    at = utcnow()
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO halls (id, code, name, name_en, address) VALUES (1, 'a', 'A', '', '')"))
        for i in range(1, 6):
            c.execute(sa.text("INSERT INTO people (id, id_hash, masked_id, masked_name, created_at) "
                              "VALUES (:i, :h, '', '', :at)"), {"i": i, "h": f"h{i}", "at": at})
        c.execute(sa.text(event), {"id": 1, "at": at, "state": "open"})
        c.execute(sa.text(event), {"id": 2, "at": at, "state": "cancelled"})
        for event_id, person, state, promoted in ((1, 1, "registered", at), (1, 2, "registered", None),
                                                  (1, 3, "cancelled", at), (2, 4, "waiting", None),
                                                  (2, 5, "cancelled", None)):
            c.execute(sa.text(reg), {"event": event_id, "person": person, "state": state,
                                     "token": f"token-{person:04d}", "promoted": promoted, "at": at})
    _alembic(empty_url, "heads")
    with engine.begin() as c:
        notices = dict(c.execute(sa.text("SELECT person_id, notice FROM event_registrations")).all())
    engine.dispose()
    assert notices == {1: "promoted", 2: "", 3: "", 4: "event_cancelled", 5: ""}

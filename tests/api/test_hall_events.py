"""Hall events over HTTP on SQLite and PostgreSQL (issue 20): registration from terminals with
the card's proof, once per person, the waiting list and its promotion, idempotent check-in
that refuses another event's code, the report; capacity under concurrent registrations from
several terminals in threads and from two service processes."""

from __future__ import annotations

from datetime import timedelta
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from central.db import Database, migrate
from central.models import utcnow
from central.models.events import EventPosting, EventRegistration, HallEvent
from central.models.fleet import AuditEntry
from central.models.queue import Person, Referral
from central.seed import seed
from central.services import hall_events
from tests.factories import hall_event
from tests.servers import CentralProcess, create_kiosk_code, fresh_database_url


def person(i: int) -> dict:
    """A visitor's proof: a distinct ID number and the card it was read from."""
    return {"id_number": f"1101011990{i:08d}", "name": "李四", "consent": True,
            "card": {"source": "smartcard", "card_number": f"C{i:08d}"}}


def proof(i: int) -> dict:
    body = person(i)
    return {"id_number": body["id_number"], "card": body["card"]}


def register(http, headers, event_id, i, base=""):
    return http.post(f"{base}/api/kiosk/hall-events/{event_id}/register", json=person(i), headers=headers)


def test_life_of_an_event(central):
    central.clear_rate_limits()
    one, two = central.kiosk_headers("ev-1"), central.kiosk_headers("ev-2")
    event = hall_event(central.db, capacity=2, postings=3)
    listed = central.http.get("/api/kiosk/hall-events", headers=one).json()["events"]
    assert event in [e["id"] for e in listed]
    shown = central.http.get(f"/api/kiosk/hall-events/{event}", headers=one).json()
    assert shown["seats_left"] == 2 and len(shown["employers"][0]["postings"]) == 3
    first, second = register(central.http, one, event, 1).json(), register(central.http, two, event, 2).json()
    third = register(central.http, one, event, 3).json()
    assert [first["state"], second["state"], third["state"]] == ["registered", "registered", "waiting"]
    assert third["position"] == 1 and len(first["token"]) >= 20
    # a waiting person's code does not get them in
    staff = central.staff_headers()
    early = central.http.post(f"/api/hall-events/{event}/check-in", json={"token": third["token"]}, headers=staff)
    assert early.status_code == 409
    # once per person: registering again answers the same place
    again = register(central.http, two, event, 1).json()
    assert again["state"] == "registered" and again["token"] == first["token"]
    # the first cancels: the one waiting moves up, and sees it in "my progress"
    cancelled = central.http.post(f"/api/kiosk/hall-events/{event}/cancel", json=proof(1), headers=two)
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    mine = central.http.post("/api/kiosk/progress", json=proof(3), headers=one).json()["events"]
    promoted = next(e for e in mine if e["event_id"] == event)
    assert promoted["state"] == "registered" and promoted["promoted"] and promoted["token"]
    assert central.http.get(f"/api/kiosk/hall-events/{event}", headers=one).json()["seats_left"] == 0
    # check-in at the door: idempotent; a code of another event is refused
    staff = central.staff_headers()
    other = hall_event(central.db, capacity=5)
    url = f"/api/hall-events/{event}/check-in"
    wrong = central.http.post(f"/api/hall-events/{other}/check-in", json={"token": promoted["token"]},
                              headers=staff)
    assert wrong.status_code == 409 and wrong.json()["detail"] == "other_event"
    r1 = central.http.post(url, json={"token": promoted["token"]}, headers=staff).json()
    r2 = central.http.post(url, json={"token": f" {promoted['token']}\n"}, headers=staff).json()
    assert (r1["state"], r1["already"], r2["state"], r2["already"]) == ("attended", False, "attended", True)
    assert "*" in r1["person"]
    assert central.http.post(url, json={"token": second["token"]}, headers=staff).json()["already"] is False
    stale = central.http.post(url, json={"token": first["token"]}, headers=staff)
    assert stale.status_code == 409   # a cancelled place does not get in (a new code if they return)
    # a fair's referrals since it began count in its report
    with central.db.session() as s:
        attendee = s.query(EventRegistration).filter_by(event_id=event, state="attended").first().person_id
        job = s.query(EventPosting).filter_by(event_id=event).first().job_id
        began = s.get(HallEvent, event).starts_at
        s.add_all([Referral(person_id=attendee, job_id=job, state="hired", created_at=began + timedelta(hours=1)),
                   Referral(person_id=attendee, job_id=job, state="sent", created_at=began - timedelta(days=2))])
        s.commit()
        assert s.query(AuditEntry).filter_by(action="event_check_in", target=f"event:{event}").count() == 2
    report = central.http.get(f"/api/hall-events/{event}/report", headers=staff).json()
    assert report == {"registered": 2, "attended": 2, "no_shows": 0, "waiting": 0, "cancelled": 1,
                      "attendance_rate": 1.0, "referrals": 1, "hires": 1}


def test_refusals(central):
    central.clear_rate_limits()
    headers = central.kiosk_headers("ev-r")
    grads = hall_event(central.db, eligibility="graduates")
    r = register(central.http, headers, grads, 40)
    assert r.status_code == 409 and r.json()["detail"] == "not_eligible"
    with central.db.session() as s:   # staff set the group; the terminal never says it
        s.query(Person).filter(Person.masked_id.like("110%0040")).update({"priority_group": "graduate"},
                                                                         synchronize_session=False)
        s.commit()
    assert register(central.http, headers, grads, 40).json()["state"] == "registered"
    closed = hall_event(central.db, registration_closes=utcnow())
    assert register(central.http, headers, closed, 41).json()["detail"] == "registration_closed"
    assert register(central.http, headers, 99999, 41).status_code == 404
    assert central.http.post(f"/api/kiosk/hall-events/{grads}/register", json={**person(42), "consent": False},
                             headers=headers).status_code == 422
    wrong_card = {**proof(40), "card": {"source": "smartcard", "card_number": "OTHER"}}
    assert central.http.post(f"/api/kiosk/hall-events/{grads}/cancel", json=wrong_card,
                             headers=headers).status_code == 409
    assert central.http.get("/api/kiosk/hall-events?kind=party", headers=headers).status_code == 422
    staff = central.staff_headers()
    assert central.http.post(f"/api/hall-events/{grads}/check-in", json={"token": "x' OR 1=1"},
                             headers=staff).status_code == 422
    cancelled = central.http.post(f"/api/hall-events/{grads}/cancel", headers=staff).json()
    assert cancelled["cancelled"] is True
    assert register(central.http, headers, grads, 43).json()["detail"] == "event_cancelled"
    mine = central.http.post("/api/kiosk/progress", json=proof(40), headers=headers).json()["events"]
    assert next(e for e in mine if e["event_id"] == grads)["event_cancelled"] is True


def _check_capacity(db: Database, event: int, capacity: int, people: int) -> None:
    with db.session() as s:
        regs = s.query(EventRegistration).filter_by(event_id=event).all()
        states = [r.state for r in regs]
        assert len(regs) == people, "a person registered twice, or a registration was lost"
        assert states.count("registered") == capacity
        assert s.get(HallEvent, event).seats_taken == capacity
        seqs = sorted(r.waiting_seq for r in regs if r.state == "waiting")
        assert len(seqs) == len(set(seqs)) == people - capacity


def test_capacity_under_concurrent_terminals(central):
    central.clear_rate_limits()
    terminals = [central.kiosk_headers(f"ev-c{i}") for i in range(4)]
    event = hall_event(central.db, capacity=7)
    jobs = [i for i in range(100, 140)] + [100, 101, 102, 103, 104] * 2   # repeats: once per person

    def one(i):
        with httpx.Client(base_url=central.url, timeout=60) as http:
            r = register(http, terminals[i % 4], event, i)
            assert r.status_code == 200, r.text
            return i, r.json()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(one, jobs))
    _check_capacity(central.db, event, 7, 40)
    positions = sorted(r["position"] for i, r in results if r["state"] == "waiting" and i >= 105)
    assert positions and positions[-1] <= 33


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_capacity_with_two_service_processes(kind, tmp_path, request):
    pg = request.getfixturevalue("postgres_url") if kind == "postgres" else None
    with fresh_database_url(kind, tmp_path, pg) as url:
        migrate(url)
        db = Database(url)
        with db.session() as s:
            seed(s, seed_value=3, jobs=5)
        event = hall_event(db, capacity=9)
        codes = [create_kiosk_code(url, f"door-{n}") for n in range(2)]
        servers = [CentralProcess(url).start(), CentralProcess(url).start()]
        try:
            tokens = [httpx.post(servers[n].url + "/api/kiosks/enrol", json={"code": codes[n]}).json()["token"]
                      for n in range(2)]

            def one(i):
                with httpx.Client(timeout=60) as http:
                    r = register(http, {"Authorization": f"Bearer {tokens[i % 2]}"}, event, i,
                                 servers[(i // 2) % 2].url)
                    assert r.status_code == 200, r.text
                    return r.json()["state"]
            with ThreadPoolExecutor(max_workers=20) as pool:
                states = list(pool.map(one, list(range(60)) + list(range(0, 60, 6))))
        finally:
            for server in servers:
                server.stop()
        _check_capacity(db, event, 9, 60)
        with db.session() as s:   # a cancellation then promotes the first waiting, once
            first = s.query(EventRegistration).filter_by(event_id=event, state="waiting") \
                .order_by(EventRegistration.waiting_seq).first().id
            seated = s.query(EventRegistration).filter_by(event_id=event, state="registered").first()
            hall_events.withdraw(s, event, seated.person_id)
            s.commit()
            assert s.get(EventRegistration, first).state == "registered"
            assert s.query(EventRegistration).filter_by(event_id=event, state="registered").count() == 9
            assert s.get(HallEvent, event).seats_taken == 9
        db.dispose()
        assert states.count("registered") >= 9


def test_public_page_with_event_jsonld(central):
    import json
    import re
    event = hall_event(central.db, capacity=4, postings=2, title="</script><b>招聘会")
    page = central.http.get(f"/events/{event}")
    assert page.status_code == 200 and "</script><b>" not in page.text and "&lt;b&gt;招聘会" in page.text
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S).group(1))
    assert ld["@type"] == "Event" and ld["name"] == "</script><b>招聘会"
    assert ld["maximumAttendeeCapacity"] == 4 and ld["eventStatus"].endswith("EventScheduled")
    assert [p["@type"] for p in ld["about"]] == ["JobPosting", "JobPosting"]
    for posting in ld["about"]:   # each links to the posting's own page
        assert central.http.get("/jobs/" + posting["url"].rsplit("/jobs/", 1)[1]).status_code == 200
    assert central.http.get("/events/999999").status_code == 404


def test_the_phone_page_cancels_and_promotes(central):
    central.clear_rate_limits()
    headers = central.kiosk_headers("ev-phone")
    event = hall_event(central.db, capacity=1)
    first, second = register(central.http, headers, event, 60).json(), register(central.http, headers, event, 61).json()
    page = central.http.get(f"/e/{second['token']}")
    assert page.status_code == 200 and "候补第1位" in page.text and "1101011990" not in page.text
    r = central.http.post(f"/api/public/event-registrations/{first['token']}/cancel")
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    assert "有名额空出" in central.http.get(f"/e/{second['token']}").text
    again = central.http.post(f"/api/public/event-registrations/{first['token']}/cancel")
    assert again.json()["state"] == "cancelled"   # idempotent: nothing else moves
    with central.db.session() as s:
        assert s.get(HallEvent, event).seats_taken == 1
    for bad in ["x" * 65, "../../etc", "%00", "a b"]:
        assert central.http.get(f"/e/{bad}").status_code in (404, 422)
        assert central.http.post(f"/api/public/event-registrations/{bad}/cancel").status_code in (404, 405, 422)
    # the door takes the address the slip's QR holds, as the phone's scanner app types it
    staff = central.staff_headers()
    door = central.http.post(f"/api/hall-events/{event}/check-in", headers=staff,
                             json={"token": f"http://hall.example/e/{second['token']}\n"})
    assert door.json()["state"] == "attended"


def test_staff_move_a_waiting_person_to_the_front(central):
    central.clear_rate_limits()
    headers = central.kiosk_headers("ev-move")
    event = hall_event(central.db, capacity=1)
    regs = [register(central.http, headers, event, 70 + i).json() for i in range(4)]
    assert [r["position"] for r in regs[1:]] == [1, 2, 3]
    with central.db.session() as s:
        last = s.query(EventRegistration).filter_by(token=regs[3]["token"]).one().id
        seated = s.query(EventRegistration).filter_by(token=regs[0]["token"]).one().id
    staff = central.staff_headers()
    moved = central.http.post(f"/api/hall-events/{event}/registrations/{last}/move-up", headers=staff)
    assert moved.status_code == 200 and moved.json()["position"] == 1
    assert central.http.post(f"/api/hall-events/{event}/registrations/{seated}/move-up",
                             headers=staff).status_code == 409
    central.http.post(f"/api/kiosk/hall-events/{event}/cancel", json=proof(70), headers=headers)
    mine = central.http.post("/api/kiosk/progress", json=proof(73), headers=headers).json()["events"]
    assert next(e for e in mine if e["event_id"] == event)["state"] == "registered"

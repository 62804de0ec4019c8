"""Terminals are trusted only with what they saw (issue 15, sections 2, 3 and 4's first
bullet): "my progress" needs the card's proof, is rate-limited and audited, and shows no
staff notes; events land on a record only with that proof; arrival times and priority
claims are bounded; idempotency keys are the terminal's own; staff get no status links."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from central.models import Kiosk, utcnow
from central.models.fleet import AuditEntry, KioskStatus
from central.models.identity import RateCount
from central.models.queue import Person, ServiceRecord, Ticket
from central.services.identity import IdentityKeys, find_person

ID_B = "11010119850611402X"
CARD_B = {"source": "idcard", "issuer": "北京市公安局东城分局", "valid_from": "20160611",
          "valid_to": "20360611"}
RENEWED_B = {**CARD_B, "valid_from": "20260611", "valid_to": "20460611"}
KEYS = IdentityKeys({1: "development-only-secret-change-me"}, 1)


def kiosk(central, name=None):
    """A fresh terminal (its own rate-limit counters) and its id."""
    name = name or f"trust-{uuid.uuid4().hex[:8]}"
    headers = central.kiosk_headers(name)
    with central.db.session() as s:
        return headers, s.query(Kiosk).filter_by(name=name).one().id


def progress(central, headers, id_number=ID_B, card=CARD_B):
    return central.http.post("/api/kiosk/progress", json={"id_number": id_number, "card": card},
                             headers=headers)


def ticket(central, headers, **extra):
    body = {"key": uuid.uuid4().hex, "service_code": "job_seeker_registration", **extra}
    r = central.http.post("/api/kiosk/tickets", json=body, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def drain(central):
    with central.db.session() as s:
        s.query(Ticket).filter(Ticket.status.in_(("waiting", "called"))).update(
            {Ticket.status: "done"}, synchronize_session=False)
        s.commit()


@pytest.fixture(scope="module")
def staff(central):
    return central.staff_headers("counsellor1", "counsellor-demo")


def test_progress_needs_the_card_on_record_and_a_renewed_card_is_confirmed_at_a_counter(central, staff):
    headers, kiosk_id = kiosk(central)
    assert central.http.post("/api/kiosk/progress", json={"id_number": ID_B},
                             headers=headers).status_code == 422   # a number alone is refused
    t = ticket(central, headers, person={"id_number": ID_B, "name": "李四", "card": CARD_B})
    assert progress(central, headers).status_code == 200          # the card the ticket recorded
    guessed = progress(central, headers, card={**CARD_B, "valid_from": "20160612"})
    assert guessed.status_code == 409 and guessed.json()["detail"] == "card_mismatch"
    assert progress(central, headers, card=RENEWED_B).status_code == 409
    # the renewed card's ticket reaches the counter marked, and staff confirm the card there
    renewed = ticket(central, headers, person={"id_number": ID_B, "name": "李四", "card": RENEWED_B})
    assert central.http.get(f"/api/tickets/{renewed['id']}/visitor", headers=staff).json()["card_unconfirmed"]
    assert central.http.get(f"/api/tickets/{t['id']}/visitor", headers=staff).json()["card_unconfirmed"] is False
    r = central.http.post(f"/api/tickets/{renewed['id']}/visitor/card-renewed", headers=staff)
    assert r.status_code == 200 and r.json()["card_unconfirmed"] is False
    assert progress(central, headers, card=RENEWED_B).status_code == 200   # recorded now
    assert progress(central, headers, card=CARD_B).status_code == 409      # the old card no more
    with central.db.session() as s:
        lookups = s.query(AuditEntry).filter_by(action="progress_lookup").filter(
            AuditEntry.detail.like(f"kiosk:{kiosk_id} %")).all()
        assert [e.detail.split()[1] for e in lookups] == ["match", "mismatch", "mismatch",
                                                          "recorded", "mismatch"]
        person_id = find_person(s, KEYS, ID_B, create=False).id
        assert {e.target for e in lookups} == {f"person:{person_id}"}
        assert all(ID_B not in e.detail + e.target for e in lookups)
        renewal = s.query(AuditEntry).filter_by(action="card_renewed").one()
        assert renewal.target == f"person:{person_id}" and renewal.staff_id is not None


def test_only_counsellors_of_the_tickets_hall_confirm_a_renewed_card(central):
    headers, _ = kiosk(central)
    t = ticket(central, headers, person={"id_number": ID_B, "name": "李四", "card": CARD_B})
    viewer = central.staff_headers("viewer", "viewer-demo")
    assert central.http.post(f"/api/tickets/{t['id']}/visitor/card-renewed", headers=viewer).status_code == 403
    assert central.http.post(f"/api/tickets/{t['id']}/visitor/card-renewed", headers=headers).status_code == 401
    with central.db.session() as s:
        s.get(Ticket, t["id"]).hall_id = _other_hall(s)
        s.commit()
    counsellor = central.staff_headers("counsellor1", "counsellor-demo")
    # another hall's ticket is not found, as if it did not exist (central.services.access)
    assert central.http.post(f"/api/tickets/{t['id']}/visitor/card-renewed", headers=counsellor).status_code == 404


def _other_hall(s):
    from central.models import Hall
    hall = Hall(name=f"第二大厅 {uuid.uuid4().hex[:6]}", code=uuid.uuid4().hex[:8])
    s.add(hall)
    s.flush()
    return hall.id


def test_progress_lookups_are_limited_per_terminal_and_per_person(central):
    headers, _ = kiosk(central)
    answers = [progress(central, headers, id_number=f"1101011990010{n:04d}1").status_code
               for n in range(121)]   # 121 different (unknown) people from one terminal
    assert answers[:120] == [200] * 120 and answers[120] == 429
    other, _ = kiosk(central)
    person = [progress(central, other, id_number="110101199001014321").status_code for _ in range(11)]
    assert person[:10] == [200] * 10 and person[10] == 429
    third, _ = kiosk(central)   # the person's limit holds at any terminal
    assert progress(central, third, id_number="110101199001014321").status_code == 429
    with central.db.session() as s:
        assert s.query(AuditEntry).filter(AuditEntry.detail.like("% rate_limited")).count() >= 2


def test_the_visitor_sees_no_counsellors_note_only_the_summary_for_them(central, staff):
    drain(central)
    headers, _ = kiosk(central)
    person = {"id_number": ID_B, "name": "李四", "card": RENEWED_B}
    t = ticket(central, headers, person=person)
    called = central.http.post("/api/counters/1/call-next", headers=staff).json()
    assert called["id"] == t["id"]
    central.http.post(f"/api/tickets/{t['id']}/finish", headers=staff,
                      json={"note": "情绪低落，疑似抑郁", "visitor_summary": "已登记求职意向"})
    mine = progress(central, headers, card=RENEWED_B).json()
    lines = [s["summary"] for s in mine["services"]]
    assert any("已登记求职意向" in line for line in lines)
    assert not any("抑郁" in line for line in lines)
    seen = central.http.get(f"/api/tickets/{t['id']}/visitor", headers=staff).json()
    assert any("抑郁" in h["summary"] for h in seen["history"])   # staff still read it


def test_an_event_lands_on_a_record_only_with_the_card_proof(central):
    headers, _ = kiosk(central)
    ticket(central, headers, person={"id_number": ID_B, "name": "李四", "card": RENEWED_B})
    forger, _ = kiosk(central)

    def quiz(card):
        ref = {"id_number": ID_B, "name": "李四", "source": "idcard", **({"card": card} if card else {})}
        event = {"key": uuid.uuid4().hex, "kind": "quiz_result", "occurred_at": utcnow().isoformat(),
                 "payload": {"code": "RIA", "scores": {}, "person": ref}}
        assert central.http.post("/api/kiosk/events", json={"events": [event]},
                                 headers=forger).status_code == 200
        with central.db.session() as s:
            person = find_person(s, KEYS, ID_B, create=False)
            return s.query(ServiceRecord).filter_by(person_id=person.id, kind="quiz_result").count()

    before = quiz(None)            # a bare number
    assert quiz({**RENEWED_B, "issuer": "上海市公安局"}) == before   # a guessed card
    assert quiz(RENEWED_B) == before + 1                            # the card itself


def test_arrival_times_are_held_to_the_terminals_offline_window(central):
    drain(central)
    name = f"trust-{uuid.uuid4().hex[:8]}"
    headers, _ = kiosk(central, name)
    central.outage(name, 20, 10)
    now = utcnow()
    first = ticket(central, headers)
    forged = ticket(central, headers, arrival_at="2000-01-01T00:00:00", fallback_label="AX900")
    future = ticket(central, headers, arrival_at=(now + timedelta(hours=2)).isoformat(),
                    fallback_label="AX901")
    before_outage = ticket(central, headers, arrival_at=(now - timedelta(minutes=40)).isoformat(),
                           fallback_label="AX902")
    in_outage = ticket(central, headers, arrival_at=(now - timedelta(minutes=15)).isoformat(),
                       fallback_label="AX903")
    skewed = ticket(central, headers, arrival_at=(now - timedelta(minutes=10, seconds=-30)).isoformat(),
                    fallback_label="AX904")
    def ahead(t):
        token = t["status_url"].rsplit("/", 1)[1]
        return central.http.get(f"/api/public/tickets/{token}").json()["people_ahead"]

    assert ahead(in_outage) == 0 and ahead(skewed) == 1 and ahead(first) == 2
    for late in (forged, future, before_outage):   # ignored claims: they arrive now, behind `first`
        assert ahead(late) >= 3
    with central.db.session() as s:
        arrival = {t.label: t.arrival_at for t in s.query(Ticket).filter(
            Ticket.id.in_([first["id"], forged["id"], future["id"], before_outage["id"]]))}
        assert all(a >= now - timedelta(seconds=5) for a in arrival.values())


def test_a_heartbeat_after_a_gap_records_the_outage(central):
    headers, kiosk_id = kiosk(central)
    assert central.http.post("/api/kiosk/heartbeat", json={}, headers=headers).status_code == 200
    gone = utcnow() - timedelta(minutes=30)
    with central.db.session() as s:
        s.get(KioskStatus, kiosk_id).last_seen = gone
        s.commit()
    central.http.post("/api/kiosk/heartbeat", json={}, headers=headers)
    central.http.post("/api/kiosk/heartbeat", json={}, headers=headers)   # no gap: kept
    with central.db.session() as s:
        status = s.get(KioskStatus, kiosk_id)
        assert abs(status.offline_since - gone) < timedelta(seconds=1)
        assert status.online_since > gone + timedelta(minutes=29)


def test_priority_comes_from_staff_data_not_the_terminals_claim(central):
    drain(central)
    headers, _ = kiosk(central)
    plain = ticket(central, headers)
    claimed = ticket(central, headers, priority_group="elderly")
    assert claimed["people_ahead"] == plain["people_ahead"] + 1
    with central.db.session() as s:
        assert s.get(Ticket, claimed["id"]).priority == 0


def test_idempotency_keys_are_the_terminals_own(central):
    a, _ = kiosk(central)
    b, _ = kiosk(central)
    key = uuid.uuid4().hex
    first = ticket(central, b, key=key)
    other = ticket(central, a, key=key, fallback_label="AX777")
    assert other["id"] != first["id"] and other["status_url"] != first["status_url"]
    with central.db.session() as s:
        assert s.get(Ticket, first["id"]).label == first["label"]   # not relabelled
    assert ticket(central, b, key=key)["id"] == first["id"]          # its own retry still is
    event = {"key": key, "kind": "job_print", "occurred_at": utcnow().isoformat(), "payload": {}}
    for headers in (a, b):
        r = central.http.post("/api/kiosk/events", json={"events": [event]}, headers=headers)
        assert r.json()["accepted"] == [key]


def test_staff_responses_carry_no_status_link(central, staff):
    drain(central)
    headers, _ = kiosk(central)
    t = ticket(central, headers)
    assert "status_url" in t
    queue = central.http.get("/api/queue", headers=staff).json()
    called = central.http.post("/api/counters/1/call-next", headers=staff).json()
    recalled = central.http.post(f"/api/tickets/{t['id']}/recall", headers=staff).json()
    done = central.http.post(f"/api/tickets/{t['id']}/finish", json={}, headers=staff).json()
    assert called["id"] == t["id"] and done["status"] == "done"
    for answer in (*queue, called, recalled, done):
        assert "status_url" not in answer and t["status_url"].rsplit("/", 1)[1] not in str(answer)
    schema = central.http.get("/openapi.json").json()["components"]["schemas"]
    assert "status_url" not in schema["StaffTicketOut"]["properties"]


def test_logins_are_limited_per_address_across_usernames_in_the_database(central):
    try:
        answers = [central.http.post("/api/auth/login", json={"username": f"spray{n}", "password": "x"}).status_code
                   for n in range(31)]
        assert answers[:30] == [401] * 30 and answers[30] == 429
        # even the right password of a real user from that address waits now
        assert central.http.post("/api/auth/login", json={"username": "viewer",
                                                          "password": "viewer-demo"}).status_code == 429
        with central.db.session() as s:
            # the refused attempt is not counted; a window boundary may split the rest
            assert sum(r.count for r in s.query(RateCount).filter(RateCount.key.like("login:addr:%"))) == 30
    finally:
        central.clear_rate_limits()


def test_enrolment_codes_are_limited_per_address(central):
    try:
        answers = [central.http.post("/api/kiosks/enrol", json={"code": f"WRNG-{n:04d}"}).status_code
                   for n in range(21)]
        assert answers[:20] == [403] * 20 and answers[20] == 429
        code = central.new_kiosk_code("limited")
        assert central.http.post("/api/kiosks/enrol", json={"code": code}).status_code == 429
    finally:
        central.clear_rate_limits()

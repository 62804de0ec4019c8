"""The queue over HTTP: numbering, idempotency, priority, routing, transfer, recall,
no-show, finish onto the service record, wait estimates, ratings, fallback merge."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from central.models import Counter, StaffUser, utcnow
from central.models.queue import Person, ServiceRecord, Ticket

ID_A = "110101199003071233"
CARD_A = {"source": "idcard", "issuer": "北京市公安局东城分局", "valid_from": "20150307",
          "valid_to": "20350307"}
PERSON_A = {"id_number": ID_A, "name": "张晓明", "card": CARD_A}


def take(central, headers, service="job_seeker_registration", **extra):
    body = {"key": uuid.uuid4().hex, "service_code": service, **extra}
    r = central.http.post("/api/kiosk/tickets", json=body, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(scope="module")
def desk(central):
    """A terminal and two counsellors' headers; the queue is emptied per module."""
    with central.db.session() as s:
        s.query(ServiceRecord).delete()
        s.query(Ticket).delete()
        s.commit()
    return {"kiosk": central.kiosk_headers("queue-kiosk"),
            "c1": central.staff_headers("counsellor1", "counsellor-demo"),
            "c2": central.staff_headers("counsellor2", "counsellor-demo"),
            "viewer": central.staff_headers("viewer", "viewer-demo")}


def call(central, headers, counter):
    r = central.http.post(f"/api/counters/{counter}/call-next", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def drain(central, desk):
    for counter in range(1, 7):
        while (t := call(central, desk["c1"], counter)) is not None:
            central.http.post(f"/api/tickets/{t['id']}/finish", json={}, headers=desk["c1"])


def test_numbers_count_up_per_service_with_documents(central, desk):
    drain(central, desk)
    a = take(central, desk["kiosk"])
    b = take(central, desk["kiosk"])
    c = take(central, desk["kiosk"], "unemployment_registration")
    assert a["label"][0] == "A" and b["label"][0] == "A" and c["label"][0] == "B"
    assert int(b["label"][1:]) == int(a["label"][1:]) + 1
    assert b["people_ahead"] == a["people_ahead"] + 1
    assert any(d["name"] == "居民身份证原件" for d in a["documents"])
    assert a["status_url"].startswith("http://127.0.0.1:8000/t/")


def test_retry_with_the_same_key_returns_the_same_ticket(central, desk):
    body = {"key": uuid.uuid4().hex, "service_code": "career_guidance"}
    first = central.http.post("/api/kiosk/tickets", json=body, headers=desk["kiosk"]).json()
    again = central.http.post("/api/kiosk/tickets", json=body, headers=desk["kiosk"]).json()
    assert first["id"] == again["id"] and first["label"] == again["label"]


def set_priority(central, id_number, group):
    from central.services.identity import IdentityKeys, find_person
    with central.db.session() as s:
        find_person(s, IdentityKeys({1: "development-only-secret-change-me"}, 1), id_number).priority_group = group
        s.commit()


def test_priority_then_arrival_and_counter_services(central, desk):
    drain(central, desk)
    elder, grad = "110101194001011238", "110101200001011236"
    set_priority(central, elder, "elderly")
    set_priority(central, grad, "graduate")
    plain = take(central, desk["kiosk"])
    elderly = take(central, desk["kiosk"], person={**PERSON_A, "id_number": elder})
    graduate = take(central, desk["kiosk"], person={**PERSON_A, "id_number": grad})
    assert elderly["people_ahead"] == 0 and graduate["people_ahead"] == 1
    assert central.http.get(f"/api/public/tickets/{plain['status_url'].rsplit('/', 1)[1]}").json()["people_ahead"] == 2
    # counter 1 serves A (job-seeker registration) and B
    order = [call(central, desk["c1"], 1)["label"] for _ in range(3)]
    assert order == [elderly["label"], graduate["label"], plain["label"]]


def test_dedicated_counsellor_routing(central, desk):
    drain(central, desk)
    with central.db.session() as s:
        c2 = s.query(StaffUser).filter_by(username="counsellor2").one()
        from central.services.identity import IdentityKeys, find_person
        person = find_person(s, IdentityKeys({1: "development-only-secret-change-me"}, 1), ID_A)
        person.counsellor_id, person.priority_group = c2.id, "long_term_unemployed"
        s.commit()
        counter2 = s.get(Counter, c2.counter_id)
        service = counter2.service_codes[0]
    other = take(central, desk["kiosk"], service)
    routed = take(central, desk["kiosk"], service, person=PERSON_A)
    assert routed["routed_counter"] == counter2.name
    # another counter serving that service does not get the routed visitor
    with central.db.session() as s:
        other_counter = next(c for c in s.query(Counter).all()
                             if service in c.service_codes and c.id != counter2.id)
    assert call(central, desk["c1"], other_counter.id)["label"] == other["label"]
    assert call(central, desk["c1"], other_counter.id) is None
    assert call(central, desk["c2"], counter2.id)["label"] == routed["label"]


def test_recall_no_show_finish_and_service_record(central, desk):
    drain(central, desk)
    t = take(central, desk["kiosk"], person=PERSON_A)
    called = call(central, desk["c1"], 1)
    assert called["id"] == t["id"] and called["status"] == "called" and called["counter_number"] == 1
    recalled = central.http.post(f"/api/tickets/{t['id']}/recall", headers=desk["c1"]).json()
    assert recalled["recalls"] == 1
    done = central.http.post(f"/api/tickets/{t['id']}/finish", json={"note": "登记完成，推荐3个岗位"},
                             headers=desk["c1"]).json()
    assert done["status"] == "done"
    with central.db.session() as s:
        person = s.query(Person).filter(Person.masked_id == "110***********1233").one()
        record = s.query(ServiceRecord).filter_by(ticket_id=t["id"]).one()
        assert record.person_id == person.id and "推荐3个岗位" in record.summary
        assert ID_A not in (person.id_hash + person.masked_id)
    u = take(central, desk["kiosk"])
    call(central, desk["c1"], 1)
    assert central.http.post(f"/api/tickets/{u['id']}/no-show", headers=desk["c1"]).json()["status"] == "no_show"
    again = central.http.post(f"/api/tickets/{u['id']}/finish", json={}, headers=desk["c1"])
    assert again.status_code == 409


def test_transfer_keeps_the_place_by_arrival(central, desk):
    drain(central, desk)
    early = take(central, desk["kiosk"])  # A, will transfer to B
    later_b = take(central, desk["kiosk"], "unemployment_registration")
    call(central, desk["c1"], 1)  # calls `early` (A) at counter 1
    moved = central.http.post(f"/api/tickets/{early['id']}/transfer",
                              json={"service_code": "unemployment_registration"}, headers=desk["c1"]).json()
    assert moved["label"].startswith("B") and moved["people_ahead"] == 0
    status = central.http.get(f"/api/public/tickets/{later_b['status_url'].rsplit('/', 1)[1]}").json()
    assert status["people_ahead"] == 1


def test_wait_estimate_follows_service_times(central, desk):
    drain(central, desk)
    with central.db.session() as s:
        now = utcnow()
        for t in s.query(Ticket).filter(Ticket.status == "done").all():
            t.called_at, t.finished_at = now - timedelta(minutes=10), now
        s.commit()
    first = take(central, desk["kiosk"], "career_guidance")
    second = take(central, desk["kiosk"], "career_guidance")
    assert first["wait_min"] == 0 and second["wait_min"] >= 5


def test_rating_once_after_finish(central, desk):
    drain(central, desk)
    t = take(central, desk["kiosk"])
    token = t["status_url"].rsplit("/", 1)[1]
    assert central.http.post(f"/api/public/tickets/{token}/rating", json={"score": 5}).status_code == 409
    call(central, desk["c1"], 1)
    central.http.post(f"/api/tickets/{t['id']}/finish", json={}, headers=desk["c1"])
    assert central.http.post(f"/api/public/tickets/{token}/rating", json={"score": 4, "reasons": ["快"]}).status_code == 200
    assert central.http.post(f"/api/public/tickets/{token}/rating", json={"score": 4}).status_code == 409
    assert central.http.post(f"/api/public/tickets/{token}/rating", json={"score": 9}).status_code == 422
    page = central.http.get(f"/t/{token}")
    assert page.status_code == 200 and t["label"] in page.text


def test_fallback_tickets_merge_in_arrival_order(central, desk):
    drain(central, desk)
    arrived = (utcnow() - timedelta(minutes=5)).isoformat()
    central.outage("queue-kiosk", 6, 3)
    online = take(central, desk["kiosk"])
    merged = take(central, desk["kiosk"], fallback_label="AX001", arrival_at=arrived)
    assert merged["fallback_label"] == "AX001" and merged["people_ahead"] == 0
    assert call(central, desk["c1"], 1)["id"] == merged["id"]
    assert call(central, desk["c1"], 1)["id"] == online["id"]


def test_roles(central, desk):
    assert central.http.post("/api/counters/1/call-next", headers=desk["viewer"]).status_code == 403
    assert central.http.post("/api/counters/1/call-next", headers=desk["kiosk"]).status_code == 401
    assert central.http.post("/api/kiosk/tickets", json={"key": "k" * 10, "service_code": "x"},
                             headers=desk["c1"]).status_code == 401
    assert central.http.post("/api/kiosk/tickets", json={"key": "k" * 10, "service_code": "nope"},
                             headers=desk["kiosk"]).status_code == 404


def test_outbox_ticket_events_join_the_queue(central, desk):
    drain(central, desk)
    online = take(central, desk["kiosk"])
    arrived = (utcnow() - timedelta(minutes=3)).isoformat()
    central.outage("queue-kiosk", 4, 2)
    event = {"key": uuid.uuid4().hex, "kind": "ticket", "occurred_at": arrived,
             "payload": {"service_code": "job_seeker_registration", "fallback_label": "AX101",
                         "arrival_at": arrived}}
    r = central.http.post("/api/kiosk/events", json={"events": [event, event]}, headers=desk["kiosk"])
    assert r.json()["accepted"] == [event["key"]]
    first = call(central, desk["c1"], 1)
    assert first["label"] == "AX101" and first["fallback_label"] == "AX101"
    assert call(central, desk["c1"], 1)["id"] == online["id"]


def test_a_request_that_got_through_after_the_terminal_gave_up_takes_the_fallback_number(central, desk):
    """The terminal timed out, printed its own number, and the late request was served: the
    visitor holds the fallback number, so the one ticket is called by it, never twice."""
    drain(central, desk)
    key = uuid.uuid4().hex
    late = central.http.post("/api/kiosk/tickets", headers=desk["kiosk"],
                             json={"key": key, "service_code": "job_seeker_registration"}).json()
    event = {"key": key, "kind": "ticket", "occurred_at": utcnow().isoformat(),
             "payload": {"service_code": "job_seeker_registration", "fallback_label": "AX107"}}
    assert central.http.post("/api/kiosk/events", json={"events": [event]}, headers=desk["kiosk"]).status_code == 200
    called = call(central, desk["c1"], 1)
    assert called["id"] == late["id"] and called["label"] == "AX107"
    assert call(central, desk["c1"], 1) is None


def test_referrals_and_my_progress(central, desk):
    drain(central, desk)
    t = take(central, desk["kiosk"], person=PERSON_A)
    call(central, desk["c1"], 1)
    central.http.post(f"/api/tickets/{t['id']}/finish", json={"note": "推荐岗位"}, headers=desk["c1"])
    job_id = central.http.get("/api/jobs", params={"status": "verified", "limit": 1}, headers=desk["c1"]).json()["items"][0]["id"]
    ref = central.http.post("/api/referrals", json={"ticket_id": t["id"], "job_id": job_id}, headers=desk["c1"]).json()
    assert ref["state"] == "sent"
    assert central.http.post(f"/api/referrals/{ref['id']}/state", json={"state": "interview"},
                             headers=desk["c2"]).json()["state"] == "interview"
    with central.db.session() as s:   # another counsellor recorded the outcome: still c1's referral
        from central.models import StaffUser
        from central.models.queue import Referral
        c1 = s.query(StaffUser).filter_by(username="counsellor1").one().id
        assert s.get(Referral, ref["id"]).staff_id == c1
    assert central.http.post(f"/api/referrals/{ref['id']}/state", json={"state": "bogus"},
                             headers=desk["c1"]).status_code == 422
    mine = central.http.post("/api/kiosk/progress", json={"id_number": ID_A, "card": CARD_A},
                             headers=desk["kiosk"]).json()
    assert mine["referrals"][0]["state"] == "interview"
    assert mine["services"] and not any("推荐岗位" in s["summary"] for s in mine["services"])
    other = central.http.post("/api/kiosk/progress", json={"id_number": "110101199001011234", "card": CARD_A},
                              headers=desk["kiosk"]).json()
    assert other == {"services": [], "tickets": [], "referrals": [], "counsellor": None,
                     "registration": None, "cases": [], "matching_jobs": 0, "matching_job_ids": [],
                     "events": []}
    assert central.http.post("/api/kiosk/progress", json={"id_number": ID_A, "card": CARD_A},
                             headers=desk["c1"]).status_code == 401
    anon = take(central, desk["kiosk"])
    assert central.http.post("/api/referrals", json={"ticket_id": anon["id"], "job_id": job_id},
                             headers=desk["c1"]).status_code == 409

"""Case management for staff over HTTP (issue 17): the person page's facts and who may read
and change them (audited), the named counsellor making routing reachable, a time-limited
case from a finished visit through sent back to done on time, follow-ups and the caseload."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from central.halltime import hall_today
from central.models import Counter, Service, StaffUser
from central.models.casework import Case, CaseEvent, FollowUp, TierChange
from central.models.fleet import AuditEntry
from central.models.queue import Person, Ticket
from central.services import workdays
from central.services.identity import IdentityKeys, find_person
from tests.factories import hall_records, staff_in_hall

KEYS = IdentityKeys({1: "development-only-secret-change-me"}, 1)
ID_C = "110101197505050019"
CARD_C = {"source": "idcard", "issuer": "北京市公安局朝阳分局", "valid_from": "20190505",
          "valid_to": "20390505"}
ANSWERS = {"out_of_work": "12m_plus", "last_job_end": "laid_off", "skills": "no_fit",
           "health": "no_limit", "caring": "no_care", "age": "age_often", "transport": "travel_easy",
           "confidence": "unsure", "searching": "looked", "applying": "online_help"}


@pytest.fixture(scope="module")
def desk(central):
    with central.db.session() as s:
        s.query(Ticket).filter(Ticket.status.in_(("waiting", "called"))).update(
            {Ticket.status: "done"}, synchronize_session=False)
        s.commit()
    other = hall_records(central.db, 2, "cw2")
    staff_in_hall(central.db, "cw-counsellor-h2", "hall-two-demo", 2, "counsellor")
    kiosk = central.kiosk_headers(f"cw-{uuid.uuid4().hex[:6]}")
    r = central.http.post("/api/kiosk/difficulty", headers=kiosk, json={
        "id_number": ID_C, "card": CARD_C, "name": "刘建国", "consent": True, "answers": ANSWERS})
    assert r.status_code == 200, r.text
    take(central, kiosk, "career_guidance")   # the person now belongs to hall 1
    with central.db.session() as s:
        person_id = find_person(s, KEYS, ID_C, create=False).id
        c1 = s.query(StaffUser).filter_by(username="counsellor1").one().id
    return {"kiosk": kiosk, "person": person_id, "c1_id": c1, "other": other,
            "c1": central.staff_headers("counsellor1", "counsellor-demo"),
            "c2": central.staff_headers("counsellor2", "counsellor-demo"),
            "viewer": central.staff_headers("viewer", "viewer-demo"),
            "manager": central.staff_headers("manager", "manager-demo"),
            "h2": central.staff_headers("cw-counsellor-h2", "hall-two-demo")}


def take(central, kiosk, service):
    body = {"key": uuid.uuid4().hex, "service_code": service,
            "person": {"id_number": ID_C, "name": "刘建国", "card": CARD_C}}
    r = central.http.post("/api/kiosk/tickets", json=body, headers=kiosk)
    assert r.status_code == 200, r.text
    return r.json()


def serve(central, headers, counter, label):
    """Call at ``counter`` until ``label`` comes up (finishing the others); its ticket."""
    for _ in range(50):
        r = central.http.post(f"/api/counters/{counter}/call-next", headers=headers)
        assert r.status_code == 200, r.text
        t = r.json()
        assert t is not None, f"{label} never came to counter {counter}"
        if t["label"] == label:
            return t
        central.http.post(f"/api/tickets/{t['id']}/finish", json={}, headers=headers)
    raise AssertionError("queue too long")


def test_person_page_facts_and_the_audited_read(central, desk):
    r = central.http.get(f"/api/people/{desk['person']}", headers=desk["c1"])
    assert r.status_code == 200, r.text
    p = r.json()
    assert (p["tier"], p["tier_proposed"], p["counsellor"]) == (None, 3, None)
    assert p["masked_name"].startswith("刘") and "1975" not in p["masked_id"] and 1 in p["halls"]
    with central.db.session() as s:
        assert s.query(AuditEntry).filter_by(action="person_read",
                                             target=f"person:{desk['person']}").count() >= 1
    page = central.http.get(f"/console/people/{desk['person']}", headers=desk["c1"])
    assert page.status_code == 200 and "需要重点帮扶和专属就业指导员" in page.text


def test_who_may_read_and_change_a_person(central, desk):
    pid = desk["person"]
    assert central.http.get(f"/api/people/{pid}", headers=desk["viewer"]).status_code == 403
    assert central.http.get(f"/api/people/{pid}", headers=desk["h2"]).status_code == 404
    assert central.http.get("/api/people/99999999", headers=desk["c1"]).status_code == 404
    assert central.http.post(f"/api/people/{pid}/profile", json={"tier": 2},
                             headers=desk["h2"]).status_code == 404
    assert central.http.post(f"/api/people/{pid}/profile", json={"tier": 2},
                             headers=desk["viewer"]).status_code == 403
    assert central.http.post(f"/api/people/{pid}/profile", json={"tier": 4},
                             headers=desk["c1"]).status_code == 422
    with central.db.session() as s:
        h2_staff = s.query(StaffUser).filter_by(username="cw-counsellor-h2").one().id
    # a counsellor of another hall cannot be named
    assert central.http.post(f"/api/people/{pid}/profile", json={"counsellor_id": h2_staff},
                             headers=desk["c1"]).status_code == 422


def test_confirming_the_tier_and_naming_the_counsellor_routes_the_next_ticket(central, desk):
    pid = desk["person"]
    r = central.http.post(f"/api/people/{pid}/profile", headers=desk["c2"],
                          json={"tier": 3, "counsellor_id": desk["c1_id"],
                                "priority_group": "long_term_unemployed"})
    assert r.status_code == 200, r.text
    p = r.json()
    assert (p["tier"], p["tier_confirmed_by"], p["counsellor"], p["priority_group"]) == \
        (3, "陈老师", "李老师", "long_term_unemployed")
    with central.db.session() as s:
        assert s.query(TierChange).filter_by(person_id=pid, to_tier=3).count() == 1
        assert s.query(AuditEntry).filter_by(action="person_update", target=f"person:{pid}").count() == 1
        counter = s.get(Counter, s.get(StaffUser, desk["c1_id"]).counter_id)
    # leaving a field out leaves it as it is
    p = central.http.post(f"/api/people/{pid}/profile", json={"priority_group": None},
                          headers=desk["c2"]).json()
    assert p["priority_group"] is None and p["tier"] == 3 and p["counsellor_id"] == desk["c1_id"]
    ticket = take(central, desk["kiosk"], "unemployment_registration")
    assert ticket["routed_counter"] == counter.name
    progress = central.http.post("/api/kiosk/progress", json={"id_number": ID_C, "card": CARD_C},
                                 headers=desk["kiosk"]).json()
    assert progress["counsellor"] == {"name": "李老师", "counter": counter.number}


def test_a_case_is_sent_back_shown_to_the_visitor_and_closed_on_time(central, desk):
    ticket = take(central, desk["kiosk"], "unemployment_registration")
    with central.db.session() as s:
        counter = s.get(StaffUser, desk["c1_id"]).counter_id
        service = s.query(Service).filter_by(hall_id=1, code="unemployment_registration").one()
        limit, documents = service.time_limit_days, service.documents
    called = serve(central, desk["c1"], counter, ticket["label"])
    visitor = central.http.get(f"/api/tickets/{called['id']}/visitor", headers=desk["c1"]).json()
    assert visitor["case_limit_days"] == limit and visitor["person"]["id"] == desk["person"]
    r = central.http.post(f"/api/tickets/{called['id']}/finish", headers=desk["c1"],
                          json={"note": "材料待补", "open_case": True})
    assert r.status_code == 200, r.text
    case = central.http.post(f"/api/tickets/{called['id']}/case", headers=desk["c1"]).json()
    again = central.http.post(f"/api/tickets/{called['id']}/case", headers=desk["c1"]).json()
    assert case["id"] == again["id"] and case["state"] == "received"
    today = hall_today()
    assert case["opened"] == today.isoformat()
    assert case["due"] == workdays.add_working_days(today, limit).day.isoformat()
    act = lambda body, who="c1": central.http.post(f"/api/cases/{case['id']}/action",  # noqa: E731
                                                   json=body, headers=desk[who])
    assert act({"action": "send_back", "missing": []}).status_code == 422
    assert act({"action": "send_back", "missing": [len(documents)]}).status_code == 422
    assert act({"action": "send_back", "missing": [1, 2]}, "h2").status_code == 404
    assert act({"action": "send_back", "missing": [1, 2]}, "viewer").status_code == 403
    sent = act({"action": "send_back", "missing": [1, 2], "note": "缺两份"})
    assert sent.status_code == 200, sent.text
    assert [m["name"] for m in sent.json()["missing"]] == [documents[1]["name"], documents[2]["name"]]
    progress = central.http.post("/api/kiosk/progress", json={"id_number": ID_C, "card": CARD_C},
                                 headers=desk["kiosk"]).json()
    shown = next(c for c in progress["cases"] if c["id"] == case["id"])
    assert shown["state"] == "sent_back" and shown["due"] == case["due"]
    assert [m["name_en"] for m in shown["missing"]] == [documents[1]["name_en"], documents[2]["name_en"]]
    token = ticket["status_url"].rsplit("/", 1)[1]               # the ticket's phone page
    phone = central.http.get(f"/api/public/tickets/{token}").json()["case"]
    assert phone["state"] == "sent_back" and len(phone["missing"]) == 2
    page = central.http.get(f"/t/{token}").text
    assert "请补交以下材料" in page and documents[2]["name"] in page and "刘" not in page
    assert act({"action": "done"}).status_code == 409          # sent back: review first
    assert act({"action": "review"}).json()["missing"] == []
    assert act({"action": "step"}).json()["steps_done"] == 1
    done = act({"action": "done"}).json()
    assert done["state"] == "done" and done["on_time"] is True and done["closed"] == today.isoformat()
    assert all(s["done"] for s in done["steps"])
    assert act({"action": "review"}).status_code == 409
    with central.db.session() as s:
        events = [e.state for e in s.query(CaseEvent).filter_by(case_id=case["id"]).order_by(CaseEvent.id)]
        assert events == ["received", "sent_back", "in_review", "in_review", "done"]
        assert s.query(CaseEvent).filter_by(case_id=case["id"], state="sent_back").one().missing
    progress = central.http.post("/api/kiosk/progress", json={"id_number": ID_C, "card": CARD_C},
                                 headers=desk["kiosk"]).json()
    assert next(c for c in progress["cases"] if c["id"] == case["id"])["missing"] == []


def test_no_case_without_a_time_limit_or_an_identified_visitor(central, desk):
    ticket = take(central, desk["kiosk"], "job_seeker_registration")
    with central.db.session() as s:
        counter = s.get(StaffUser, desk["c1_id"]).counter_id
    called = serve(central, desk["c1"], counter, ticket["label"])
    r = central.http.post(f"/api/tickets/{called['id']}/finish", headers=desk["c1"],
                          json={"open_case": True})
    assert r.status_code == 409
    with central.db.session() as s:   # the refused case left the visit unfinished
        assert s.get(Ticket, called["id"]).status in ("called", "serving")
    assert central.http.post(f"/api/tickets/{called['id']}/finish", headers=desk["c1"],
                             json={}).status_code == 200
    assert central.http.post(f"/api/tickets/{called['id']}/case", headers=desk["c1"]).status_code == 409


def test_follow_ups_and_the_caseload_order(central, desk):
    pid = desk["person"]
    central.http.post(f"/api/people/{pid}/profile", json={"counsellor_id": desk["c1_id"]},
                      headers=desk["c1"])
    today = hall_today()
    r = central.http.post(f"/api/people/{pid}/follow-ups", headers=desk["c1"],
                          json={"kind": "phone", "outcome": "约好下周面谈",
                                "next_on": (today - timedelta(days=1)).isoformat()})
    assert r.status_code == 200, r.text
    assert central.http.post(f"/api/people/{pid}/follow-ups", json={"kind": "fax"},
                             headers=desk["c1"]).status_code == 422
    assert central.http.post(f"/api/people/{pid}/follow-ups", json={"kind": "phone"},
                             headers=desk["h2"]).status_code == 404
    rows = central.http.get("/api/caseload", headers=desk["c1"]).json()
    mine = next(r for r in rows if r["person_id"] == pid)
    assert mine["reason"] == "follow_up_due" and mine["due"] == (today - timedelta(days=1)).isoformat()
    assert mine["last_contact"] == today.isoformat()
    assert rows[0]["due"] <= mine["due"]                      # what is due first is on top
    dues = [r["due"] for r in rows if r["due"]]
    assert dues == sorted(dues)
    # a newer follow-up without a next date: nothing due but 30 days after today's contact
    central.http.post(f"/api/people/{pid}/follow-ups", json={"kind": "visit"}, headers=desk["c1"])
    mine = next(r for r in central.http.get("/api/caseload", headers=desk["c1"]).json()
                if r["person_id"] == pid)
    assert mine["reason"] == "no_contact" and mine["due"] == (today + timedelta(days=30)).isoformat()
    # a hall manager may read a counsellor's caseload; a counsellor may not read another's
    assert central.http.get(f"/api/caseload?counsellor_id={desk['c1_id']}",
                            headers=desk["manager"]).json() == \
        central.http.get("/api/caseload", headers=desk["c1"]).json()
    assert central.http.get(f"/api/caseload?counsellor_id={desk['c1_id']}",
                            headers=desk["c2"]).status_code == 403
    with central.db.session() as s:
        assert s.query(FollowUp).filter_by(person_id=pid).count() == 2


def test_hall_closures_move_new_due_dates(central, desk):
    monday = hall_today() + timedelta(days=(7 - hall_today().weekday()))
    r = central.http.post("/api/halls/1/closures", json={"day": (monday + timedelta(days=400)).isoformat(),
                                                         "reason": "搬迁"}, headers=desk["manager"])
    assert r.status_code == 200, r.text
    assert central.http.post("/api/halls/1/closures", json={"day": (monday + timedelta(days=400)).isoformat()},
                             headers=desk["manager"]).status_code == 409
    assert central.http.post("/api/halls/1/closures", json={"day": monday.isoformat()},
                             headers=desk["c1"]).status_code == 403
    assert central.http.post("/api/halls/1/closures", json={"day": monday.isoformat()},
                             headers=desk["h2"]).status_code == 403   # no manager anywhere
    days = [c["day"] for c in central.http.get("/api/halls/1/closures", headers=desk["viewer"]).json()]
    assert (monday + timedelta(days=400)).isoformat() in days
    with central.db.session() as s:   # the Tuesday closed: one working day after Monday is Wednesday
        due = workdays.due_date(s, 1, monday + timedelta(days=399), 1)
        assert due.day == monday + timedelta(days=401)
        assert workdays.due_date(s, 2, monday + timedelta(days=399), 1).day == monday + timedelta(days=400)


def test_the_reports_show_the_loop(central, desk):
    """After the tests above: the case closed on time, the follow-ups, the tier confirmed."""
    get = lambda name: central.http.get(f"/api/casework-reports/{name}",  # noqa: E731
                                        headers=desk["manager"]).json()
    cases = next(r for r in get("cases_on_time") if r["service"] == "失业登记")
    assert cases["closed"] >= 1 and cases["closed_on_time"] == cases["closed"]
    assert cases["on_time_share"] == 1.0
    follow = next(r for r in get("follow_ups") if r["counsellor"] == "李老师")
    assert follow["logged"] >= 2
    assert {"from_tier": None, "to_tier": 3} in [{k: r[k] for k in ("from_tier", "to_tier")}
                                                 for r in get("tier_movement")]
    load = next(r for r in get("caseload") if r["counsellor"] == "李老师")
    assert load["people"] >= 1 and load["tier_3"] >= 1
    mix = {r["tier"]: r["people"] for r in get("tier_mix")}
    assert mix[3] >= 1

"""The back office over HTTP (SQLite and PostgreSQL): a hall manager keeps the hall's
services, priority rules, counters, staff and announcements; the rules refuse what would
break the hall; a terminal sees the change at its next pull; every change is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import hall_records, staff_in_hall

PW = "hall-three-pw"


@pytest.fixture(scope="module")
def hall3(central):
    records = hall_records(central.db, 3, "h3")
    hall_records(central.db, 4, "h4")
    staff_in_hall(central.db, "mgr-h3", PW, 3, "hall_manager")
    staff_in_hall(central.db, "mgr-h4", PW, 4, "hall_manager")
    staff_in_hall(central.db, "couns-h3", PW, 3, "counsellor")
    return {**records, "mgr": central.staff_headers("mgr-h3", PW),
            "mgr4": central.staff_headers("mgr-h4", PW)}


def _audit(central, action: str) -> list[str]:
    from central.models.fleet import AuditEntry
    with central.db.session() as s:
        return list(s.scalars(select(AuditEntry.target).where(AuditEntry.action == action)))


SERVICE = {"code": "skills_subsidy", "letter": "S", "name": "技能补贴", "name_en": "Skills subsidy",
           "documents": [{"name": "职业资格证书", "name_en": "Vocational certificate", "note": "原件"}],
           "conditions": "取得证书 12 个月内", "steps": [{"name": "受理"}, {"name": "审核"}],
           "time_limit_days": 5, "requires_identity": True}


def test_a_manager_adds_a_service_and_the_terminal_pulls_it(central, hall3):
    made = central.http.post("/api/halls/3/services", headers=hall3["mgr"], json=SERVICE)
    assert made.status_code == 201, made.text
    assert made.json()["time_limit_days"] == 5 and made.json()["steps"][1]["name"] == "审核"
    assert f"service:{made.json()['id']}" in _audit(central, "service_create")
    # a terminal of hall 3 sees it, with everything its one-time notice shows
    kiosk = _kiosk_of_hall(central, 3)
    pulled = {s["code"]: s for s in central.http.get("/api/kiosk/services", headers=kiosk).json()}
    assert pulled["skills_subsidy"]["documents"][0]["note"] == "原件"
    assert pulled["skills_subsidy"]["conditions"] == "取得证书 12 个月内"
    assert pulled["skills_subsidy"]["time_limit_days"] == 5
    # inactive: no longer offered on the terminal, still listed for the manager
    body = {**SERVICE, "active": False}
    assert central.http.put(f"/api/services/{made.json()['id']}", headers=hall3["mgr"], json=body).status_code == 200
    assert "skills_subsidy" not in {s["code"] for s in central.http.get("/api/kiosk/services", headers=kiosk).json()}
    listed = central.http.get("/api/halls/3/services", headers=hall3["mgr"]).json()
    assert {"skills_subsidy", "job_seeker_registration"} <= {s["code"] for s in listed}


@pytest.mark.parametrize("change, status", [
    ({"letter": "a"}, 422), ({"letter": "AB"}, 422), ({"letter": "A"}, 409),   # A is taken
    ({"documents": [{"name": ""}]}, 422), ({"documents": [{"name": "x" * 121}]}, 422),
    ({"time_limit_days": 0}, 422), ({"steps": [{"name": ""}]}, 422), ({"code": "Bad Code"}, 422),
    ({"code": "job_seeker_registration", "letter": "Q"}, 409), ({"name": "\x00"}, 422),
])
def test_service_rules_refuse_what_would_break_the_hall(central, hall3, change, status):
    body = {**SERVICE, "code": "another_one", "letter": "T", **change}
    assert central.http.post("/api/halls/3/services", headers=hall3["mgr"], json=body).status_code == status


def test_a_manager_cannot_touch_another_halls_catalogue(central, hall3):
    other = hall3["mgr4"]
    assert central.http.put(f"/api/services/{hall3['service']}", headers=other,
                            json={**SERVICE, "letter": "A"}).status_code == 404
    assert central.http.post("/api/halls/3/services", headers=other, json=SERVICE).status_code == 404
    assert central.http.put(f"/api/counters/{hall3['counter']}", headers=other,
                            json={"number": 1, "name": "x"}).status_code == 404
    assert central.http.get("/console/services?hall=3", headers=other).status_code == 404
    couns = central.staff_headers("couns-h3", PW)
    assert central.http.put(f"/api/services/{hall3['service']}", headers=couns,
                            json={**SERVICE, "letter": "A"}).status_code == 403


def test_priority_rules_and_counters(central, hall3):
    rules = central.http.put("/api/halls/3/priority-rules", headers=hall3["mgr"],
                             json=[{"group": "elderly", "weight": 3}, {"group": "graduate", "weight": 0, "active": False}])
    assert rules.status_code == 200
    by_group = {r["group"]: r for r in rules.json()}
    assert by_group["elderly"]["weight"] == 3 and not by_group["graduate"]["active"]
    assert len(by_group) == 5   # every group, stored or not
    assert central.http.put("/api/halls/3/priority-rules", headers=hall3["mgr"],
                            json=[{"group": "martians", "weight": 1}]).status_code == 422
    with central.db.session() as s:
        from central.models import StaffUser
        couns = s.scalar(select(StaffUser.id).where(StaffUser.username == "couns-h3"))
        clerk = hall3["clerk"]
    made = central.http.post("/api/halls/3/counters", headers=hall3["mgr"],
                             json={"number": 7, "name": "7号窗口", "service_codes": ["job_seeker_registration"],
                                   "is_open": False, "staff_ids": [couns]})
    assert made.status_code == 201 and made.json()["staff_ids"] == [couns] and not made.json()["is_open"]
    again = {"number": 7, "name": "again"}
    assert central.http.post("/api/halls/3/counters", headers=hall3["mgr"], json=again).status_code == 409
    bad = {"number": 8, "name": "8", "service_codes": ["unemployment_registration"]}   # not offered in hall 3
    assert central.http.post("/api/halls/3/counters", headers=hall3["mgr"], json=bad).status_code == 422
    viewer = {"number": 8, "name": "8", "staff_ids": [clerk]}   # a viewer does not sit at a counter
    assert central.http.post("/api/halls/3/counters", headers=hall3["mgr"], json=viewer).status_code == 422
    moved = central.http.put(f"/api/counters/{made.json()['id']}", headers=hall3["mgr"],
                             json={"number": 7, "name": "7号窗口", "is_open": True, "staff_ids": []})
    assert moved.json()["staff_ids"] == [] and moved.json()["is_open"]
    assert f"counter:{made.json()['id']}" in _audit(central, "counter_update")


def test_a_closed_counter_calls_nobody(central, hall3):
    """A visitor is never called to a counter the hall has closed; opened again, it calls."""
    import uuid

    from central.models.queue import Ticket
    from central.services import queue
    body = {"number": 9, "name": "9号窗口", "is_open": False, "service_codes": ["job_seeker_registration"]}
    counter = central.http.post("/api/halls/3/counters", headers=hall3["mgr"], json=body).json()
    with central.db.session() as s:
        waiting = s.query(Ticket).filter_by(hall_id=3, status="waiting").count()
        if not waiting:
            queue.issue(s, 3, "job_seeker_registration", uuid.uuid4().hex)
            s.commit()
    couns = central.staff_headers("couns-h3", PW)
    refused = central.http.post(f"/api/counters/{counter['id']}/call-next", headers=couns)
    assert refused.status_code == 409 and refused.json()["detail"] == "counter_closed"
    with central.db.session() as s:
        assert s.query(Ticket).filter_by(hall_id=3, status="waiting").count() == max(waiting, 1)
        assert not s.query(Ticket).filter_by(counter_id=counter["id"]).count()
    central.http.put(f"/api/counters/{counter['id']}", headers=hall3["mgr"], json={**body, "is_open": True})
    called = central.http.post(f"/api/counters/{counter['id']}/call-next", headers=couns)
    assert called.status_code == 200 and called.json()["status"] == "called"



def test_staff_accounts_reset_and_deactivate(central, hall3):
    mgr = hall3["mgr"]
    made = central.http.post("/api/staff", headers=mgr, json={
        "username": "liu-h3", "full_name": "刘老师", "roles": [{"hall_id": 3, "role": "counsellor"}]})
    assert made.status_code == 201, made.text
    first = made.json()["password"]
    staff_id = made.json()["staff"]["id"]
    assert made.json()["staff"]["must_change_password"]
    # a manager grants up to their own role, in their own halls only
    for roles, status in (([{"hall_id": None, "role": "admin"}], 403), ([{"hall_id": 4, "role": "viewer"}], 404),
                          ([{"hall_id": 3, "role": "admin"}], 422), ([{"hall_id": 3, "role": "chief"}], 422)):
        r = central.http.post("/api/staff", headers=mgr, json={"username": "x-h3", "roles": roles})
        assert r.status_code == status, (roles, r.text)
    assert central.http.post("/api/staff", headers=mgr, json={
        "username": "liu-h3", "roles": [{"hall_id": 3, "role": "viewer"}]}).status_code == 409
    # the one-time password opens nothing but the password page
    token = central.http.post("/api/auth/login", json={"username": "liu-h3", "password": first}).json()["access_token"]
    liu = {"Authorization": f"Bearer {token}"}
    assert central.http.get("/api/services", headers=liu).status_code == 403
    page = central.http.get("/console/counter", headers=liu, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/console/password"
    assert central.http.get("/console/password", headers=liu).status_code == 200
    # reset: a new one-time password, the old one and every login end
    reset = central.http.post(f"/api/staff/{staff_id}/reset-password", headers=mgr)
    assert reset.status_code == 200 and reset.json()["password"] != first
    assert central.http.get("/console/password", headers=liu, follow_redirects=False).status_code == 303
    assert central.http.post("/api/auth/login", json={"username": "liu-h3", "password": first}).status_code == 401
    # deactivation ends the logins at once; reactivation lets the person in again
    token = central.http.post("/api/auth/login", json={"username": "liu-h3",
                                                       "password": reset.json()["password"]}).json()["access_token"]
    assert central.http.put(f"/api/staff/{staff_id}/active", headers=mgr, json={"active": False}).json()["active"] is False
    assert central.http.get("/console/password", headers={"Authorization": f"Bearer {token}"},
                            follow_redirects=False).headers["location"] == "/console/login"
    assert central.http.put(f"/api/staff/{staff_id}/active", headers=mgr, json={"active": True}).status_code == 200
    # roles: changed by the manager; never their own; another hall's manager sees nothing
    roles = central.http.put(f"/api/staff/{staff_id}/roles", headers=mgr,
                             json={"roles": [{"hall_id": 3, "role": "viewer"}]})
    assert roles.json()["roles"] == [{"hall_id": 3, "role": "viewer"}]
    assert central.http.post(f"/api/staff/{staff_id}/reset-password", headers=hall3["mgr4"]).status_code == 404
    admin = central.http.get("/api/staff", headers=central.staff_headers()).json()
    admin_id = next(a["id"] for a in admin if a["username"] == "admin")
    assert central.http.post(f"/api/staff/{admin_id}/reset-password", headers=mgr).status_code == 404
    # an account that also works in hall 4 is beyond the hall-3 manager: listed, not editable
    both = central.http.post("/api/staff", headers=central.staff_headers(), json={
        "username": "wu-h34", "roles": [{"hall_id": 3, "role": "viewer"}, {"hall_id": 4, "role": "viewer"}]})
    listed = {a["username"]: a for a in central.http.get("/api/staff", headers=mgr).json()}
    assert not listed["wu-h34"]["editable"] and listed["liu-h3"]["editable"] and not listed["mgr-h3"]["editable"]
    assert central.http.post(f"/api/staff/{both.json()['staff']['id']}/reset-password", headers=mgr).status_code == 403
    for action in ("staff_create", "staff_reset_password", "staff_deactivate", "staff_activate", "staff_roles"):
        assert f"staff:{staff_id}" in _audit(central, action), action


def test_announcements_schedule_list_delete(central, hall3):
    mgr = hall3["mgr"]
    body = {"hall_id": 3, "text": "周五招聘会", "starts_at": "2030-01-01T09:00:00+08:00",
            "ends_at": "2030-01-01T08:00:00+08:00"}
    assert central.http.post("/api/announcements", headers=mgr, json=body).status_code == 422
    made = central.http.post("/api/announcements", headers=mgr, json={**body, "ends_at": None}).json()
    listed = central.http.get("/api/announcements?hall=3", headers=mgr).json()
    assert made["id"] in {a["id"] for a in listed} and {a["hall_id"] for a in listed} == {3}
    page = central.http.get("/console/announcements?hall=3", headers=mgr).text
    assert "周五招聘会" in page and "2030-01-01 09:00" in page and "找工作 · 做规划 · 办业务" in page
    assert central.http.delete(f"/api/announcements/{made['id']}", headers=hall3["mgr4"]).status_code == 404
    couns = central.staff_headers("couns-h3", PW)
    assert central.http.delete(f"/api/announcements/{made['id']}", headers=couns).status_code == 403
    assert central.http.delete(f"/api/announcements/{made['id']}", headers=mgr).status_code == 200
    assert central.http.delete(f"/api/announcements/{made['id']}", headers=mgr).status_code == 404
    assert "hall:3" in _audit(central, "announcement_delete")


def _kiosk_of_hall(central, hall_id: int) -> dict[str, str]:
    from datetime import timedelta

    from central.models import Kiosk, utcnow
    from central.security import new_enrol_code, token_hash
    code = new_enrol_code()
    with central.db.session() as s:
        s.add(Kiosk(hall_id=hall_id, name=f"bo-{hall_id}", enrol_code_hash=token_hash(code),
                    enrol_code_expires_at=utcnow() + timedelta(hours=1)))
        s.commit()
    token = central.http.post("/api/kiosks/enrol", json={"code": code}).json()["token"]
    return {"Authorization": f"Bearer {token}"}

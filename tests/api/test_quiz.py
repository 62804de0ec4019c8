"""The quiz bank on the central service: versions, what terminals get (with ETag), the phone
result page, and quiz results landing on the service record only with a person attached."""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timezone

from sqlalchemy import select

from central.models import KioskEvent
from central.models.queue import Person, ServiceRecord


def test_terminals_get_the_bank_with_occupations_and_an_etag(central):
    kiosk = central.kiosk_headers("quiz-a")
    r = central.http.get("/api/kiosk/quiz", headers=kiosk)
    assert r.status_code == 200
    body, tag = r.json(), r.headers["etag"]
    assert len(body["items"]) == 60 and len(body["occupations"]) >= 150
    assert {t["value"] for t in body["scale"]} == {0, 1, 2, 3, 4}
    assert central.http.get("/api/kiosk/quiz", headers={**kiosk, "If-None-Match": tag}).status_code == 304
    assert central.http.get("/api/kiosk/quiz", headers={**kiosk, "If-None-Match": '"old"'}).status_code == 200


def test_a_new_version_is_checked_audited_and_changes_the_etag(central):
    admin, viewer = central.staff_headers(), central.staff_headers("viewer", "viewer-demo")
    kiosk = central.kiosk_headers("quiz-b")
    tag = central.http.get("/api/kiosk/quiz", headers=kiosk).headers["etag"]
    bank = central.http.get("/api/quiz/bank", headers=viewer).json()
    broken = copy.deepcopy(bank)
    broken["items"] = broken["items"][:59]
    r = central.http.post("/api/quiz/bank", json=broken, headers=admin)
    assert r.status_code == 422 and "10 items of each type" in r.text
    assert central.http.post("/api/quiz/bank", json=bank, headers=viewer).status_code == 403
    reworded = copy.deepcopy(bank)
    reworded["items"][0]["zh"] = "修理家用电器"
    r = central.http.post("/api/quiz/bank", json=reworded, headers=admin)
    assert r.status_code == 201 and r.json()["version"] == bank["version"] + 1
    fresh = central.http.get("/api/kiosk/quiz", headers={**kiosk, "If-None-Match": tag})
    assert fresh.status_code == 200 and fresh.json()["items"][0]["zh"] == "修理家用电器"
    audit = central.http.get("/api/reports/audit", headers=admin).json()
    assert any(a["action"] == "quiz_bank" and a["staff"] == "admin" for a in audit)


def test_the_phone_page_shows_a_result_and_refuses_junk(central):
    r = central.http.get("/quiz/result", params={"c": "SEC", "s": "10.0.10.40.30.20"})
    assert r.status_code == 200 and "SEC" in r.text and "社会型" in r.text and "<svg" in r.text
    for c, s in [("SSS", "1.2.3.4.5.6"), ("SEC", "1.2"), ("SEC", "999.0.0.0.0.0"), ("<b>", "1.2.3.4.5.6")]:
        assert central.http.get("/quiz/result", params={"c": c, "s": s}).status_code == 422


def _event(kind: str, payload: dict) -> dict:
    return {"key": uuid.uuid4().hex, "kind": kind, "payload": payload,
            "occurred_at": datetime.now(timezone.utc).isoformat()}


def test_results_reach_the_record_only_with_a_person_and_never_keep_the_id(central):
    kiosk = central.kiosk_headers("quiz-c")
    result = {"code": "RIC", "scores": {"R": 30, "I": 25, "A": 3, "S": 4, "E": 5, "C": 20}, "bank_version": 1}
    person = {"id_number": "110101199003071233", "name": "张晓明", "source": "idcard",
              "card": {"source": "idcard", "issuer": "北京市公安局东城分局", "valid_from": "20150307",
                       "valid_to": "20350307"}}
    r = central.http.post("/api/kiosk/events", headers=kiosk, json={"events": [
        _event("quiz_result", result), _event("quiz_saved", {**result, "person": person})]})
    assert r.status_code == 200 and len(r.json()["accepted"]) == 2
    with central.db.session() as db:
        rows = db.scalars(select(ServiceRecord).where(ServiceRecord.kind == "quiz_result")).all()
        mine = [x for x in rows if x.data.get("code") == "RIC"]
        assert len(mine) == 1 and mine[0].summary == "RIASEC RIC"
        assert db.get(Person, mine[0].person_id).masked_id == "110***********1233"
        for event in db.scalars(select(KioskEvent).where(KioskEvent.kind.in_(["quiz_result", "quiz_saved"]))):
            assert "110101199003071233" not in str(event.payload) and "person" not in event.payload
    viewer = central.staff_headers("viewer", "viewer-demo")
    interests = central.http.get("/api/reports/quiz_interests", headers=viewer).json()
    assert next(r for r in interests if r["type"] == "R")["leading"] >= 1
    csv = central.http.get("/api/reports/quiz_completions", params={"format": "csv"}, headers=viewer)
    assert csv.status_code == 200 and "完成测评" in csv.text   # headed in words

"""A visitor's own case at the terminal over HTTP (issue 17): registration, the difficulty
check (the tier is recomputed by the service and only proposed), and "my progress" with the
named counsellor, the registration and the postings that match it."""

from __future__ import annotations

import uuid

from central.models import Job, Occupation, StaffUser
from central.models.casework import DifficultyCheck, Registration, WantedItem
from central.models.fleet import AuditEntry
from central.models.queue import Person
from central.services.identity import IdentityKeys, find_person

ID_R = "110101198807070016"
CARD_R = {"source": "idcard", "issuer": "北京市公安局西城分局", "valid_from": "20180707",
          "valid_to": "20380707"}
KEYS = IdentityKeys({1: "development-only-secret-change-me"}, 1)
TIER3 = {"out_of_work": "12m_plus", "last_job_end": "laid_off", "skills": "no_fit",
         "health": "no_limit", "caring": "no_care", "age": "age_often", "transport": "travel_easy",
         "confidence": "unsure", "searching": "looked", "applying": "online_help"}


def terminal(central):
    return central.kiosk_headers(f"case-{uuid.uuid4().hex[:8]}")


def visitor(id_number=ID_R, card=CARD_R, **extra):
    return {"id_number": id_number, "card": card, "name": "王小红", "consent": True, **extra}


def a_code(central, n=0):
    with central.db.session() as s:
        return s.query(Job.occupation_code).filter(Job.status == "verified").distinct() \
            .order_by(Job.occupation_code).all()[n][0]


def test_registration_is_stored_replaced_and_matches_postings(central):
    headers, code, other = terminal(central), a_code(central), a_code(central, 1)
    body = visitor(occupations=[code, code], pay_min=3000, districts=[], education="master",
                   availability="any")
    r = central.http.post("/api/kiosk/registration", json=body, headers=headers)
    assert r.status_code == 200, r.text
    out = r.json()
    assert [o["code"] for o in out["occupations"]] == [code]       # a repeated code counts once
    with central.db.session() as s:
        name = s.get(Occupation, code).name
        person = find_person(s, KEYS, ID_R, create=False)
        expected = {j.id for j in s.query(Job).filter(Job.status == "verified",
                                                      Job.occupation_code == code).all()
                    if (j.expires_at is None or j.expires_at.timestamp() > __import__("time").time())
                    and (j.salary_max is None or j.salary_max >= 3000)}
        assert s.query(Registration).filter_by(person_id=person.id).count() == 1
        assert s.query(AuditEntry).filter_by(action="registration", target=f"person:{person.id}").count() == 1
    assert out["occupations"][0]["name"] == name and out["education"] == "master"
    progress = central.http.post("/api/kiosk/progress", json={"id_number": ID_R, "card": CARD_R},
                                 headers=headers).json()
    assert progress["registration"]["occupations"][0]["code"] == code
    assert progress["matching_jobs"] == len(expected) > 0
    assert set(progress["matching_job_ids"]) <= expected
    assert progress["counsellor"] is None and progress["cases"] == []
    # a new registration replaces the old one, and its wanted items with it
    body["occupations"], body["districts"] = [other], ["不存在区"]
    again = central.http.post("/api/kiosk/registration", json=body, headers=headers).json()
    assert again["districts"] == ["不存在区"]
    with central.db.session() as s:
        person = find_person(s, KEYS, ID_R, create=False)
        assert s.query(Registration).filter_by(person_id=person.id).count() == 1
        assert sorted((w.kind, w.value) for w in s.query(WantedItem).filter_by(person_id=person.id)) == \
            [("district", "不存在区"), ("occupation", other)]
    progress = central.http.post("/api/kiosk/progress", json={"id_number": ID_R, "card": CARD_R},
                                 headers=headers).json()
    assert progress["matching_jobs"] == 0 and progress["matching_job_ids"] == []


def test_registration_refusals(central):
    headers, code = terminal(central), a_code(central)
    ok = visitor(occupations=[code], education="bachelor")
    cases = [({**ok, "consent": False}, 422), ({**ok, "occupations": []}, 422),
             ({**ok, "occupations": [code] * 4}, 422), ({**ok, "occupations": ["9-99-99-99"]}, 422),
             ({**ok, "education": "phd"}, 422), ({**ok, "pay_min": -1}, 422),
             ({**ok, "card": {**CARD_R, "valid_from": "20000101"}}, 409),
             ({k: v for k, v in ok.items() if k != "card"}, 422)]
    central.http.post("/api/kiosk/registration", json=ok, headers=headers).raise_for_status()
    for body, status in cases:
        r = central.http.post("/api/kiosk/registration", json=body, headers=headers)
        assert r.status_code == status, (body, r.text)
    with central.db.session() as s:   # an unknown code created nobody
        assert find_person(s, KEYS, "110101199901010015", create=False) is None
    r = central.http.post("/api/kiosk/registration", headers=headers,
                          json={**ok, "id_number": "110101199901010015", "occupations": ["0-00"]})
    assert r.status_code == 422
    with central.db.session() as s:
        assert find_person(s, KEYS, "110101199901010015", create=False) is None


def test_difficulty_is_recomputed_and_only_proposed(central):
    headers = terminal(central)
    # a tier sent by the terminal is not a field the service reads
    r = central.http.post("/api/kiosk/difficulty", json=visitor(answers=TIER3, tier=1),
                          headers=headers)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["tier"] == 3 and out["proposed"] is True
    assert out["service_code"] == "difficulty_certification"
    assert out["tier_name"] == "Needs intensive help and a named counsellor"
    assert out["reasons"][:2] == ["Out of work for a long time", "Skills for the work you want"]
    with central.db.session() as s:
        person = find_person(s, KEYS, ID_R, create=False)
        assert (person.tier_proposed, person.tier) == (3, None)
        assert s.query(DifficultyCheck).filter_by(person_id=person.id).order_by(
            DifficultyCheck.id.desc()).first().answers == TIER3
    for bad in ({**TIER3, "mood": "sad"}, {**TIER3, "health": "perfect"},
                dict(list(TIER3.items())[:3]), {"x" * 41: "a"}):
        assert central.http.post("/api/kiosk/difficulty", json=visitor(answers=bad),
                                 headers=headers).status_code == 422


def test_the_check_alone_makes_the_person_one_of_the_halls(central):
    headers, id_number = terminal(central), "110101200202020027"
    r = central.http.post("/api/kiosk/difficulty", headers=headers,
                          json=visitor(id_number=id_number, card={**CARD_R, "valid_from": "20220202"},
                                       answers=TIER3))
    assert r.status_code == 200, r.text
    with central.db.session() as s:
        person_id = find_person(s, KEYS, id_number, create=False).id
    seen = central.http.get(f"/api/people/{person_id}",
                            headers=central.staff_headers("counsellor1", "counsellor-demo")).json()
    assert seen["halls"] == [1] and seen["tier_proposed"] == 3 and seen["tier"] is None


def test_progress_names_the_counsellor_and_their_counter(central):
    headers = terminal(central)
    central.http.post("/api/kiosk/difficulty", json=visitor(answers=TIER3), headers=headers)
    with central.db.session() as s:
        c1 = s.query(StaffUser).filter_by(username="counsellor1").one()
        s.query(Person).filter_by(id=find_person(s, KEYS, ID_R, create=False).id) \
            .update({Person.counsellor_id: c1.id})
        s.commit()
    out = central.http.post("/api/kiosk/progress", json={"id_number": ID_R, "card": CARD_R},
                            headers=headers).json()
    assert out["counsellor"] == {"name": "李老师", "counter": 1}
    assert {"services", "tickets", "referrals"} <= set(out)


def test_staff_tokens_do_not_open_the_terminal_routes(central):
    staff = central.staff_headers()
    for path in ("/api/kiosk/registration", "/api/kiosk/difficulty"):
        assert central.http.post(path, json=visitor(answers=TIER3), headers=staff).status_code == 401
        assert central.http.post(path, json=visitor(answers=TIER3)).status_code == 401

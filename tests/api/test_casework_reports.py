"""Case-management reports over HTTP (issue 17), checked against data counted by hand:
supply and demand per occupation and district in JSON and CSV (10 vacancies and 4 distinct
seekers give 2.50; a person registered in two halls counts once), cases on time, follow-ups,
caseload and tiers."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest

from central.models import Job, Occupation, utcnow
from central.models.casework import Registration, WantedItem
from central.services.identity import IdentityKeys, find_person
from tests.factories import hall_records, staff_in_hall

KEYS = IdentityKeys({1: "development-only-secret-change-me"}, 1)
CODE, DISTRICT = "9-99-01-01", "手数区"
SEEKERS = ["110101199101010010", "110101199202020020", "110101199303030030", "110101199404040040"]


def card(n):
    return {"source": "smartcard", "card_number": f"S{n:08d}"}


@pytest.fixture(scope="module")
def counted(central):
    """By hand: 5 + 3 + 2 = 10 vacancies of verified postings in the occupation and district
    (a withdrawn one of 7 and a pending one of 4 do not count); 4 people want it, one of them
    registered in hall 1 and in hall 2, and each names the occupation once."""
    hall_records(central.db, 2, "sd2")
    staff_in_hall(central.db, "sd-viewer-h2", "hall-two-demo", 2, "viewer")
    now = utcnow()
    with central.db.session() as s:
        s.add(Occupation(code=CODE, name="手数员", name_en="Hand counter", category="测试", riasec="CRS"))
        for n, (vacancies, status) in enumerate([(5, "verified"), (3, "verified"), (2, "verified"),
                                                 (7, "withdrawn"), (4, "pending")]):
            s.add(Job(title=f"手数员{n}", employer="手数公司", district=DISTRICT, occupation_code=CODE,
                      occupation_name="手数员", status=status, vacancies=vacancies,
                      verified_at=now if status != "pending" else None, posted_at=now - timedelta(days=n)))
        s.commit()
    kiosk = central.kiosk_headers(f"sd-{uuid.uuid4().hex[:6]}")
    for n, id_number in enumerate(SEEKERS):
        body = {"id_number": id_number, "card": card(n), "consent": True, "education": "high_school",
                "occupations": [CODE], "districts": [DISTRICT], "availability": "any"}
        r = central.http.post("/api/kiosk/registration", json=body, headers=kiosk)
        assert r.status_code == 200, r.text
    with central.db.session() as s:   # the first seeker registers in hall 2 as well
        person = find_person(s, KEYS, SEEKERS[0], create=False)
        reg = Registration(person_id=person.id, hall_id=2, occupations=[CODE], districts=[DISTRICT],
                           education="high_school", availability="any")
        s.add(reg)
        s.flush()
        s.add_all([WantedItem(registration_id=reg.id, person_id=person.id, kind="occupation", value=CODE),
                   WantedItem(registration_id=reg.id, person_id=person.id, kind="district", value=DISTRICT)])
        s.commit()
    return {"viewer": central.staff_headers("viewer", "viewer-demo"),
            "admin": central.staff_headers(),
            "h2": central.staff_headers("sd-viewer-h2", "hall-two-demo")}


def test_supply_and_demand_per_occupation_in_json_and_csv(central, counted):
    rows = central.http.get("/api/casework-reports/supply_demand_occupation",
                            headers=counted["admin"]).json()
    assert {"occupation": CODE, "name": "手数员", "vacancies": 10, "seekers": 4, "ratio": 2.5} in rows
    text = central.http.get("/api/casework-reports/supply_demand_occupation?format=csv",
                            headers=counted["admin"])
    assert text.headers["content-type"].startswith("text/csv")
    found = [r for r in csv.DictReader(io.StringIO(text.text.lstrip("\ufeff"))) if r["occupation"] == CODE]
    assert found == [{"occupation": CODE, "name": "手数员", "vacancies": "10", "seekers": "4",
                      "ratio": "2.50"}]


def test_supply_and_demand_per_district_and_per_hall(central, counted):
    rows = central.http.get("/api/casework-reports/supply_demand_district",
                            headers=counted["viewer"]).json()
    assert {"district": DISTRICT, "vacancies": 10, "seekers": 4, "ratio": 2.5} in rows
    # hall 2's staff: its one seeker; the postings are the city's
    rows = central.http.get("/api/casework-reports/supply_demand_district", headers=counted["h2"]).json()
    assert {"district": DISTRICT, "vacancies": 10, "seekers": 1, "ratio": 10.0} in rows
    assert central.http.get("/api/casework-reports/supply_demand_district?hall=1",
                            headers=counted["h2"]).status_code == 404
    # a window before anything was posted or registered
    old = central.http.get("/api/casework-reports/supply_demand_occupation?since=2020-01-01&until=2020-03-31",
                           headers=counted["admin"]).json()
    assert not [r for r in old if r["occupation"] == CODE]


def test_report_refusals(central, counted):
    h = counted["viewer"]
    assert central.http.get("/api/casework-reports/nothing", headers=h).status_code == 404
    assert central.http.get("/api/casework-reports/tier_mix?since=2026-05-01&until=2026-01-01",
                            headers=h).status_code == 422
    assert central.http.get("/api/casework-reports/tier_mix?since=2020-01-01&until=2026-01-01",
                            headers=h).status_code == 422
    assert central.http.get("/api/casework-reports/tier_mix?hall=x", headers=h).status_code == 422
    assert central.http.get("/api/casework-reports/tier_mix").status_code == 401


def test_every_report_answers_and_the_page_shows_words(central, counted):
    for name in ("follow_ups", "cases_on_time", "caseload", "tier_mix", "tier_movement"):
        r = central.http.get(f"/api/casework-reports/{name}", headers=counted["viewer"])
        assert r.status_code == 200 and isinstance(r.json(), list), name
        assert central.http.get(f"/api/casework-reports/{name}?format=csv",
                                headers=counted["viewer"]).status_code == 200
    page = central.http.get("/console/casework-reports", headers=counted["viewer"]).text
    assert "求人倍率" in page or "岗位与求职人数" in page
    assert "2.50" in page and "supply_demand_occupation</" not in page and ">ratio<" not in page

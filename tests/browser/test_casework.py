"""Case management in the console, in headless Chromium (issue 17): a counsellor confirms a
person's tier and becomes their named counsellor on the person page, sends a case back for two
documents, logs a follow-up from the caseload in one click, and reads the casework reports.
Screenshots: tests/artifacts/console-person.png, console-caseload.png, console-casework-reports.png."""

from __future__ import annotations

import uuid
from datetime import timedelta

from central.halltime import hall_today
from central.models.casework import FollowUp
from central.models import StaffUser
from central.services.identity import IdentityKeys, find_person
from tests.browser.test_counter_board import log_in
from tests.helpers import wait_until

KEYS = IdentityKeys({1: "development-only-secret-change-me"}, 1)
TIER3 = {"out_of_work": "12m_plus", "last_job_end": "laid_off", "skills": "no_fit",
         "health": "some_limit", "caring": "no_care", "age": "age_often", "transport": "travel_easy",
         "confidence": "unsure", "searching": "looked", "applying": "online_help"}
NAMES = ["刘建国", "王秀英", "张伟", "李娜", "陈静", "杨洋"]


def _people(site, kiosk, staff):
    """Six job seekers who registered and took the check; the first one's id."""
    occupation = site.http.get("/api/jobs?limit=1", headers=staff).json()
    code = (occupation["items"] if isinstance(occupation, dict) else occupation)[0]["occupation_code"]
    ids = []
    for n, name in enumerate(NAMES):
        who = {"id_number": f"1101011980010{n:03d}1"[:18], "name": name, "consent": True,
               "card": {"source": "smartcard", "card_number": f"C{n:09d}"}}
        r = site.http.post("/api/kiosk/registration", headers=kiosk, json={
            **who, "occupations": [code], "pay_min": 4000 + 500 * n, "districts": ["朝阳区"],
            "education": "high_school", "availability": "full_time"})
        assert r.status_code == 200, r.text
        answers = TIER3 if n % 2 == 0 else {**TIER3, "out_of_work": "under_3m", "skills": "fit",
                                            "health": "no_limit", "age": "age_no"}
        assert site.http.post("/api/kiosk/difficulty", headers=kiosk,
                              json={**who, "answers": answers}).status_code == 200
        ticket = site.http.post("/api/kiosk/tickets", headers=kiosk, json={
            "key": uuid.uuid4().hex, "service_code": "unemployment_registration",
            "person": {k: who[k] for k in ("id_number", "name", "card")}}).json()
        ids.append(ticket)
        with site.db.session() as s:
            ids[-1] = (ticket, find_person(s, KEYS, who["id_number"], create=False).id)
    return ids


def test_person_page_caseload_and_reports(site, browser, artifacts_dir):
    kiosk = site.kiosk_headers("casework-browser")
    staff = site.staff_headers("counsellor1", "counsellor-demo")
    people = _people(site, kiosk, staff)
    (first_ticket, person_id), others = people[0], people[1:]
    with site.db.session() as s:
        c1 = s.query(StaffUser).filter_by(username="counsellor1").one()
        c1_id, counter = c1.id, c1.counter_id
    for _, pid in others[:4]:   # a caseload worth sorting
        site.http.post(f"/api/people/{pid}/profile", headers=staff, json={"counsellor_id": c1_id})
    site.http.post(f"/api/people/{others[0][1]}/follow-ups", headers=staff,
                   json={"kind": "phone", "outcome": "已通知参加招聘会",
                         "next_on": (hall_today() - timedelta(days=2)).isoformat()})

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, site, "counsellor1", "counsellor-demo")
    page.wait_for_url("**/console/counter")
    page.goto(f"{site.url}/console/people/{person_id}")
    assert "求职困难诊断建议" in page.inner_text("#profile")
    page.select_option("#profile-form select[name=counsellor_id]", str(c1_id))
    page.select_option("#profile-form select[name=priority_group]", "long_term_unemployed")
    page.click("#save-profile")
    page.wait_for_selector("#tier-shown:has-text('由 李老师')")
    assert "李老师" in page.inner_text("#counsellor-shown")
    assert "长期失业人员" in page.inner_text("#group-shown")

    # the visit for a service with a time limit ends with a case (the counter's checkbox)
    for _ in range(20):
        called = site.http.post(f"/api/counters/{counter}/call-next", headers=staff).json()
        if called["label"] == first_ticket["label"]:
            break
        site.http.post(f"/api/tickets/{called['id']}/finish", json={}, headers=staff)
    assert site.http.post(f"/api/tickets/{called['id']}/finish", headers=staff,
                          json={"note": "材料不全", "open_case": True}).status_code == 200
    page.reload()
    case = page.locator(".case").first
    case.locator("details.send-back summary").click()
    case.locator(".send-back input[type=checkbox]").nth(1).check()
    case.locator(".send-back input[type=checkbox]").nth(2).check()
    case.locator("button[data-action=send_back]").click()
    page.wait_for_selector(".case .state-sent_back")
    missing = page.locator(".case").first.inner_text()
    assert "需补交材料" in missing and "社会保障卡" in missing
    page.screenshot(path=str(artifacts_dir / "console-person.png"), full_page=True)
    page.goto(f"{site.url}/console/language/en?next=/console/people/{person_id}")
    english = page.inner_text("main")
    assert "Needs intensive help and a named counsellor" in english and "Sent back for documents" in english
    page.screenshot(path=str(artifacts_dir / "console-person-en.png"), full_page=True)
    page.goto(f"{site.url}/console/language/zh_CN?next=/console/caseload")

    page.goto(f"{site.url}/console/caseload")
    rows = page.locator("#caseload tbody tr")
    assert rows.count() == 5
    assert "回访到期" in rows.first.inner_text()                # the overdue follow-up is on top
    row = page.locator(f"#caseload tr[data-person='{person_id}']")
    with site.db.session() as s:
        logged = s.query(FollowUp).filter_by(person_id=person_id).count()
    row.locator("button").click()                                   # one click
    page.wait_for_load_state("load")
    wait_until(lambda: _count(site, person_id) == logged + 1, message="follow-up not logged")
    page.wait_for_selector(f"#caseload tr[data-person='{person_id}']")
    after = page.locator(f"#caseload tr[data-person='{person_id}']").inner_text()
    assert hall_today().isoformat() in after                        # contacted today
    page.screenshot(path=str(artifacts_dir / "console-caseload.png"), full_page=True)

    viewer = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(viewer, site, "manager", "manager-demo")
    viewer.goto(f"{site.url}/console/casework-reports")
    viewer.wait_for_selector("#supply_demand_occupation table")
    text = viewer.inner_text("main")
    assert "求人倍率" in text and "ratio" not in text and "None" not in text
    closure = (hall_today() + timedelta(days=20)).isoformat()
    viewer.fill("form.closure input[name=day]", closure)
    viewer.fill("form.closure input[name=reason]", "大厅搬迁")
    viewer.click("form.closure button")
    viewer.wait_for_selector(f"#closures li:has-text('{closure} 大厅搬迁')")
    viewer.screenshot(path=str(artifacts_dir / "console-casework-reports.png"), full_page=True)


def _count(site, person_id):
    with site.db.session() as s:
        return s.query(FollowUp).filter_by(person_id=person_id).count()

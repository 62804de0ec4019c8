"""A counsellor works the postings page as they would: uploads a publisher's JSON-LD and reads
the report, verifies a posting (a terminal has it after its next sync), rejects one with a
reason; and refers a visitor at the counter by typing a posting's pinyin initials."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from central.models import Job
from central.models.queue import Referral
from central.services import jobs
from kiosk.api import CentralClient
from kiosk.config import load_kiosk_settings
from kiosk.store import Store
from kiosk.sync import SyncWorker, enrol, load_token
from tests.helpers import wait_until

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
DOCS = ROOT / "docs"


def login(page, url: str, username: str, password: str, target: str) -> None:
    page.goto(url + target)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.goto(url + target)


@pytest.fixture
def terminal(site, tmp_path):
    """A terminal enrolled at the site, syncing with the real sync worker (run by hand)."""
    settings = load_kiosk_settings(env={
        "KIOSK__CENTRAL__URL": site.url, "KIOSK__CENTRAL__TOKEN_FILE": str(tmp_path / "token"),
        "KIOSK__STORE__PATH": str(tmp_path / "store.sqlite3")})
    enrol(settings, site.new_kiosk_code("postings-browser"))
    store = Store(settings.store.path)
    worker = SyncWorker(store, CentralClient(settings.central.url, load_token(settings), timeout=10), interval=60)
    yield store, worker
    worker.stop()
    store.close()


def _job(site, external_id: str) -> Job:
    with site.db.session() as s:
        return s.scalar(select(Job).where(Job.external_id == external_id))


def _prepare_duplicate_and_change(site) -> None:
    """A posting that may repeat a live one, and a verified one corrected since."""
    staff = site.staff_headers("counsellor2", "counsellor-demo")
    with site.db.session() as s:
        twin = s.scalars(select(Job).where(Job.status == "verified", Job.hall_id == 1)
                         .order_by(Job.id)).first()
        title, employer = twin.title, twin.employer
    posting = {"@context": "https://schema.org", "@type": "JobPosting", "identifier": "dup-browser",
               "title": f"{title}（急招）", "hiringOrganization": {"@type": "Organization", "name": employer},
               "datePosted": "2026-11-28", "validThrough": "2030-01-31", "totalJobOpenings": 2,
               "description": "<p>因业务扩展急招。</p>"}
    changed = {**posting, "identifier": "changed-browser", "title": "货车司机",
               "hiringOrganization": {"@type": "Organization", "name": "安达物流有限公司"},
               "baseSalary": {"@type": "MonetaryAmount", "value": {"@type": "QuantitativeValue",
                                                                    "minValue": 7000, "maxValue": 9000}}}
    r = site.http.post("/api/postings/import", headers=staff,
                       json={"hall_id": 1, "filename": "jobs-example.jsonld", "document": json.dumps([changed, posting])})
    changed_id = r.json()["records"][0]["job_id"]
    assert site.http.post(f"/api/jobs/{changed_id}/verify", headers=staff).status_code == 200
    current = site.http.get(f"/api/jobs/{changed_id}", headers=staff).json()
    edit = {k: current[k] for k in ("title", "employer", "district", "address", "hours", "contact",
                                    "description", "requirements", "how_to_apply", "expires_at")}
    r = site.http.put(f"/api/jobs/{changed_id}", headers=staff,
                      json={**edit, "title": "货车司机（B2 驾照）", "salary_min": 7000, "salary_max": 9500,
                            "vacancies": 2, "note": "单位来电更正"})
    assert r.status_code == 200


def test_verify_reject_and_upload_in_the_postings_page(site, browser, terminal):
    store, worker = terminal
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    login(page, site.url, "counsellor1", "counsellor-demo", "/console/postings")
    assert page.locator("nav a[aria-current=page]").inner_text() == "岗位信息"

    # upload a publisher's file and read the report, record by record
    page.select_option("#upload-hall", "1")
    page.set_input_files("#upload-file", str(DATA / "postings_graph_org_ref.jsonld"))
    page.click("#upload button")
    page.wait_for_selector("#upload-report:not([hidden])")
    rows = [[cell.inner_text() for cell in row.locator("td").all()]
            for row in page.locator("#upload-report tbody tr").all()]
    assert [(r[0], r[2]) for r in rows] == [("2", "已导入"), ("3", "已导入"), ("4", "已过截止日期，未导入")]
    assert rows[0][1].startswith("仓库管理员（夜班）") and rows[2][3] == "已于 2026-01-31 截止"
    # a file with broken records: each says why
    page.set_input_files("#upload-file", str(DATA / "postings_broken.jsonld"))
    page.click("#upload button")
    page.wait_for_function("document.querySelectorAll('#upload-report tbody tr').length === 6")
    reasons = page.locator("#upload-report tbody tr td:nth-child(4)").all_inner_texts()
    assert reasons[:2] == ["缺少职位名称", "datePosted 不是 ISO 8601 日期：last week"]
    page.locator("#upload").scroll_into_view_if_needed()
    page.locator(".row .card").nth(1).screenshot(path=str(DOCS / "console-postings-import.png"))

    night, remote = _job(site, "EHR-88301"), _job(site, "EHR-88302")
    worker.run_once()
    assert store.get_job(night.id) is None            # pending: not on terminals

    # verify in the page; the terminal has it after its next sync
    page.reload()
    card = page.locator(f"#posting-{night.id}")
    assert "马驹桥物流园" in card.inner_text() and "招聘 3 人" in card.inner_text()
    card.locator("[data-action=verify]").click()
    page.wait_for_selector(f"#posting-{night.id}", state="detached")
    worker.run_once()
    cached = store.get_job(night.id)
    assert cached is not None and cached["title"] == "仓库管理员（夜班）"
    assert night.id in {j["id"] for j in store.search("ckgly", limit=50).items}
    # its occupation was found on import: quiz results for warehouse keepers list it
    assert night.id in {j["id"] for j in store.jobs_for_occupations(["4-02-06-03"], limit=500)}

    # found by its number and corrected in the page: it leaves terminals until verified again
    page.fill("#search", str(night.id))
    page.click(f"#results a[href*='posting={night.id}']")
    card = page.locator(f"#posting-{night.id}")
    assert "已审核" in page.locator("h1").first.inner_text()
    card.locator("[data-action=edit]").click()
    card.locator("form.edit input[name=vacancies]").fill("5")
    card.locator("form.edit button").click()
    page.wait_for_function(f"document.querySelector('#posting-{night.id} .changes') !== null")
    worker.run_once()
    assert store.get_job(night.id) is None
    card = page.locator(f"#posting-{night.id}")
    assert " ".join(card.locator(".changes tr").first.inner_text().split()) == "招聘人数 3 → 5"
    card.locator("[data-action=verify]").click()
    page.wait_for_function("document.querySelector('h1').textContent.includes('已审核')")
    worker.run_once()
    assert store.get_job(night.id) is not None
    page.goto(site.url + "/console/postings")

    # reject: a reason is asked for, then kept
    card = page.locator(f"#posting-{remote.id}")
    card.locator("[data-action=reject]").click()
    assert page.inner_text("#status") == "请填写退回该岗位的理由。"
    card.locator(".reason").fill("单位未提供营业执照")
    card.locator("[data-action=reject]").click()
    page.wait_for_selector(f"#posting-{remote.id}", state="detached")
    rejected = _job(site, "EHR-88302")
    assert (rejected.status, rejected.status_note) == ("rejected", "单位未提供营业执照")

    # search by initials, as visitors do
    page.fill("#search", "ckgly")
    page.wait_for_function("document.querySelectorAll('#results tr').length > 0")
    assert "仓库管理员（夜班）" in page.inner_text("#results")

    # the queue with a possible duplicate and a change since the last verification
    _prepare_duplicate_and_change(site)
    page.fill("#search", "")
    page.reload()
    changed = _job(site, "changed-browser")
    card = page.locator(f"#posting-{changed.id}")
    assert "货车司机 → 货车司机（B2 驾照）" in " ".join(card.locator(".changes tr").first.inner_text().split())
    assert "9,500 元" in card.inner_text()
    assert page.locator(f"#posting-{_job(site, 'dup-browser').id} .dupes li").count() >= 1
    assert page.locator("form.edit").first.is_hidden()
    page.set_viewport_size({"width": 1366, "height": 1000})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(DOCS / "console-postings.png"))


def test_refer_by_pinyin_initials_at_the_counter(site, browser, artifacts_dir):
    kiosk = site.kiosk_headers("refer-kiosk")
    ticket = site.http.post("/api/kiosk/tickets", headers=kiosk,
                            json={"key": uuid.uuid4().hex, "service_code": "job_seeker_registration",
                                  "person": {"id_number": "110101199003071233", "name": "张晓明"}}).json()
    with site.db.session() as s:   # an accountant's posting (会计, "kj"), made for the test
        job = Job(hall_id=1, title="会计", employer="瑞丰商贸有限公司", occupation_name="会计",
                  district="海淀区", status="verified")
        jobs.index(job)
        s.add(job)
        s.flush()
        jobs.touch(s, job)
        s.commit()
        job_id, label = job.id, f"{job.title} · {job.employer}"
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    login(page, site.url, "counsellor1", "counsellor-demo", "/console/counter")
    page.select_option("#counter", index=0)
    page.keyboard.press("n")
    page.wait_for_function(f"document.getElementById('current').textContent === '{ticket['label']}'")
    page.fill("#refer-search", "kj")
    row = page.locator("#refer-results tr", has_text=label).first
    row.wait_for()
    page.screenshot(path=str(artifacts_dir / "console_counter_refer.png"))
    row.locator("button").click()
    wait_until(lambda: _referred(site, job_id), 5, message="no referral made")
    page.wait_for_selector("#referrals select")


def _referred(site, job_id: int) -> bool:
    with site.db.session() as s:
        return s.scalar(select(Referral).where(Referral.job_id == job_id)) is not None

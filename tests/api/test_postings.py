"""Postings: real publishers' JSON-LD imported (tests/data), the verification queue with its
duplicates and changes, edits, uploads and the pinyin search, bounded by halls; over HTTP
on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from central.importer import import_document
from central.jsonld import JsonLdError, parse_document
from central.models import Job
from central.models.fleet import AuditEntry
from hallcore.pinyin import index_text
from tests.factories import hall_records, staff_in_hall

DATA = Path(__file__).resolve().parents[1] / "data"


def _job(central, external_id: str) -> Job | None:
    with central.db.session() as s:
        return s.scalar(select(Job).where(Job.external_id == external_id))


def test_a_graph_with_an_organisation_by_id(central):
    """The organisation is declared once and referenced by @id; HTML with entities becomes
    text with paragraphs; several places, remote work, vacancies and the apply URL are kept;
    a closed posting is reported and not stored; the occupation is found for quiz matches."""
    document = (DATA / "postings_graph_org_ref.jsonld").read_bytes()
    with central.db.session() as s:
        report = import_document(s, document, hall_id=1, source="example-hr.jsonld")
    assert [(r.index, r.outcome) for r in report.records] == [(1, "imported"), (2, "imported"), (3, "expired")]
    assert report.records[2].reason == "closed on 2026-01-31"
    night, remote = _job(central, "EHR-88301"), _job(central, "EHR-88302")
    assert night.employer == remote.employer == "恒通物流有限公司"
    assert (night.status, night.hall_id, night.source) == ("pending", 1, "example-hr.jsonld")
    assert night.description == ("负责仓库货物的入库、出库与盘点 工作。\n\n岗位福利：\n\n• 五险一金\n• 夜班补贴&餐补"
                                 "\n\n工作时间：20:00–次日 06:00\n做五休二")
    assert night.locations == ["通州区 马驹桥物流园 3 号库", "大兴区 亦庄经济开发区 B2 仓"]
    assert (night.district, night.vacancies, night.salary_min, night.salary_max) == ("通州区", 3, 6000, 8000)
    assert night.apply_url == "https://jobs.example-hr.cn/apply/88301"
    assert (night.occupation_code, night.category) == ("4-02-06-03", "物流")   # by the category's name
    assert remote.remote and remote.locations == [] and remote.employment_type == "part_time"
    assert remote.occupation_code == "4-04-01-00"                               # by a CategoryCode
    assert remote.apply_url == "https://jobs.example-hr.cn/job/88302"           # directApply
    assert remote.description == "在家接听客户电话&回复在线咨询。\n需自备电脑与耳麦。"
    assert _job(central, "EHR-87000") is None
    with central.db.session() as s:   # the same file again changes nothing
        again = import_document(s, document, hall_id=1)
    assert [r.outcome for r in again.records] == ["unchanged", "unchanged", "expired"]


def test_a_list_of_inline_postings_from_two_publishers(central):
    with central.db.session() as s:
        report = import_document(s, (DATA / "postings_inline_list.json").read_bytes(), hall_id=1)
    assert [r.outcome for r in report.records] == ["imported", "imported"]
    clerk, electrician = _job(central, "zp-2026-115-0042"), _job(central, "7781")
    assert (clerk.title, clerk.title_en) == ("会计", "Accountant")
    assert (clerk.salary_min, clerk.salary_max, clerk.experience_years) == (8000, 10000, 3)
    assert clerk.description == "负责公司日常账务处理&纳税申报。\n\n要求：持有初级会计证。"  # escaped HTML
    assert clerk.apply_url == "https://zp.example.gov.cn/apply?id=0042"
    assert clerk.occupation_code == "2-06-03-00" and clerk.occupation_name == "会计"
    assert electrician.occupation_code == "6-31-01-03"          # the English title names it
    assert electrician.vacancies == 2 and electrician.employer == "Kangtai Medical Devices Co., Ltd."
    assert electrician.description == "What you do\n\nKeep the plant's power and lighting running."


def test_broken_records_each_get_their_reason():
    good, bad = parse_document((DATA / "postings_broken.jsonld").read_bytes())
    assert [g.index for g in good] == [5]
    assert [(b.index, b.reason) for b in bad] == [
        (0, "title is missing"), (1, "datePosted is not an ISO 8601 date: last week"),
        (2, "salary minimum above maximum"), (3, "record is not an object"),
        (4, "@type is Event, not JobPosting")]


def test_a_remote_context_is_never_fetched():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"@vocab": "http://schema.org/"}}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/context.jsonld"
        good, bad = parse_document(json.dumps([{"@context": url, "@type": "JobPosting", "title": "x"}]))
    finally:
        server.shutdown()
        server.server_close()
    assert not good and "not readable as JSON-LD" in bad[0].reason and hits == []


KEYS = ["@id", "@type", "@graph", "@context", "@value", "@language", "@list", "@set", "@reverse",
        "@vocab", "@base", "JobPosting", "title", "hiringOrganization", "name", "datePosted",
        "validThrough", "jobLocation", "address", "baseSalary", "value", "minValue", "unitText",
        "description", "totalJobOpenings", "occupationalCategory", "potentialAction", "target",
        "jobLocationType", "identifier", "url"]
scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.sampled_from(["JobPosting", "Organization", "_:b0", "#org", "https://schema.org",
                              "http://127.0.0.1:9/ctx", "TELECOMMUTE", "2026-11-01", "<p>a&nbsp;b</p>",
                              "\x00", "&lt;p&gt;x"]) | st.text(max_size=12))
json_ld = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6), max_leaves=30)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_ld)
def test_hostile_json_ld_only_ever_rejects_records(document):
    try:
        good, bad = parse_document(json.dumps(document))
    except JsonLdError:
        return
    for posting in good:
        assert posting.columns["title"] and "\x00" not in posting.columns["title"]
    assert all(isinstance(r.reason, str) and r.reason for r in bad)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), json_ld, max_size=8))
def test_hostile_fields_in_a_good_graph(fields):
    base = json.loads((DATA / "postings_graph_org_ref.jsonld").read_text(encoding="utf-8"))
    base["@graph"][1].update(fields)
    try:
        good, bad = parse_document(json.dumps(base))
    except JsonLdError:
        return
    assert len(good) + len(bad) >= 2   # the other postings stand


# -- over HTTP ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def staff(central):
    hall_records(central.db, 2, "p2")
    staff_in_hall(central.db, "counsellor-p2", "hall-two-demo", 2, "counsellor")
    return {"counsellor": central.staff_headers("counsellor1", "counsellor-demo"),
            "viewer": central.staff_headers("viewer", "viewer-demo"),
            "other": central.staff_headers("counsellor-p2", "hall-two-demo")}


def _upload(central, headers, records, hall_id=1, name="feed.jsonld"):
    return central.http.post("/api/postings/import", headers=headers,
                             json={"hall_id": hall_id, "filename": name, "document": json.dumps(records, ensure_ascii=False)})


def _posting(title, employer, ident, **extra):
    return {"@context": "https://schema.org", "@type": "JobPosting", "identifier": ident, "title": title,
            "hiringOrganization": {"@type": "Organization", "name": employer},
            "datePosted": "2026-11-01", "validThrough": "2030-01-01", **extra}


def _queue_item(central, headers, job_id):
    queue = central.http.get("/api/postings/queue", headers=headers).json()
    return next((item for item in queue if item["posting"]["id"] == job_id), None)


def test_the_queue_shows_duplicates_and_what_changed(central, staff):
    with central.db.session() as s:
        twin = s.scalars(select(Job).where(Job.status == "verified", Job.hall_id == 1,
                                           Job.expires_at.is_not(None)).order_by(Job.id)).first()
        title, employer, twin_id = twin.title, twin.employer, twin.id
    r = _upload(central, staff["counsellor"], [_posting(title + "（急招）", employer, "dup-1")])
    assert r.status_code == 200 and r.json()["counts"]["imported"] == 1
    new_id = r.json()["records"][0]["job_id"]
    item = _queue_item(central, staff["counsellor"], new_id)
    assert twin_id in [d["id"] for d in item["duplicates"]] and not item["verified_before"]
    # verified, then corrected: back in the queue with the change in words
    c = staff["counsellor"]
    assert central.http.post(f"/api/jobs/{new_id}/verify", headers=c).status_code == 200
    posting = central.http.get(f"/api/jobs/{new_id}", headers=c).json()
    edit = {k: posting[k] for k in ("title", "employer", "district", "address", "hours", "contact",
                                    "description", "requirements", "how_to_apply", "expires_at")}
    r = central.http.put(f"/api/jobs/{new_id}", headers=c, json={**edit, "salary_max": 9000, "vacancies": 4})
    assert r.status_code == 200 and r.json()["verification_status"] == "pending"
    item = _queue_item(central, c, new_id)
    assert item["verified_before"]
    assert {(ch["label"], ch["before"], ch["after"]) for ch in item["changes"]} == {
        ("月薪上限", "（空）", "9,000 元"), ("招聘人数", "（空）", "4")}   # Chinese unless chosen otherwise
    with central.db.session() as s:
        actions = {a.action for a in s.scalars(select(AuditEntry).where(AuditEntry.target == f"job:{new_id}"))}
    assert {"job_verify", "job_edit"} <= actions


def test_reject_needs_a_reason_and_keeps_it(central, staff):
    r = _upload(central, staff["counsellor"], [_posting("保安员", "安达物业服务有限公司", "rej-1")])
    job_id = r.json()["records"][0]["job_id"]
    assert central.http.post(f"/api/jobs/{job_id}/reject", headers=staff["counsellor"],
                             json={"note": "  "}).status_code == 422
    r = central.http.post(f"/api/jobs/{job_id}/reject", headers=staff["counsellor"],
                          json={"note": "电话打不通，无法核实单位"})
    assert r.status_code == 200 and r.json()["status_note"] == "电话打不通，无法核实单位"
    assert _queue_item(central, staff["counsellor"], job_id) is None


def test_halls_bound_the_queue_the_actions_and_the_upload(central, staff):
    r = _upload(central, staff["counsellor"], [_posting("出纳", "合众商贸有限公司", "hall-1")])
    job_id = r.json()["records"][0]["job_id"]
    other = staff["other"]
    assert _queue_item(central, other, job_id) is None
    assert central.http.post(f"/api/jobs/{job_id}/verify", headers=other).status_code == 404
    assert central.http.get(f"/api/jobs/{job_id}", headers=other).status_code == 404
    assert job_id not in {j["id"] for j in central.http.get("/api/jobs?q=出纳", headers=other).json()["items"]}
    assert job_id in {j["id"] for j in central.http.get("/api/jobs?q=出纳", headers=staff["counsellor"]).json()["items"]}
    assert _upload(central, other, [_posting("出纳", "合众商贸有限公司", "hall-1")]).status_code == 404
    # the same identifier uploaded for hall 2 does not take over hall 1's posting
    r = _upload(central, other, [_posting("出纳主管", "合众商贸有限公司", "hall-1")], hall_id=2)
    assert r.json()["records"][0]["outcome"] == "rejected"
    assert _job(central, "hall-1").title == "出纳"
    assert central.http.get("/api/postings/queue", headers=staff["viewer"]).status_code == 403


def test_upload_report_and_refusals(central, staff):
    document = (DATA / "postings_broken.jsonld").read_text(encoding="utf-8")
    r = central.http.post("/api/postings/import", headers={**staff["counsellor"], "Cookie": "console_lang=en"},
                          json={"hall_id": 1, "filename": "broken.jsonld", "document": document})
    assert r.status_code == 200
    records = r.json()["records"]
    assert [x["outcome"] for x in records] == ["rejected"] * 5 + ["imported"]
    assert records[1]["reason"] == "datePosted is not an ISO 8601 date: last week"
    zh = central.http.post("/api/postings/import", headers=staff["counsellor"],
                           json={"hall_id": 1, "filename": "broken.jsonld", "document": document}).json()
    assert zh["records"][0]["reason"] == "缺少职位名称" and zh["records"][5]["outcome_label"] == "未变化"
    bad = central.http.post("/api/postings/import", headers=staff["counsellor"],
                            json={"hall_id": 1, "filename": "x.jsonld", "document": "<html>"})
    assert bad.status_code == 422 and "not JSON" in bad.json()["detail"][0]["msg"]
    assert _upload(central, staff["viewer"], []).status_code == 403
    with central.db.session() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "job_import",
                                                 AuditEntry.detail.like("broken.jsonld:%")))


@pytest.mark.parametrize("typed", ["kj", "kuaiji", "kuai ji", "会计", "KJ"])
def test_staff_search_by_pinyin_and_initials(central, staff, typed):
    found = central.http.get("/api/jobs", params={"q": typed, "limit": 100}, headers=staff["counsellor"]).json()
    assert found["total"] > 0
    for job in found["items"]:
        text = index_text(job["title"], job["occupation_name"], job["district"], job["title_en"] or "")
        assert "会计" in job["title"] + job["employer"] + job["occupation_name"] + job["district"] \
            or all(f" {t}" in text for t in typed.lower().split()), job["title"]


def test_a_file_larger_than_other_bodies_is_taken(central, staff):
    long = _posting("焊工", "天成制造有限公司", "long-1", description="<p>" + "焊接作业&nbsp;" * 150_000 + "</p>")
    document = json.dumps([long], ensure_ascii=False)
    assert len(document.encode()) > 1_000_000    # over every other route's limit
    r = _upload(central, staff["counsellor"], [long])
    assert r.status_code == 200 and r.json()["records"][0]["outcome"] == "imported"
    assert len(_job(central, "long-1").description) == 4000


def test_a_viewer_gets_the_search_but_no_queue(central, staff):
    page = central.http.get("/console/postings", headers=staff["viewer"])
    assert page.status_code == 200 and 'id="search"' in page.text
    assert "审核通过" not in page.text and 'id="upload"' not in page.text
    mine = central.http.get("/console/postings", headers=staff["counsellor"]).text
    assert 'data-action="verify"' in mine and 'id="upload"' in mine

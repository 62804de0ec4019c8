"""The terminals' delta feed: only verified, unexpired postings; withdrawals reported."""

from datetime import timedelta

from central.models import Job, utcnow


def pull_all(central, headers, since=""):
    items, withdrawn = {}, set()
    while True:
        r = central.http.get("/api/kiosk/feed/jobs", params={"since": since, "limit": 100},
                             headers=headers)
        r.raise_for_status()
        body = r.json()
        for job in body["items"]:
            items[job["id"]] = job
            withdrawn.discard(job["id"])
        for job_id in body["withdrawn"]:
            items.pop(job_id, None)
            withdrawn.add(job_id)
        since = body["cursor"]
        if not body["has_more"]:
            return items, withdrawn, since


def test_full_feed_has_exactly_the_public_postings(central):
    headers = central.kiosk_headers()
    items, withdrawn, _ = pull_all(central, headers)
    with central.db.session() as s:
        public = {j.id for j in s.query(Job).all()
                  if j.status == "verified" and (j.expires_at is None or j.expires_at > utcnow())}
        unverified = {j.id for j in s.query(Job).filter(Job.status != "verified").all()}
    assert set(items) == public
    assert not (set(items) & unverified)
    assert withdrawn == set()
    assert all(j["verification_status"] == "verified" for j in items.values())


def test_changes_since_cursor_report_withdrawn_and_expired(central):
    kiosk = central.kiosk_headers()
    staff = central.staff_headers("manager", "manager-demo")
    items, _, cursor = pull_all(central, kiosk)
    ids = sorted(items)
    withdrawn_id, expiring_id = ids[0], ids[1]
    r = central.http.post(f"/api/jobs/{withdrawn_id}/withdraw", headers=staff)
    assert r.status_code == 200 and r.json()["verification_status"] == "withdrawn"
    with central.db.session() as s:
        s.get(Job, expiring_id).expires_at = utcnow() - timedelta(minutes=1)
        s.commit()
        pending = s.query(Job).filter(Job.status == "pending").first().id
    assert central.http.post(f"/api/jobs/{pending}/verify", headers=staff).status_code == 200
    new, gone, cursor2 = pull_all(central, kiosk, cursor)
    assert set(new) == {pending}
    assert {withdrawn_id, expiring_id} <= gone
    assert int(cursor2) > int(cursor.lstrip('i'))
    again, gone_again, _ = pull_all(central, kiosk, cursor2)
    assert again == {} and gone_again == set()
    job = central.http.get(f"/api/jobs/{pending}", headers=staff).json()
    assert job["verified_at"] is not None


def test_invalid_transition_and_bad_cursor(central):
    staff = central.staff_headers("manager", "manager-demo")
    with central.db.session() as s:
        rejected = s.query(Job).filter(Job.status == "expired").first().id
    assert central.http.post(f"/api/jobs/{rejected}/withdraw", headers=staff).status_code == 409
    kiosk = central.kiosk_headers()
    assert central.http.get("/api/kiosk/feed/jobs", params={"since": "abc"}, headers=kiosk).status_code == 422


def test_public_page_carries_jsonld(central):
    import json
    import re
    kiosk = central.kiosk_headers()
    job = central.http.get("/api/kiosk/feed/jobs", params={"limit": 1}, headers=kiosk).json()["items"][0]
    page = central.http.get(f"/jobs/{job['id']}")
    assert page.status_code == 200
    assert job["title"] in page.text
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S).group(1))
    assert ld["@type"] == "JobPosting" and ld["title"] == job["title"]
    assert ld["hiringOrganization"]["name"] == job["employer"]
    with central.db.session() as s:
        hidden = s.query(Job).filter(Job.status == "pending").first().id
    assert central.http.get(f"/jobs/{hidden}").status_code == 404


def test_events_are_idempotent(central):
    kiosk = central.kiosk_headers()
    events = [{"key": f"evt-{i:08d}", "kind": "job_print", "occurred_at": "2026-11-24T10:00:00+08:00",
               "payload": {"job_id": i}} for i in range(3)]
    first = central.http.post("/api/kiosk/events", json={"events": events}, headers=kiosk).json()
    assert first == {"accepted": [e["key"] for e in events], "duplicates": []}
    retry = central.http.post("/api/kiosk/events", json={"events": events + events[:1]}, headers=kiosk).json()
    assert retry["accepted"] == [] and sorted(retry["duplicates"]) == sorted([e["key"] for e in events] + [events[0]["key"]])
    bad = central.http.post("/api/kiosk/events", json={"events": [{"key": "x", "kind": "Bad Kind"}]}, headers=kiosk)
    assert bad.status_code == 422


def test_feed_is_gzipped_when_asked_and_plain_otherwise(central):
    import gzip
    import json

    kiosk = central.kiosk_headers()
    params = {"limit": 50}
    with central.http.stream("GET", "/api/kiosk/feed/jobs", params=params,
                             headers={**kiosk, "Accept-Encoding": "gzip"}) as zipped:
        raw = b"".join(zipped.iter_raw())
    assert zipped.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in zipped.headers["vary"].lower()
    plain = central.http.get("/api/kiosk/feed/jobs", params=params,
                             headers={**kiosk, "Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert json.loads(gzip.decompress(raw)) == plain.json()
    assert len(plain.json()["items"]) == 50
    assert len(raw) * 4 < len(plain.content)  # postings are repetitive JSON: well over 4x


def test_console_pages_are_not_compressed(central):
    """HTML stays plain: console pages hold a CSRF token next to text others can put there (BREACH)."""
    staff = central.staff_headers("admin", "admin-demo")
    page = central.http.get("/console/fleet", headers={**staff, "Accept-Encoding": "gzip"})
    assert page.status_code == 200 and len(page.content) > 1024  # past GZip's minimum size
    assert "content-encoding" not in page.headers

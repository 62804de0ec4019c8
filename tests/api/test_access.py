"""Enrolment, staff login, and who may call what (over real HTTP, SQLite and PostgreSQL)."""

import pytest


def test_health(central):
    r = central.http.get("/api/health")
    assert r.status_code == 200
    assert r.json()["database"] == "ok"


def test_enrolment_code_works_once(central):
    code = central.new_kiosk_code("front-door")
    first = central.http.post("/api/kiosks/enrol", json={"code": code.lower().replace("-", "")})
    assert first.status_code == 200
    body = first.json()
    assert body["token"].startswith("kt_") and body["name"] == "front-door"
    assert body["hall"]["name"] == "示范区公共就业服务大厅"
    again = central.http.post("/api/kiosks/enrol", json={"code": code})
    assert again.status_code == 403


@pytest.mark.parametrize("code", ["WRNG-CODE", "AAAA-AAAA"])
def test_wrong_code_is_refused(central, code):
    assert central.http.post("/api/kiosks/enrol", json={"code": code}).status_code == 403


def test_expired_code_is_refused(central):
    code = central.new_kiosk_code(expired=True)
    r = central.http.post("/api/kiosks/enrol", json={"code": code})
    assert r.status_code == 403 and "expired" in r.json()["detail"]


def test_kiosk_token_opens_kiosk_endpoints_only(central):
    headers = central.kiosk_headers("k1")
    assert central.http.get("/api/kiosk/me", headers=headers).json()["name"] == "k1"
    assert central.http.get("/api/kiosk/services", headers=headers).status_code == 200
    for path in ("/api/jobs", "/api/jobs/1", "/api/services"):
        assert central.http.get(path, headers=headers).status_code == 401, path
    assert central.http.post("/api/jobs/1/verify", headers=headers).status_code == 401


def test_staff_token_does_not_open_kiosk_endpoints(central):
    headers = central.staff_headers()
    assert central.http.get("/api/services", headers=headers).status_code == 200
    for path in ("/api/kiosk/me", "/api/kiosk/feed/jobs", "/api/kiosk/services"):
        assert central.http.get(path, headers=headers).status_code == 401, path


def test_anonymous_gets_nothing(central):
    for path in ("/api/jobs", "/api/services", "/api/kiosk/me", "/api/kiosk/feed/jobs"):
        assert central.http.get(path).status_code == 401, path
    assert central.http.get("/api/kiosk/me", headers={"Authorization": "Bearer kt_forged"}).status_code == 401


def test_login_wrong_password_and_rate_limit(central):
    for _ in range(10):
        r = central.http.post("/api/auth/login", json={"username": "viewer", "password": "nope"})
        assert r.status_code == 401
    r = central.http.post("/api/auth/login", json={"username": "viewer", "password": "viewer-demo"})
    assert r.status_code == 429


def test_viewer_cannot_verify_postings(central):
    central.clear_rate_limits()   # the viewer's wrong passwords above
    headers = central.staff_headers("viewer", "viewer-demo")
    assert central.http.post("/api/jobs/1/verify", headers=headers).status_code == 403


def test_services_carry_their_documents(central):
    services = central.http.get("/api/kiosk/services", headers=central.kiosk_headers()).json()
    assert [s["letter"] for s in services] == list("ABCDEF")
    unemployment = next(s for s in services if s["code"] == "unemployment_registration")
    names = [d["name"] for d in unemployment["documents"]]
    assert "居民身份证原件" in names and unemployment["requires_identity"] is True


def test_malformed_and_oversized_bodies_get_4xx(central):
    r = central.http.post("/api/kiosks/enrol", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    r = central.http.post("/api/kiosks/enrol", content=b"x" * 2_000_000,
                          headers={"content-type": "application/json"})
    assert r.status_code == 413

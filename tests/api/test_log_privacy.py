"""The central service's own log (``central serve`` stderr) never carries an identity number,
a name, a password or a token, also when things go wrong with a person's data in them."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone

import httpx

from tests.servers import CentralProcess, create_kiosk_code, seeded_database

ID, NAME = "110101199003071233", "张晓明"


def test_central_log_has_no_identity_or_secret(tmp_path):
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    db = seeded_database(url, 5, 10)
    db.dispose()
    server = CentralProcess(url).start()
    try:
        http = httpx.Client(base_url=server.url, timeout=10)
        token = http.post("/api/kiosks/enrol", json={"code": create_kiosk_code(url, "log-scan")}).json()["token"]
        kiosk = {"Authorization": f"Bearer {token}"}
        person = {"id_number": ID, "name": NAME, "source": "idcard"}
        now = datetime.now(timezone.utc).isoformat()
        events = [  # a fallback ticket for a service that does not exist: its merge fails and is logged
            {"key": uuid.uuid4().hex, "kind": "ticket", "occurred_at": now,
             "payload": {"service_code": "no-such-service", "person": person, "fallback_label": "X1"}},
            {"key": uuid.uuid4().hex, "kind": "ticket", "occurred_at": now,
             "payload": {"service_code": "x" * 300, "person": {**person, "name": NAME * 40}}},
            {"key": uuid.uuid4().hex, "kind": "quiz_saved", "occurred_at": now,
             "payload": {"code": "SEC", "scores": {}, "person": person}}]
        assert http.post("/api/kiosk/events", headers=kiosk, json={"events": events}).status_code == 200
        http.post("/api/kiosk/progress", headers=kiosk, json={"id_number": ID})
        http.post("/api/kiosk/tickets", headers=kiosk, json={"key": "k" * 10, "service_code": "nope",
                                                             "person": person})
        http.post("/api/kiosk/tickets", headers=kiosk, json={"key": "k" * 10, "service_code": "nope",
                                                             "person": {"id_number": ID * 3, "name": NAME}})
        for password in ("wrong-password-1", "admin-demo"):
            http.post("/api/auth/login", json={"username": "admin", "password": password})
        http.post("/api/kiosk/heartbeat", headers=kiosk, json={"errors": [f"read failed for {ID}"]})
        # the staff page's flow: an account, a password reset, the one-time password used
        admin = {"Authorization": "Bearer " + http.post("/api/auth/login", json={
            "username": "admin", "password": "admin-demo"}).json()["access_token"]}
        made = http.post("/api/staff", headers=admin, json={
            "username": "log-scan", "roles": [{"hall_id": 1, "role": "viewer"}]}).json()
        one_time = [made["password"], http.post(f"/api/staff/{made['staff']['id']}/reset-password",
                                                headers=admin).json()["password"]]
        http.post("/api/auth/login", json={"username": "log-scan", "password": one_time[0]})
        scan = http.post("/api/auth/login", json={"username": "log-scan", "password": one_time[1]}).json()
        http.post("/console/password", headers={"Authorization": f"Bearer {scan['access_token']}"},
                  data={"current": one_time[1], "new": "chosen-secret-77", "repeat": "chosen-secret-77"})
        secrets = one_time + ["chosen-secret-77", scan["access_token"]]
        http.get("/api/kiosk/me", headers={"Authorization": "Bearer kt_" + "x" * 40})
    finally:
        log = server.stop()
    assert "fallback ticket" in log, "the failure path was not taken: the scan would prove nothing"
    for secret in (ID, NAME, "wrong-password-1", "admin-demo", token, *secrets):
        assert secret not in log, f"{secret[:6]}... found in the central log:\n{log[-2000:]}"
    assert not re.search(r"\b(kt|st)_[A-Za-z0-9_-]{20,}", log)

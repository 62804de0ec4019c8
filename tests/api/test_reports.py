"""Reports from real queue activity, as JSON and CSV, and the audit log of staff actions."""

from __future__ import annotations

import csv
import io
import uuid


def test_reports_and_audit(central):
    kiosk = central.kiosk_headers("reports")
    staff = central.staff_headers("counsellor1", "counsellor-demo")
    manager = central.staff_headers("manager", "manager-demo")
    viewer = central.staff_headers("viewer", "viewer-demo")
    done = []
    for i in range(3):
        t = central.http.post("/api/kiosk/tickets", headers=kiosk,
                              json={"key": uuid.uuid4().hex, "service_code": "job_seeker_registration"}).json()
        called = central.http.post("/api/counters/1/call-next", headers=staff).json()
        action = "no-show" if i == 2 else "finish"
        central.http.post(f"/api/tickets/{called['id']}/{action}", json={}, headers=staff)
        if action == "finish":
            done.append(t)
    for t, score in zip(done, (4, 2)):
        token = t["status_url"].rsplit("/t/", 1)[1]
        central.http.post(f"/api/public/tickets/{token}/rating", json={"score": score})
    sat = central.http.get("/api/reports/satisfaction", headers=viewer).json()
    reg = next(r for r in sat if r["service"] == "求职登记")
    assert reg["ratings"] >= 2
    shows = next(r for r in central.http.get("/api/reports/no_shows", headers=viewer).json()
                 if r["service"] == "求职登记")
    assert shows["no_shows"] >= 1
    per_hour = central.http.get("/api/reports/tickets_per_hour", headers=viewer).json()
    assert sum(r["tickets"] for r in per_hour) >= 3
    r = central.http.get("/api/reports/service_times", params={"format": "csv"}, headers=viewer)
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows and "avg_wait_min" in rows[0]
    assert central.http.get("/api/reports/audit", headers=viewer).status_code == 403
    audit = central.http.get("/api/reports/audit", headers=manager).json()
    actions = {a["action"] for a in audit}
    assert {"ticket_call", "ticket_finish", "ticket_no-show", "login"} <= actions
    assert all(a["staff"] for a in audit if a["action"].startswith("ticket_"))
    assert central.http.get("/api/reports/nope", headers=viewer).status_code == 404

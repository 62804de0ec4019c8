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
    assert rows and "平均等候（分钟）" in rows[0]   # headed in words, Chinese first
    assert central.http.get("/api/reports/audit", headers=viewer).status_code == 403
    audit = central.http.get("/api/reports/audit", headers=manager).json()
    actions = {a["action"] for a in audit}
    assert {"ticket_call", "ticket_finish", "ticket_no-show", "login"} <= actions
    assert all(a["staff"] for a in audit if a["action"].startswith("ticket_"))
    assert central.http.get("/api/reports/nope", headers=viewer).status_code == 404


def test_reports_cover_a_period_and_a_hall(central):
    """The period is the hall's days, both ends included; a hall narrows it to its tickets."""
    from datetime import date, timedelta

    from central.models import utcnow
    from central.halltime import day_of
    viewer = central.staff_headers("viewer", "viewer-demo")
    kiosk = central.kiosk_headers("reports-period")
    central.http.post("/api/kiosk/tickets", headers=kiosk,
                      json={"key": uuid.uuid4().hex, "service_code": "job_seeker_registration"})
    today = date.fromisoformat(day_of(utcnow()))
    hall = central.http.get("/api/kiosk/me", headers=kiosk).json()["hall"]["id"]

    def tickets(**params) -> int:
        r = central.http.get("/api/reports/tickets_per_hour", headers=viewer, params=params)
        assert r.status_code == 200, r.text
        return sum(row["tickets"] for row in r.json())

    assert tickets() >= 1                                   # the last 30 days, by default
    assert tickets(since=today.isoformat(), until=today.isoformat()) == tickets()
    assert tickets(until=(today - timedelta(days=1)).isoformat()) == 0
    assert tickets(hall=hall) == tickets()
    other = central.http.get("/api/reports/tickets_per_hour", headers=viewer, params={"hall": hall + 1000})
    assert other.status_code == 404                         # a hall not the viewer's: refused
    assert tickets(hall="") == tickets()                    # the console's "all halls"
    csv_reply = central.http.get("/api/reports/no_shows", headers=viewer,
                                 params={"format": "csv", "since": "2026-01-01", "until": "2026-01-31"})
    assert 'filename="no_shows_2026-01-01_2026-01-31.csv"' in csv_reply.headers["content-disposition"]
    for bad in ({"since": "2026-02-01", "until": "2026-01-01"},    # backwards
                {"since": "2025-01-01", "until": "2026-12-31"},    # over a year
                {"until": "0001-01-01"}, {"since": "9999-12-31"},  # a typing error, not a date range
                {"since": "yesterday"}, {"hall": "-1"}, {"hall": "north"}):
        r = central.http.get("/api/reports/satisfaction", headers=viewer, params=bad)
        assert r.status_code == 422, (bad, r.status_code, r.text)
        assert isinstance(r.json()["detail"], list)


def test_events_in_the_period_are_counted_by_the_halls_day(central):
    """An event just after midnight in the hall (16:00 UTC the day before) is that hall day's."""
    viewer = central.staff_headers("viewer", "viewer-demo")
    kiosk = central.kiosk_headers("reports-events")
    events = [{"key": uuid.uuid4().hex, "kind": "job_print", "occurred_at": at, "payload": {"job_id": 1}}
              for at in ("2026-03-01T15:59:00+00:00", "2026-03-01T16:01:00+00:00")]
    r = central.http.post("/api/kiosk/events", headers=kiosk, json={"events": events})
    assert r.status_code < 300, r.text

    def slips(since: str, until: str) -> dict[str, int]:
        rows = central.http.get("/api/reports/slips_printed", headers=viewer,
                                params={"since": since, "until": until}).json()
        return {row["day"]: row["slips"] for row in rows}

    assert slips("2026-03-01", "2026-03-02") == {"2026-03-01": 1, "2026-03-02": 1}
    assert slips("2026-03-02", "2026-03-02") == {"2026-03-02": 1}
    assert slips("2026-02-01", "2026-02-28") == {}


def test_models_and_migrations_agree(central):
    """What the migrations build is what the models declare (indexes included)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from central.models import Base
    with central.db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_the_demo_history_fills_the_reports_for_its_days(tmp_path):
    from datetime import date

    from central.services.reports import (Period, satisfaction, slips_printed, terminal_uptime,
                                         tickets_per_day, tickets_per_hour)
    from central.seed import history
    from tests.servers import seeded_database
    db = seeded_database(f"sqlite:///{tmp_path / 'c.sqlite3'}", 1, 10)
    with db.session() as s:
        counts = history(s, 7, today=date(2026, 3, 10), tickets_a_day=40, events_a_day=80)
    assert counts["tickets"] > 150 and counts["events"] > 300 and counts["ratings"] > 0
    past = Period(date(2026, 3, 3), date(2026, 3, 9))   # Tuesday to Monday
    with db.session() as s:
        per_day = {r["day"]: r["tickets"] for r in tickets_per_day(s, past)}
        assert sum(per_day.values()) == counts["tickets"]
        assert "2026-03-08" not in per_day                  # a Sunday: closed
        assert per_day["2026-03-07"] < per_day["2026-03-09"]   # Saturday is quieter than Monday
        by_hour = tickets_per_hour(s, past)
        assert sum(r["tickets"] for r in by_hour) == counts["tickets"]
        assert all(8 <= r["hour"] <= 16 for r in by_hour)   # opening hours
        assert abs(sum(r["per_open_day"] for r in by_hour) - counts["tickets"] / 6) < 0.5
        assert {r["day"] for r in slips_printed(s, past)} == set(per_day)
        assert sum(r["ratings"] for r in satisfaction(s, past)) == counts["ratings"]
        assert tickets_per_hour(s, Period(date(2026, 3, 10), date(2026, 3, 10))) == []
        assert terminal_uptime(s, past) == []   # the retired terminal is not in the fleet
    db.dispose()


def test_quiz_interests_and_top_searches_count_the_payloads(central):
    """The database groups the events' JSON payloads; odd payloads are left out, not an error."""
    viewer = central.staff_headers("viewer", "viewer-demo")
    kiosk = central.kiosk_headers("reports-payloads")
    at = "2025-05-05T03:00:00+00:00"
    payloads = [("quiz_result", {"code": "RIA"}), ("quiz_result", {"code": "RIA"}),
                ("quiz_result", {"code": "SEC"}), ("quiz_result", {"code": "XYZ"}),
                ("quiz_result", {"code": 123}), ("quiz_result", {}),
                ("search", {"query": "会计", "results": 0}), ("search", {"query": "会计", "results": 12}),
                ("search", {"query": "会计"}), ("search", {"query": "kj", "results": []}),
                ("search", {"query": "司机", "results": 3}), ("search", {"query": "", "results": 0}),
                ("search", {"query": "长" * 30, "results": False})]
    events = [{"key": uuid.uuid4().hex, "kind": kind, "occurred_at": at, "payload": payload}
              for kind, payload in payloads]
    assert central.http.post("/api/kiosk/events", headers=kiosk, json={"events": events}).status_code == 200

    def report(name: str) -> list[dict]:
        r = central.http.get(f"/api/reports/{name}", headers=viewer,
                             params={"since": "2025-05-05", "until": "2025-05-05"})
        assert r.status_code == 200, r.text
        return r.json()

    interests = {row["type"]: row for row in report("quiz_interests")}
    assert [interests[t]["leading"] for t in "RIASEC"] == [2, 0, 0, 1, 0, 0]
    assert [interests[t]["in_code"] for t in "RIASEC"] == [2, 2, 2, 1, 1, 1]
    assert interests["R"]["leading_pct"] == 66.7
    assert report("top_searches") == [{"query": "会计", "searches": 3, "no_results": 2},
                                      {"query": "kj", "searches": 1, "no_results": 1},
                                      {"query": "司机", "searches": 1, "no_results": 0},
                                      {"query": "长" * 24, "searches": 1, "no_results": 1}]


def test_terminal_uptime_sums_the_samples_spans(central):
    """A sample counts until the next one, at most the grace of 7 minutes."""
    from datetime import timedelta

    from central.models import Kiosk, utcnow
    from central.models.health import HealthSample
    viewer = central.staff_headers("viewer", "viewer-demo")
    with central.db.session() as s:
        now = utcnow()
        kiosk = Kiosk(hall_id=1, name="uptime-kiosk", created_at=now - timedelta(days=1),
                      enrolled_at=now - timedelta(days=1))
        s.add(kiosk)
        s.flush()
        for minutes, state in ((60, "ok"), (50, "degraded"), (40, "ok")):
            s.add(HealthSample(kiosk_id=kiosk.id, at=now - timedelta(minutes=minutes), state=state))
        s.commit()
    rows = central.http.get("/api/reports/terminal_uptime", headers=viewer).json()
    row = next(r for r in rows if r["terminal"] == "uptime-kiosk")
    # 3 x 7 minutes up of the day it has been enrolled, 2 x 7 of them with every device ok
    assert row == {"terminal": "uptime-kiosk", "uptime_pct": 1.5, "all_devices_ok_pct": 1.0,
                   "samples": 3}

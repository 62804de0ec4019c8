"""Calls for help over HTTP, on SQLite and PostgreSQL: a terminal calls (one open call at a
time), staff of its hall see it (escalated after server.help_escalate_s), acknowledge it
(audited), and the terminal learns that someone is coming; other halls do not see it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from central.models import utcnow
from central.models.fleet import AuditEntry
from central.models.help import HelpCall
from tests.factories import hall_records, staff_in_hall


def _open_for(central, staff, kiosk_name):
    calls = central.http.get("/api/help-calls", headers=staff).json()
    return [c for c in calls if c["terminal"] == kiosk_name]


def test_a_call_is_seen_acknowledged_and_audited(central):
    terminal = central.kiosk_headers("help-a")
    staff = central.staff_headers()
    first = central.http.post("/api/kiosk/help", headers=terminal)
    assert first.status_code == 200, first.text
    again = central.http.post("/api/kiosk/help", headers=terminal).json()
    assert again == first.json() and again["acknowledged"] is False   # one open call
    rows = _open_for(central, staff, "help-a")
    assert len(rows) == 1 and rows[0]["id"] == again["id"] and not rows[0]["escalated"]
    assert rows[0]["hall"] and rows[0]["waiting_s"] >= 0

    ack = central.http.post(f"/api/help-calls/{again['id']}/ack", headers=staff)
    assert ack.status_code == 200 and ack.json()["acknowledged"] is True
    state = central.http.get(f"/api/kiosk/help/{again['id']}", headers=terminal).json()
    assert state == {"id": again["id"], "acknowledged": True}
    assert _open_for(central, staff, "help-a") == []
    assert central.http.post(f"/api/help-calls/{again['id']}/ack", headers=staff).status_code == 409
    with central.db.session() as s:
        audited = s.scalars(select(AuditEntry.detail).where(
            AuditEntry.action == "help_call_acknowledged")).all()
    assert audited
    # a new press after the answer is a new call
    new = central.http.post("/api/kiosk/help", headers=terminal).json()
    assert new["id"] != again["id"] and not new["acknowledged"]


def test_an_unanswered_call_escalates_and_comes_first(central):
    staff = central.staff_headers()
    calm = central.http.post("/api/kiosk/help", headers=central.kiosk_headers("help-calm")).json()
    old = central.http.post("/api/kiosk/help", headers=central.kiosk_headers("help-old")).json()
    with central.db.session() as s:   # the second call was made 10 minutes ago
        s.execute(update(HelpCall).where(HelpCall.id == old["id"])
                  .values(created_at=utcnow() - timedelta(minutes=10)))
        s.commit()
    calls = central.http.get("/api/help-calls", headers=staff).json()
    by_id = {c["id"]: c for c in calls}
    assert by_id[old["id"]]["escalated"] and not by_id[calm["id"]]["escalated"]
    assert by_id[old["id"]]["waiting_s"] >= 600
    assert calls[0]["escalated"]
    assert [c["id"] for c in calls].index(old["id"]) < [c["id"] for c in calls].index(calm["id"])


def test_other_halls_and_other_terminals_do_not_reach_a_call(central):
    call = central.http.post("/api/kiosk/help", headers=central.kiosk_headers("help-h1")).json()
    hall_records(central.db, 2, "help2")
    staff_in_hall(central.db, "help-counsellor-h2", "help-h2-pass", 2, "counsellor")
    other = central.staff_headers("help-counsellor-h2", "help-h2-pass")
    assert all(c["hall_id"] == 2 for c in central.http.get("/api/help-calls", headers=other).json())
    assert central.http.post(f"/api/help-calls/{call['id']}/ack", headers=other).status_code == 404
    stranger = central.kiosk_headers("help-stranger")
    assert central.http.get(f"/api/kiosk/help/{call['id']}", headers=stranger).status_code == 404
    assert central.http.get("/api/kiosk/help/99999999", headers=stranger).status_code == 404
    assert central.http.get("/api/kiosk/help/abc", headers=stranger).status_code == 422
    assert central.http.post("/api/kiosk/help").status_code == 401

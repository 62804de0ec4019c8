"""Fleet API: registration, heartbeats, alerts, commands, revocation, who may do what."""

from __future__ import annotations

import base64


def beat(central, headers, **extra):
    body = {"software_version": "0.1.0", "uptime_s": 5, "outbox_depth": 0, "free_disk_mb": 900,
            "devices": {"printer": {"state": "ok", "reason": ""}}, **extra}
    r = central.http.post("/api/kiosk/heartbeat", json=body, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_register_enrol_beat_command_result_and_revoke(central):
    admin = central.staff_headers()
    reg = central.http.post("/api/kiosks", json={"name": "east-door", "place": "东门"}, headers=admin).json()
    token = central.http.post("/api/kiosks/enrol", json={"code": reg["code"]}).json()["token"]
    kiosk = {"Authorization": f"Bearer {token}"}
    assert beat(central, kiosk) == {"config_version": 0, "commands": [], "release": None}
    fleet = {k["name"]: k for k in central.http.get("/api/kiosks", headers=admin).json()}
    assert fleet["east-door"]["alerts"] == []
    beat(central, kiosk, devices={"printer": {"state": "offline", "reason": "paper_out", "since": 1}},
         outbox_depth=500)
    kinds = {a["kind"] for k in central.http.get("/api/kiosks", headers=admin).json()
             if k["name"] == "east-door" for a in k["alerts"]}
    assert {"paper_out", "outbox_backlog"} <= kinds
    cmd = central.http.post(f"/api/kiosks/{reg['id']}/commands", json={"kind": "screenshot"},
                            headers=central.staff_headers("manager", "manager-demo")).json()
    assert cmd["state"] == "queued"
    sent = beat(central, kiosk)["commands"]
    assert [c["kind"] for c in sent] == ["screenshot"] and beat(central, kiosk)["commands"] == []
    png = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()
    r = central.http.post(f"/api/kiosk/commands/{cmd['id']}/result",
                          json={"ok": True, "result": "taken", "attachment": png}, headers=kiosk)
    assert r.json() == {"state": "done"}
    shot = central.http.get(f"/api/kiosks/{reg['id']}/screenshot", headers=admin)
    assert shot.status_code == 200 and shot.content.startswith(b"\x89PNG")
    assert central.http.post(f"/api/kiosks/{reg['id']}/revoke", headers=admin).status_code == 200
    assert central.http.post("/api/kiosk/heartbeat", json={}, headers=kiosk).status_code == 401


def test_a_terminal_reaches_only_its_own_commands(central):
    admin = central.staff_headers()
    a = central.http.post("/api/kiosks", json={"name": "a"}, headers=admin).json()
    b = central.http.post("/api/kiosks", json={"name": "b"}, headers=admin).json()
    tok_b = central.http.post("/api/kiosks/enrol", json={"code": b["code"]}).json()["token"]
    cmd = central.http.post(f"/api/kiosks/{a['id']}/commands", json={"kind": "restart"}, headers=admin).json()
    r = central.http.post(f"/api/kiosk/commands/{cmd['id']}/result", json={"ok": True},
                          headers={"Authorization": f"Bearer {tok_b}"})
    assert r.status_code == 404


def test_roles_on_fleet_routes(central):
    viewer = central.staff_headers("viewer", "viewer-demo")
    counsellor = central.staff_headers("counsellor1", "counsellor-demo")
    assert central.http.get("/api/kiosks", headers=viewer).status_code == 200
    assert central.http.post("/api/kiosks", json={"name": "x"}, headers=viewer).status_code == 403
    assert central.http.post("/api/kiosks", json={"name": "x"},
                             headers=central.staff_headers("manager", "manager-demo")).status_code == 403
    assert central.http.post("/api/kiosks/1/commands", json={"kind": "restart"}, headers=counsellor).status_code == 403
    assert central.http.post("/api/kiosks/1/commands", json={"kind": "format_disk"},
                             headers=central.staff_headers()).status_code == 422
    assert central.http.get("/api/kiosks").status_code == 401
    assert central.http.get("/api/kiosks", headers=central.kiosk_headers()).status_code == 401


def test_announcements_reach_the_hall_terminals(central):
    from datetime import datetime, timedelta, timezone
    manager = central.staff_headers("manager", "manager-demo")
    kiosk = central.kiosk_headers("announce")
    later = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    assert central.http.post("/api/announcements", json={"text": "明天开放", "starts_at": later},
                             headers=manager).status_code == 200
    assert central.http.post("/api/announcements", json={"text": "今日招聘会", "text_en": "Job fair today"},
                             headers=manager).status_code == 200
    texts = [a["text"] for a in central.http.get("/api/kiosk/announcements", headers=kiosk).json()]
    assert "今日招聘会" in texts and "明天开放" not in texts
    assert central.http.post("/api/announcements", json={"text": "x"},
                             headers=central.staff_headers("viewer", "viewer-demo")).status_code == 403


def test_offline_follows_each_terminal_s_own_beat_interval(central):
    """Three missed beats at the terminal's interval: as it reports it, else as its config sets."""
    from datetime import timedelta

    from central.models import utcnow
    from central.models.fleet import KioskStatus
    admin = central.staff_headers()
    kiosks = {}
    for name in ("slow-reported", "slow-configured", "default"):
        reg = central.http.post("/api/kiosks", json={"name": name}, headers=admin).json()
        token = central.http.post("/api/kiosks/enrol", json={"code": reg["code"]}).json()["token"]
        kiosks[name] = (reg["id"], {"Authorization": f"Bearer {token}"})
    beat(central, kiosks["slow-reported"][1], interval_s=120)
    r = central.http.put(f"/api/config/kiosk/{kiosks['slow-configured'][0]}", headers=admin,
                         json={"values": {"central.heartbeat_interval_s": 120}})
    assert r.status_code == 200, r.text
    for name in ("slow-configured", "default"):
        beat(central, kiosks[name][1])
    with central.db.session() as s:   # the last beat was 200 s ago: between two-minute beats
        for kiosk_id, _ in kiosks.values():
            s.get(KioskStatus, kiosk_id).last_seen = utcnow() - timedelta(seconds=200)
        s.commit()
    offline = {k["name"] for k in central.http.get("/api/kiosks", headers=admin).json()
               if any(a["kind"] == "offline" for a in k["alerts"])}
    assert {"slow-reported", "slow-configured", "default"} & offline == {"default"}
    assert central.http.post("/api/kiosk/heartbeat", json={"interval_s": 0},
                             headers=kiosks["default"][1]).status_code == 422


def test_the_terminal_reports_its_own_beat_interval(central, tmp_path):
    """The real heartbeat worker sends its interval, so the service's offline rule follows it."""
    from central.models.fleet import KioskStatus
    from kiosk.api import CentralClient
    from kiosk.fleet import HeartbeatWorker
    admin = central.staff_headers()
    reg = central.http.post("/api/kiosks", json={"name": "beats-every-2-min"}, headers=admin).json()
    token = central.http.post("/api/kiosks/enrol", json={"code": reg["code"]}).json()["token"]
    worker = HeartbeatWorker(CentralClient(central.url, token, 10), 120, health=dict,
                             outbox_depth=lambda: 0, data_dir=str(tmp_path))
    worker.beat()
    with central.db.session() as s:
        assert s.get(KioskStatus, reg["id"]).interval_s == 120


def test_a_terminal_of_a_sleeping_hall_is_not_an_alert(central):
    """Outside its hall's opening hours a terminal may be dark or off: no alert, but when it
    wakes; the terminal fetches the same schedule with its sync."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from central.models import Hall, utcnow
    from central.models.fleet import KioskStatus
    admin = central.staff_headers()
    reg = central.http.post("/api/kiosks", json={"name": "night-owl"}, headers=admin).json()
    token = central.http.post("/api/kiosks/enrol", json={"code": reg["code"]}).json()["token"]
    kiosk = {"Authorization": f"Bearer {token}"}
    beat(central, kiosk)
    with central.db.session() as s:   # silent for an hour: offline
        s.get(KioskStatus, reg["id"]).last_seen = utcnow() - timedelta(hours=1)
        s.commit()

    def mine():
        return next(k for k in central.http.get("/api/kiosks", headers=admin).json()
                    if k["name"] == "night-owl")
    assert [a["kind"] for a in mine()["alerts"]] == ["offline"] and mine()["asleep_until"] is None
    # the hall opens only on a day two days from now: asleep now, whatever the hour
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    open_day = today + timedelta(days=2)
    with central.db.session() as s:
        hall = s.get(Hall, 1)
        saved = (hall.opening_hours, hall.wake_before_min)
        hall.opening_hours, hall.wake_before_min = {str(open_day.isoweekday()): ["08:30", "17:30"]}, 15
        s.commit()
    try:
        row = mine()
        assert row["alerts"] == [] and row["timezone"] == "Asia/Shanghai"
        wakes = datetime.fromisoformat(row["asleep_until"]).astimezone(ZoneInfo("Asia/Shanghai"))
        assert (wakes.date(), wakes.strftime("%H:%M")) == (open_day, "08:15")
        schedule = central.http.get("/api/kiosk/schedule", headers=kiosk).json()
        assert schedule == {"timezone": "Asia/Shanghai", "wake_before_min": 15,
                            "opening_hours": {str(open_day.isoweekday()): ["08:30", "17:30"]}}
    finally:
        with central.db.session() as s:
            hall = s.get(Hall, 1)
            hall.opening_hours, hall.wake_before_min = saved
            s.commit()
    assert [a["kind"] for a in mine()["alerts"]] == ["offline"]


def test_health_samples_are_decided_from_the_database_so_replicas_agree(central):
    """Beats alternating between two replicas (two apps, each its own engine, on one database)
    make one sample per change of state, as on one replica: no replica keeps its own memory."""
    import httpx
    from sqlalchemy import func, select

    from central.app import create_app
    from central.db import Database
    from central.models.health import HealthSample
    from central.settings import development_settings
    from tests.servers import UvicornThread
    other_db = Database(central.db_url)
    other = UvicornThread(create_app(development_settings(central.db_url), db=other_db)).start()
    try:
        admin = central.staff_headers()
        reg = central.http.post("/api/kiosks", json={"name": "two-replicas"}, headers=admin).json()
        token = central.http.post("/api/kiosks/enrol", json={"code": reg["code"]}).json()["token"]
        kiosk = {"Authorization": f"Bearer {token}"}
        replicas = [central.http, httpx.Client(base_url=other.url, timeout=10)]
        ok = {"printer": {"state": "ok", "reason": ""}}
        down = {"printer": {"state": "offline", "reason": "paper_out"}}
        for i, devices in enumerate([ok, ok, ok, ok, down, down, down, ok, ok]):
            r = replicas[i % 2].post("/api/kiosk/heartbeat", headers=kiosk, json={
                "software_version": "0.1.0", "devices": devices})
            assert r.status_code == 200, r.text
        with central.db.session() as s:
            states = s.scalars(select(HealthSample.state).where(HealthSample.kiosk_id == reg["id"])
                               .order_by(HealthSample.id)).all()
            assert states == ["ok", "offline", "ok"]
            assert s.scalar(select(func.count()).select_from(HealthSample)
                            .where(HealthSample.kiosk_id == reg["id"])) == 3
        replicas[1].close()
    finally:
        other.stop()
        other_db.dispose()

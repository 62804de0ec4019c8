"""Remote configuration on the service: layers checked against the terminal's schema, merged
fleet < hall < terminal, versioned with who changed what; health history and the reports
built on terminal events and samples."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

BEAT = {"software_version": "0.1.0", "uptime_s": 5, "outbox_depth": 0, "free_disk_mb": 900,
        "devices": {"printer": {"state": "ok"}, "idcard": {"state": "ok"}}}


def _kiosk_id(central, headers) -> int:
    return central.http.get("/api/kiosk/me", headers=headers).json()["id"]


def test_layers_merge_and_raise_the_version_the_heartbeat_reports(central):
    admin, manager = central.staff_headers(), central.staff_headers("manager", "manager-demo")
    kiosk = central.kiosk_headers("cfg-a")
    kid = _kiosk_id(central, kiosk)
    v0 = central.http.post("/api/kiosk/heartbeat", headers=kiosk, json=BEAT).json()["config_version"]
    r = central.http.put("/api/config/fleet/0", headers=admin, json={
        "values": {"terminal": {"idle_timeout_s": 120}, "terminal.language": "zh_CN"}, "note": "fleet"})
    assert r.status_code == 200, r.text
    r = central.http.put("/api/config/hall/1", headers=manager,
                         json={"values": {"terminal.language": "en"}, "note": "hall"})
    assert r.status_code == 200
    r = central.http.put(f"/api/config/kiosk/{kid}", headers=manager,
                         json={"values": {"devices.printer.paper_width_mm": 58}, "note": "narrow paper"})
    version = r.json()["version"]
    assert version > v0
    beat = central.http.post("/api/kiosk/heartbeat", headers=kiosk, json=BEAT).json()
    assert beat["config_version"] == version
    mine = central.http.get("/api/kiosk/config", headers=kiosk).json()
    assert mine["version"] == version
    assert mine["values"]["terminal.idle_timeout_s"] == 120
    assert mine["values"]["terminal.language"] == "en"          # the hall beats the fleet
    assert mine["values"]["devices.printer.paper_width_mm"] == 58
    seen = central.http.get(f"/api/kiosks/{kid}/config", headers=admin).json()
    assert seen["source"]["terminal.language"] == "hall" and seen["applied_version"] == v0
    # another terminal of another layer set does not see this terminal's layer
    other = central.http.get("/api/kiosk/config", headers=central.kiosk_headers("cfg-b")).json()
    assert "devices.printer.paper_width_mm" not in other["values"]


def test_bad_values_and_forbidden_keys_are_refused_with_the_key_named(central):
    manager = central.staff_headers("manager", "manager-demo")
    kid = _kiosk_id(central, central.kiosk_headers("cfg-c"))
    for values, message in [({"terminal.idle_timeout_s": -5}, "terminal.idle_timeout_s"),
                            ({"terminal.language": "fr"}, "terminal.language"),
                            ({"central.url": "http://evil"}, "central.url: cannot be set remotely"),
                            ({"store.path": "/tmp/x"}, "cannot be set remotely"),
                            ({"terminal.idle_warning_s": 200}, "shorter than idle_timeout_s"),
                            ({"devices.printer.paper_width_mm": 66}, "paper_width_mm")]:
        r = central.http.put(f"/api/config/kiosk/{kid}", headers=manager, json={"values": values})
        assert r.status_code == 422 and message in r.text, (values, r.text)
    assert central.http.put("/api/config/fleet/0", headers=manager, json={"values": {}}).status_code == 403
    assert central.http.put("/api/config/kiosk/999999", headers=manager, json={"values": {}}).status_code == 404
    assert central.http.get("/api/config/fleet/0", headers=manager).status_code == 200


def test_history_and_audit_say_who_changed_what_and_secrets_stay_hidden(central):
    admin = central.staff_headers()
    kid = _kiosk_id(central, central.kiosk_headers("cfg-d"))
    pin = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
    central.http.put(f"/api/config/kiosk/{kid}", headers=admin,
                     json={"values": {"terminal.staff_pin_hash": pin, "terminal.large_text": True}, "note": "one"})
    layer = central.http.get(f"/api/config/kiosk/{kid}", headers=admin).json()
    assert layer["current"]["values"]["terminal.staff_pin_hash"] == "(set)" and layer["current"]["by"] == "admin"
    # sending the shown "(set)" back keeps the secret; the change is only large_text
    r = central.http.put(f"/api/config/kiosk/{kid}", headers=admin, json={"values": {
        **layer["current"]["values"], "terminal.large_text": False}, "note": "two"})
    assert r.json()["changed"] == ["terminal.large_text"]
    kiosk_view = central.http.get("/api/kiosk/config", headers=central.kiosk_headers("cfg-d2")).json()
    assert pin not in str(kiosk_view)  # another terminal never gets it
    history = central.http.get(f"/api/config/kiosk/{kid}", headers=admin).json()["history"]
    assert [h["note"] for h in history[:2]] == ["two", "one"]
    audit = central.http.get("/api/reports/audit", headers=admin).json()
    entry = next(a for a in audit if a["action"] == "config" and a["target"] == f"kiosk:{kid}")
    assert "terminal.large_text: True -> False" in entry["detail"] and pin not in str(audit)


def test_health_samples_on_change_and_uptime_and_top_searches(central):
    viewer = central.staff_headers("viewer", "viewer-demo")
    kiosk = central.kiosk_headers("cfg-e")
    kid = _kiosk_id(central, kiosk)
    for devices in ({"printer": {"state": "ok"}}, {"printer": {"state": "ok"}},
                    {"printer": {"state": "degraded", "reason": "paper_low"}}):
        central.http.post("/api/kiosk/heartbeat", headers=kiosk, json={**BEAT, "devices": devices})
    samples = central.http.get(f"/api/kiosks/{kid}/health", headers=viewer).json()
    assert [s["state"] for s in samples] == ["ok", "degraded"]  # the repeat was not stored
    uptime = central.http.get("/api/reports/terminal_uptime", headers=viewer).json()
    row = next(r for r in uptime if r["terminal"] == "cfg-e")
    assert row["samples"] == 2 and row["uptime_pct"] > 0
    now = datetime.now(timezone.utc).isoformat()
    events = [{"key": uuid.uuid4().hex, "kind": "search", "occurred_at": now, "payload": p}
              for p in ({"query": "kj", "results": 12}, {"query": "kj", "results": 3},
                        {"query": "潜水员", "results": 0})]
    assert central.http.post("/api/kiosk/events", headers=kiosk, json={"events": events}).status_code == 200
    top = central.http.get("/api/reports/top_searches", headers=viewer).json()
    assert top[0]["query"] == "kj" and top[0]["searches"] >= 2
    assert next(r for r in top if r["query"] == "潜水员")["no_results"] >= 1
    page = central.http.get(f"/console/terminals/{kid}", headers=viewer)
    assert page.status_code == 200 and "band-degraded" in page.text and "band-ok" in page.text


PIN = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


def test_security_keys_are_for_admins_only(central):
    """A manager could switch lockdown off, point the printer anywhere, pick the camera's URL
    and the PIN; now each security-relevant key is refused to them, set, changed or unset."""
    admin, manager = central.staff_headers(), central.staff_headers("manager", "manager-demo")
    kid = _kiosk_id(central, central.kiosk_headers("sec-a"))
    for values in ({"terminal.lockdown": True}, {"terminal.staff_pin_hash": PIN},
                   {"devices.camera.source": "/dev/video0"}, {"devices.printer.host": "10.0.0.9"}):
        r = central.http.put(f"/api/config/kiosk/{kid}", headers=manager, json={"values": values})
        assert r.status_code == 403 and "admins only" in r.text, (values, r.text)
    r = central.http.put(f"/api/config/kiosk/{kid}", headers=admin,
                         json={"values": {"terminal.lockdown": True, "terminal.large_text": True}})
    assert r.status_code == 200, r.text
    # a manager may change the ordinary keys of that layer, but not drop the admin's lockdown
    r = central.http.put(f"/api/config/kiosk/{kid}", headers=manager,
                         json={"values": {"terminal.lockdown": True, "terminal.large_text": False}})
    assert r.status_code == 200, r.text
    r = central.http.put(f"/api/config/kiosk/{kid}", headers=manager, json={"values": {}})
    assert r.status_code == 403


def test_security_values_outside_the_rules_are_refused_even_to_admins(central):
    admin = central.staff_headers()
    kid = _kiosk_id(central, central.kiosk_headers("sec-b"))
    for values, message in [({"terminal.lockdown": False}, "only be switched on"),
                            ({"devices.camera.source": "http://203.0.113.5/x.mjpg"}, "local camera"),
                            ({"devices.camera.source": "/home/kiosk/../etc/x"}, "local camera"),
                            ({"devices.printer.host": "93.184.216.34"}, "private-network"),
                            ({"devices.printer.host": "printer.example.org"}, "private-network"),
                            ({"devices.printer.host": "10.0.0.9"}, "allow-list"),
                            ({"terminal.staff_pin_hash": ""}, "argon2")]:
        r = central.http.put(f"/api/config/kiosk/{kid}", headers=admin, json={"values": values})
        assert r.status_code == 422 and message in r.text, (values, r.text)
    settings = central.server.server.config.app.state.settings
    settings.security.remote_printer_hosts = ["10.0.0.9"]
    try:
        r = central.http.put(f"/api/config/kiosk/{kid}", headers=admin, json={"values": {
            "devices.printer.host": "10.0.0.9", "devices.camera.source": "/dev/kiosk-camera"}})
        assert r.status_code == 200, r.text
    finally:
        settings.security.remote_printer_hosts = []


def test_security_changes_are_marked_in_the_audit_log(central):
    admin = central.staff_headers()
    kid = _kiosk_id(central, central.kiosk_headers("sec-c"))
    r = central.http.put(f"/api/config/kiosk/{kid}", headers=admin, json={"values": {
        "terminal.staff_pin_hash": PIN, "terminal.high_contrast": True}})
    assert r.status_code == 200, r.text
    entries = [a for a in central.http.get("/api/reports/audit", headers=admin).json()
               if a["target"] == f"kiosk:{kid}"]
    marked = [a for a in entries if a["security"]]
    assert len(marked) == 1 and "terminal.staff_pin_hash: None -> (secret)" in marked[0]["detail"]
    plain = [a for a in entries if not a["security"]]
    assert len(plain) == 1 and "high_contrast" in plain[0]["detail"]
    assert "staff_pin_hash" not in plain[0]["detail"] and PIN not in str(entries)

"""The terminal in the fleet: beats, a device fault on the dashboard, maintenance mode and a
screenshot taken by remote command and shown in the console."""

from __future__ import annotations

import io

from PIL import Image

from devices.base import HealthState


def fleet_entry(central, name="ui-terminal"):
    rows = central.http.get("/api/kiosks", headers=central.staff_headers()).json()
    return next(r for r in rows if r["name"] == name)


def test_fault_maintenance_and_screenshot(fresh, central_up, emulators):
    ui, printer = fresh, emulators["printer"]
    fleet = ui.app.services.fleet
    beats = fleet.beats
    fleet.beat_now()
    ui.wait(lambda: fleet.beats > beats, 5, "no heartbeat")
    assert fleet_entry(central_up)["last_seen"] is not None

    printer.paper_out = True
    try:
        device = ui.app.services.devices.printer
        ui.wait(lambda: device.health().reason == "paper_out", 8, "printer fault not seen")
        beats = fleet.beats
        fleet.beat_now()
        ui.wait(lambda: fleet.beats > beats, 5)
        alerts = {a["kind"] for a in fleet_entry(central_up)["alerts"]}
        assert "paper_out" in alerts
    finally:
        printer.paper_out = False
    ui.wait(lambda: ui.app.services.devices.printer.health().state is HealthState.OK, 8)

    manager = central_up.staff_headers("manager", "manager-demo")
    kiosk_id = fleet_entry(central_up)["id"]
    for kind in ("maintenance_on", "screenshot"):
        central_up.http.post(f"/api/kiosks/{kiosk_id}/commands", json={"kind": kind}, headers=manager)
    fleet.beat_now()
    ui.wait(lambda: ui.screen() == "out_of_service", 8, "maintenance mode not applied")
    shot_url = f"/api/kiosks/{kiosk_id}/screenshot"

    def screenshot_arrived():
        ui.pump(1)
        r = central_up.http.get(shot_url, headers=manager)
        return r if r.status_code == 200 else None
    r = ui.wait(screenshot_arrived, 10, "no screenshot in the console")
    image = Image.open(io.BytesIO(r.content))
    assert image.size[0] >= 640
    image.save(ui.artifacts / "fleet_remote_screenshot.png")
    states = {c["kind"]: c["state"] for c in
              central_up.http.get(f"/api/kiosks/{kiosk_id}/commands", headers=manager).json()}
    assert states["maintenance_on"] == "done" and states["screenshot"] == "done"
    central_up.http.post(f"/api/kiosks/{kiosk_id}/commands", json={"kind": "maintenance_off"}, headers=manager)
    fleet.beat_now()
    ui.wait(lambda: ui.screen() == "attract", 8, "maintenance mode not lifted")


def test_remote_config_applies_at_the_next_heartbeat_without_a_restart(fresh, central_up):
    ui = fresh
    fleet, app = ui.app.services.fleet, ui.app
    manager = central_up.staff_headers("manager", "manager-demo")
    kiosk_id = fleet_entry(central_up)["id"]
    restarts = []
    app.restart = lambda: restarts.append(app.restart_pending)
    try:
        r = central_up.http.put(f"/api/config/kiosk/{kiosk_id}", headers=manager, json={
            "values": {"terminal.hall_name": "远程配置测试大厅", "terminal.idle_timeout_s": 45,
                       "terminal.language": "en"}, "note": "ui test"})
        version = r.json()["version"]
        fleet.beat_now()
        ui.wait(lambda: app.config_version == version, 8, "the new config was not applied")
        ui.pump(3)
        assert app.hall_name == "远程配置测试大厅" and app.idle.timeout_s == 45
        assert app.lang == "en" and restarts == []  # live keys: no restart
        assert any("远程配置测试大厅" in t for t in ui.texts(app.root))
        ui.shot("remote_config_applied")
        beats = fleet.beats
        fleet.beat_now()
        ui.wait(lambda: fleet.beats > beats, 5)
        applied = central_up.http.get(f"/api/kiosks/{kiosk_id}/config", headers=manager).json()
        assert applied["applied_version"] == version  # the console sees it took effect
        # a key that needs a restart waits until nobody is at the terminal
        central_up.http.put(f"/api/config/kiosk/{kiosk_id}", headers=manager, json={
            "values": {"terminal.hall_name": "远程配置测试大厅", "devices.camera.presence": False}})
        ui.tap_at(640, 400)  # a visitor starts a session first
        ui.wait(lambda: ui.screen() == "home")
        fleet.beat_now()
        ui.wait(lambda: app.restart_pending == ["devices.camera.presence"], 8)
        assert restarts == []
        app.end_session("visitor done")
        assert restarts == [["devices.camera.presence"]]
    finally:
        app.restart = lambda: None
        central_up.http.put(f"/api/config/kiosk/{kiosk_id}", headers=manager, json={"values": {}})
        fleet.beat_now()
        ui.wait(lambda: app.hall_name == app.base_settings.terminal.hall_name, 8, "config not reset")
        app.restart_pending = []
        del app.restart   # the app's own again
        app.end_session("test over")
    assert '"values": {}' in ui.app.services.store.get("remote_config")  # kept for the next start

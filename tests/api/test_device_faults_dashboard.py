"""Device faults the UI session cannot host (it runs without pcscd and a camera) reach the
fleet dashboard through the terminal's real device manager and heartbeat, and clear there
when the devices come back by themselves: pcscd going away under the smart card watcher,
and the camera disappearing."""

from __future__ import annotations

import subprocess

from devices.base import HealthState
from devices.camera.emulator import background, write_video
from devices.manager import DeviceManager
from devices.smartcard.pcscd import Pcscd
from kiosk.api import CentralClient
from kiosk.config import load_kiosk_settings
from kiosk.fleet import HeartbeatWorker
from tests.helpers import wait_until


def test_smart_card_and_camera_faults_on_the_dashboard(central, tmp_path):
    video = tmp_path / "camera.avi"  # not there yet: the camera is gone
    settings = load_kiosk_settings(env={
        "KIOSK__DEVICES__IDCARD__ENABLED": "false", "KIOSK__DEVICES__PRINTER__ENABLED": "false",
        "KIOSK__DEVICES__CAMERA__SOURCE": str(video), "KIOSK__DEVICES__CAMERA__FPS": "30"})
    daemon = Pcscd().start()
    manager = DeviceManager(settings.devices, health_interval_s=0.2)
    manager.start()
    headers = central.kiosk_headers("devices-dashboard")
    api = CentralClient(central.url, headers["Authorization"].split()[1])
    fleet = HeartbeatWorker(api, 60, health=manager.health_report, outbox_depth=lambda: 0)
    admin = central.staff_headers()

    def alerts() -> set[str]:
        fleet.beat()
        row = next(r for r in central.http.get("/api/kiosks", headers=admin).json()
                   if r["name"] == "devices-dashboard")
        return {a["kind"] for a in row["alerts"]}
    try:
        camera, watcher = manager.devices["camera"], manager.devices["smartcard"]
        wait_until(lambda: camera.health().reason == "camera_gone", 5, message="camera not missed")
        wait_until(lambda: watcher.health().state is HealthState.OK, 10, message="smart card reader not up")
        assert "camera_offline" in alerts() and "smartcard_offline" not in alerts()

        write_video(video, [background(i) for i in range(10)])  # plugged back in
        wait_until(lambda: camera.health().state is HealthState.OK, 8, message="camera did not come back")
        assert "camera_offline" not in alerts()

        if daemon.proc is not None:  # the PC/SC service dies under the watcher
            daemon.stop()
        else:  # it was not ours to stop nicely
            subprocess.run(["pkill", "-x", "pcscd"], check=False)
        wait_until(lambda: watcher.health().state is HealthState.OFFLINE, 10, message="pcscd loss not seen")
        assert "smartcard_offline" in alerts()
        daemon = Pcscd().start()
        wait_until(lambda: watcher.health().state is HealthState.OK, 15, message="reader did not come back")
        assert not alerts() & {"smartcard_offline", "camera_offline"}
    finally:
        manager.stop()
        daemon.stop()

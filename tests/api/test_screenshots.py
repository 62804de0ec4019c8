"""Terminal screenshots: only managers of the terminal's hall (and city admins) see them, and
they are kept ``screenshots.RETENTION``, then dropped (on the next one stored, and by purge)."""

from __future__ import annotations

import base64
from datetime import timedelta

from sqlalchemy import update

from central.models import utcnow
from central.models.fleet import KioskCommand
from central.services import screenshots

PNG = b"\x89PNG\r\n\x1a\nscreen"


def _terminal_with_screenshot(central, name: str) -> tuple[int, dict, int]:
    """A terminal in hall 1 that answered a screenshot command: (kiosk id, its headers, command id)."""
    admin = central.staff_headers()
    reg = central.http.post("/api/kiosks", json={"hall_id": 1, "name": name}, headers=admin).json()
    kiosk = {"Authorization": "Bearer " + central.http.post(
        "/api/kiosks/enrol", json={"code": reg["code"]}).json()["token"]}
    cmd = central.http.post(f"/api/kiosks/{reg['id']}/commands", json={"kind": "screenshot"}, headers=admin).json()
    central.http.post("/api/kiosk/heartbeat", json={}, headers=kiosk).raise_for_status()
    r = central.http.post(f"/api/kiosk/commands/{cmd['id']}/result", headers=kiosk,
                          json={"ok": True, "result": "taken", "attachment": base64.b64encode(PNG).decode()})
    assert r.json() == {"state": "done"}
    return reg["id"], kiosk, cmd["id"]


def test_only_managers_of_the_hall_see_a_terminals_screen(central):
    kiosk_id, _, _ = _terminal_with_screenshot(central, "shot-who")
    path = f"/api/kiosks/{kiosk_id}/screenshot"
    for user, password in (("viewer", "viewer-demo"), ("counsellor1", "counsellor-demo")):
        assert central.http.get(path, headers=central.staff_headers(user, password)).status_code == 403, user
    for user, password in (("manager", "manager-demo"), ("admin", "admin-demo")):
        r = central.http.get(path, headers=central.staff_headers(user, password))
        assert r.status_code == 200 and r.content == PNG and r.headers["cache-control"] == "no-store"


def _age(central, command_id: int, days: float) -> None:
    with central.db.session() as s:
        s.execute(update(KioskCommand).where(KioskCommand.id == command_id)
                  .values(updated_at=utcnow() - timedelta(days=days)))
        s.commit()


def _attachment(central, command_id: int) -> str | None:
    with central.db.session() as s:
        return s.get(KioskCommand, command_id).attachment


def test_screenshots_are_kept_for_the_retention_period_only(central):
    manager = central.staff_headers("manager", "manager-demo")
    kiosk_id, _, old = _terminal_with_screenshot(central, "shot-old")
    _age(central, old, screenshots.RETENTION.days + 1)
    assert central.http.get(f"/api/kiosks/{kiosk_id}/screenshot", headers=manager).status_code == 404
    assert _attachment(central, old) is not None
    _terminal_with_screenshot(central, "shot-new")   # storing a new one drops the expired
    assert _attachment(central, old) is None
    _, _, recent = _terminal_with_screenshot(central, "shot-recent")
    _age(central, recent, screenshots.RETENTION.days - 1)
    with central.db.session() as s:   # what `central purge` calls
        assert screenshots.purge_screenshots(s, utcnow()) == 0
        assert screenshots.purge_screenshots(s, utcnow() + timedelta(days=2)) >= 1
        s.commit()
    assert _attachment(central, recent) is None

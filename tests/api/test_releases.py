"""Releases through the API, without building real wheels (the service checks a wheel's name,
checksum and signature, never its content; tests/deploy/test_rollout.py installs real ones):
upload, a hall's ring, the heartbeat's offer, the download, a rollback reported in a beat,
the roll-out's progress, and the stale-software alert measured against the ring."""

from __future__ import annotations

import hashlib

import pytest

from hallcore.releases import new_key_pair, sign

WHEEL = "hallkiosk-2.0.0-py3-none-any.whl"
CONTENT = b"PK\x03\x04 stands in for a wheel: the service only hashes it"
SHA = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture
def key(central, tmp_path, monkeypatch):
    private, public = new_key_pair()
    (tmp_path / "release.pub").write_bytes(public)
    settings = central.server.server.config.app.state.settings
    monkeypatch.setattr(settings.releases, "public_keys", [str(tmp_path / "release.pub")])
    return private


def upload(central, admin, signature: str, sha256: str = SHA):
    return central.http.post("/api/releases", headers=admin, files={"wheel": (WHEEL, CONTENT)},
                             data={"sha256": sha256, "signature": signature})


def beat(central, headers, version: str = "0.1.0", **extra) -> dict:
    r = central.http.post("/api/kiosk/heartbeat", headers=headers,
                          json={"software_version": version, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_hall_ring_offers_its_release_until_the_terminal_rolls_it_back(central, key):
    admin = central.staff_headers()
    kiosk = central.kiosk_headers("ring-pilot")
    assert upload(central, admin, sign(new_key_pair()[0], WHEEL, SHA)).status_code == 422
    assert upload(central, admin, sign(key, WHEEL, SHA), sha256="0" * 64).status_code == 422
    assert upload(central, admin, sign(key, WHEEL, SHA)).status_code == 200
    assert upload(central, admin, sign(key, WHEEL, SHA)).status_code == 409
    assert beat(central, kiosk)["release"] is None                      # no ring yet

    central.http.put("/api/releases/rings/hall/1", headers=admin, json={"version": "2.0.0"}).raise_for_status()
    offer = beat(central, kiosk)["release"]
    assert offer == {"version": "2.0.0", "url": "/api/kiosk/releases/2.0.0/wheel", "sha256": SHA,
                     "signature": sign(key, WHEEL, SHA)}
    wheel = central.http.get(offer["url"], headers=kiosk)
    assert wheel.status_code == 200 and wheel.content == CONTENT
    assert central.http.get(offer["url"], headers=admin).status_code == 401   # terminals only

    def alerts() -> set[str]:
        rows = central.http.get("/api/kiosks", headers=admin).json()
        return {a["kind"] for k in rows if k["name"] == "ring-pilot" for a in k["alerts"]}
    assert "stale_software" in alerts()                                 # its ring wants 2.0.0
    assert beat(central, kiosk, "2.0.0")["release"] is None and "stale_software" not in alerts()

    rollback = {"version": "2.0.0", "reason": "no healthy heartbeat within 300 s"}
    assert beat(central, kiosk, "0.1.0", rollback=rollback)["release"] is None
    assert beat(central, kiosk)["release"] is None                      # not offered again
    progress = central.http.get("/api/releases/progress", headers=admin).json()
    hall = next(r for r in progress["rings"] if r["scope"] == "hall")
    assert hall["version"] == "2.0.0" and hall["rolled_back"] == 1
    assert {(r["kiosk"], r["outcome"], r["reason"]) for r in progress["reports"]} == {
        ("ring-pilot", "rolled_back", rollback["reason"])}


def test_a_hall_manager_assigns_only_their_own_hall(central, key):
    from central.models import Hall
    with central.db.session() as db:
        other = Hall(code="releases-other", name="另一大厅")
        db.add(other)
        db.commit()
        other_id = other.id
    manager = central.staff_headers("manager", "manager-demo")   # manages hall 1
    # another hall is not found, as if it did not exist (central.services.access)
    for ring, status in ((f"hall/{other_id}", 404), ("fleet/0", 403), ("hall/999999", 404),
                         ("hall/1", 404)):   # their own hall, but no release 9.9.9
        r = central.http.put(f"/api/releases/rings/{ring}", headers=manager, json={"version": "9.9.9"})
        assert r.status_code == status, (ring, r.text)

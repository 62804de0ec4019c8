"""The fleet's alert rules without a database: offline after three of the terminal's own
beats, whatever interval it runs at; devices, backlog and software version."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from central import __version__
from central.models import Kiosk
from central.models.fleet import KioskStatus
from central.services import fleet

NOW = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
KIOSK = Kiosk(id=1, hall_id=1, name="east", created_at=NOW - timedelta(days=1))


def status(silent_s: float, **fields) -> KioskStatus:
    values = {"software_version": __version__, "devices": {}, "outbox_depth": 0, **fields}
    return KioskStatus(kiosk_id=1, last_seen=NOW - timedelta(seconds=silent_s), **values)


def kinds(row: KioskStatus | None, config: dict | None = None) -> set[str]:
    interval = fleet.beat_interval_s(row, config or {})
    return {a.kind for a in fleet.alerts(KIOSK, row, interval, NOW)}


def test_offline_after_three_beats_at_the_default_interval():
    assert kinds(status(89)) == set()
    assert kinds(status(91)) == {"offline"}


def test_a_terminal_beating_every_two_minutes_is_not_offline_between_beats():
    assert kinds(status(200, interval_s=120)) == set()                          # as it reported
    assert kinds(status(200), {fleet.INTERVAL_KEY: 120.0}) == set()             # as its config sets
    assert kinds(status(361, interval_s=120)) == {"offline"}
    # what the terminal reports wins over its config: it is what it actually runs at
    assert kinds(status(200, interval_s=30), {fleet.INTERVAL_KEY: 120}) == {"offline"}


def test_a_nonsense_interval_in_the_config_falls_back_to_the_default():
    for odd in (0, -5, "120", True, 10**9, float("nan"), None):
        assert fleet.beat_interval_s(None, {fleet.INTERVAL_KEY: odd}) == fleet.DEFAULT_BEAT_S


def test_never_seen_devices_backlog_and_old_software():
    assert kinds(None) == {"never_seen"}
    row = status(1, devices={"printer": {"state": "offline", "reason": "paper_out"},
                             "camera": {"state": "degraded", "reason": ""},
                             "idcard": {"state": "ok"}},
                 outbox_depth=fleet.OUTBOX_BACKLOG + 1, software_version="0.0.1")
    assert kinds(row) == {"paper_out", "camera_degraded", "outbox_backlog", "stale_software"}


def test_software_is_stale_against_the_release_its_ring_assigns():
    def stale(running: str, assigned: str | None) -> bool:
        row = status(1, software_version=running)
        return "stale_software" in {a.kind for a in fleet.alerts(KIOSK, row, 30, NOW, assigned)}
    assert not stale("1.1.0", "1.1.0") and stale(__version__, "1.1.0")   # its ring wants 1.1.0
    assert not stale(__version__, None) and stale("1.1.0", None)         # no ring: the service's

"""The terminal's fleet side without a window: heartbeats and software updates only.

``kiosk headless`` runs what ``kiosk run`` runs beside the screens — the HeartbeatWorker and,
with a release key configured, the Updater — for a terminal that has no screen to show
(a test rig, a kiosk being staged) and for the roll-out test, where two terminals go through
real releases without a Kivy window each. Nobody uses it, so it is always idle: a release is
switched to as soon as it is installed. Exit status: ``RESTART_EXIT`` when it stops to start
again (a switch), 0 on SIGTERM.
"""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path

from hallcore.terminal_settings import KioskSettings

__all__ = ["run_headless"]

log = logging.getLogger(__name__)


def run_headless(settings: KioskSettings) -> int:
    from kiosk.api import CentralClient
    from kiosk.app import RESTART_EXIT
    from kiosk.fleet import HeartbeatWorker
    from kiosk.sync import load_token
    from kiosk.updater import attach_updater

    c = settings.central
    client = CentralClient(c.url, load_token(settings), c.timeout_s)
    fleet = HeartbeatWorker(client, c.heartbeat_interval_s, health=dict, outbox_depth=lambda: 0,
                            data_dir=str(Path(settings.store.path).parent))
    done = threading.Event()
    code = [0]

    def restart() -> None:
        code[0] = RESTART_EXIT
        done.set()

    signal.signal(signal.SIGTERM, lambda *_: done.set())
    updater = attach_updater(fleet, client, settings.updates, idle=lambda: True, restart=restart)
    fleet.start()
    try:
        done.wait()
    finally:
        if updater is not None:
            updater.stop()
        fleet.stop()
    return code[0]

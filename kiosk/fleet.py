"""The terminal's side of fleet management: heartbeats and remote commands.

Every ``interval`` seconds (and on ``beat_now``) the worker sends version,
uptime, device health, outbox depth, free disk and recent errors. The reply's
commands run through handlers the app registers; anything touching the screen
is hopped to the UI thread by the handler itself. Each command's result goes
back to the central service, which tracks it (sent, done, failed).
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections import deque
from typing import Any, Callable

from kiosk import __version__
from kiosk.api import CentralClient, CentralError, CentralUnavailable

__all__ = ["HeartbeatWorker", "Handler"]

log = logging.getLogger(__name__)
# handler(args, done) ; done(ok: bool, result: str, attachment: str | None)
Handler = Callable[[dict[str, Any], Callable[[bool, str, str | None], None]], None]


class HeartbeatWorker:
    def __init__(self, client: CentralClient, interval: float, health: Callable[[], dict],
                 outbox_depth: Callable[[], int], data_dir: str = ".",
                 maintenance: Callable[[], bool] = lambda: False,
                 config_version: Callable[[], int] = lambda: 0):
        self.client, self.interval = client, interval
        self._health, self._depth, self._dir, self._maintenance = health, outbox_depth, data_dir, maintenance
        self._config_version = config_version
        self.handlers: dict[str, Handler] = {}
        #: called (on this thread) with the service's config version when it differs from ours
        self.on_config: Callable[[int], None] | None = None
        #: more fields for every beat, and every delivered reply with the beat it answered
        #: (kiosk/updater.py: rollback reports, the healthy mark, releases on offer)
        self.extra_fields: Callable[[], dict[str, Any]] | None = None
        self.on_reply: Callable[[dict[str, Any], dict[str, Any]], None] | None = None
        self.errors: deque[str] = deque(maxlen=10)
        self.started = time.monotonic()
        self.beats = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._replies: set[threading.Thread] = set()   # command results on their way

    def start(self) -> "HeartbeatWorker":
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        deadline = time.monotonic() + 5   # e.g. "restarting": delivered before the terminal goes
        for reply in list(self._replies):
            reply.join(timeout=max(0.0, deadline - time.monotonic()))

    def reconfigure(self, settings: Any) -> None:
        """Take the heartbeat interval of new (remote) settings, from the next wait on."""
        self.interval = settings.central.heartbeat_interval_s

    def beat_now(self) -> None:
        self._wake.set()

    def note_error(self, text: str) -> None:
        from hallcore.masking import scrub
        self.errors.append(scrub(text)[:200])

    def beat(self) -> dict[str, Any]:
        try:
            free = shutil.disk_usage(self._dir).free // (1024 * 1024)
        except OSError:
            free = 0
        body = {"software_version": __version__, "config_version": self._config_version(),
                "uptime_s": int(time.monotonic() - self.started), "devices": self._health(),
                "outbox_depth": self._depth(), "free_disk_mb": int(free),
                "errors": list(self.errors), "maintenance": bool(self._maintenance()),
                # the service counts a terminal offline after missing beats of its own interval
                "interval_s": float(self.interval)}
        if self.extra_fields is not None:
            body.update(self.extra_fields())
        reply = self.client.heartbeat(body)
        self.beats += 1
        wanted = reply.get("config_version") if isinstance(reply, dict) else None
        if (isinstance(wanted, int) and wanted != body["config_version"]
                and self.on_config is not None):
            try:
                self.on_config(wanted)
            except (CentralUnavailable, CentralError) as exc:  # tried again at the next beat
                self.note_error(f"config v{wanted} not fetched: {exc}")
        for cmd in reply.get("commands", []) if isinstance(reply, dict) else []:
            self._run_command(cmd)
        if self.on_reply is not None:
            self.on_reply(reply, body)
        return reply

    def _run_command(self, cmd: dict[str, Any]) -> None:
        cid, kind = cmd.get("id"), cmd.get("kind")

        def send(ok: bool, result: str, attachment: str | None) -> None:
            try:
                self.client.request("POST", f"/api/kiosk/commands/{cid}/result",
                                    json={"ok": ok, "result": result[:2000], "attachment": attachment})
            except (CentralUnavailable, CentralError) as exc:
                self.note_error(f"command {kind} result not delivered: {exc}")
            finally:
                self._replies.discard(threading.current_thread())

        def done(ok: bool, result: str, attachment: str | None = None) -> None:
            # handlers may answer on the UI thread: the network call goes elsewhere
            reply = threading.Thread(target=send, args=(ok, result, attachment),
                                     name=f"command-{cid}-result", daemon=True)
            self._replies.add(reply)
            reply.start()

        handler = self.handlers.get(kind)
        if handler is None:
            done(False, f"not supported by this terminal: {kind}")
            return
        try:
            handler(cmd.get("args") or {}, done)
        except Exception as exc:  # a failing command must not stop the heartbeat
            done(False, f"{type(exc).__name__}: {exc}")

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.beat()
            except (CentralUnavailable, CentralError) as exc:
                log.info("heartbeat not delivered: %s", exc)
            except Exception:
                log.exception("heartbeat failed")
            self._wake.wait(self.interval)
            self._wake.clear()

"""Keeps the terminal's store in step with the central service, in its own thread.

Each round: push the outbox (acknowledged events are deleted; nothing is
deleted before the service has it), pull the job feed page by page (each page,
its withdrawals and the new cursor in one transaction, so a kill between pages
loses nothing), refresh the service catalogue. When the service is away the
worker backs off exponentially with jitter up to ``backoff_max`` and reports
offline; the terminal keeps serving from its cache.
"""

from __future__ import annotations

import json
import logging
import random
import threading
from pathlib import Path
from typing import Any, Callable

from kiosk.api import CentralAuthError, CentralClient, CentralError, CentralUnavailable
from kiosk.fallback import KIOSK_ID_KEY
from kiosk.power import SCHEDULE_KEY
from kiosk.seal_key import load_key, save_key, write_private
from kiosk.store import Store

__all__ = ["SyncWorker", "enrol", "load_token", "keep_kiosk_id"]

log = logging.getLogger(__name__)
StatusCallback = Callable[[bool, int], None]
# what the service answers about an event it will never take: bad request, too large,
# invalid. Anything else (404 or 429 from a proxy, a 200 that is not our JSON) says
# "not now", and dropping on it would throw the whole outbox away.
_REFUSED = frozenset({400, 413, 422})


class SyncWorker:
    def __init__(self, store: Store, client: CentralClient, interval: float = 30.0,
                 backoff_max: float = 60.0, on_status: StatusCallback | None = None,
                 backoff_min: float = 0.5, settings: Any = None):
        self.store, self.client = store, client
        self.settings = settings  # where the sealing key file is (None: keys are not fetched)
        self.interval, self.backoff_max, self.backoff_min = interval, backoff_max, backoff_min
        self.on_status = on_status
        self.online: bool | None = None
        self.rounds = 0
        self.last_error = ""
        self.dropped = 0  # events the service refused one by one (malformed), never resent
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._round_done = threading.Condition()

    def start(self) -> "SyncWorker":
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def reconfigure(self, settings: Any) -> None:
        """Take the round interval and the back-off ceiling of new (remote) settings."""
        self.interval = settings.central.sync_interval_s
        self.backoff_max = settings.central.backoff_max_s

    def sync_now(self) -> None:
        """Wake the worker for a round now (e.g. after an event was recorded)."""
        self._wake.set()

    def wait_rounds(self, n: int, timeout: float = 10.0) -> bool:
        """Block until ``n`` more rounds have finished (tests and CLI)."""
        with self._round_done:
            target = self.rounds + n
            return self._round_done.wait_for(lambda: self.rounds >= target, timeout)

    def _run(self) -> None:
        self.store.purge_expired()
        delay = self.backoff_min
        while not self._stop.is_set():
            try:
                self.run_once()
                self._set_status(True)
                delay = self.backoff_min
                wait = self.interval
            except (CentralUnavailable, CentralError) as exc:
                self.last_error = str(exc)
                log.info("sync: central service unavailable (%s); retry in %.1fs", exc, delay)
                self._set_status(False)
                wait = delay * (0.5 + random.random() / 2)
                delay = min(self.backoff_max, delay * 2)
                if isinstance(exc, CentralAuthError):
                    wait = self.backoff_max  # a revoked token will not heal by retrying fast
            except Exception:  # a bug must not kill the thread that keeps the cache fresh
                log.exception("sync round failed")
                self._set_status(False)
                wait = delay
            with self._round_done:
                self.rounds += 1
                self._round_done.notify_all()
            self._wake.wait(wait)
            self._wake.clear()

    def run_once(self) -> None:
        self.learn_kiosk_id()
        self.learn_seal_key()
        self.push_outbox()
        self.pull_jobs()
        self.store.set_services(self.client.services())
        self.pull_schedule()
        if hasattr(self.client, "announcements"):
            self.store.put("announcements", json.dumps(self.client.announcements(), ensure_ascii=False))
        try:  # last, and on its own: a slow bank must not cost the round what it already got
            self.pull_quiz()
        except (CentralUnavailable, CentralError) as exc:
            if isinstance(exc, CentralAuthError):
                raise
            log.info("sync: quiz bank not refreshed this round: %s", exc)

    def pull_schedule(self) -> None:
        """Keep the hall's opening hours (kiosk/power.py reads them from the store)."""
        if not hasattr(self.client, "schedule"):
            return
        try:
            schedule = self.client.schedule()
        except CentralError as exc:
            if isinstance(exc, CentralAuthError) or exc.status != 404:
                raise
            return   # a service older than power schedules: the screen stays on
        self.store.put(SCHEDULE_KEY, json.dumps(schedule, sort_keys=True))

    def learn_kiosk_id(self) -> None:
        """Keep this terminal's id (fallback ticket labels carry it) when enrolment did not:
        a terminal enrolled before the id was kept learns it from the service once."""
        if self.store.get(KIOSK_ID_KEY) or not hasattr(self.client, "me"):
            return
        keep_kiosk_id(self.store, self.client.me().get("id"))

    def learn_seal_key(self) -> None:
        """A terminal enrolled before sealing keys existed fetches its key, once; until then
        its outbox events carry no person (the store refuses to keep one in the clear)."""
        if self.store.seal_key or self.settings is None or not hasattr(self.client, "seal_key"):
            return
        try:
            key = self.client.seal_key()
        except CentralError as exc:
            if isinstance(exc, CentralAuthError) or exc.status != 409:
                raise
            log.warning("the service handed this terminal's sealing key out before; enrol again")
            self.settings = None  # asking again will not help
            return
        save_key(self.settings, key)
        self.store.seal_key = load_key(self.settings)   # None if the service sent no key

    def pull_quiz(self) -> bool:
        """Refresh the cached quiz bank when the service has a new one; a bad one is refused.

        The cached copy stays in use until a valid replacement arrives.
        """
        if not hasattr(self.client, "quiz_bundle"):
            return False
        from hallcore.quiz import BankError, parse_bank
        answer = self.client.quiz_bundle(self.store.get("quiz_etag"))
        if answer is None:
            return False
        body, etag = answer
        try:
            parse_bank(body)
        except BankError as exc:
            log.warning("quiz bank from the service refused: %s", exc)
            return False
        self.store.put_many({"quiz_bank": json.dumps(body, ensure_ascii=False), "quiz_etag": etag})
        return True

    def push_outbox(self, batch: int = 100) -> int:
        """Deliver queued events; only what the service confirms (accepted or duplicate) goes."""
        sent = 0
        while True:
            events = self.store.outbox_pending(batch)
            if not events:
                return sent
            self.store.outbox_attempted(e.key for e in events)
            try:
                answer = self.client.push_events([e.as_wire() for e in events])
            except CentralError as exc:
                if exc.status not in _REFUSED:
                    raise
                # one malformed event must not block the queue for ever: send one by one
                # and drop only the events the service refuses on their own
                answer = {"accepted": [], "duplicates": []}
                for event in events:
                    try:
                        one = self.client.push_events([event.as_wire()])
                    except CentralError as exc:
                        if exc.status not in _REFUSED:
                            raise
                        log.warning("sync: event %s (%s) refused, dropped: %s",
                                    event.key, event.kind, exc)
                        self.dropped += 1
                        self.store.outbox_ack([event.key])
                        continue
                    answer["accepted"] += one["accepted"]
                    answer["duplicates"] += one["duplicates"]
            done = set(answer["accepted"]) | set(answer["duplicates"])
            self.store.outbox_ack(done)
            sent += len(done)
            if not done:
                return sent  # nothing confirmed: keep the rest for a later round

    def pull_jobs(self, page: int = 500) -> int:
        """Pull feed pages until ``has_more`` is false; a refused cursor starts over."""
        pulled = 0
        seen: set[int] | None = None  # ids seen during a full resync
        since = self.store.get("job_cursor", "") or ""
        while not self._stop.is_set():
            try:
                body = self.client.job_feed(since, page)
            except CentralError as exc:
                if exc.status != 422 or not since:
                    raise
                # the service no longer knows our cursor (restored database?): pull it all
                # again, keeping the old cache on screen until the new one is complete
                log.warning("sync: job cursor refused; full resync")
                seen, since = set(), ""
                continue
            pulled += self.store.upsert_jobs(body["items"], body["withdrawn"], body["cursor"])
            since = body["cursor"]
            if seen is not None:
                seen.update(j["id"] for j in body["items"] if isinstance(j, dict) and "id" in j)
            if not body.get("has_more"):
                if seen is not None:
                    self.store.retain_jobs(seen)
                return pulled
        return pulled

    def _set_status(self, online: bool) -> None:
        self.online = online
        if self.on_status is not None:
            try:
                self.on_status(online, self.store.job_count())
            except Exception:
                log.exception("sync status listener failed")


def keep_kiosk_id(store: Store, kiosk_id: Any) -> None:
    """Store the terminal's id from the service, if it is one (1 to 6 digits)."""
    if isinstance(kiosk_id, int) and not isinstance(kiosk_id, bool) and 0 < kiosk_id < 10**6:
        store.put(KIOSK_ID_KEY, str(kiosk_id))
    else:
        log.warning("the service's terminal id is not usable: %r", kiosk_id)


def load_token(settings: Any) -> str | None:
    path = Path(settings.central.token_file)
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return token or None


def enrol(settings: Any, code: str) -> dict[str, Any]:
    """Exchange a one-time code for this terminal's token and sealing key, each kept in a
    0600 file; answers the rest of the service's reply."""
    client = CentralClient(settings.central.url, timeout=settings.central.timeout_s)
    answer = client.enrol(code)
    write_private(Path(settings.central.token_file), answer["token"])
    if isinstance(answer.get("seal_key"), str):
        save_key(settings, answer["seal_key"])
    else:
        log.warning("the service handed out no sealing key at enrolment")
    store = Store(settings.store.path)
    try:
        keep_kiosk_id(store, answer.get("kiosk_id"))
    finally:
        store.close()
    return {k: v for k, v in answer.items() if k not in ("token", "seal_key")}

"""Sync against the real central service over HTTP: pull, withdraw, offline, catch up, outbox."""

from __future__ import annotations

import os
import stat
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from central.app import create_app
from central.db import Database, migrate
from central.models import Job, KioskEvent
from central.seed import seed
from central.settings import development_settings
from kiosk.api import CentralClient, CentralError, CentralUnavailable
from kiosk.config import load_kiosk_settings
from kiosk.store import Store
from kiosk.sync import SyncWorker, enrol, load_token
from tests.api.conftest import Central
from tests.helpers import wait_until
from tests.servers import UvicornThread, free_port


class Service:
    """A central service that a test can stop and start again on the same port."""

    def __init__(self, tmp_path):
        self.url_db = f"sqlite:///{tmp_path / 'central.sqlite3'}"
        migrate(self.url_db)
        self.db = Database(self.url_db)
        with self.db.session() as s:
            seed(s, seed_value=5, jobs=1200)
        self.port = free_port()
        self.server = None
        self.start()

    def start(self):
        settings = development_settings(self.url_db)
        self.server = UvicornThread(create_app(settings, db=self.db), port=self.port).start()
        self.central = Central(self.url_db, self.db, self.server)

    def stop(self):
        self.server.stop()


@pytest.fixture
def service(tmp_path):
    svc = Service(tmp_path)
    yield svc
    svc.stop()
    svc.db.dispose()


def enrolled(service, tmp_path, name: str, timeout: float = 60):
    """A terminal named ``name`` enrolled at ``service``: its settings, enrolment answer and a
    client holding its token (a long timeout: a busy machine is slow to merge batches)."""
    settings = load_kiosk_settings(env={
        "KIOSK__CENTRAL__URL": service.central.url, "KIOSK__TERMINAL__NAME": name,
        "KIOSK__CENTRAL__TOKEN_FILE": str(tmp_path / name / "token"),
        "KIOSK__STORE__PATH": str(tmp_path / name / "store.sqlite3")})
    info = enrol(settings, service.central.new_kiosk_code(name))
    return settings, info, CentralClient(settings.central.url, load_token(settings), timeout=timeout)


@pytest.fixture
def terminal(service, tmp_path):
    settings = load_kiosk_settings(env={
        "KIOSK__CENTRAL__URL": service.central.url,
        "KIOSK__CENTRAL__TOKEN_FILE": str(tmp_path / "kiosk" / "token"),
        "KIOSK__STORE__PATH": str(tmp_path / "kiosk" / "store.sqlite3")})
    info = enrol(settings, service.central.new_kiosk_code("sync-test"))
    assert info["name"] == "sync-test" and "token" not in info
    store = Store(settings.store.path)
    client = CentralClient(settings.central.url, load_token(settings), timeout=2)
    statuses: list[tuple[bool, int]] = []
    worker = SyncWorker(store, client, interval=60, backoff_max=0.4, backoff_min=0.05,
                        on_status=lambda online, jobs: statuses.append((online, jobs)))
    worker.statuses = statuses
    yield settings, store, worker
    worker.stop()
    store.close()


def public_ids(db) -> set[int]:
    with db.session() as s:
        from central.services.jobs import is_public
        return {j.id for j in s.query(Job).all() if is_public(j)}


def test_token_file_is_private(terminal):
    settings, *_ = terminal
    mode = stat.S_IMODE(os.stat(settings.central.token_file).st_mode)
    assert mode == 0o600
    assert load_token(settings).startswith("kt_")


def test_first_sync_pulls_every_public_posting_then_withdrawals(service, terminal):
    _, store, worker = terminal
    worker.run_once()
    assert {j["id"] for j in store.search("", limit=500).items} <= public_ids(service.db)
    assert store.job_count() == len(public_ids(service.db))
    assert [s["letter"] for s in store.services()] == list("ABCDEF")
    staff = service.central.staff_headers("manager", "manager-demo")
    gone = sorted(public_ids(service.db))[:3]
    for job_id in gone:
        assert service.central.http.post(f"/api/jobs/{job_id}/withdraw", headers=staff).status_code == 200
    worker.run_once()
    assert all(store.get_job(i) is None for i in gone)
    assert store.job_count() == len(public_ids(service.db))


def test_offline_start_serves_cache_and_catches_up(service, terminal):
    _, store, worker = terminal
    worker.run_once()
    cached = store.job_count()
    service.stop()
    worker.start()
    wait_until(lambda: worker.statuses and worker.statuses[-1][0] is False, 5,
               message="worker never reported offline")
    assert worker.statuses[-1] == (False, cached)
    assert store.search("kj", limit=5).total >= 0 and store.job_count() == cached
    rounds = worker.rounds
    wait_until(lambda: worker.rounds >= rounds + 3, 5, message="no retries with backoff")
    with service.db.session() as s:  # a posting verified while the terminal was cut off
        job = s.query(Job).filter(Job.status == "pending").first()
        job.status = "verified"
        from central.services.jobs import touch
        touch(s, job)
        s.commit()
        new_id = job.id
    service.start()
    wait_until(lambda: worker.online is True, 5, message="worker did not come back online")
    assert store.get_job(new_id) is not None


def test_outbox_reaches_the_service_exactly_once(service, terminal):
    _, store, worker = terminal
    keys = [store.outbox_add("job_print", {"job_id": i}) for i in range(5)]
    worker.push_outbox()
    assert store.outbox_depth() == 0
    for key in keys[:2]:  # as if the ack was lost: the same events go again
        store.outbox_add("job_print", {"job_id": 0}, key=key)
    worker.push_outbox()
    assert store.outbox_depth() == 0
    with service.db.session() as s:
        stored = [e.key for e in s.query(KioskEvent).all()]
    assert sorted(stored) == sorted(keys)


def test_outbox_kept_while_offline(service, terminal):
    _, store, worker = terminal
    service.stop()
    store.outbox_add("visit", {"screen": "home"})
    with pytest.raises(CentralUnavailable):
        worker.push_outbox()
    assert store.outbox_depth() == 1
    service.start()
    worker.push_outbox()
    assert store.outbox_depth() == 0


def test_concurrent_search_while_syncing(service, terminal):
    _, store, worker = terminal
    errors = []

    def reader():
        try:
            for _ in range(200):
                store.search("kj", limit=10)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    t = threading.Thread(target=reader)
    t.start()
    worker.run_once()
    t.join()
    assert not errors


def test_refused_cursor_starts_a_full_resync(service, terminal):
    _, store, worker = terminal
    worker.run_once()
    expected = store.job_count()
    store.upsert_jobs([{"id": 10**9, "title": "幽灵岗位"}], cursor="i-garbage")  # stale cache
    worker.pull_jobs()
    assert store.get_job(10**9) is None and store.job_count() == expected
    assert store.get("job_cursor") not in ("", "i-garbage")


def test_a_malformed_event_does_not_block_the_outbox(service, terminal):
    _, store, worker = terminal
    good = [store.outbox_add("visit", {"n": i}) for i in range(3)]
    store.outbox_add("visit", {"n": "bad"}, key="short")  # the service wants 8+ chars
    worker.push_outbox()
    assert store.outbox_depth() == 0 and worker.dropped == 1
    with service.db.session() as s:
        assert sorted(e.key for e in s.query(KioskEvent).all()) == sorted(good)


@contextmanager
def answering(status: int, body: bytes, content_type: str):
    """Something in front of the service (a proxy, a captive portal) giving one answer."""
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("status, body, content_type", [
    (429, b'{"detail": "slow down"}', "application/json"),
    (404, b"<h1>Not Found</h1>", "text/html"),
    (200, b"<html>Welcome to the hall Wi-Fi</html>", "text/html")])
def test_an_answer_that_is_not_a_refusal_keeps_the_outbox(tmp_path, status, body, content_type):
    store = Store(tmp_path / "s.sqlite3")
    keys = [store.outbox_add("visit", {"n": i}) for i in range(3)]
    with answering(status, body, content_type) as url:
        worker = SyncWorker(store, CentralClient(url, "kt_x", timeout=2))
        with pytest.raises(CentralError):
            worker.push_outbox()
    assert [e.key for e in store.outbox_pending()] == keys and worker.dropped == 0
    store.close()


@pytest.mark.parametrize("call, body", [
    (lambda api: api.job_feed(), b'{"items": [{"id": "x"}], "withdrawn": [], "cursor": "", "has_more": false}'),
    (lambda api: api.job_feed(), b'{"items": [], "withdrawn": [], "cursor": 5}'),
    (lambda api: api.services(), b'[{"code": "A"}]'),
    (lambda api: api.push_events([]), b'{"accepted": "all"}'),
    (lambda api: api.quiz_bundle(), b'{"version": 1}'),
    (lambda api: api.issue_ticket({"key": "k" * 8, "service_code": "a"}), b'{"label": 5}'),
    (lambda api: api.ticket_status("t"), b'{"label": "A001", "status": "waiting"}'),
    (lambda api: api.ticket_status("t"), b'[]'),
    (lambda api: api.progress("x", {}), b'{"services": [{"at": "2026-01-01"}]}'),
    (lambda api: api.progress("x", {}), b'{"tickets": "none"}'),
    (lambda api: api.heartbeat({}), b'{"config_version": "new", "commands": []}'),
    (lambda api: api.heartbeat({}), b'{"config_version": 1, "commands": [{"id": 1}]}'),
    (lambda api: api.heartbeat({}), b'{"config_version": 1, "commands": [], "release": {"url": 1}}'),
    (lambda api: api.seal_key(), b'{"seal_key": null}'),
    (lambda api: api.me(), b'{"id": 1, "name": "k"}'),
    (lambda api: api.announcements(), b'[{"text": "x"}]'),
    (lambda api: api.rate_ticket("t", 5, []), b'{"id": 1}')])
def test_the_client_refuses_an_answer_that_breaks_the_contract(call, body):
    """Every answer is checked against the service's model (hallcore.contract) at the client
    (every client call is here: a model named wrongly fails it too)."""
    with answering(200, body, "application/json") as url:
        with pytest.raises(CentralError, match="malformed answer"):
            call(CentralClient(url, "kt_x", timeout=2))


def test_bad_event_kind_is_refused_at_the_terminal(tmp_path):
    store = Store(tmp_path / "s.sqlite3")
    with pytest.raises(ValueError):
        store.outbox_add("Bad Kind!", {})
    assert store.outbox_depth() == 0
    store.close()

"""Two `central serve` replicas on one PostgreSQL database behind the shipped HAProxy: nothing
depends on which replica answers, the login limit holds across them, and a replica killed
mid-load loses no ticket and no event.
"""

from __future__ import annotations

import json
import queue
import signal
import threading
import time
import uuid
from collections import Counter

import httpx
import pytest
import sqlalchemy as sa

from central.models import KioskEvent
from central.models.queue import Ticket
from central.seed import SERVICES
from kiosk.api import CentralUnavailable
from kiosk.fallback import issue_fallback
from kiosk.store import Store
from kiosk.sync import SyncWorker
from tests.deploy.conftest import enrol_terminal, staff_headers

pytestmark = pytest.mark.postgres

BOARD_DEADLINE_S = 1.0
TERMINALS = 8
VISITS = 30          # per terminal: a ticket and two outbox events each


def _board_listener(url: str, label_seen: dict, stop: threading.Event) -> threading.Thread:
    """Read the board's event stream at ``url``; note when each label first appears."""
    first = threading.Event()

    def listen() -> None:
        try:
            with httpx.stream("GET", url, timeout=httpx.Timeout(10, read=5)) as r:
                for line in r.iter_lines():
                    first.set()
                    if line.startswith("data: "):
                        for call in json.loads(line[6:]):
                            label_seen.setdefault(call["label"], time.monotonic())
                    if stop.is_set():
                        return
        except httpx.ReadTimeout:
            return   # a stream quiet for 5 s: the test's own wait says whether a label came
    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert first.wait(10), "the board stream sent nothing"
    return thread


def test_a_call_through_one_replica_reaches_a_board_on_the_other(cluster):
    a, b = cluster.replicas
    terminal = enrol_terminal(cluster, "board-test")
    terminal.issue_ticket({"key": uuid.uuid4().hex, "service_code": SERVICES[0][0]})
    seen: dict[str, float] = {}
    stop = threading.Event()
    listener = _board_listener(b.url + "/api/halls/1/stream", seen, stop)
    try:
        counsellor = staff_headers(a.url, username="counsellor1", password="counsellor-demo")
        called = httpx.post(a.url + "/api/counters/1/call-next", headers=counsellor, timeout=10)
        called_at = time.monotonic()
        label = called.raise_for_status().json()["label"]
        deadline = called_at + 5
        while label not in seen and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
    assert label in seen, "the call never reached the board on the other replica"
    assert seen[label] - called_at < BOARD_DEADLINE_S, f"{seen[label] - called_at:.2f}s"
    listener.join(10)


def test_the_login_limit_holds_across_replicas(cluster):
    """Failed logins counted on one replica count on the other: the counters are in the
    database (central.services.ratelimit), so N replicas do not give N times the tries."""
    a, b = cluster.replicas
    limit = 10   # security.login_attempts_per_minute, the shipped default
    wrong = {"username": "viewer", "password": "not-the-password"}
    answers = [httpx.post((a if i % 2 else b).url + "/api/auth/login", json=wrong, timeout=10).status_code
               for i in range(limit)]
    assert answers == [401] * limit
    for replica in (a, b):
        assert httpx.post(replica.url + "/api/auth/login", json=wrong, timeout=10).status_code == 429
        right = {"username": "viewer", "password": "viewer-demo"}
        assert httpx.post(replica.url + "/api/auth/login", json=right, timeout=10).status_code == 429


def test_quiz_bank_and_config_versions_agree_whichever_replica_answers(cluster):
    replicas = cluster.replicas
    terminal = enrol_terminal(cluster, "versions-test")
    token = {"Authorization": f"Bearer {terminal.token}"}
    admin = staff_headers(replicas[0].url)

    def versions() -> list[tuple[int, str, int, int]]:
        out = []
        for r in replicas:
            quiz = httpx.get(r.url + "/api/kiosk/quiz", headers=token, timeout=10)
            config = httpx.get(r.url + "/api/kiosk/config", headers=token, timeout=10).json()
            beat = httpx.post(r.url + "/api/kiosk/heartbeat", headers=token, timeout=10,
                              json={"software_version": "0.1.0", "config_version": 0}).json()
            out.append((quiz.json()["version"], quiz.headers["ETag"], config["version"],
                        beat["config_version"]))
        return out

    before = versions()  # both replicas have answered (and cached) the current versions
    assert before[0] == before[1]

    bank = httpx.get(replicas[0].url + "/api/quiz/bank", headers=admin, timeout=10).json()
    bank.pop("version")
    bank["items"][0]["en"] += " (revised)"
    posted = httpx.post(replicas[0].url + "/api/quiz/bank", json=bank, headers=admin, timeout=10)
    layer = httpx.put(replicas[0].url + "/api/config/hall/1", headers=admin, timeout=10,
                      json={"values": {"terminal.idle_timeout_s": 75}, "note": "replicas test"})
    new_bank, new_config = posted.raise_for_status().json()["version"], layer.raise_for_status().json()["version"]

    after = versions()
    assert after[0] == after[1], "the replicas disagree"
    assert after[0][0] == new_bank and after[0][1] != before[0][1]
    assert after[0][2] == after[0][3] == new_config and new_config != before[0][2]


def _terminal_day(cluster, name: str, tmp_path, progress: Counter, lock: threading.Lock,
                  held: dict[str, str], events: set[str]) -> Store:
    """One terminal's morning through the balancer, as the terminal itself does it: a ticket
    per visitor (its own fallback number, kept in the outbox, when the service does not
    answer) and events in its outbox, pushed by the sync worker after each visit. Notes the
    tickets it handed out in ``held`` and the events it queued in ``events``."""
    client = enrol_terminal(cluster, name)
    store = Store(tmp_path / f"{name}.sqlite3")
    sync = SyncWorker(store, client)
    services = [s for s in client.services() if not s["requires_identity"]]
    for i in range(VISITS):
        service = services[i % len(services)]
        body = {"key": uuid.uuid4().hex, "service_code": service["code"]}
        try:
            label = client.issue_ticket(body)["label"]
        except CentralUnavailable:
            label = issue_fallback(store, service["letter"], name, body)
            events.add(body["key"])
        held[body["key"]] = label
        for kind in ("job_view", "slip_printed"):
            events.add(store.outbox_add(kind, {"job_id": i, "terminal": name},
                                        key=uuid.uuid4().hex))
        try:
            sync.push_outbox()
        except CentralUnavailable:
            pass  # kept in the outbox for the next round
        with lock:
            progress["visits"] += 1
    deadline = time.monotonic() + 60
    while store.outbox_depth() and time.monotonic() < deadline:
        try:
            sync.push_outbox()
        except CentralUnavailable:
            time.sleep(0.2)
    return store


def test_a_replica_killed_mid_load_loses_no_ticket_and_no_event(cluster, tmp_path):
    victim = cluster.replicas[1]
    progress, lock = Counter(), threading.Lock()
    held: dict[str, str] = {}
    queued: set[str] = set()
    stores: list[Store] = []
    errors: queue.Queue = queue.Queue()

    def run(n: int) -> None:
        try:
            stores.append(_terminal_day(cluster, f"load-{n}", tmp_path, progress, lock, held, queued))
        except Exception as exc:  # reported below, before the counts
            errors.put(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(TERMINALS)]
    for t in threads:
        t.start()
    total = TERMINALS * VISITS
    deadline = time.monotonic() + 60
    while progress["visits"] < total * 0.3 and time.monotonic() < deadline:
        time.sleep(0.01)
    killed_at = progress["visits"]
    victim._signal(signal.SIGKILL)
    for t in threads:
        t.join(180)
    assert errors.empty(), errors.get()
    assert 0 < killed_at < total, "the replica was not killed mid-load"
    cluster.balancer.wait_servers("DOWN", ["central2"], timeout=10)
    assert all(s.outbox_depth() == 0 for s in stores), "an outbox was left undelivered"

    engine = sa.create_engine(cluster.db_url)
    try:
        with engine.connect() as conn:
            tickets = conn.execute(sa.select(Ticket.key, Ticket.label)
                                   .where(Ticket.key.in_(list(held)))).all()
            events = conn.scalars(sa.select(KioskEvent.key)
                                  .where(KioskEvent.key.in_(list(queued)))).all()
            numbers = conn.execute(sa.select(Ticket.service_id, Ticket.day, Ticket.number)).all()
    finally:
        engine.dispose()
    assert len(held) == total
    by_key = Counter(t.key for t in tickets)
    assert set(by_key) == set(held), f"{len(set(held) - set(by_key))} tickets lost"
    assert max(by_key.values()) == 1, "a ticket is in the queue twice"
    assert {t.key: t.label for t in tickets} == held, "a visitor holds a number the hall does not"
    assert len(events) == len(set(events)) == len(queued), f"{len(queued - set(events))} events lost"
    per_day: dict[tuple, list[int]] = {}
    for service_id, day, number in numbers:
        per_day.setdefault((service_id, day), []).append(number)
    for numbered in per_day.values():
        assert sorted(numbered) == list(range(1, len(numbered) + 1)), "a gap in the numbering"
    fallbacks = len(queued) - 2 * total
    print(f"replica killed after {killed_at}/{total} visits; {fallbacks} fallback tickets; "
          f"{len(events)} events delivered once each")

    victim.start()  # leave the cluster whole for any test after this one
    cluster.balancer.wait_servers("UP", timeout=20)

"""Fallback ticket labels are unique per hall and day across every terminal: two terminals
whose names end alike, more than 100 tickets a day, several threads issuing at once, and
the central service merging them all."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import select

from central.models.queue import Ticket
from kiosk.fallback import KIOSK_ID_KEY, fallback_label, issue_fallback
from kiosk.store import Store
from kiosk.sync import SyncWorker
from tests.kiosk.test_sync import enrolled, service  # noqa: F401  (service: the fixture)


def _issue(store: Store, name: str, letter: str = "A", code: str = "A") -> str:
    return issue_fallback(store, letter, name, {"key": uuid.uuid4().hex, "service_code": code})


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    yield store
    store.close()


def test_the_count_goes_on_past_a_hundred_without_repeating(store):
    store.put(KIOSK_ID_KEY, "7")
    labels = [_issue(store, "kiosk-1") for _ in range(150)]
    assert len(set(labels)) == 150
    assert labels[0] == "AX7-1" and labels[99] == "AX7-100" and labels[-1] == "AX7-150"
    assert store.outbox_depth() == 150


def test_terminals_whose_names_end_alike_never_share_a_label(tmp_path):
    one, eleven = Store(tmp_path / "one.sqlite3"), Store(tmp_path / "eleven.sqlite3")
    try:
        one.put(KIOSK_ID_KEY, "3")      # ids from enrolment: unrelated to the names
        eleven.put(KIOSK_ID_KEY, "21")
        labels = [_issue(one, "kiosk-1") for _ in range(120)] + \
                 [_issue(eleven, "kiosk-11") for _ in range(120)]
        assert len(set(labels)) == 240
        # before a terminal knows its id, its name's digits, all of them, still tell them apart
        one.put(KIOSK_ID_KEY, ""), eleven.put(KIOSK_ID_KEY, "")
        assert _issue(one, "kiosk-1") != _issue(eleven, "kiosk-11")
    finally:
        one.close()
        eleven.close()


def test_threads_issuing_at_once_get_every_number_once(store):
    store.put(KIOSK_ID_KEY, "5")
    threads, each = 8, 40
    labels: list[str] = []
    lock, start = threading.Lock(), threading.Barrier(threads)

    def issue_many():
        start.wait()
        mine = [_issue(store, "kiosk-5") for _ in range(each)]
        with lock:
            labels.extend(mine)
    workers = [threading.Thread(target=issue_many) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    counts = sorted(int(label.rsplit("-", 1)[1]) for label in labels)
    assert counts == list(range(1, threads * each + 1))  # no repeat, no gap
    assert store.outbox_depth() == threads * each


def test_a_label_fits_the_services_column():
    assert fallback_label("A", "99999", 9999) == "AX99999-9999"   # VARCHAR(12), full
    with pytest.raises(ValueError):
        fallback_label("A", "99999", 10000)


def _terminal(service, tmp_path, name: str):
    settings, info, client = enrolled(service, tmp_path, name)
    store = Store(settings.store.path)
    assert store.get(KIOSK_ID_KEY) == str(info["kiosk_id"])  # enrolment keeps the id
    return store, SyncWorker(store, client, interval=60)


def test_the_service_merges_both_terminals_tickets_under_distinct_labels(service, tmp_path):
    terminals = [_terminal(service, tmp_path, name) for name in ("kiosk-1", "kiosk-11")]
    issued = []
    for (store, worker), name in zip(terminals, ("kiosk-1", "kiosk-11")):
        issued += [_issue(store, name, "A", "job_seeker_registration") for _ in range(105)]
        worker.push_outbox()
        assert store.outbox_depth() == 0
        store.close()
    assert len(set(issued)) == 210
    with service.db.session() as s:
        labels = s.scalars(select(Ticket.label).where(Ticket.fallback_label.is_not(None))).all()
    assert sorted(labels) == sorted(issued)


def test_a_terminal_enrolled_before_the_id_was_kept_learns_it_at_sync(service, tmp_path):
    store, worker = _terminal(service, tmp_path, "kiosk-old")
    enrolled = store.get(KIOSK_ID_KEY)
    store.put(KIOSK_ID_KEY, "")
    worker.learn_kiosk_id()
    assert store.get(KIOSK_ID_KEY) == enrolled
    store.close()

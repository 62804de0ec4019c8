"""The terminal's outbox never keeps a visitor's ID number or name in the clear: it is sealed
with the terminal's own key (handed out at enrolment, or fetched once by an older terminal),
deleted rows are overwritten, and the service files the sealed events on the right person."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from central.models import Kiosk, KioskEvent
from central.models.queue import Person, ServiceRecord, Ticket
from central.services.identity import IdentityKeys, find_person
from devices.base import PersonIdentity
from hallcore.sealing import is_sealed, new_key
from kiosk.api import CentralUnavailable
from kiosk.config import load_kiosk_settings
from kiosk.fallback import KIOSK_ID_KEY
from kiosk.seal_key import key_path, load_key
from kiosk.i18n import Translator
from kiosk.services import Services
from kiosk.session import VisitorSession, card_proof
from kiosk.store import Store
from kiosk.sync import SyncWorker, load_token
from kiosk.visit import Visit
from tests.kiosk.test_sync import enrolled, service  # noqa: F401  (service: the fixture)
from tests.kiosk.test_visit import InlineWorker

PERSON = PersonIdentity(id_number="110101199003071234", name="张晓明", source="idcard",
                        extra={"issuer": "北京市公安局东城分局", "valid_from": "20150301",
                               "valid_to": "20350301"})
SERVICE = {"code": "job_seeker_registration", "letter": "A", "name": "求职登记", "documents": []}


def _services(store: Store) -> Services:
    s = Services(settings=load_kiosk_settings(env={}), translator=Translator("zh_CN"),
                 session=VisitorSession(), worker=InlineWorker(), store=store)
    s.visit = Visit(s)
    return s


def _identified_visit(services: Services) -> None:
    """A consenting visitor saves a quiz result and takes a ticket while the service is away."""
    services.session.start("zh_CN")
    services.session.identify(PERSON)
    services.session.consent = True
    services.record_event("quiz_saved", {"code": "RIC", "scores": {"R": 30}, "bank_version": 1})

    def away(_body):
        raise CentralUnavailable("down")
    services.api = SimpleNamespace(issue_ticket=away)
    services.tickets.issue(SERVICE, lambda ticket, offline: None, lambda message: None)
    services.session.wipe()


def _store_bytes(store: Store) -> list[bytes]:
    path = Path(store.path)
    return [p.read_bytes() for p in path.parent.glob(path.name + "*")]


def _assert_no_identity(blobs: list[bytes]) -> None:
    for needle in (PERSON.id_number.encode(), PERSON.name.encode("utf-8"),
                   PERSON.name.encode("utf-16-le"), PERSON.name.encode("unicode_escape")):
        assert not any(needle in blob for blob in blobs), "identity in the terminal's store files"


def test_the_store_file_holds_no_id_number_or_name_after_an_identified_visit(tmp_path):
    store = Store(tmp_path / "store.sqlite3", seal_key=new_key())
    store.put(KIOSK_ID_KEY, "7")
    services = _services(store)
    _identified_visit(services)
    events = store.outbox_pending()
    assert [e.kind for e in events] == ["quiz_saved", "ticket"]
    assert all(is_sealed(e.payload["person"]) for e in events)
    assert store._conn().execute("PRAGMA secure_delete").fetchone()[0] == 1
    _assert_no_identity(_store_bytes(store))
    store.close()
    _assert_no_identity(_store_bytes(store))   # after the WAL is checkpointed into the file


def test_without_a_key_the_event_goes_without_the_person(tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    store.put(KIOSK_ID_KEY, "7")
    _identified_visit(_services(store))
    events = store.outbox_pending()
    assert len(events) == 2 and not any("person" in e.payload for e in events)
    store.close()
    _assert_no_identity(_store_bytes(store))


def _terminal(service, tmp_path, name: str):
    settings, info, client = enrolled(service, tmp_path, name)
    assert "seal_key" not in info   # kept in its file, not handed on
    return settings, client


# the demo service's identity key (version 1 is the secret key until keys are set)
KEYS = IdentityKeys({1: "development-only-secret-change-me"}, 1)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_service_files_sealed_events_on_the_right_person(service, tmp_path):
    settings, client = _terminal(service, tmp_path, "kiosk-sealed")
    assert _mode(key_path(settings)) == 0o600 and load_key(settings)
    store = Store(settings.store.path, seal_key=load_key(settings))
    _identified_visit(_services(store))
    worker = SyncWorker(store, client, interval=60, settings=settings)
    assert worker.push_outbox() == 2 and store.outbox_depth() == 0
    with service.db.session() as db:
        person = find_person(db, KEYS, PERSON.id_number, create=False)
        assert person is not None and person.masked_id == "110***********1234"
        records = db.scalars(select(ServiceRecord).where(ServiceRecord.person_id == person.id)).all()
        assert [r.summary for r in records] == ["RIASEC RIC"]
        ticket = db.scalar(select(Ticket).where(Ticket.fallback_label.is_not(None)))
        assert ticket.person_id == person.id
        for event in db.scalars(select(KioskEvent)):
            assert "person" not in event.payload
    store.close()


def test_a_sealed_person_under_another_key_is_not_filed(service, tmp_path):
    settings, client = _terminal(service, tmp_path, "kiosk-wrong")
    store = Store(settings.store.path, seal_key=new_key())    # not the one the service holds
    _identified_visit(_services(store))
    assert SyncWorker(store, client, interval=60).push_outbox() == 2   # kept, without the link
    with service.db.session() as db:
        assert db.scalars(select(Person)).all() == []
    store.close()


def test_a_terminal_enrolled_before_keys_fetches_its_key_once(service, tmp_path):
    settings, client = _terminal(service, tmp_path, "kiosk-old")
    key_path(settings).unlink()              # as an older version enrolled it: no key anywhere
    with service.db.session() as db:
        db.scalar(select(Kiosk).where(Kiosk.name == "kiosk-old")).seal_key = None
        db.commit()
    store = Store(settings.store.path, seal_key=load_key(settings))
    assert store.seal_key is None
    worker = SyncWorker(store, client, interval=60, settings=settings)
    worker.learn_seal_key()
    assert store.seal_key and _mode(key_path(settings)) == 0o600
    with service.db.session() as db:
        assert db.scalar(select(Kiosk.seal_key).where(Kiosk.name == "kiosk-old")) == store.seal_key
    # the key is handed out once: a stolen token cannot fetch it again
    r = service.central.http.post("/api/kiosk/seal-key",
                                  headers={"Authorization": f"Bearer {load_token(settings)}"})
    assert r.status_code == 409
    store.close()


def test_a_plain_person_from_an_older_terminal_is_still_filed(service, tmp_path, caplog):
    settings, client = _terminal(service, tmp_path, "kiosk-plain")
    event = {"key": "k" * 16, "kind": "quiz_saved", "occurred_at": "2026-01-05T10:00:00+00:00",
             "payload": {"code": "SAE", "person": {"id_number": PERSON.id_number, "name": "x",
                                                   "card": card_proof(PERSON)}}}
    assert client.push_events([event])["accepted"] == [event["key"]]
    with service.db.session() as db:
        person = find_person(db, KEYS, PERSON.id_number, create=False)
        assert person is not None
    assert any("in the clear" in r.getMessage() for r in caplog.records)
    assert not any(PERSON.id_number in r.getMessage() for r in caplog.records)

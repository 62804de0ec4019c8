"""Personal data has a lifetime: ``central purge`` deletes each kind past its retention and
keeps what is newer; a person's deletion request from the console removes their record and
keeps only anonymous counts; stored masked ID numbers are re-masked by the migration."""

from __future__ import annotations

import shlex
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from central.models import Job, KioskEvent, Service, utcnow
from central.models.fleet import AuditEntry
from central.models.queue import Person, Referral, ServiceRecord, Ticket
from central.services.retention import STEPS, purge
from central.settings import RetentionSection

DAY = timedelta(days=1)


def _person(db, created: datetime) -> Person:
    person = Person(id_hash=uuid.uuid4().hex, masked_id="110***********1233", masked_name="张*",
                    created_at=created)
    db.add(person)
    db.flush()
    return person


def _ticket(db, person: Person | None, issued: datetime, note: str) -> Ticket:
    service = db.scalars(select(Service)).first()
    key = uuid.uuid4().hex
    ticket = Ticket(hall_id=service.hall_id, service_id=service.id, day=issued.date().isoformat(),
                    number=int(key[:6], 16), label="A" + key[:3], key=key, status_token=key[:32],
                    person_id=person.id if person else None, note=note, issued_at=issued,
                    arrival_at=issued, status="done")
    db.add(ticket)
    db.flush()
    return ticket


def _event(db, kiosk_id: int, occurred: datetime, person: Person | None = None) -> KioskEvent:
    payload = {"code": "RIC"} | ({"person_id": person.id} if person else {})
    event = KioskEvent(kiosk_id=kiosk_id, key=uuid.uuid4().hex, kind="quiz_result",
                       occurred_at=occurred, payload=payload)
    db.add(event)
    db.flush()
    return event


@pytest.fixture(scope="module")
def kiosk_id(central):
    central.kiosk_headers("retention")
    with central.db.session() as db:
        from central.models import Kiosk
        return db.scalar(select(Kiosk.id).where(Kiosk.name == "retention"))


def test_every_kind_past_its_retention_goes_and_newer_stays(central, kiosk_id):
    keep, now = RetentionSection(), utcnow()
    with central.db.session() as db:
        job = db.scalars(select(Job)).first()
        active = _person(db, now - 6 * 365 * DAY)       # old, but came back last month
        gone = _person(db, now - 4 * 365 * DAY)         # nothing for four years
        fresh = _person(db, now - 10 * DAY)
        recent_ticket = _ticket(db, active, now - 30 * DAY, "asked about training")
        old_ticket = _ticket(db, active, now - 3 * 365 * DAY, "old note")
        gone_ticket = _ticket(db, gone, now - 4 * 365 * DAY, "")
        old_record = ServiceRecord(person_id=active.id, kind="note", summary="old",
                                   created_at=now - 6 * 365 * DAY)
        new_record = ServiceRecord(person_id=active.id, kind="note", summary="new",
                                   created_at=now - 30 * DAY)
        old_ref = Referral(person_id=active.id, job_id=job.id, updated_at=now - 6 * 365 * DAY)
        new_ref = Referral(person_id=active.id, job_id=job.id, updated_at=now - 30 * DAY)
        old_audit = AuditEntry(action="x", at=now - 6 * 365 * DAY)
        new_audit = AuditEntry(action="x", at=now - 30 * DAY)
        db.add_all([old_record, new_record, old_ref, new_ref, old_audit, new_audit])
        old_event = _event(db, kiosk_id, now - 401 * DAY)
        new_event = _event(db, kiosk_id, now - 399 * DAY, gone)   # names the person who goes
        db.commit()
        ids = {name: row.id for name, row in locals().items()
               if isinstance(row, (Person, Ticket, ServiceRecord, Referral, AuditEntry, KioskEvent))}

    with central.db.session() as db:
        counts = purge(db, keep, now)
    assert set(counts) == {step.kind for step in STEPS}
    assert all(counts[kind] >= 1 for kind in ("terminal_events", "ticket_notes", "referrals",
                                              "service_records", "inactive_people", "audit_log"))

    with central.db.session() as db:
        def there(model, name):
            return db.get(model, ids[name]) is not None
        assert not there(KioskEvent, "old_event") and there(KioskEvent, "new_event")
        assert "person_id" not in db.get(KioskEvent, ids["new_event"]).payload
        assert not there(ServiceRecord, "old_record") and there(ServiceRecord, "new_record")
        assert not there(Referral, "old_ref") and there(Referral, "new_ref")
        assert not there(AuditEntry, "old_audit") and there(AuditEntry, "new_audit")
        assert there(Person, "active") and there(Person, "fresh") and not there(Person, "gone")
        old = db.get(Ticket, ids["old_ticket"])
        assert (old.note, old.person_id) == ("", None) and old.label.startswith("A")
        recent = db.get(Ticket, ids["recent_ticket"])
        assert (recent.note, recent.person_id) == ("asked about training", ids["active"])
        assert db.get(Ticket, ids["gone_ticket"]).person_id is None   # the count stays


def test_a_dry_run_counts_and_deletes_nothing(central, kiosk_id):
    with central.db.session() as db:
        event_id = _event(db, kiosk_id, utcnow() - 500 * DAY).id
        db.commit()
    with central.db.session() as db:
        assert purge(db, RetentionSection(), dry_run=True)["terminal_events"] >= 1
    with central.db.session() as db:
        assert db.get(KioskEvent, event_id) is not None


def test_the_command_prints_a_count_per_kind(central, kiosk_id, monkeypatch, capsys):
    from central.cli import main
    with central.db.session() as db:
        purge(db, RetentionSection())   # what earlier tests left
        _event(db, kiosk_id, utcnow() - 500 * DAY)
        db.commit()
    monkeypatch.setenv("CENTRAL__DATABASE__URL", central.db_url)
    assert main(["purge"]) == 0
    lines = dict(line.split(": ") for line in capsys.readouterr().out.splitlines())
    assert set(lines) == {step.kind for step in STEPS}
    assert lines["terminal_events"] == "deleted 1"


def test_the_daily_unit_calls_the_command_with_arguments_it_takes(central, monkeypatch, capsys):
    from central.cli import main
    from central.settings import DEFAULT_CENTRAL_CONFIG
    unit = Path(__file__).resolve().parents[2] / "deploy" / "central" / "central-purge.service"
    line = next(x for x in unit.read_text().splitlines() if x.startswith("ExecStart="))
    binary, *args = shlex.split(line.removeprefix("ExecStart="))
    assert binary.endswith("/central")
    args = [str(DEFAULT_CENTRAL_CONFIG) if a.endswith("central.toml") else a for a in args]
    monkeypatch.setenv("CENTRAL__DATABASE__URL", central.db_url)
    assert main(args) == 0 and "terminal_events: deleted" in capsys.readouterr().out


# what only the card holds: the proof that the terminal read it (the person's record takes
# nothing without it)
CARD = {"source": "idcard", "issuer": "北京市公安局东城分局", "valid_from": "20160611",
        "valid_to": "20360611"}


def _take_identified(central, kiosk, id_number: str) -> dict:
    body = {"key": uuid.uuid4().hex, "service_code": "job_seeker_registration",
            "person": {"id_number": id_number, "name": "李四", "card": CARD}}
    r = central.http.post("/api/kiosk/tickets", json=body, headers=kiosk)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_deletion_request_removes_the_person_and_keeps_anonymous_counts(central):
    kiosk = central.kiosk_headers("erase")
    id_number = "110101198001011234"
    ticket = _take_identified(central, kiosk, id_number)
    quiz = {"key": uuid.uuid4().hex, "kind": "quiz_result", "occurred_at": utcnow().isoformat(),
            "payload": {"code": "SEC", "person": {"id_number": id_number, "name": "李四", "card": CARD}}}
    assert central.http.post("/api/kiosk/events", json={"events": [quiz]}, headers=kiosk).status_code == 200
    with central.db.session() as db:
        person_id = db.get(Ticket, ticket["id"]).person_id
        assert person_id and db.scalars(select(ServiceRecord).where(
            ServiceRecord.person_id == person_id)).first() is not None

    counsellor = central.staff_headers("counsellor1", "counsellor-demo")
    path = f"/api/tickets/{ticket['id']}/erase-person"
    assert central.http.post(path, headers=counsellor).status_code == 403
    manager = central.staff_headers("manager", "manager-demo")
    r = central.http.post(path, headers=manager)
    assert r.status_code == 200 and r.json() == {"ticket_id": ticket["id"], "erased": True}
    assert central.http.post(path, headers=manager).status_code == 409   # nobody left to erase

    with central.db.session() as db:
        assert db.get(Person, person_id) is None
        assert db.scalars(select(ServiceRecord).where(ServiceRecord.person_id == person_id)).all() == []
        kept = db.get(Ticket, ticket["id"])
        assert kept.label == ticket["label"] and kept.person_id is None and kept.note == ""
        event = db.scalar(select(KioskEvent).where(KioskEvent.key == quiz["key"]))
        assert event is not None and "person_id" not in event.payload
        entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "person_erase")
                          .order_by(AuditEntry.id.desc()))
        assert entry.target == f"ticket:{ticket['id']}" and id_number not in entry.detail
    # a returning visitor starts a new, empty record
    again = _take_identified(central, kiosk, id_number)
    with central.db.session() as db:
        new_id = db.get(Ticket, again["id"]).person_id
        assert new_id is not None
        assert db.scalars(select(ServiceRecord).where(ServiceRecord.person_id == new_id)).all() == []


def test_the_counter_offers_the_deletion_to_managers_only(central):
    def page(user, password):
        r = central.http.post("/console/login", data={"username": user, "password": password},
                              follow_redirects=False)
        cookies = r.cookies
        return central.http.get("/console/counter", cookies=cookies).text
    assert 'id="erase-person"' in page("manager", "manager-demo")
    assert 'id="erase-person"' not in page("counsellor1", "counsellor-demo")


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_migration_remasks_stored_id_numbers(kind, request, tmp_path):
    from alembic import command
    from alembic.config import Config

    from central.db import MIGRATIONS
    from tests.servers import fresh_database_url
    pg = request.getfixturevalue("postgres_url") if kind == "postgres" else None
    with fresh_database_url(kind, tmp_path, pg) as url:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        command.upgrade(cfg, "0009")
        engine = sa.create_engine(url)
        people = sa.table("people", sa.column("id_hash"), sa.column("masked_id"),
                          sa.column("masked_name"), sa.column("created_at"))
        old = {"a": "110101********1233", "b": "110101*****1234", "c": "*****5678", "d": "***"}
        with engine.begin() as conn:
            conn.execute(people.insert(), [{"id_hash": k, "masked_id": v, "masked_name": "x",
                                            "created_at": datetime.now(timezone.utc)}
                                           for k, v in old.items()])
        command.upgrade(cfg, "heads")
        with engine.connect() as conn:
            now = dict(conn.execute(sa.select(people.c.id_hash, people.c.masked_id)).all())
        engine.dispose()
    assert now == {"a": "110***********1233", "b": "110********1234", "c": "*****5678", "d": "***"}


def test_purge_ends_expired_logins_and_keeps_live_ones(central):
    """`central purge` also takes what other areas keep for a while: expired staff tokens."""
    from central.models import StaffToken
    central.staff_headers("viewer", "viewer-demo")   # a live login
    with central.db.session() as db:
        user_id = db.scalar(select(StaffToken.user_id).limit(1))
        db.add(StaffToken(user_id=user_id, token_hash=uuid.uuid4().hex * 2,
                          expires_at=utcnow() - timedelta(minutes=1)))
        db.commit()
        counts = purge(db, RetentionSection())
        assert counts["expired_logins"] >= 1
        assert db.scalar(select(sa.func.count()).select_from(StaffToken)
                         .where(StaffToken.expires_at <= utcnow())) == 0
        assert db.scalar(select(sa.func.count()).select_from(StaffToken)) >= 1

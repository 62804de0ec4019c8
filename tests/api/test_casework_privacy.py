"""Case management's personal data has a lifetime too (issue 17): registrations, closed
cases, follow-ups, difficulty checks and tier changes past their retention go with
``central purge``; a person still followed is not inactive; erasing a person removes all of it."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from central.models import Service, utcnow
from central.models.casework import (Case, CaseEvent, DifficultyCheck, FollowUp, Registration,
                                     TierChange, WantedItem)
from central.models.queue import Person
from central.services.retention import STEPS, erase_people, purge
from central.settings import RetentionSection
from tests.factories import hall_records

DAY = timedelta(days=1)


def _person(db, created):
    person = Person(id_hash=uuid.uuid4().hex, masked_id="110***********0000", masked_name="周*",
                    created_at=created, tier=2, tier_proposed=3)
    db.add(person)
    db.flush()
    return person


def _records(db, person, when, hall_id=1):
    """One of each case-management record of ``person``, made ``when`` (registered in ``hall_id``)."""
    service = db.scalars(select(Service)).first()
    reg = Registration(person_id=person.id, hall_id=hall_id, occupations=["x"], districts=[],
                       education="none", availability="any", created_at=when, updated_at=when)
    db.add(reg)
    db.flush()
    case = Case(person_id=person.id, hall_id=service.hall_id, service_id=service.id, state="done",
                opened_on=date(2020, 1, 2), due_on=date(2020, 1, 9), closed_on=date(2020, 1, 8),
                created_at=when, updated_at=when)
    db.add(case)
    db.flush()
    rows = [WantedItem(registration_id=reg.id, person_id=person.id, kind="occupation", value="x"),
            CaseEvent(case_id=case.id, state="done", created_at=when),
            FollowUp(person_id=person.id, hall_id=service.hall_id, kind="phone", created_at=when),
            DifficultyCheck(person_id=person.id, hall_id=service.hall_id, answers={}, tier=3,
                            created_at=when),
            TierChange(person_id=person.id, to_tier=2, created_at=when)]
    db.add_all(rows)
    db.flush()
    return {"reg": reg.id, "case": case.id, "wanted": rows[0].id, "event": rows[1].id,
            "follow": rows[2].id, "check": rows[3].id, "tier": rows[4].id}


MODELS = {"reg": Registration, "case": Case, "wanted": WantedItem, "event": CaseEvent,
          "follow": FollowUp, "check": DifficultyCheck, "tier": TierChange}


def test_casework_past_its_retention_goes_and_newer_stays(central):
    hall_records(central.db, 2, "privacy")
    now = utcnow()
    with central.db.session() as db:
        followed = _person(db, now - 6 * 365 * DAY)   # old, but a counsellor called last month
        old = _records(db, followed, now - 6 * 365 * DAY)
        new = _records(db, followed, now - 30 * DAY, hall_id=2)
        db.commit()
        person_id = followed.id
    with central.db.session() as db:
        counts = purge(db, RetentionSection(), now)
    assert {"registrations", "casework"} <= {s.kind for s in STEPS}
    assert counts["registrations"] >= 1 and counts["casework"] >= 4
    with central.db.session() as db:
        for name, model in MODELS.items():
            assert db.get(model, old[name]) is None, name
            assert db.get(model, new[name]) is not None, name
        assert db.get(Person, person_id) is not None   # still followed: not inactive


def test_an_open_case_keeps_a_person_active(central):
    now = utcnow()
    with central.db.session() as db:
        person = _person(db, now - 6 * 365 * DAY)
        ids = _records(db, person, now - 6 * 365 * DAY)
        case = db.get(Case, ids["case"])
        case.state, case.closed_on = "in_review", None
        db.commit()
        person_id = person.id
    with central.db.session() as db:
        purge(db, RetentionSection(), now)
    with central.db.session() as db:
        assert db.get(Person, person_id) is not None and db.get(Case, ids["case"]) is not None


def test_erasing_a_person_removes_their_casework(central):
    with central.db.session() as db:
        person = _person(db, utcnow())
        ids = _records(db, person, utcnow())
        db.commit()
        person_id = person.id
    with central.db.session() as db:
        assert erase_people(db, [person_id]) == 1
        db.commit()
    with central.db.session() as db:
        assert db.get(Person, person_id) is None
        for name, model in MODELS.items():
            assert db.get(model, ids[name]) is None, name

"""Terminal events without HTTP: stored once each, and a batch that keeps losing a race is
refused after a bounded number of attempts instead of retrying for ever."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy.exc import IntegrityError

from central.models import Kiosk, KioskEvent
from central.schemas.events import EventIn
from central.services import events
from central.services.errors import Conflict
from central.services.identity import IdentityKeys
from tests.factories import queue_hall


@pytest.fixture
def kiosk(db):
    hall = queue_hall(db)
    row = Kiosk(hall_id=hall["hall"].id, name="t")
    db.add(row)
    db.commit()
    return row


def batch(n: int) -> list[EventIn]:
    return [EventIn(key=uuid.uuid4().hex, kind="job_print", payload={"job_id": i},
                    occurred_at=datetime(2026, 3, 1, tzinfo=timezone.utc)) for i in range(n)]


def push(db, kiosk, items):
    return events.push(db, kiosk, items, keys=IdentityKeys({1: "s" * 16}, 1), base_url="http://x")


def test_a_batch_is_stored_once(db, kiosk):
    items = batch(3)
    assert push(db, kiosk, items).accepted == [e.key for e in items]
    again = push(db, kiosk, items[1:] + batch(1))
    assert again.duplicates == [e.key for e in items[1:]] and len(again.accepted) == 1
    assert db.query(KioskEvent).count() == 4


def test_a_batch_that_keeps_losing_the_race_is_refused_after_the_last_attempt(db, kiosk, monkeypatch):
    commits = []

    def lose(*_):
        commits.append(1)
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    monkeypatch.setattr(db, "commit", lose)
    with pytest.raises(Conflict):
        push(db, kiosk, batch(2))
    assert len(commits) == events.ATTEMPTS

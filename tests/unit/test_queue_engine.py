"""The queue engine without HTTP, on a SQLite file built from the models (conftest.db):
numbering, order, routing, the counter's transitions and their refusals, wait estimates,
ratings."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from central.models import utcnow
from central.models.queue import Person, ServiceRecord, Ticket, TicketStatus
from central.services import queue
from central.services.errors import NotFound, ServiceError
from tests.factories import queue_hall


@pytest.fixture
def hall(db):
    return queue_hall(db)


def take(db, hall, service="job_seeker_registration", **extra) -> Ticket:
    ticket, created = queue.issue(db, hall["hall"].id, service, uuid.uuid4().hex, **extra)
    assert created
    return ticket


def person(db, counsellor=None, group=None) -> Person:
    p = Person(id_hash=uuid.uuid4().hex, masked_id="110***********1233", masked_name="张*明",
               counsellor_id=counsellor.id if counsellor else None, priority_group=group)
    db.add(p)
    db.commit()
    return p


def test_numbers_count_per_hall_service_and_day(db, hall, monkeypatch):
    other = queue_hall(db, "H2")
    assert [take(db, hall).label for _ in range(3)] == ["A001", "A002", "A003"]
    assert take(db, hall, "unemployment_registration").label == "B001"
    assert take(db, other).label == "A001"                  # another hall counts on its own
    tomorrow = utcnow() + timedelta(days=1)
    monkeypatch.setattr(queue, "utcnow", lambda: tomorrow)
    assert take(db, hall).label == "A001"                   # a new day starts again


def test_the_hall_day_turns_at_midnight_china_time(db, hall, monkeypatch):
    monkeypatch.setattr(queue, "utcnow", lambda: datetime(2026, 3, 1, 15, 59, tzinfo=timezone.utc))
    late = take(db, hall)
    monkeypatch.setattr(queue, "utcnow", lambda: datetime(2026, 3, 1, 16, 1, tzinfo=timezone.utc))
    early = take(db, hall)
    assert (late.day, early.day) == ("2026-03-01", "2026-03-02") and early.number == 1


def test_the_same_key_returns_the_same_ticket(db, hall):
    first, created = queue.issue(db, hall["hall"].id, "job_seeker_registration", "key-00000001")
    again, created_again = queue.issue(db, hall["hall"].id, "job_seeker_registration", "key-00000001")
    assert created and not created_again and again.id == first.id


def test_an_unknown_service_is_not_found(db, hall):
    with pytest.raises(NotFound):
        take(db, hall, "nope")


def test_priority_first_then_arrival(db, hall):
    plain = take(db, hall)
    elderly = take(db, hall, priority_group="elderly")
    graduate = take(db, hall, priority_group="graduate")
    assert [queue.people_ahead(db, t) for t in (elderly, graduate, plain)] == [0, 1, 2]
    called = [queue.call_next(db, hall["counter1"], None).id for _ in range(3)]
    assert called == [elderly.id, graduate.id, plain.id]
    assert queue.call_next(db, hall["counter1"], None) is None


def test_earlier_arrival_goes_first_at_the_same_priority(db, hall):
    now = take(db, hall)
    fallback = take(db, hall, arrival_at=utcnow() - timedelta(minutes=5), fallback_label="AX001")
    assert fallback.label == "AX001" and queue.people_ahead(db, now) == 1
    assert queue.call_next(db, hall["counter1"], None).id == fallback.id


def test_a_dedicated_counsellor_s_counter_alone_calls_their_visitor(db, hall):
    visitor = person(db, hall["counsellor"])
    other = take(db, hall)
    routed = take(db, hall, person=visitor)
    assert routed.routed_counter_id == hall["counter2"].id
    assert queue.people_ahead(db, routed) == 0              # a line of its own
    assert queue.call_next(db, hall["counter1"], None).id == other.id
    assert queue.call_next(db, hall["counter1"], None) is None
    assert queue.call_next(db, hall["counter2"], hall["counsellor"]).id == routed.id


def test_a_closed_counter_routes_nobody(db, hall):
    hall["counter2"].is_open = False
    db.commit()
    assert take(db, hall, person=person(db, hall["counsellor"])).routed_counter_id is None


def test_recall_no_show_and_their_refusals(db, hall):
    ticket = take(db, hall)
    with pytest.raises(queue.QueueError):
        queue.recall(db, ticket)                            # not called yet
    queue.call_next(db, hall["counter1"], None)
    assert queue.recall(db, ticket).recalls == 1
    assert queue.no_show(db, ticket).status == TicketStatus.no_show
    for refused in (queue.recall, queue.no_show, lambda db, t: queue.finish(db, t)):
        with pytest.raises(queue.QueueError) as caught:
            refused(db, ticket)
        assert caught.value.status == 409


def test_finish_files_the_note_on_the_visitor_s_record(db, hall):
    visitor = person(db)
    ticket = take(db, hall, person=visitor)
    queue.call_next(db, hall["counter1"], hall["counsellor"])
    done = queue.finish(db, ticket, "登记完成", hall["counsellor"])
    assert done.status == "done" and done.finished_at is not None
    record = db.query(ServiceRecord).filter_by(ticket_id=ticket.id).one()
    assert record.person_id == visitor.id and record.summary == "求职登记: 登记完成"
    assert record.staff_id == hall["counsellor"].id


def test_transfer_keeps_the_place_by_arrival(db, hall):
    early = take(db, hall)
    later_b = take(db, hall, "unemployment_registration")
    queue.call_next(db, hall["counter1"], None)             # calls `early`
    moved = queue.transfer(db, early, "unemployment_registration")
    assert moved.label.startswith("B") and moved.arrival_at == early.arrival_at
    assert early.status == TicketStatus.transferred and moved.transferred_from_id == early.id
    assert queue.people_ahead(db, moved) == 0 and queue.people_ahead(db, later_b) == 1
    with pytest.raises(queue.QueueError):
        queue.transfer(db, early, "job_seeker_registration")   # already moved


def test_transfer_to_an_unknown_service_is_refused(db, hall):
    with pytest.raises(NotFound):
        queue.transfer(db, take(db, hall), "nope")


def test_wait_estimate_follows_recent_service_times(db, hall):
    first, second = take(db, hall), take(db, hall)
    assert queue.estimate_wait_min(db, first) == 0
    # no history: the default service time over the two open counters serving A
    assert queue.estimate_wait_min(db, second) == 3         # ceil(1 x 6 / 2)
    served = take(db, hall, "unemployment_registration")
    now = utcnow()
    served.status, served.called_at, served.finished_at = "done", now - timedelta(minutes=20), now
    old = take(db, hall)
    old.status, old.called_at, old.finished_at = "done", now - timedelta(minutes=10), now
    db.commit()
    assert queue.estimate_wait_min(db, second) == 5         # ceil(1 x 10 / 2)
    routed = take(db, hall, person=person(db, hall["counsellor"]))
    assert queue.estimate_wait_min(db, routed) == 0         # alone in its counter's line


def test_a_visit_is_rated_once_after_it_is_done(db, hall):
    ticket = take(db, hall)
    with pytest.raises(queue.QueueError):
        queue.rate(db, ticket, 5, [])
    queue.call_next(db, hall["counter1"], None)
    queue.finish(db, ticket)
    with pytest.raises(ServiceError) as caught:
        queue.rate(db, ticket, 9, [])
    assert caught.value.status == 422
    rating = queue.rate(db, ticket, 4, ["快" * 50] * 9)
    assert rating.score == 4 and rating.counter_id == hall["counter1"].id
    assert len(rating.reasons) == 6 and len(rating.reasons[0]) == 40
    with pytest.raises(queue.QueueError):
        queue.rate(db, ticket, 5, [])

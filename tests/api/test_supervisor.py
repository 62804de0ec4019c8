"""The supervisor's actions over HTTP on SQLite and PostgreSQL: move to the front, transfer,
cancel with a reason (each audited, each in the supervisor's halls only), the hall's view,
and cancels racing call-next: exactly one of the two wins, every time."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from central.models.fleet import AuditEntry
from central.models.queue import ServiceRecord, Ticket

A, B = "job_seeker_registration", "unemployment_registration"
COUNTER = 1   # the seed's counter 1 serves A and B
ROUNDS = 15


@pytest.fixture(scope="module")
def desk(central):
    with central.db.session() as s:
        s.query(ServiceRecord).delete()
        s.query(Ticket).delete()
        s.commit()
    return {"kiosk": central.kiosk_headers("supervisor-kiosk"),
            "counsellor": central.staff_headers("counsellor1", "counsellor-demo"),
            "manager": central.staff_headers("manager", "manager-demo")}


def take(central, desk, service=A):
    r = central.http.post("/api/kiosk/tickets", headers=desk["kiosk"],
                          json={"key": uuid.uuid4().hex, "service_code": service})
    assert r.status_code == 200, r.text
    return r.json()


def call_next(central, desk):
    r = central.http.post(f"/api/counters/{COUNTER}/call-next", headers=desk["counsellor"])
    assert r.status_code == 200, r.text
    return r.json()


def drain(central, desk):
    with central.db.session() as s:
        s.query(Ticket).filter(Ticket.status.in_(("waiting", "called", "serving"))).update(
            {"status": "done"})
        s.commit()


def act(central, desk, ticket_id, action, body=None, who="manager"):
    return central.http.post(f"/api/supervisor/tickets/{ticket_id}/{action}", json=body,
                             headers=desk[who])


def audited(central, action, ticket_id):
    with central.db.session() as s:
        return [e.detail for e in s.query(AuditEntry).filter_by(action=action,
                                                                 target=f"ticket:{ticket_id}")]


def test_moved_to_the_front_it_is_called_next(central, desk):
    drain(central, desk)
    first, second, third = take(central, desk), take(central, desk), take(central, desk)
    assert third["people_ahead"] == 2
    r = act(central, desk, third["id"], "move-up")
    assert r.status_code == 200 and r.json()["people_ahead"] == 0
    assert act(central, desk, third["id"], "move-up").json()["people_ahead"] == 0   # stays first
    assert len(audited(central, "ticket_move_up", third["id"])) == 2
    view = central.http.get("/api/supervisor/halls/1", headers=desk["manager"]).json()
    assert [t["label"] for t in view["waiting"] if t["service_code"] == A] == \
        [third["label"], first["label"], second["label"]]
    assert [t["position"] for t in view["waiting"] if t["service_code"] == A] == [1, 2, 3]
    assert call_next(central, desk)["id"] == third["id"]
    assert call_next(central, desk)["id"] == first["id"]
    assert act(central, desk, third["id"], "move-up").status_code == 409   # called: no longer waits


def test_transfer_keeps_the_place_by_arrival(central, desk):
    drain(central, desk)
    early = take(central, desk)
    later_b = take(central, desk, B)
    r = act(central, desk, early["id"], "transfer", {"service_code": B})
    assert r.status_code == 200, r.text
    new = r.json()
    assert new["label"].startswith("B") and new["people_ahead"] == 0   # arrived before later_b
    assert audited(central, "ticket_supervisor_transfer", early["id"]) == [f"to ticket:{new['id']}"]
    assert act(central, desk, early["id"], "transfer", {"service_code": B}).status_code == 409
    assert act(central, desk, later_b["id"], "transfer", {"service_code": "nope"}).status_code == 404
    assert act(central, desk, later_b["id"], "transfer", {"service_code": B}).status_code == 422
    called = call_next(central, desk)
    assert called["id"] == new["id"]
    assert act(central, desk, called["id"], "transfer", {"service_code": A}).status_code == 409


def test_cancel_needs_a_reason_and_takes_the_ticket_out(central, desk):
    drain(central, desk)
    gone, stays = take(central, desk), take(central, desk)
    assert act(central, desk, gone["id"], "cancel", {"reason": ""}).status_code == 422
    assert act(central, desk, gone["id"], "cancel", {"reason": "   "}).status_code == 422
    assert act(central, desk, gone["id"], "cancel", {"reason": "x" * 201}).status_code == 422
    r = act(central, desk, gone["id"], "cancel", {"reason": " 来访者已离开 "})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert audited(central, "ticket_cancel", gone["id"]) == ["来访者已离开"]
    with central.db.session() as s:
        assert s.get(Ticket, gone["id"]).cancel_reason == "来访者已离开"
    queue = central.http.get("/api/queue?hall_id=1", headers=desk["counsellor"]).json()
    assert gone["id"] not in [t["id"] for t in queue]
    assert act(central, desk, gone["id"], "cancel", {"reason": "again"}).status_code == 409
    assert call_next(central, desk)["id"] == stays["id"]


def test_only_supervisors_of_the_hall(central, desk):
    from tests.factories import hall_records, staff_in_hall
    drain(central, desk)
    ticket = take(central, desk)
    hall_records(central.db, 2, "supervisor")
    staff_in_hall(central.db, "manager-elsewhere", "elsewhere-demo", 2, "hall_manager")
    desk["elsewhere"] = central.staff_headers("manager-elsewhere", "elsewhere-demo")
    assert act(central, desk, ticket["id"], "cancel", {"reason": "x"}, "counsellor").status_code == 403
    assert act(central, desk, ticket["id"], "cancel", {"reason": "x"}, "elsewhere").status_code == 404
    assert act(central, desk, ticket["id"], "move-up", None, "elsewhere").status_code == 404
    assert central.http.get("/api/supervisor/halls/1", headers=desk["elsewhere"]).status_code == 404
    assert central.http.get("/api/supervisor/halls/1", headers=desk["counsellor"]).status_code == 403
    with central.http.stream("GET", "/api/supervisor/halls/1/stream") as r:
        assert r.status_code == 401
    with central.http.stream("GET", "/api/supervisor/halls/1/stream", headers=desk["elsewhere"]) as r:
        assert r.status_code == 404
    with central.http.stream("GET", "/api/supervisor/halls/1/stream", headers=desk["counsellor"]) as r:
        assert r.status_code == 403
    with central.db.session() as s:
        assert s.get(Ticket, ticket["id"]).status == "waiting"


def test_the_view_says_waits_against_the_target(central, desk):
    from datetime import timedelta

    from central.models import Hall, utcnow
    drain(central, desk)
    t = take(central, desk, B)
    with central.db.session() as s:
        s.get(Ticket, t["id"]).arrival_at = utcnow() - timedelta(minutes=17)
        s.get(Hall, 1).wait_target_min = 20
        s.commit()
    view = central.http.get("/api/supervisor/halls/1", headers=desk["manager"]).json()
    b = next(s for s in view["services"] if s["code"] == B)
    assert (b["waiting"], b["longest_wait_min"], b["state"]) == (1, 17, "near")
    assert next(s for s in view["services"] if s["code"] == A)["state"] == "ok"
    called = call_next(central, desk)
    view = central.http.get("/api/supervisor/halls/1", headers=desk["manager"]).json()
    counter = next(c for c in view["counters"] if c["id"] == COUNTER)
    assert counter["ticket"] == called["label"] and counter["ticket_status"] == "called"
    assert counter["staff"] == "李老师" and counter["minutes"] == 0
    # a service withdrawn while someone waits for it stays in view, so they can be moved on
    left = take(central, desk, "career_guidance")
    with central.db.session() as s:
        from central.models import Service
        s.query(Service).filter_by(hall_id=1, code="career_guidance").update({"active": False})
        s.commit()
    try:
        view = central.http.get("/api/supervisor/halls/1", headers=desk["manager"]).json()
    finally:
        with central.db.session() as s:
            s.query(Service).filter_by(hall_id=1, code="career_guidance").update({"active": True})
            s.commit()
    assert left["id"] in [t["id"] for t in view["waiting"]]
    assert "career_guidance" in [s["code"] for s in view["services"]]


def _race(central, desk, second):
    """A lone waiting ticket; call-next and ``second`` (cancel, move-up, transfer) at once."""
    drain(central, desk)
    ticket = take(central, desk)
    start = threading.Barrier(2)

    def caller():
        start.wait()
        return central.http.post(f"/api/counters/{COUNTER}/call-next", headers=desk["counsellor"])

    def supervisor():
        start.wait()
        return second(ticket["id"])

    with ThreadPoolExecutor(2) as pool:
        called, acted = pool.submit(caller), pool.submit(supervisor)
        called, acted = called.result(), acted.result()
    assert called.status_code == 200 and acted.status_code in (200, 409), acted.text
    with central.db.session() as s:
        return ticket, called.json(), acted, s.get(Ticket, ticket["id"])


def test_cancel_racing_call_next_one_wins(central, desk):
    outcomes = set()
    for _ in range(ROUNDS):
        ticket, called, cancel, row = _race(central, desk, lambda tid: act(
            central, desk, tid, "cancel", {"reason": "race"}))
        if cancel.status_code == 200:   # the cancel won: never called, nobody else called
            assert called is None and row.status == "cancelled" and row.called_at is None
            outcomes.add("cancelled")
        else:                           # the call won: the cancel changed nothing
            assert called["id"] == ticket["id"] and row.status == "called"
            assert row.cancel_reason is None
            outcomes.add("called")
    print("race outcomes:", outcomes)


def test_a_cancel_waits_for_a_call_under_way_and_then_refuses(central, desk):
    """The mechanism itself, step by step: a call-next has the row (PostgreSQL: its row lock;
    SQLite: the write lock) and has not committed; a cancel waits for it, then finds the
    ticket called and changes nothing."""
    from concurrent.futures import TimeoutError as Pending

    from sqlalchemy import select

    from central.models import utcnow
    drain(central, desk)
    ticket = take(central, desk)
    with central.db.session() as s, ThreadPoolExecutor(1) as pool:
        row = s.scalar(select(Ticket).where(Ticket.id == ticket["id"]).with_for_update())
        row.status, row.called_at, row.counter_id = "called", utcnow(), COUNTER
        s.flush()
        cancel = pool.submit(act, central, desk, ticket["id"], "cancel", {"reason": "race"})
        with pytest.raises(Pending):
            cancel.result(timeout=0.5)   # held by the call under way
        s.commit()
        answer = cancel.result(timeout=10)
    assert answer.status_code == 409, answer.text
    with central.db.session() as s:
        row = s.get(Ticket, ticket["id"])
        assert row.status == "called" and row.cancel_reason is None


def test_transfer_and_move_racing_call_next(central, desk):
    for _ in range(ROUNDS // 3):
        ticket, called, moved, row = _race(central, desk, lambda tid: act(
            central, desk, tid, "transfer", {"service_code": B}))
        if moved.status_code == 200:    # moved to B first: call-next took the B ticket or none
            assert row.status == "transferred" and row.called_at is None
            assert called is None or called["id"] == moved.json()["id"]
        else:
            assert called["id"] == ticket["id"] and row.status == "called"
        ticket, called, moved, row = _race(central, desk, lambda tid: act(central, desk, tid, "move-up"))
        assert called["id"] == ticket["id"] and row.status == "called"   # called either way


def _events(lines):
    """(event, data) pairs of an open stream's lines."""
    event = None
    for line in lines:
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            yield event, line[6:]


def test_the_stream_follows_the_hall_and_ends_with_the_login(central, desk):
    import json
    import time
    drain(central, desk)
    ticket = take(central, desk)
    login = central.staff_headers("manager", "manager-demo")   # its own login, ended below
    with central.http.stream("GET", "/api/supervisor/halls/1/stream", headers=login) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = _events(r.iter_lines())
        kind, data = next(events)
        assert kind == "hall" and ticket["id"] in [t["id"] for t in json.loads(data)["waiting"]]
        assert act(central, desk, ticket["id"], "cancel", {"reason": "left"}).status_code == 200
        cancelled = time.monotonic()
        kind, data = next(events)
        assert kind == "hall" and ticket["id"] not in [t["id"] for t in json.loads(data)["waiting"]]
        assert time.monotonic() - cancelled < 1.0
        central.http.post("/api/auth/logout", headers=login)
        ended = time.monotonic()
        assert next(kind for kind, _ in events if kind != "hall") == "ended"
        assert time.monotonic() - ended < 5
    hub = central.server.server.config.app.state.supervisor
    from tests.helpers import wait_until
    wait_until(lambda: hub.open_streams == 0, 5, message="the stream outlived its login")


def test_service_time_runs_from_the_start(central, desk):
    from datetime import timedelta

    from central.models import utcnow
    with central.db.session() as s:   # this visit alone in the report
        s.query(ServiceRecord).delete()
        s.query(Ticket).delete()
        s.commit()
    ticket = take(central, desk)
    assert central.http.post(f"/api/tickets/{ticket['id']}/start",
                             headers=desk["counsellor"]).status_code == 409   # not called yet
    call_next(central, desk)
    r = central.http.post(f"/api/tickets/{ticket['id']}/start", headers=desk["counsellor"])
    assert r.status_code == 200 and r.json()["status"] == "serving" and r.json()["serving_since"]
    with central.db.session() as s:
        first = s.get(Ticket, ticket["id"]).serving_at
    again = central.http.post(f"/api/tickets/{ticket['id']}/start", headers=desk["counsellor"])
    assert again.status_code == 200
    assert central.http.post(f"/api/tickets/{ticket['id']}/no-show",
                             headers=desk["counsellor"]).status_code == 409   # seated: came
    with central.db.session() as s:
        row = s.get(Ticket, ticket["id"])
        assert row.serving_at == first     # a second start changes nothing
        now = utcnow()   # called 10 minutes ago, sat down 4 minutes ago
        row.called_at, row.serving_at = now - timedelta(minutes=10), now - timedelta(minutes=4)
        row.arrival_at = now - timedelta(minutes=12)
        s.commit()
    done = central.http.post(f"/api/tickets/{ticket['id']}/finish", json={"note": "ok"},
                             headers=desk["counsellor"])
    assert done.status_code == 200 and done.json()["status"] == "done"
    rows = central.http.get("/api/reports/service_times?hall=1", headers=desk["manager"]).json()
    assert len(rows) == 1 and rows[0]["called"] == 1 and rows[0]["avg_wait_min"] == 2.0
    assert 3.9 <= rows[0]["avg_service_min"] <= 4.1, rows   # from the start, not the call (10)

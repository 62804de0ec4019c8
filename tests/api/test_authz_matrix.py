"""Every route of the OpenAPI against every kind of caller: anonymous, a terminal token, and
each staff role, in the hall of what the route touches and in another hall.

- A caller below a route's level gets 401/403; at or above it never does.
- Every staff route says how halls bound it (``SCOPES``): "hall" (it touches one hall's
  record: staff of another hall get 404, as if it did not exist), "list" (it answers with
  the caller's halls only: checked by content) or "city" (city-wide data: postings, the quiz
  bank, the fleet's defaults). A route without an expectation fails the test.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.factories import hall_records, staff_in_hall

LEVELS = ["anonymous", "kiosk", "viewer", "counsellor", "hall_manager", "admin"]
STAFF = {"viewer": ("viewer", "viewer-demo"), "counsellor": ("counsellor1", "counsellor-demo"),
         "hall_manager": ("manager", "manager-demo"), "admin": ("admin", "admin-demo")}
HALL_ROLES = ("viewer", "counsellor", "hall_manager")   # the hall-2-only staff, one of each
H2_PASSWORD = "hall-two-demo"

# (method, path) -> who may call it: "public", "kiosk" (terminal token only) or the lowest
# role. {kiosk}, {spare}, {counter}, {ticket}, {referral}, {posting} and {hall} are one hall's records.
MATRIX = {
    ("GET", "/api/health"): "public", ("POST", "/api/auth/login"): "public",
    ("POST", "/api/kiosks/enrol"): "public", ("GET", "/jobs/1"): "public",
    ("GET", "/api/public/tickets/x"): "public", ("POST", "/api/public/tickets/x/rating"): "public",
    ("GET", "/t/x"): "public", ("GET", "/events/{event}"): "public",
    ("GET", "/e/{token}"): "public", ("GET", "/api/halls/1/calls"): "public", ("GET", "/board"): "public",
    ("GET", "/console/login"): "public", ("GET", "/console/language/x"): "public",
    ("GET", "/api/kiosk/me"): "kiosk", ("GET", "/api/kiosk/feed/jobs"): "kiosk",
    ("GET", "/api/kiosk/services"): "kiosk", ("GET", "/api/kiosk/schedule"): "kiosk", ("POST", "/api/kiosk/events"): "kiosk",
    ("POST", "/api/kiosk/tickets"): "kiosk", ("POST", "/api/kiosk/heartbeat"): "kiosk",
    ("POST", "/api/kiosk/commands/999999/result"): "kiosk", ("POST", "/api/kiosk/progress"): "kiosk",
    ("GET", "/api/kiosk/announcements"): "kiosk", ("GET", "/api/kiosk/quiz"): "kiosk",
    ("GET", "/api/kiosk/config"): "kiosk", ("GET", "/quiz/result"): "public",
    ("POST", "/api/kiosk/seal-key"): "kiosk", ("GET", "/api/kiosk/releases/x/wheel"): "kiosk",
    ("POST", "/api/kiosk/registration"): "kiosk", ("POST", "/api/kiosk/difficulty"): "kiosk",
    ("POST", "/api/kiosk/help"): "kiosk", ("GET", "/api/kiosk/help/999999"): "kiosk",
    # staff
    ("GET", "/api/jobs"): "viewer", ("GET", "/api/jobs/1"): "viewer", ("GET", "/api/services"): "viewer",
    ("GET", "/api/queue?hall_id={hall}"): "viewer", ("GET", "/api/kiosks"): "viewer",
    ("GET", "/api/kiosks/{kiosk}/commands"): "viewer",
    ("GET", "/api/kiosks/{kiosk}/screenshot"): "hall_manager",
    ("POST", "/api/counters/{counter}/call-next"): "counsellor",
    ("POST", "/api/tickets/{ticket}/recall"): "counsellor",
    ("POST", "/api/tickets/{ticket}/no-show"): "counsellor",
    ("POST", "/api/tickets/{ticket}/finish"): "counsellor",
    ("POST", "/api/tickets/{ticket}/transfer"): "counsellor",
    ("GET", "/api/tickets/{ticket}/visitor"): "counsellor", ("POST", "/api/referrals"): "counsellor",
    ("POST", "/api/referrals/{referral}/state"): "counsellor",
    ("POST", "/api/tickets/{ticket}/visitor/card-renewed"): "counsellor",
    ("POST", "/api/jobs/{posting}/verify"): "counsellor", ("POST", "/api/jobs/{posting}/reject"): "counsellor",
    ("POST", "/api/jobs/{posting}/withdraw"): "counsellor", ("PUT", "/api/jobs/{posting}"): "counsellor",
    ("GET", "/api/postings/queue"): "counsellor", ("POST", "/api/postings/import"): "counsellor",
    ("POST", "/api/kiosks/{kiosk}/commands"): "hall_manager",
    ("POST", "/api/kiosks"): "admin", ("POST", "/api/kiosks/{spare}/revoke"): "admin",
    ("GET", "/api/reports/satisfaction"): "viewer", ("GET", "/api/reports/satisfaction?hall={hall}"): "viewer",
    ("GET", "/api/reports/audit?hall={hall}"): "hall_manager",
    ("GET", "/api/reports/dashboard?hall={hall}"): "viewer",
    ("GET", "/api/reports/dashboard?hall={hall}&format=xlsx"): "viewer",
    ("GET", "/api/reports/performance?hall={hall}"): "hall_manager",
    ("GET", "/api/reports/performance?hall={hall}&format=csv"): "hall_manager",
    ("POST", "/api/announcements"): "hall_manager",
    ("GET", "/api/quiz/bank"): "viewer", ("POST", "/api/quiz/bank"): "admin",
    ("GET", "/api/config/keys"): "viewer", ("GET", "/api/config/hall/{hall}"): "viewer",
    ("PUT", "/api/config/hall/{hall}"): "hall_manager", ("GET", "/api/config/kiosk/{kiosk}"): "viewer",
    ("PUT", "/api/config/kiosk/{kiosk}"): "hall_manager", ("PUT", "/api/config/fleet/0"): "admin",
    ("GET", "/api/kiosks/{kiosk}/config"): "viewer", ("GET", "/api/kiosks/{kiosk}/health"): "viewer",
    ("POST", "/api/releases"): "admin", ("GET", "/api/releases"): "viewer",
    ("PUT", "/api/releases/rings/hall/{hall}"): "hall_manager",
    ("PUT", "/api/releases/rings/fleet/0"): "admin", ("GET", "/api/releases/progress"): "viewer",
    # the back office: a hall's services, priority rules, counters, staff and announcements
    ("GET", "/api/halls/{hall}/services"): "hall_manager", ("POST", "/api/halls/{hall}/services"): "hall_manager",
    ("PUT", "/api/services/{service}"): "hall_manager",
    ("GET", "/api/halls/{hall}/priority-rules"): "hall_manager",
    ("PUT", "/api/halls/{hall}/priority-rules"): "hall_manager",
    ("GET", "/api/halls/{hall}/counters"): "hall_manager", ("POST", "/api/halls/{hall}/counters"): "hall_manager",
    ("PUT", "/api/counters/{counter}"): "hall_manager",
    ("GET", "/api/staff"): "hall_manager", ("POST", "/api/staff"): "hall_manager",
    ("PUT", "/api/staff/{clerk}/roles"): "hall_manager",
    ("POST", "/api/staff/{clerk}/reset-password"): "hall_manager",
    ("PUT", "/api/staff/{clerk}/active"): "hall_manager",
    ("GET", "/api/announcements"): "hall_manager",
    ("POST", "/api/tickets/{ticket}/start"): "counsellor",
    ("GET", "/api/supervisor/halls/{hall}"): "hall_manager",
    ("POST", "/api/supervisor/tickets/{ticket}/move-up"): "hall_manager",
    ("POST", "/api/supervisor/tickets/{ticket}/transfer"): "hall_manager",
    ("POST", "/api/supervisor/tickets/{ticket}/cancel"): "hall_manager",
    # case management (issue 17)
    ("GET", "/api/people/{person}"): "counsellor", ("POST", "/api/people/{person}/profile"): "counsellor",
    ("POST", "/api/people/{person}/follow-ups"): "counsellor", ("GET", "/api/caseload"): "counsellor",
    ("POST", "/api/tickets/{ticket}/case"): "counsellor", ("POST", "/api/cases/{case}/action"): "counsellor",
    ("GET", "/api/halls/{hall}/closures"): "viewer", ("POST", "/api/halls/{hall}/closures"): "hall_manager",
    ("GET", "/api/casework-reports/tier_mix"): "viewer",
    ("GET", "/api/casework-reports/tier_mix?hall={hall}"): "viewer",
    ("GET", "/api/help-calls"): "viewer", ("POST", "/api/help-calls/{helpcall}/ack"): "counsellor",
    # hall events (issue 20)
    ("GET", "/api/kiosk/hall-events"): "kiosk", ("GET", "/api/kiosk/hall-events/{event}"): "kiosk",
    ("POST", "/api/kiosk/hall-events/{event}/register"): "kiosk",
    ("POST", "/api/kiosk/hall-events/{event}/cancel"): "kiosk",
    ("POST", "/api/kiosk/hall-events/notices/shown"): "kiosk",
    ("POST", "/api/hall-events"): "hall_manager", ("PUT", "/api/hall-events/{event}"): "hall_manager",
    ("POST", "/api/hall-events/{event}/check-in"): "counsellor",
    ("GET", "/api/hall-events/{event}/report"): "viewer",
    ("POST", "/api/hall-events/{event}/cancel"): "hall_manager",
    ("POST", "/api/hall-events/{event}/registrations/{registration}/move-up"): "hall_manager",
}
CITY_WIDE = {"/api/jobs", "/api/jobs/1", "/api/quiz/bank", "/api/config/keys",
             "/api/config/fleet/0", "/api/releases", "/api/releases/rings/fleet/0"}
LISTS = {"/api/services", "/api/kiosks", "/api/reports/satisfaction", "/api/releases/progress",
         "/api/staff", "/api/announcements", "/api/caseload", "/api/casework-reports/tier_mix",
         "/api/help-calls",
         "/api/postings/queue"}   # see test_lists_* (the postings queue: tests/api/test_postings.py)
# a body the route takes, so that the hall is what decides (not a 422)
BODIES = {
    "/api/tickets/{ticket}/finish": {"note": "matrix"},
    "/api/tickets/{ticket}/transfer": {"service_code": "job_seeker_registration"},
    "/api/referrals": {"ticket_id": "{ticket}", "job_id": 1},
    "/api/referrals/{referral}/state": {"state": "interview"},
    "/api/kiosks/{kiosk}/commands": {"kind": "test_print"},
    "/api/kiosks": {"hall_id": "{hall}", "name": "matrix-new"},
    "/api/announcements": {"hall_id": "{hall}", "text": "matrix"},
    "/api/config/hall/{hall}": {"values": {}, "note": "matrix"},
    "/api/config/kiosk/{kiosk}": {"values": {}, "note": "matrix"},
    "/api/config/fleet/0": {"values": {}, "note": "matrix"},
    "/api/halls/{hall}/services": {"code": "matrix_service", "letter": "Z", "name": "矩阵"},
    "/api/services/{service}": {"letter": "A", "name": "求职登记",
                                "documents": [{"name": "居民身份证原件"}]},
    "/api/halls/{hall}/priority-rules": [{"group": "elderly", "weight": 2}],
    "/api/halls/{hall}/counters": {"number": 90, "name": "矩阵窗口"},
    "/api/counters/{counter}": {"number": 1, "name": "1号窗口",
                                "service_codes": ["job_seeker_registration"]},
    "/api/staff": {"username": "matrix-new", "roles": [{"hall_id": "{hall}", "role": "viewer"}]},
    "/api/staff/{clerk}/roles": {"roles": [{"hall_id": "{hall}", "role": "viewer"}]},
    "/api/staff/{clerk}/active": {"active": True},
    "/api/supervisor/tickets/{ticket}/transfer": {"service_code": "job_seeker_registration"},
    "/api/supervisor/tickets/{ticket}/cancel": {"reason": "matrix"},
    "/api/jobs/{posting}/reject": {"note": "matrix"},
    "/api/jobs/{posting}": {"title": "matrix", "employer": "matrix"},
    "/api/postings/import": {"hall_id": "{hall}", "filename": "matrix.jsonld", "document": "[]"},
    "/api/people/{person}/follow-ups": {"kind": "phone"},
    "/api/cases/{case}/action": {"action": "step"},
    "/api/halls/{hall}/closures": {"day": "2031-01-02"},
    "/api/hall-events": {"hall_id": "{hall}", "kind": "training", "title": "矩阵", "capacity": 5,
                         "starts_at": "2031-01-02T09:00:00Z", "ends_at": "2031-01-02T10:00:00Z"},
    "/api/hall-events/{event}": {"hall_id": "{hall}", "kind": "training", "title": "矩阵",
                                 "capacity": 5, "starts_at": "2031-01-02T09:00:00Z",
                                 "ends_at": "2031-01-02T10:00:00Z"},
    "/api/hall-events/{event}/check-in": {"token": "{token}"},
    "/api/kiosk/hall-events/notices/shown": {"notices": [{"token": "{token}", "notice": "promoted"}]},
}
# pages that redirect to the login instead of answering 401
REDIRECTING = {("GET", "/console/counter"), ("GET", "/console/fleet"), ("GET", "/console/reports"),
               ("GET", "/console/terminals/{kiosk}"), ("GET", "/console/releases"),
               ("GET", "/console/services"), ("GET", "/console/counters"), ("GET", "/console/staff"),
               ("GET", "/console/announcements"), ("GET", "/console/password"),
               ("POST", "/console/password"), ("GET", "/console/supervisor"),
               ("GET", "/console/postings"), ("GET", "/console/reports/performance"),
               ("GET", "/console/reports/monthly"), ("GET", "/console/people/{person}"),
               ("GET", "/console/caseload"), ("GET", "/console/casework-reports"),
               ("GET", "/console/halls"), ("GET", "/console/halls/{hall}"),
               ("GET", "/console/events"), ("GET", "/console/events/{event}"),
               ("GET", "/console/events/{event}/door"), ("GET", "/console/events/{event}/edit")}
HALL_PAGES = {("GET", "/console/terminals/{kiosk}"): "viewer",
              ("GET", "/console/reports?hall={hall}"): "viewer",
              ("GET", "/console/reports/performance?hall={hall}"): "hall_manager",
              ("GET", "/console/reports/monthly?hall={hall}"): "viewer",
              ("GET", "/console/people/{person}"): "counsellor",
              ("GET", "/console/halls/{hall}"): "admin",
              ("GET", "/console/events/{event}"): "counsellor",
              ("GET", "/console/events/{event}/door"): "counsellor",
              ("GET", "/console/events/{event}/edit"): "hall_manager"}
# form posts, SSE, and the logouts (which would end the matrix's own logins: tests/api/test_tokens.py)
NOT_IN_MATRIX = {"/console/login",
                 # cancels the matrix visitor's place for the callers after it: public by the
                 # slip's token, tested in tests/api/test_hall_events.py
                 "/api/public/event-registrations/{token}/cancel", "/console/logout", "/console/logout-everywhere",
                 "/api/halls/{hall_id}/stream", "/api/auth/logout",
                 # SSE with the console's login: tests/api/test_supervisor.py checks who gets it
                 "/api/supervisor/halls/{hall_id}/stream", "/api/auth/logout-everywhere",
                 # deletes the matrix visitor's record for the callers after it: tested on its
                 # own in test_retention (roles) and through access.get (halls), like /finish
                 "/api/tickets/{ticket_id}/erase-person",
                 # deletes the matrix's announcement for the callers after it: roles and halls
                 # are tested in tests/api/test_back_office.py
                 "/api/announcements/{announcement_id}",
                 # the Halls page's form post (CSRF field): tests/api/test_halls_page.py, by
                 # role and hall
                 "/console/halls/{hall_id}"}


def scope(path: str) -> str:
    """How halls bound a staff route: "city", "list" or "hall" (every other staff route)."""
    return "city" if path in CITY_WIDE else "list" if path in LISTS else "hall"


def _template(path: str) -> str:
    path = path.partition("?")[0]
    path = re.sub(r"/(x|\d+|\{[a-z]+\})(?=/|$)", "/{}", path)
    # a detailed report's name is a path parameter; the dashboard and performance are routes
    path = re.sub(r"^/api/reports/(?!dashboard$|performance$)[a-z_]+$", "/api/reports/{}", path)
    path = re.sub(r"/casework-reports/[a-z_]+$", "/casework-reports/{}", path)
    return re.sub(r"/(config|rings)/(fleet|hall|kiosk)/", r"/\1/{}/", path)


def re_path(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_matrix_covers_every_route(central):
    from central.app import create_app
    from central.settings import development_settings
    spec = create_app(development_settings(central.db_url)).openapi()
    routes = {(m.upper(), re_path(p)) for p, ops in spec["paths"].items() for m in ops
              if p not in NOT_IN_MATRIX}
    covered = {(m, _template(p)) for m, p in MATRIX} | {(m, _template(p)) for m, p in REDIRECTING}
    assert routes <= covered, f"routes without an expectation: {sorted(routes - covered)}"


def test_every_staff_route_says_how_halls_bound_it():
    staff = {path for (_, path), rule in MATRIX.items() if rule not in ("public", "kiosk")}
    assert CITY_WIDE | LISTS <= {p.partition("?")[0] for p in staff}, "a scope names a route the matrix lacks"
    for path in staff:   # a hall route must name the hall's record
        if scope(path.partition("?")[0]) == "hall":
            assert "{" in path or path in BODIES, f"{path}: a hall route touching no hall's record"


@pytest.fixture(scope="module")
def halls(central):
    """Hall 1 (the seed's) and hall 2, each with its records, and staff of each role in hall
    2 only."""
    one, two = hall_records(central.db, 1, "h1"), hall_records(central.db, 2, "h2")
    for role in HALL_ROLES:
        staff_in_hall(central.db, f"{role}-h2", H2_PASSWORD, 2, role)
    return {1: one, 2: two}


@pytest.fixture(scope="module")
def callers(central, halls):
    headers = {"anonymous": {}, "kiosk": central.kiosk_headers("matrix")}
    for level, (user, password) in STAFF.items():
        headers[level] = central.staff_headers(user, password)
    for role in HALL_ROLES:
        headers[f"{role}-h2"] = central.staff_headers(f"{role}-h2", H2_PASSWORD)
    return headers


def _fill(value, records: dict[str, int]):
    if isinstance(value, dict):
        return {k: _fill(v, records) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, records) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\{[a-z]+\}", value):
        return records[value[1:-1]]
    return value.format(**records) if isinstance(value, str) else value


def _call(central, method: str, path: str, headers: dict, records: dict[str, int]):
    body = BODIES.get(path.partition("?")[0], {} if method in ("POST", "PUT") else None)
    return central.http.request(method, _fill(path, records), headers=headers,
                                json=_fill(body, records))


def _allowed(rule: str, caller: str) -> bool:
    if rule == "public":
        return True
    if rule == "kiosk":
        return caller == "kiosk"
    return caller in STAFF and LEVELS.index(caller) >= LEVELS.index(rule)


@pytest.mark.parametrize("caller", LEVELS)
def test_each_caller_gets_exactly_what_it_should(central, callers, halls, caller):
    """Hall-1 staff (and the city's admin) on hall-1 records: denied (401/403) below the
    route's level; at or above it never denied, and never told a hall record is missing."""
    wrong = []
    for (method, path), rule in MATRIX.items():
        r = _call(central, method, path, callers[caller], halls[1])
        denied = r.status_code in (401, 403)
        hidden = r.status_code == 404 and rule not in ("public", "kiosk") and scope(path.partition("?")[0]) == "hall"
        if _allowed(rule, caller) == denied or (_allowed(rule, caller) and hidden):
            wrong.append(f"{method} {path} as {caller}: {r.status_code} {r.text[:80]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", HALL_ROLES)
def test_staff_of_another_hall_find_nothing(central, callers, halls, role):
    """Hall-2 staff: another hall's records do not exist for them (404; 403 where their level
    is refused before the hall is looked at); their own hall's work as for hall-1 staff."""
    wrong = []
    rules = {**{k: v for k, v in MATRIX.items() if v not in ("public", "kiosk")}, **HALL_PAGES}
    for (method, path), rule in rules.items():
        if scope(path.partition("?")[0]) != "hall":
            continue
        allowed = LEVELS.index(role) >= LEVELS.index(rule)
        other = _call(central, method, path, callers[f"{role}-h2"], halls[1]).status_code
        if other != 404 and (allowed or other != 403):
            wrong.append(f"{method} {path} (hall 1) as {role} of hall 2: {other}")
        own = _call(central, method, path, callers[f"{role}-h2"], halls[2]).status_code
        if (own in (401, 403, 404)) == allowed:
            wrong.append(f"{method} {path} (hall 2) as {role} of hall 2: {own}")
    assert not wrong, "\n".join(wrong)


def test_lists_show_only_the_callers_halls(central, callers, halls):
    h2 = callers["viewer-h2"]
    kiosks = central.http.get("/api/kiosks", headers=h2).json()
    assert kiosks and {k["hall_id"] for k in kiosks} == {2}
    with central.db.session() as s:   # the matrix acknowledged the factories' calls
        from central.models.help import HelpCall
        s.add_all([HelpCall(kiosk_id=halls[n]["kiosk"], hall_id=n) for n in (1, 2)])
        s.commit()
    calls = central.http.get("/api/help-calls", headers=h2).json()
    assert calls and {c["hall_id"] for c in calls} == {2}
    assert {k["hall_id"] for k in central.http.get("/api/kiosks", headers=callers["admin"]).json()} >= {1, 2}
    services = central.http.get("/api/services", headers=h2).json()
    assert "job_seeker_registration" in [s["code"] for s in services]
    assert {s["id"] for s in services} == _hall_ids(central, "Service", 2)
    manager = callers["hall_manager-h2"]
    staff = central.http.get("/api/staff", headers=manager).json()
    assert {"h2-clerk", "viewer-h2"} <= {a["username"] for a in staff}
    assert all(any(r["hall_id"] == 2 for r in a["roles"]) for a in staff)
    notes = central.http.get("/api/announcements", headers=manager).json()
    assert notes and {a["hall_id"] for a in notes} == {2}
    waiting = {_issue(central, 1), _issue(central, 2)}
    queue = central.http.get("/api/queue", headers=h2).json()   # no hall named: their own
    assert queue and {t["id"] for t in queue} <= _hall_ticket_ids(central, 2)
    assert waiting & {t["id"] for t in queue} == waiting & _hall_ticket_ids(central, 2)
    for path in ("/api/reports/tickets_per_day", "/api/reports/tickets_per_day?hall=2"):
        rows = central.http.get(path, headers=h2).json()
        assert sum(r["tickets"] for r in rows) == len(_hall_ticket_ids(central, 2)), path
    assert central.http.get("/api/reports/tickets_per_day?hall=1", headers=h2).status_code == 404


def _issue(central, hall_id: int) -> int:
    from central.services import queue
    with central.db.session() as s:
        return queue.issue(s, hall_id, "job_seeker_registration", uuid.uuid4().hex)[0].id


def _hall_ids(central, model: str, hall_id: int) -> set[int]:
    from sqlalchemy import select

    import central.models as models
    row = getattr(models, model)
    with central.db.session() as s:
        return set(s.scalars(select(row.id).where(row.hall_id == hall_id)))


def _hall_ticket_ids(central, hall_id: int) -> set[int]:
    from sqlalchemy import select

    from central.models.queue import Ticket
    with central.db.session() as s:
        return set(s.scalars(select(Ticket.id).where(Ticket.hall_id == hall_id)))


def test_console_shows_a_person_only_their_halls(central, callers, halls):
    h2 = callers["hall_manager-h2"]
    reports = central.http.get("/console/reports", headers=h2).text
    assert 'value="2"' in reports and "第2大厅" in reports and "示范区公共就业服务大厅" not in reports
    fleet = central.http.get("/console/fleet", headers=h2).text
    assert 'data-managed="2"' in fleet
    counter = central.http.get("/console/counter", headers=callers["counsellor-h2"]).text
    assert re.findall(r'data-hall="(\d+)"', counter) and set(re.findall(r'data-hall="(\d+)"', counter)) == {"2"}
    own = central.http.get(f"/console/terminals/{halls[2]['kiosk']}", headers=callers["viewer-h2"]).text
    assert "h2-kiosk" in own and 'id="shot"' not in own and 'id="save"' not in own   # managers only
    managed = central.http.get(f"/console/terminals/{halls[2]['kiosk']}", headers=h2).text
    assert 'id="shot"' in managed and 'id="save"' in managed


def test_console_pages_redirect_callers_without_a_login(central, halls):
    for method, path in REDIRECTING:
        r = central.http.request(method, _fill(path, halls[1]), follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/console/login"

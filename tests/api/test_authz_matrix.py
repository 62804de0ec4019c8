"""Every route of the OpenAPI against every kind of caller: anonymous, a terminal token, and
each staff role. A caller below a route's level gets 401/403; at or above it never does."""

from __future__ import annotations

import pytest

LEVELS = ["anonymous", "kiosk", "viewer", "counsellor", "hall_manager", "admin"]
STAFF = {"viewer": ("viewer", "viewer-demo"), "counsellor": ("counsellor1", "counsellor-demo"),
         "hall_manager": ("manager", "manager-demo"), "admin": ("admin", "admin-demo")}

# (method, path) -> who may call it: "public", "kiosk" (terminal token only) or the lowest role
MATRIX = {
    ("GET", "/api/health"): "public", ("POST", "/api/auth/login"): "public",
    ("POST", "/api/kiosks/enrol"): "public", ("GET", "/jobs/1"): "public",
    ("GET", "/api/public/tickets/x"): "public", ("POST", "/api/public/tickets/x/rating"): "public",
    ("GET", "/t/x"): "public", ("GET", "/api/halls/1/calls"): "public", ("GET", "/board"): "public",
    ("GET", "/console/login"): "public",
    ("GET", "/api/kiosk/me"): "kiosk", ("GET", "/api/kiosk/feed/jobs"): "kiosk",
    ("GET", "/api/kiosk/services"): "kiosk", ("POST", "/api/kiosk/events"): "kiosk",
    ("POST", "/api/kiosk/tickets"): "kiosk", ("POST", "/api/kiosk/heartbeat"): "kiosk",
    ("POST", "/api/kiosk/commands/999999/result"): "kiosk", ("POST", "/api/kiosk/progress"): "kiosk",
    ("GET", "/api/jobs"): "viewer", ("GET", "/api/jobs/1"): "viewer", ("GET", "/api/services"): "viewer",
    ("GET", "/api/queue"): "viewer", ("GET", "/api/kiosks"): "viewer",
    ("GET", "/api/kiosks/1/commands"): "viewer", ("GET", "/api/kiosks/1/screenshot"): "viewer",
    ("POST", "/api/counters/1/call-next"): "counsellor", ("POST", "/api/tickets/999999/recall"): "counsellor",
    ("POST", "/api/tickets/999999/no-show"): "counsellor", ("POST", "/api/tickets/999999/finish"): "counsellor",
    ("POST", "/api/tickets/999999/transfer"): "counsellor",
    ("GET", "/api/tickets/999999/visitor"): "counsellor", ("POST", "/api/referrals"): "counsellor",
    ("POST", "/api/referrals/999999/state"): "counsellor",
    ("POST", "/api/jobs/999999/verify"): "hall_manager", ("POST", "/api/jobs/999999/reject"): "hall_manager",
    ("POST", "/api/jobs/999999/withdraw"): "hall_manager", ("POST", "/api/kiosks/1/commands"): "hall_manager",
    ("POST", "/api/kiosks"): "admin", ("POST", "/api/kiosks/999999/revoke"): "admin",
    ("GET", "/api/reports/satisfaction"): "viewer", ("POST", "/api/announcements"): "hall_manager",
    ("GET", "/api/kiosk/announcements"): "kiosk",
    ("GET", "/api/kiosk/quiz"): "kiosk", ("GET", "/api/quiz/bank"): "viewer",
    ("POST", "/api/quiz/bank"): "admin", ("GET", "/quiz/result"): "public",
    ("GET", "/api/config/keys"): "viewer", ("GET", "/api/config/hall/1"): "viewer",
    ("PUT", "/api/config/hall/1"): "hall_manager", ("PUT", "/api/config/fleet/0"): "admin",
    ("GET", "/api/kiosks/1/config"): "viewer", ("GET", "/api/kiosks/1/health"): "viewer",
    ("GET", "/api/kiosk/config"): "kiosk",
    ("POST", "/api/releases"): "admin", ("GET", "/api/releases"): "viewer",
    ("PUT", "/api/releases/rings/hall/1"): "hall_manager", ("PUT", "/api/releases/rings/fleet/0"): "admin",
    ("GET", "/api/releases/progress"): "viewer", ("GET", "/api/kiosk/releases/x/wheel"): "kiosk",
}
# pages that redirect to the login instead of answering 401
REDIRECTING = {("GET", "/console/counter"), ("GET", "/console/fleet"), ("GET", "/console/reports"),
               ("GET", "/console/terminals/1"), ("GET", "/console/releases")}
NOT_IN_MATRIX = {"/console/login", "/console/logout", "/api/halls/{hall_id}/stream"}  # form posts, SSE


def _template(path: str) -> str:
    import re
    path = re.sub(r"/(x|\d+)(?=/|$)", "/{}", path)
    path = re.sub(r"/reports/[a-z_]+$", "/reports/{}", path)
    return re.sub(r"/(config|rings)/(fleet|hall|kiosk)/", r"/\1/{}/", path)


def test_matrix_covers_every_route(central):
    from central.app import create_app
    from central.settings import CentralSettings
    spec = create_app(CentralSettings.model_validate({"database": {"url": central.db_url}})).openapi()
    routes = {(m.upper(), re_path(p)) for p, ops in spec["paths"].items() for m in ops
              if p not in NOT_IN_MATRIX}
    covered = {(m, _template(p)) for m, p in MATRIX} | {(m, _template(p)) for m, p in REDIRECTING}
    assert routes <= covered, f"routes without an expectation: {sorted(routes - covered)}"


def re_path(path: str) -> str:
    import re
    return re.sub(r"\{[^}]+\}", "{}", path)


@pytest.fixture(scope="module")
def callers(central):
    headers = {"anonymous": {}, "kiosk": central.kiosk_headers("matrix")}
    for level, (user, password) in STAFF.items():
        headers[level] = central.staff_headers(user, password)
    return headers


def _allowed(rule: str, caller: str) -> bool:
    if rule == "public":
        return True
    if rule == "kiosk":
        return caller == "kiosk"
    return caller in STAFF and LEVELS.index(caller) >= LEVELS.index(rule)


@pytest.mark.parametrize("caller", LEVELS)
def test_each_caller_gets_exactly_what_it_should(central, callers, caller):
    wrong = []
    for (method, path), rule in MATRIX.items():
        r = central.http.request(method, path, headers=callers[caller],
                                 json={} if method in ("POST", "PUT") else None)
        denied = r.status_code in (401, 403)
        if _allowed(rule, caller) == denied:
            wrong.append(f"{method} {path} as {caller}: {r.status_code}")
    assert not wrong, "\n".join(wrong)


def test_console_pages_redirect_callers_without_a_login(central):
    for method, path in REDIRECTING:
        r = central.http.request(method, path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/console/login"

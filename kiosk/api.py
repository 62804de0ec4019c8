"""Client of the central service's terminal API (docs/CONTRACTS.md), over requests.

Errors, translated at this boundary::

    CentralError            the service answered, but not with what we asked (4xx, bad body)
    └── CentralAuthError    401/403: the token is wrong or revoked (re-enrol)
    CentralUnavailable      no answer: refused, reset, timeout, DNS, 5xx

The token is never logged or put in an exception message.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any, Iterator

from pydantic import TypeAdapter, ValidationError


__all__ = ["CentralClient", "CentralError", "CentralAuthError", "CentralUnavailable"]


class CentralUnavailable(Exception):
    """The central service cannot be reached right now; retry later."""


class CentralError(Exception):
    """The central service refused the request or answered nonsense."""

    def __init__(self, message: str, status: int | None = None, detail: str = ""):
        super().__init__(message)
        self.status, self.detail = status, detail   # detail: the service's refusal code


class CentralAuthError(CentralError):
    """The terminal's token (or enrolment code) was refused."""


class CentralClient:
    """One instance per terminal; safe to use from several threads (a session per thread)."""

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._local = threading.local()

    def reconfigure(self, settings: Any) -> None:
        """Take the request timeout of new (remote) settings; the next request uses it."""
        self.timeout = settings.central.timeout_s

    def _session(self):
        session = getattr(self._local, "session", None)
        if session is None:
            import requests  # imported by the first request, off the start-up path

            session = requests.Session()
            session.trust_env = False  # a terminal talks to its service directly
            self._local.session = session
        return session

    def request(self, method: str, path: str, *, json: Any = None,
                params: dict[str, Any] | None = None, auth: bool = True,
                etag: str | None = None) -> Any:
        """The answer's JSON; with ``etag``, None when the service says the copy is current."""
        headers = {"Accept": "application/json"}
        if etag:
            headers["If-None-Match"] = etag
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        import requests

        try:
            response = self._session().request(method, self.base_url + path, json=json,
                                               params=params, headers=headers,
                                               timeout=self.timeout)
        except requests.RequestException as exc:
            raise CentralUnavailable(f"{method} {path}: {type(exc).__name__}") from None
        if response.status_code >= 500:
            raise CentralUnavailable(f"{method} {path}: HTTP {response.status_code}")
        if response.status_code in (401, 403):
            raise CentralAuthError(f"{method} {path}: HTTP {response.status_code}",
                                   response.status_code)
        if response.status_code >= 400:
            raise CentralError(f"{method} {path}: HTTP {response.status_code}",
                               response.status_code, _detail(response))
        if response.status_code == 304 and etag:
            return None
        self._local.etag = response.headers.get("ETag")  # per thread, like the session
        try:
            return response.json()
        except ValueError:
            raise CentralError(f"{method} {path}: response is not JSON") from None

    # -- endpoints -------------------------------------------------------------------
    def enrol(self, code: str) -> dict[str, Any]:
        body = self.request("POST", "/api/kiosks/enrol", json={"code": code}, auth=False)
        if not isinstance(body, dict) or not str(body.get("token", "")).startswith("kt_"):
            raise CentralError("enrolment answer has no token")
        return body

    def seal_key(self) -> str:
        """This terminal's sealing key (handed out once; 409 after)."""
        return _answer(self.request("POST", "/api/kiosk/seal-key"), "SealKeyOut")["seal_key"]

    def me(self) -> dict[str, Any]:
        return _answer(self.request("GET", "/api/kiosk/me"), "KioskOut")

    def job_feed(self, since: str = "", limit: int = 500) -> dict[str, Any]:
        return _answer(self.request("GET", "/api/kiosk/feed/jobs",
                                    params={"since": since, "limit": limit}), "JobFeedOut")

    def schedule(self) -> dict[str, Any]:
        """The opening hours of this terminal's hall (kiosk/power.py sleeps outside them)."""
        return _answer(self.request("GET", "/api/kiosk/schedule"), "PowerScheduleOut")

    def services(self) -> list[dict[str, Any]]:
        return _answer(self.request("GET", "/api/kiosk/services"), "ServiceOut", many=True)

    def issue_ticket(self, body: dict[str, Any]) -> dict[str, Any]:
        return _answer(self.request("POST", "/api/kiosk/tickets", json=body), "TicketOut")

    def ticket_status(self, token: str) -> dict[str, Any]:
        return _answer(self.request("GET", f"/api/public/tickets/{token}", auth=False),
                       "TicketOut")

    def announcements(self) -> list[dict[str, Any]]:
        return _answer(self.request("GET", "/api/kiosk/announcements"),
                       "AnnouncementTextOut", many=True)

    def progress(self, id_number: str, card: dict[str, str]) -> dict[str, Any]:
        """The visitor's own record; the card's proof shows the service the card was read."""
        return _answer(self.request("POST", "/api/kiosk/progress",
                                    json={"id_number": id_number, "card": card}),
                       "ProgressOut")

    def registration(self, id_number: str, card: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        """Keep the visitor's job-seeker registration (kiosk.registration) on their record."""
        return _answer(self.request("POST", "/api/kiosk/registration",
                                    json={"id_number": id_number, "card": card, **body}),
                       "RegistrationOut")

    def difficulty(self, id_number: str, card: dict[str, str], answers: dict[str, Any],
                   name: str = "") -> dict[str, Any]:
        """Send the visitor's difficulty-check answers (with their consent, which sending
        them is); the answer holds the proposed tier."""
        return _answer(self.request("POST", "/api/kiosk/difficulty",
                                    json={"id_number": id_number, "card": card, "name": name,
                                          "consent": True, "answers": answers}),
                       "DifficultyOut")

    def hall_events(self, kind: str = "") -> dict[str, Any]:
        """Upcoming events, this hall first (``kind``: one kind only)."""
        return _answer(self.request("GET", "/api/kiosk/hall-events", params={"kind": kind}),
                       "HallEventsOut")

    def hall_event(self, event_id: int) -> dict[str, Any]:
        return _answer(self.request("GET", f"/api/kiosk/hall-events/{int(event_id)}"),
                       "HallEventOut")

    def event_register(self, event_id: int, id_number: str, card: dict[str, str],
                       name: str = "") -> dict[str, Any]:
        """Register the visitor (with their consent, which sending it is): a seat or a place
        on the waiting list."""
        return _answer(self.request("POST", f"/api/kiosk/hall-events/{int(event_id)}/register",
                                    json={"id_number": id_number, "card": card, "name": name,
                                          "consent": True}), "EventRegistrationOut")

    def event_cancel(self, event_id: int, id_number: str, card: dict[str, str]) -> dict[str, Any]:
        return _answer(self.request("POST", f"/api/kiosk/hall-events/{int(event_id)}/cancel",
                                    json={"id_number": id_number, "card": card}),
                       "EventRegistrationOut")

    def event_notices_shown(self, shown: list[dict[str, str]]) -> dict[str, Any]:
        """The home screen showed these notices (``token``, ``notice``): not shown again."""
        return _answer(self.request("POST", "/api/kiosk/hall-events/notices/shown",
                                    json={"notices": shown}), "NoticesShownOut")

    def rate_ticket(self, token: str, score: int, reasons: list[str]) -> dict[str, Any]:
        return _answer(self.request("POST", f"/api/public/tickets/{token}/rating",
                                    json={"score": score, "reasons": reasons}, auth=False),
                       "RatingOut")

    def quiz_bundle(self, etag: str | None = None) -> tuple[dict[str, Any], str] | None:
        """The quiz bank with occupations and its ETag; None while ``etag`` is still current."""
        body = self.request("GET", "/api/kiosk/quiz", etag=etag)
        if body is None:
            return None
        return _answer(body, "QuizBundleOut"), getattr(self._local, "etag", None) or ""

    def push_events(self, events: list[dict[str, Any]]) -> dict[str, list[str]]:
        return _answer(self.request("POST", "/api/kiosk/events", json={"events": events}),
                       "EventsOut")

    def download(self, path: str, limit: int, timeout: float = 60.0) -> Iterator[bytes]:
        """The body of GET ``path`` in chunks, streamed (a release wheel); CentralError past
        ``limit`` bytes. Only paths on this service: the token goes nowhere else."""
        if not path.startswith("/api/kiosk/"):
            raise CentralError("download path outside the terminal API")
        import requests

        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            with self._session().get(self.base_url + path, headers=headers, stream=True,
                                     timeout=(self.timeout, timeout), allow_redirects=False) as r:
                if r.status_code >= 500:
                    raise CentralUnavailable(f"GET {path}: HTTP {r.status_code}")
                if r.status_code != 200:
                    raise CentralError(f"GET {path}: HTTP {r.status_code}", r.status_code)
                size = 0
                for chunk in r.iter_content(1 << 16):
                    size += len(chunk)
                    if size > limit:
                        raise CentralError(f"GET {path}: larger than {limit} bytes")
                    yield chunk
        except requests.RequestException as exc:
            raise CentralUnavailable(f"GET {path}: {type(exc).__name__}") from None

    def call_for_help(self) -> dict[str, Any]:
        """A visitor pressed "call staff": the terminal's open call (the same one while open)."""
        return _answer(self.request("POST", "/api/kiosk/help"), "HelpCallOut")

    def help_state(self, call_id: int) -> dict[str, Any]:
        return _answer(self.request("GET", f"/api/kiosk/help/{int(call_id)}"), "HelpCallOut")

    def heartbeat(self, beat: dict[str, Any]) -> dict[str, Any]:
        """Send the fleet heartbeat; the reply carries config version and commands."""
        return _answer(self.request("POST", "/api/kiosk/heartbeat", json=beat), "BeatOut")


def _detail(response: Any) -> str:
    """A refusal's code (``{"detail": "not_eligible"}``), short and plain, or ""."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return ""
    return detail[:40] if isinstance(detail, str) and detail.isidentifier() else ""


def _answer(body: Any, model: str, many: bool = False) -> Any:
    """``body`` checked against the service's answer model ``model`` of hallcore.contract (a
    list of them with ``many``), as plain data: a malformed answer is one CentralError here,
    never a KeyError in a screen."""
    adapter = _adapter(model, many)
    try:
        return adapter.dump_python(adapter.validate_python(body), mode="json")
    except ValidationError as exc:
        raise CentralError(f"malformed answer: {exc.error_count()} problem(s), first at "
                           f"{'.'.join(map(str, exc.errors()[0]['loc'])) or 'top'}") from None


@lru_cache(maxsize=None)
def _adapter(model: str, many: bool) -> TypeAdapter:
    # the contract is imported with the first answer, on a worker thread: defining its
    # models costs the terminal's way to the first frame about 15 ms
    from hallcore import contract
    kind = getattr(contract, model)
    return TypeAdapter(list[kind] if many else kind)

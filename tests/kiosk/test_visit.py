"""The terminal's rules outside the screens, without a window: the visit's card and QR
events, issuing a ticket online and offline, the progress slip, two-language content and
the staff PIN."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from devices.base import DeviceEvent, PersonIdentity
from devices.printer.templates import progress
from kiosk.api import CentralAuthError, CentralError, CentralUnavailable
from kiosk.config import load_kiosk_settings
from kiosk.fallback import KIOSK_ID_KEY
from kiosk.i18n import Translator, localized, localized_field
from kiosk.services import Services
from kiosk.session import VisitorSession
from kiosk.staff import check_pin
from kiosk.store import Store
from kiosk.tickets import REFUSED
from kiosk.visit import Visit

PERSON = PersonIdentity(id_number="110101199003071234", name="张晓明", source="idcard")


class InlineWorker:
    """Runs work at once, on this thread, as the app's worker would later on the UI thread."""

    def submit(self, fn, on_done=None, on_error=None):
        try:
            result = fn()
        except Exception as exc:  # the worker hands any failure to on_error
            if on_error is None:
                raise
            on_error(exc)
        else:
            if on_done is not None:
                on_done(result)


@pytest.fixture
def services(tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    store.put(KIOSK_ID_KEY, "7")
    shown: list[tuple[str, dict]] = []
    ended: list[str] = []
    s = Services(settings=load_kiosk_settings(env={}), translator=Translator("zh_CN"),
                 session=VisitorSession(), worker=InlineWorker(), store=store,
                 navigate=lambda name, **kw: shown.append((name, kw)), end_session=ended.append)
    s.visit = Visit(s)
    s.shown, s.ended = shown, ended
    yield s
    store.close()


def test_a_card_starts_a_session_and_shows_who_it_is(services):
    labels = []
    services.visit = visit = Visit(services, on_identity=labels.append)
    visit.card_inserted(DeviceEvent("idcard", "card_inserted", PERSON))
    assert services.session.active and services.session.identified
    assert services.shown[-1] == ("identify", {"card_message": ""})
    assert labels == ["张** 110***********1234"]   # masked
    visit.card_removed(DeviceEvent("smartcard", "card_removed", None))
    assert services.ended == []           # not the card that identified the visitor
    visit.card_removed(DeviceEvent("idcard", "card_removed", None))
    assert services.ended == ["card removed"]


def test_in_maintenance_cards_and_tickets_are_ignored(services):
    visit = Visit(services, in_maintenance=lambda: True)
    visit.card_inserted(DeviceEvent("idcard", "card_inserted", PERSON))
    visit.card_error(DeviceEvent("idcard", "card_error", "card_read_failed"))
    visit.qr(DeviceEvent("camera", "qr", SimpleNamespace(kind="ticket", value="abc")))
    assert services.shown == [] and not services.session.active


def test_after_identifying_the_visitor_goes_back_where_they_were(services):
    services.visit.identify_then("queue")
    assert services.shown[-1] == ("identify", {})
    services.visit.identified()
    assert services.shown[-1] == ("queue", {})
    services.visit.identified()             # once: the next time is home
    assert services.shown[-1] == ("home", {})


def _service(**extra):
    return {"code": "job_seeker_registration", "letter": "A", "name": "求职登记",
            "name_en": "Job-seeker registration", "documents": [], **extra}


def test_a_ticket_offline_is_a_fallback_ticket(services):
    issued, refused = [], []
    services.tickets.issue(_service(), lambda t, offline: issued.append((t, offline)), refused.append)
    ticket, offline = issued[0]
    assert offline and ticket["label"] == "AX7-1" and ticket["people_ahead"] is None
    assert services.store.outbox_depth() == 1 and refused == []


@pytest.mark.parametrize("exc, fallback", [(CentralUnavailable("down"), True),
                                           (CentralAuthError("revoked", 401), True),
                                           (CentralError("no such service", 404), False)])
def test_a_refusing_service_gets_no_fallback_ticket(services, exc, fallback):
    def issue_ticket(_body):
        raise exc
    services.api = SimpleNamespace(issue_ticket=issue_ticket)
    issued, refused = [], []
    services.tickets.issue(_service(), lambda t, offline: issued.append(t), refused.append)
    assert bool(issued) is fallback and refused == ([] if fallback else [REFUSED])


def test_the_person_goes_with_the_ticket_only_with_consent(services):
    bodies = []
    services.api = SimpleNamespace(issue_ticket=lambda body: bodies.append(body) or {"label": "A001"})
    services.session.start("zh_CN")
    services.session.identify(PERSON)
    services.tickets.issue(_service(), lambda t, o: None, lambda m: None)
    services.session.consent = True
    services.tickets.issue(_service(), lambda t, o: None, lambda m: None)
    assert "person" not in bodies[0] and bodies[1]["person"]["id_number"] == PERSON.id_number


def test_the_progress_slip_prints_the_sections_masked():
    data = {"tickets": [{"label": "A001", "service": "求职登记", "status": "waiting"}],
            "referrals": [], "services": []}
    text = progress("大厅", "张** 110***********1234", data).plain_text()
    assert "A001" in text and "Waiting" in text and "None" in text
    assert "110101199003071234" not in text


def test_two_language_content():
    assert localized("求职", "Jobs", "en") == "Jobs"
    assert localized("求职", "", "en") == "求职"
    assert localized("求职", "Jobs", "zh_CN") == "求职"
    assert localized_field({"name": "求职", "name_en": None}, "name", "en") == "求职"


def test_the_demo_pin_opens_only_in_demo_mode():
    assert check_pin("1234", "", demo=True) and not check_pin("1234", "", demo=False)
    assert not check_pin("1234", "not-a-hash", demo=True)


def test_a_ticket_held_up_opens_the_rating_and_a_signin_code_is_refused(services):
    services.visit.qr(DeviceEvent("camera", "qr", SimpleNamespace(kind="ticket", value="abc")))
    assert services.session.active and services.shown[-1] == ("rating", {"token": "abc"})
    services.visit.qr(DeviceEvent("camera", "qr", SimpleNamespace(kind="signin", value="x")))
    assert services.shown[-1] == ("identify", {"card_message": "qr_signin_unavailable"})

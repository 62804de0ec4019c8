"""The terminal sends what only the card holds with the ID number, and tells the visitor
why their progress is refused (issue 15, section 2)."""

from __future__ import annotations

from devices.base import PersonIdentity
from devices.idcard.text import build_text, parse_text
from kiosk import progress
from kiosk.api import CentralError
from kiosk.i18n import Translator
from kiosk.session import VisitorSession

NUMBER = "110101199003071234"


def test_a_resident_card_gives_its_issuer_and_validity_dates():
    block = build_text("resident", name="张三", sex="1", nation="01", birth="19900307",
                       address="北京", id_number=NUMBER, issuer="北京市公安局东城分局",
                       valid_from="20150301", valid_to="20350301")
    s = VisitorSession()
    s.identify(parse_text(block).identity())
    assert s.card_proof == {"source": "idcard", "issuer": "北京市公安局东城分局",
                            "valid_from": "20150301", "valid_to": "20350301"}
    assert s.person_ref() is None   # no consent: nothing leaves the terminal
    s.consent = True
    assert s.person_ref()["card"] == s.card_proof
    assert "北京市公安局" not in repr(s.identity)


def test_a_social_security_card_gives_its_card_number_and_a_qr_code_nothing():
    s = VisitorSession()
    s.identify(PersonIdentity("smartcard", NUMBER, "张三", extra={"card_number": "A01234567"}))
    assert s.card_proof == {"source": "smartcard", "card_number": "A01234567"}
    s.identify(PersonIdentity("qr", NUMBER, "张三"))
    assert s.card_proof is None
    assert progress.why_not(s, object()) == progress.NEEDS_CARD


def test_refusals_are_told_in_the_visitors_language():
    assert progress.refusal(CentralError("x", 409)) == progress.CARD_MISMATCH
    assert progress.refusal(CentralError("x", 429)) == progress.TOO_MANY
    assert progress.refusal(ConnectionError()) == progress.UNAVAILABLE
    zh = Translator("zh_CN")
    for message in (progress.CARD_MISMATCH, progress.TOO_MANY, progress.NEEDS_CARD):
        assert zh.gettext(message) != message
    assert progress.why_not(VisitorSession(), None) == progress.NOT_IDENTIFIED

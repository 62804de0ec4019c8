"""Hall events without a window or HTTP: what the terminal says (kiosk.hall_events), the
slip it prints, the code the door reads out of a scan, and the JSON-LD of the public page."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, strategies as st

from central.jsonld import event_to_jsonld
from central.services.hall_events import token_of
from devices.printer import templates
from kiosk import hall_events
from kiosk.api import CentralError, CentralUnavailable

EVENT = {"id": 7, "kind": "job_fair", "title": "小型招聘会", "title_en": "Small job fair",
         "hall": "示范大厅", "hall_en": "Demo hall", "place": "三楼", "place_en": "Third floor",
         "bring": "简历", "bring_en": "CV", "starts_at": "2026-12-01T01:00:00+00:00",
         "ends_at": "2026-12-01T04:00:00+00:00", "capacity": 2, "seats_left": 0, "waiting": 3,
         "eligibility": "graduates", "eligibility_value": "",
         "employers": [{"name": "某公司", "name_en": "A company",
                        "postings": [{"id": 1, "title": "会计", "title_en": "Accountant"}]}]}


def test_the_detail_in_both_languages():
    zh = hall_events.detail_text(EVENT, lambda m: m, "zh_CN")
    en = hall_events.detail_text(EVENT, lambda m: m, "en")
    assert "会计" in zh and "某公司" in zh and "简历" in zh
    assert "Accountant" in en and "A company" in en and "(3 waiting)" in en and "For graduates" in en
    assert "T01:00" not in zh and "2026年12月1日" in hall_events.when_text(EVENT, "zh_CN")
    assert hall_events.when_text(EVENT, "en").startswith("1 Dec 2026")


def test_refusals_say_why():
    assert hall_events.refusal(CentralUnavailable("down")) == hall_events.OFFLINE
    assert hall_events.refusal(CentralError("x", 409, "not_eligible")) == hall_events.REFUSALS["not_eligible"]
    assert hall_events.refusal(CentralError("x", 409, "registration_closed")) == hall_events.REFUSALS["registration_closed"]
    assert hall_events.refusal(CentralError("x", 409)) == hall_events.CARD_MISMATCH
    assert hall_events.refusal(CentralError("x", 429)) == hall_events.TOO_MANY
    offline = SimpleNamespace(identified=True, card_proof={"source": "idcard"})
    assert hall_events.why_not(offline, None) == hall_events.OFFLINE
    assert hall_events.why_not(SimpleNamespace(identified=False, card_proof=None), object()) == hall_events.NEEDS_CARD


def test_the_slip_says_when_where_and_holds_the_phone_page():
    reg = {**EVENT, "state": "waiting", "position": 2, "token": "t" * 24}
    fields = hall_events.slip_fields(reg, lambda m: m, "zh_CN", "http://h/e/" + "t" * 24)
    doc = templates.event_slip("示范大厅", "张*", fields)
    text = repr(doc)
    assert fields["waiting"] == "number 2" and "三楼" in text and "http://h/e/" + "t" * 24 in text
    seated = hall_events.slip_fields({**reg, "state": "registered"}, lambda m: m, "en", "u")
    assert seated["waiting"] == "" and seated["place"] == "Third floor"


def test_progress_lists_registrations():
    data = {"events": [{**EVENT, "state": "registered", "promoted": True},
                       {**EVENT, "state": "waiting", "position": 4},
                       {**EVENT, "state": "registered", "event_cancelled": True}]}
    (heading, lines), = hall_events.progress_section(data, lambda m: m, "en")
    assert heading == "Events" and "Moved up" in lines[0] and "number 4" in lines[1]
    assert "cancelled" in lines[2]
    assert hall_events.progress_section({}, lambda m: m, "en") == []


def test_the_door_reads_the_code_out_of_a_scan():
    token = "Ab_9-" * 4
    for scanned in (token, f" {token}\n", f"https://hall.example/e/{token}", f"http://h/e/{token}/",
                    f"http://h/e/{token}?from=qr"):
        assert token_of(scanned) == token
    for scanned in ("", "short", "http://h/e/", "' OR 1=1 --", "x" * 65):
        assert token_of(scanned) == ""


@given(st.text(max_size=300))
def test_any_scan_gives_a_code_or_nothing(scanned):
    found = token_of(scanned)
    assert found == "" or (8 <= len(found) <= 64 and found.replace("_", "").replace("-", "").isalnum()
                           and found in scanned)


def test_event_jsonld():
    from datetime import datetime, timezone
    event = SimpleNamespace(title="招聘会", description="", starts_at=datetime(2026, 12, 1, tzinfo=timezone.utc),
                            ends_at=datetime(2026, 12, 1, 3, tzinfo=timezone.utc), state="cancelled",
                            place="三楼", capacity=5, seats_taken=7)
    hall = SimpleNamespace(name="示范大厅", address="人民路 88 号")
    job = SimpleNamespace(title="会计", employer="某公司")
    ld = event_to_jsonld(event, hall, "http://h/events/1", [(job, "http://h/jobs/3")])
    assert ld["@type"] == "Event" and ld["eventStatus"] == "https://schema.org/EventCancelled"
    assert ld["remainingAttendeeCapacity"] == 0 and ld["about"][0]["url"] == "http://h/jobs/3"


def test_news_for_the_home_screen_one_notice_at_a_time():
    reg = {**EVENT, "event_id": 7, "state": "registered", "token": "t" * 24}
    record = {"events": [{**reg, "event_id": 8, "token": "a" * 24, "notice": ""},
                         {**reg, "notice": "promoted"},
                         {**reg, "event_id": 9, "token": "b" * 24, "notice": "event_cancelled",
                          "event_cancelled": True},
                         {**reg, "event_id": 10, "token": "", "notice": "promoted"}]}
    first = hall_events.notice(record)
    assert first["event_id"] == 7 and hall_events.notice(None) is None and hall_events.notice({}) is None
    zh = hall_events.notice_text(first, lambda m: m, "zh_CN")
    assert zh == "A place freed up: you are now registered for 小型招聘会. Tap to see it."
    # the service has it: the next one shows (one without a token cannot be acknowledged)
    hall_events.told(record, {**first, "notice": "event_cancelled"})   # another notice: kept
    assert hall_events.notice(record)["event_id"] == 7
    hall_events.told(record, first)
    second = hall_events.notice(record)
    assert second["event_id"] == 9
    assert hall_events.notice_text(second, lambda m: m, "en") == \
        "Small job fair on 1 Dec 2026 has been cancelled. Tap to see it."
    hall_events.told(record, second)
    assert hall_events.notice(record) is None
    sent = []
    hall_events.shown(SimpleNamespace(event_notices_shown=sent.append), second)()
    assert sent == [[{"token": "b" * 24, "notice": "event_cancelled"}]]


def test_a_cancelled_event_offers_nothing_to_press_and_says_so_first():
    cancelled = {**EVENT, "cancelled": True}
    held = {"event_id": 7, "state": "registered"}
    assert hall_events.detail_action(cancelled, held, "register") == "none"
    assert hall_events.detail_action(EVENT, held, "register") == "cancel"
    assert hall_events.detail_action(EVENT, held, "identify") == "identify"
    assert hall_events.detail_action(EVENT, None, "register") == "register"
    text = hall_events.detail_text(cancelled, lambda m: m, "en")
    assert text.startswith("This event has been cancelled.") and "waiting list" not in text

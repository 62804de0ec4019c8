"""The career quiz at the terminal: sixty items by touch, the result, live jobs, the slip,
and the result on the visitor's service record only when they agree."""

from __future__ import annotations

import cv2
import pytest
from sqlalchemy import select

from kiosk.sync import SyncWorker

# how the scripted visitor answers each type: S most, then E, then C -> code SEC
LIKING = {"S": 4, "E": 3, "C": 2, "R": 1, "I": 0, "A": 1}


@pytest.fixture(scope="module")
def bank(ui, central_up):
    store, api = ui.app.services.store, ui.app.services.api
    store.put("quiz_etag", "")  # an earlier module's service may have sent the same bank
    assert SyncWorker(store, api).pull_quiz(), "the terminal did not take the service's quiz bank"
    assert not SyncWorker(store, api).pull_quiz(), "an unchanged bank was sent again (ETag)"
    bank = store.quiz_bank()
    assert bank is not None and len(bank.items) == 60 and len(bank.occupations) >= 150
    return bank


def central_events(central, kind: str) -> list[dict]:
    from central.models import KioskEvent
    with central.db.session() as db:
        return [e.payload for e in db.scalars(select(KioskEvent).where(KioskEvent.kind == kind)
                                              .order_by(KioskEvent.id))]


def open_quiz(ui):
    return ui.open_tile("quiz")


def answer_all(ui, quiz, bank, shoot: bool = False):
    ui.tap(quiz.ids.start_button)
    ui.wait(lambda: quiz.stage == "item")
    for n, item in enumerate(bank.items):
        assert quiz.index == n and quiz.ids.item_text.text == item["zh"]
        if n == 0 and shoot:
            ui.shot("quiz_item_zh")
        if n == 5:  # a change of mind: answer, go back, answer again
            ui.tap(quiz.ids.answer0)
            ui.wait(lambda: quiz.index == 6)
            ui.tap(quiz.ids.back_button)
            ui.wait(lambda: quiz.index == 5)
            assert quiz.answer == 0  # the earlier answer is shown
        ui.tap(quiz.ids[f"answer{LIKING[item['type']]}"])
    ui.wait(lambda: quiz.stage == "result", 5, "no result after the last item")


def test_sixty_items_by_touch_give_the_code_jobs_and_a_printed_slip(fresh, bank, emulators, central_up):
    ui, printer = fresh, emulators["printer"]
    before = len(central_events(central_up, "quiz_result"))
    quiz = open_quiz(ui)
    assert any("六十" in t or "60" in t for t in ui.texts()), "the intro says how long it is"
    ui.shot("quiz_intro_zh")
    answer_all(ui, quiz, bank, shoot=True)
    assert quiz.ids.code_label.text == "SEC"
    assert quiz.ids.chart.scores == {"S": 40, "E": 30, "C": 20, "R": 10, "I": 0, "A": 10}
    explanation = quiz.ids.explanation.text
    assert "社会型" in explanation and "企业型" in explanation and "常规型" in explanation
    assert quiz.occupations and quiz.occupations[0]["riasec"][0] == "S"
    # the terminal's sync delivers the event; the service keeps it without a person
    events = ui.wait(lambda: central_events(central_up, "quiz_result")[before:], 8,
                     "the result did not reach the service")
    assert events[0]["code"] == "SEC" and events[0]["scores"]["S"] == 40
    assert "person" not in events[0] and "person_id" not in events[0]  # anonymous visitor
    ui.pump(5)
    ui.shot("quiz_result_zh")

    before = len(printer.receipts)
    ui.tap(quiz.ids.print_button)
    assert printer.wait_for_receipts(before + 1, 8), "no slip printed"
    receipt = printer.receipts[-1]
    text = "\n".join(receipt.texts())
    assert "SEC" in text and quiz.occupations[0]["name"] in text
    assert any(line.kind == "image" for line in receipt.lines), "no chart on the slip"
    from devices.camera.qr import decode_qr
    url = (decode_qr(cv2.imread(str(printer.files[-1]))) or [""])[0]
    assert url.endswith("/quiz/result?c=SEC&s=10.0.10.40.30.20"), url
    page = central_up.http.get(url[url.index("/quiz/"):])
    assert page.status_code == 200 and "SEC" in page.text and "社会型" in page.text
    printer.files[-1].rename(ui.artifacts / "slip_quiz_result_zh.png")
    ui.wait(lambda: "请取走" in quiz.ids.quiz_message.text, 5)


def test_result_lists_live_jobs_one_tap_from_their_detail(fresh, bank):
    ui, store = fresh, fresh.app.services.store
    quiz = open_quiz(ui)
    from hallcore.quiz import match_occupations
    first = match_occupations("SEC", bank.occupations, 8)[0]["code"]
    store.upsert_jobs([{"id": 990001, "title": "社区服务岗", "employer": "示范街道", "district": "东城区",
                        "occupation_code": first, "salary_min": 4000, "salary_max": 5000,
                        "posted_at": "2026-11-25T00:00:00Z", "verified_at": "2026-11-25T00:00:00Z"}])
    try:
        answer_all(ui, quiz, bank)
        ui.wait(lambda: quiz.jobs, 5, "no live jobs listed")
        ui.pump(3)
        button = next(b for b in quiz.ids.job_list.children if b.job_id == 990001)
        ui.tap(button)
        ui.wait(lambda: ui.screen() == "job_detail")
        assert ui.app.screens["job_detail"].job_id == 990001
    finally:
        store.withdraw_jobs([990001])


def test_printer_down_shows_the_result_qr(fresh, bank, emulators):
    ui, printer = fresh, emulators["printer"]
    quiz = open_quiz(ui)
    answer_all(ui, quiz, bank)
    printer.paper_out = True
    try:
        ui.tap(quiz.ids.print_button)
        ui.wait(lambda: quiz.show_qr and quiz.qr is not None, 5, "no QR fallback")
        assert "缺纸" in quiz.ids.quiz_message.text
        ui.pump(3)
        ui.shot("quiz_printer_down_zh")
    finally:
        printer.paper_out = False
    ui.tap(ui.app.topbar.ids.language_button)
    ui.wait(lambda: "Social" in quiz.ids.explanation.text, 3, "the result did not switch to English")
    assert "Print my result" in ui.texts()
    ui.shot("quiz_result_en")


def test_saved_to_the_service_record_only_when_the_visitor_agrees(fresh, bank, emulators, central_up):
    from central.models import KioskEvent
    from central.models.queue import Person, ServiceRecord

    def records():
        with central_up.db.session() as db:
            return [(r.data, db.get(Person, r.person_id).masked_id)
                    for r in db.scalars(select(ServiceRecord).where(ServiceRecord.kind == "quiz_result"))]
    ui, idcard = fresh, emulators["idcard"]
    results_before = len(central_events(central_up, "quiz_result"))
    idcard.insert(0)
    try:
        ui.wait(lambda: ui.screen() == "identify" and ui.app.services.session.identified, 8)
        assert not ui.app.services.session.consent
        ui.go("quiz")
        quiz = ui.app.screens["quiz"]
        answer_all(ui, quiz, bank)
        assert quiz.can_save and not quiz.saved
        ui.wait(lambda: len(central_events(central_up, "quiz_result")) > results_before, 8)
        assert records() == [], "recorded without the visitor's consent"
        ui.tap(quiz.ids.save_button)
        assert quiz.saved
        ui.pump(3)
        ui.shot("quiz_saved_zh")
        saved = ui.wait(records, 8, "the saved result did not reach the service record")
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)
    assert len(saved) == 1 and saved[0][0]["code"] == "SEC" and saved[0][1].endswith("1233")
    with central_up.db.session() as db:  # the identity became a link, never stored in events
        for event in db.scalars(select(KioskEvent)):
            assert "person" not in event.payload and "110101199003071233" not in str(event.payload)
    anonymous = central_events(central_up, "quiz_result")[results_before]
    assert "person_id" not in anonymous
    report = central_up.http.get("/api/reports/quiz_interests",
                                 headers=central_up.staff_headers("viewer", "viewer-demo")).json()
    assert next(r for r in report if r["type"] == "S")["leading"] >= 2

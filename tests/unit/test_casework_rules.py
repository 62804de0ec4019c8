"""The terminal's case-management rules, without a window: occupation search by pinyin, the
registration draft and what it sends, the difficulty check's steps and result, and how
cases, the counsellor and what is missing read in "my progress"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from devices.base import PersonIdentity
from hallcore.contract import AVAILABILITY, EDUCATION, DifficultyOut, ProgressOut
from hallcore.difficulty import MIN_ANSWERED, QUESTIONS
from kiosk import casework, difficulty, registration
from kiosk.i18n import Translator
from kiosk.session import VisitorSession

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def index():
    rows = json.loads((ROOT / "central" / "data" / "occupations.json").read_text(encoding="utf-8"))
    rows = rows.get("occupations", rows) if isinstance(rows, dict) else rows
    return registration.OccupationIndex({"code": o["code"], "name": o["name_zh"],
                                         "name_en": o.get("name_en", "")} for o in rows)


@pytest.mark.parametrize("typed", ["kj", "kuaiji", "kuai ji", "KJ", "会计", "acc", "ＫＪ"])
def test_occupations_are_found_by_pinyin_initials_hanzi_and_english(index, typed):
    assert index.search(typed)[0]["name"] == "会计"


def test_a_name_typed_from_its_start_comes_first_and_nothing_is_found_for_nothing(index):
    found = index.search("dg")          # 电工 starts with d-g; others only contain it
    assert found[0]["name"] == "电工"
    assert index.search("") == [] and index.search("   ") == [] and index.search("!!") == []
    assert index.search("zzzzqqq") == []
    assert len(index.search("d", limit=3)) == 3


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_searches_without_error(index, text):
    assert isinstance(index.search(text), list)


def test_the_options_are_the_contract_s_values():
    assert tuple(code for code, _ in registration.EDUCATION_OPTIONS) == EDUCATION
    assert tuple(code for code, _ in registration.AVAILABILITY_OPTIONS) == AVAILABILITY


def test_the_draft_holds_three_occupations_and_ten_districts_and_sends_the_contract_body():
    draft = registration.Draft()
    assert not draft.complete and not draft.done("occupations")
    for n in range(3):
        assert draft.toggle_occupation({"code": f"c{n}", "name": f"n{n}"})
    assert not draft.toggle_occupation({"code": "c9", "name": "x"})      # a fourth: refused
    assert draft.toggle_occupation({"code": "c1"})                       # tapped again: removed
    assert [o["code"] for o in draft.occupations] == ["c0", "c2"]
    for n in range(registration.MAX_DISTRICTS):
        assert draft.toggle_district(f"d{n}")
    assert not draft.toggle_district("d99")
    draft.toggle_district("d0")
    assert not draft.done("pay")
    draft.set_pay(None)                                                  # any pay is an answer
    draft.education, draft.availability = "high_school", "part_time"
    assert draft.complete
    body = draft.body()
    assert body == {"consent": True, "occupations": ["c0", "c2"], "pay_min": None,
                    "districts": [f"d{n}" for n in range(1, 10)], "education": "high_school",
                    "availability": "part_time"}
    zh = Translator("zh_CN").gettext
    lines = dict(draft.summary(zh, "zh_CN"))
    assert lines["意向职业"] == "n0、n2" and lines["期望月薪"] == "薪资不限" and lines["学历"] == "高中"
    assert registration.pay_label(5000, zh) == "每月 5,000 元以上"


def test_districts_come_from_the_postings_else_from_config():
    assert registration.districts(["海淀区", "", "朝阳区", "海淀区"], ["东城区"]) == ["朝阳区", "海淀区"]
    assert registration.districts([], ["东城区", "东城区", "西城区"]) == ["东城区", "西城区"]


def _visitor(card: bool = True) -> VisitorSession:
    session = VisitorSession()
    session.start("zh_CN")
    extra = {"issuer": "北京市公安局", "valid_from": "20200101", "valid_to": "20400101"} if card else {}
    session.identify(PersonIdentity(id_number="110101199003071233", name="张晓明", source="idcard"
                                    if card else "qr", extra=extra))
    return session


class _Api:
    def __init__(self):
        self.calls = []

    def registration(self, number, card, body):
        self.calls.append(("registration", number, card, body))
        return {}

    def difficulty(self, number, card, answers, name=""):
        self.calls.append(("difficulty", number, card, answers))
        return {}


def test_only_a_visitor_identified_with_a_card_sends_and_a_wiped_session_sends_nothing_new():
    assert registration.why_not(VisitorSession(), _Api()) == registration.NEEDS_CARD
    assert registration.why_not(_visitor(card=False), _Api()) == registration.NEEDS_CARD
    assert registration.why_not(_visitor(), None) == registration.NOT_SAVED
    session, api = _visitor(), _Api()
    assert registration.why_not(session, api) is None
    send = registration.submit(api, session, {"consent": True})
    session.wipe()                       # the visitor left before the worker ran
    send()
    kind, number, card, body = api.calls[0]
    assert number == "110101199003071233" and card["source"] == "idcard" and body["consent"]
    assert body["name"] == "张晓明"
    assert difficulty.why_not(VisitorSession()) == difficulty.NEEDS_CARD


def test_the_draft_and_the_check_live_in_the_session_and_go_with_it():
    session = _visitor()
    registration.draft(session).toggle_occupation({"code": "c", "name": "n"})
    difficulty.check(session).answer("12m_plus")
    assert registration.draft(session).occupations and difficulty.check(session).answers
    session.wipe()
    assert session.is_empty()
    assert registration.draft(session).occupations == []


class _Refused(Exception):
    def __init__(self, status):
        self.status = status


def test_refusals_say_why():
    assert registration.refusal(_Refused(409)) == registration.CARD_MISMATCH
    assert registration.refusal(_Refused(429)) == registration.TOO_MANY
    assert registration.refusal(RuntimeError()) == registration.NOT_SAVED
    assert difficulty.refusal(_Refused(422)) == difficulty.TOO_FEW


def test_the_check_goes_one_question_at_a_time_with_skips_and_back():
    check = difficulty.Check()
    assert check.question is QUESTIONS[0] and not check.back()
    assert not check.answer("12m_plus")
    assert check.index == 1 and check.answers == {"out_of_work": "12m_plus"}
    assert not check.answer(None)                    # skipped: no answer kept
    assert check.back() and check.index == 1
    assert not check.answer("not-an-option")         # unknown: moves on, keeps nothing
    assert "last_job_end" not in check.answers
    while not check.last:
        check.answer(check.question.options[0].id)
    assert check.answer(check.question.options[0].id)  # the last one says so
    assert check.enough and len(check.answers) == len(QUESTIONS) - 1


def test_the_local_result_is_the_shared_rule_in_the_service_s_shape():
    answers = {"out_of_work": "12m_plus", "last_job_end": "laid_off", "skills": "partly",
               "health": "no_limit", "caring": "no_care", "age": "age_some"}
    result = difficulty.local_result(answers)
    assert DifficultyOut.model_validate(result).tier == 3
    assert result["service_code"] == "difficulty_certification"
    assert difficulty.local_result(dict(list(answers.items())[:MIN_ANSWERED - 1])) is None
    zh = Translator("zh_CN").gettext
    name, explanation, reasons = difficulty.result_lines(result, zh)
    assert name != result["tier_name"] and explanation != result["explanation"]  # translated
    assert len(reasons) == len(result["reasons"]) > 0
    catalogue = [{"code": "career_guidance", "name": "职业指导"},
                 {"code": "difficulty_certification", "name": "就业困难人员认定", "active": False}]
    assert difficulty.ticket_service(result, catalogue) is None      # not offered here
    catalogue[1]["active"] = True
    assert difficulty.ticket_service(result, catalogue)["name"] == "就业困难人员认定"


PROGRESS = {
    "counsellor": {"name": "王芳", "counter": 3},
    "cases": [
        {"id": 1, "service": "就业困难人员认定", "service_en": "Employment difficulty certification",
         "state": "sent_back", "opened": "2026-11-30", "due": "2026-12-07",
         "steps": [{"name": "受理", "name_en": "Received", "done": True},
                   {"name": "审核", "name_en": "Review", "done": False}],
         "missing": [{"name": "户口簿", "name_en": "Household register"},
                     {"name": "失业证明", "name_en": "Proof of unemployment"}]},
        {"id": 2, "service": "职业指导", "state": "done", "opened": "2026-11-02",
         "due": "2026-11-09", "closed": "2026-11-05"},
    ],
    "matching_jobs": 12, "matching_job_ids": [5, 3, 9],
}


def test_cases_read_as_words_with_the_missing_documents_listed():
    assert ProgressOut.model_validate(PROGRESS)        # the fixture is the contract's shape
    zh = Translator("zh_CN").gettext
    (h1, counsellor), (h2, cases) = casework.case_sections(PROGRESS, zh, "zh_CN")
    assert h1 == "您的专属顾问" and counsellor == ["王芳，3号窗口"]
    text = "\n".join(cases)
    assert "已退回：材料不全" in text and "2026年11月30日受理，承诺2026年12月7日前办结" in text
    assert "  1. 户口簿" in text and "  2. 失业证明" in text and "✓ 受理" in text and "○ 审核" in text
    assert "2026年11月5日办结" in text and "2026-" not in text
    en = Translator("en").gettext
    assert casework.missing_documents(PROGRESS["cases"][0], "en") == ["Household register",
                                                                        "Proof of unemployment"]
    assert casework.missing_documents(PROGRESS["cases"][1], "en") == []
    assert "Opened 30 Nov 2026, to be finished by 7 Dec 2026" in casework.case_lines(
        PROGRESS["cases"][0], en, "en")
    assert casework.case_sections({}, zh, "zh_CN") == []
    assert casework.counsellor_line({"counsellor": {"name": "王芳", "counter": None}}, zh) == "王芳"
    assert casework.matching_jobs(PROGRESS) == (12, [5, 3, 9])
    assert casework.matching_jobs(None) == (0, [])
    assert casework.day_text("not a day", "zh_CN") == "not a day"


def test_a_returning_visitor_starts_from_the_registration_on_record():
    session = _visitor()
    session.data["record"] = {"registration": {
        "occupations": [{"code": "2-06-03-00", "name": "会计", "name_en": "Accountant"}],
        "pay_min": 5000, "districts": ["海淀区"], "education": "bachelor",
        "availability": "full_time", "updated_at": "2026-11-01T08:00:00Z"}}
    draft = registration.draft(session)
    assert draft.complete and draft.body()["occupations"] == ["2-06-03-00"]
    assert draft.body()["pay_min"] == 5000 and draft.districts == ["海淀区"]
    assert registration.Draft.from_registration(None) == registration.Draft()

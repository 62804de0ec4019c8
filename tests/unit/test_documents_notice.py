"""The terminal's one-time notice of a service (kiosk.tickets.documents_notice), in both
languages, from a newer service's answer and from an older one's."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kiosk.i18n import Translator
from kiosk.tickets import documents_notice
from hallcore.contract import ServiceOut

FULL = {"documents": [{"name": "居民身份证原件", "name_en": "Resident ID card", "note": "原件", "note_en": "original"},
                      {"name": "一寸照片"}],
        "conditions": "本市户籍", "conditions_en": "", "steps": [{"name": "受理", "name_en": "Accept"},
                                                                  {"name": "审核", "name_en": "Review"}],
        "time_limit_days": 5}


def test_the_notice_names_documents_conditions_steps_and_time_limit():
    zh = documents_notice(FULL, "zh_CN", Translator("zh_CN").gettext).splitlines()
    assert zh == ["1. 居民身份证原件 (原件)", "2. 一寸照片", "办理条件：本市户籍", "办理流程：受理 → 审核",
                  "办结时限 5 个工作日"]
    en = documents_notice(FULL, "en", Translator("en").gettext).splitlines()
    assert en[0] == "1. Resident ID card (original)" and en[1] == "2. 一寸照片"   # no English: the Chinese
    assert en[2] == "Who may apply: 本市户籍" and en[3] == "Steps: Accept → Review"
    assert en[4] == "Done within 5 working days"


def test_an_older_services_answer_gives_the_documents_only():
    older = {"id": 1, "code": "a", "letter": "A", "name": "求职登记", "name_en": "", "description": "",
             "description_en": "", "documents": [{"name": "居民身份证原件"}], "requires_identity": False,
             "active": True}
    service = ServiceOut.model_validate(older).model_dump()
    assert service["time_limit_days"] is None and service["steps"] == []
    assert documents_notice(service, "zh_CN", Translator("zh_CN").gettext) == "1. 居民身份证原件"


_text = st.text(max_size=40)


@settings(max_examples=200, deadline=None)
@given(documents=st.lists(st.fixed_dictionaries({"name": _text}, optional={"name_en": _text, "note": _text,
                                                                          "note_en": _text}), max_size=5),
       steps=st.lists(st.fixed_dictionaries({"name": _text}, optional={"name_en": _text}), max_size=4),
       conditions=_text, days=st.one_of(st.none(), st.integers(1, 365)), lang=st.sampled_from(["zh_CN", "en"]))
def test_any_answer_the_contract_accepts_gives_a_notice(documents, steps, conditions, days, lang):
    service = ServiceOut.model_validate({
        "id": 1, "code": "a", "letter": "A", "name": "n", "name_en": "", "description": "",
        "description_en": "", "documents": documents, "requires_identity": False, "active": True,
        "conditions": conditions, "steps": steps, "time_limit_days": days}).model_dump()
    notice = documents_notice(service, lang, Translator(lang).gettext)
    for i, doc in enumerate(documents, 1):
        assert f"{i}. " in notice
    assert (str(days) in notice) if days else True

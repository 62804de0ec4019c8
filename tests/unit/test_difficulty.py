"""The difficulty check's rule (hallcore.difficulty): each branch of the documented tier rule,
the refusals, and a translation for every word the terminal shows."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from hallcore import difficulty as d
from kiosk.i18n import Translator

EASY = {"out_of_work": "under_3m", "last_job_end": "contract", "skills": "fit", "health": "no_limit",
        "caring": "no_care", "age": "age_no", "transport": "travel_easy", "confidence": "sure",
        "searching": "applied", "applying": "online_yes"}


def test_ids_are_unique_and_every_question_has_two_to_five_options():
    assert len(d.QUESTIONS) == 10
    assert len({q.id for q in d.QUESTIONS}) == 10
    for q in d.QUESTIONS:
        assert 2 <= len(q.options) <= 5
        assert len({o.id for o in q.options}) == len(q.options)
        assert all(o.points in (0, 1, 2) for o in q.options)


def test_no_obstacles_is_tier_1_with_registration():
    p = d.propose(EASY)
    assert (p.tier, p.score, p.severe, p.reasons) == (1, 0, 0, ())
    assert p.service_code == "job_seeker_registration"
    assert p.name == "Ready for placement"


def test_three_small_obstacles_stay_tier_1_four_points_make_tier_2():
    three = {**EASY, "out_of_work": "3_6m", "skills": "partly", "confidence": "unsure"}
    assert d.propose(three).tier == 1
    four = {**three, "applying": "online_help"}
    p = d.propose(four)
    assert (p.tier, p.score) == (2, 4)
    assert p.service_code == "career_guidance"


def test_one_severe_answer_is_tier_2_two_are_tier_3():
    one = {**EASY, "health": "strong_limit"}
    assert d.propose(one).tier == 2
    assert d.propose(one).reasons == ("Health",)
    two = {**one, "caring": "full_care"}
    p = d.propose(two)
    assert p.tier == 3 and p.service_code == "difficulty_certification"
    assert p.reasons == ("Health", "Caring duties")


def test_long_term_unemployed_with_another_obstacle_is_tier_3():
    alone = {**EASY, "out_of_work": "12m_plus"}
    assert d.propose(alone).tier == 2          # severe, but nothing else
    more = {**alone, "skills": "partly", "confidence": "unsure"}
    assert d.propose(more).tier == 3           # 4 points with the year out of work


def test_ten_points_of_small_obstacles_are_tier_3():
    ones = {q.id: next(o.id for o in q.options if o.points == 1) for q in d.QUESTIONS}
    p = d.propose(ones)
    assert (p.tier, p.score, p.severe) == (3, 10, 0)
    assert len(p.reasons) == d.MAX_REASONS


def test_too_few_answers_unknown_ids_are_refused():
    with pytest.raises(d.DifficultyError):
        d.propose(dict(list(EASY.items())[:d.MIN_ANSWERED - 1]))
    assert d.propose(dict(list(EASY.items())[:d.MIN_ANSWERED])).tier == 1
    with pytest.raises(d.DifficultyError):
        d.propose({**EASY, "shoe_size": "42"})
    with pytest.raises(d.DifficultyError):
        d.propose({**EASY, "health": "excellent"})
    with pytest.raises(d.DifficultyError):
        d.propose(["out_of_work"])


@given(st.dictionaries(st.text(max_size=12), st.one_of(st.text(max_size=12), st.integers(), st.none()),
                       max_size=14))
def test_any_answers_give_a_tier_or_a_difficulty_error(answers):
    try:
        assert d.propose(answers).tier in (1, 2, 3)
    except d.DifficultyError:
        pass


@given(st.fixed_dictionaries({q.id: st.sampled_from([o.id for o in q.options]) for q in d.QUESTIONS}))
def test_more_obstacles_never_lower_the_tier(answers):
    base = d.propose(answers)
    for q in d.QUESTIONS:
        worst = max(q.options, key=lambda o: o.points)
        assert d.propose({**answers, q.id: worst.id}).tier >= base.tier


def test_every_word_has_a_chinese_translation_for_the_terminal():
    zh = Translator("zh_CN")
    missing = [m for m in d.messages() if zh.gettext(m) == m]
    assert not missing

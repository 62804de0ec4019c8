"""Quiz scoring: raw scores, the tie rule, the code, matching; no window."""

import copy

import pytest
from hypothesis import given, settings, strategies as st

from hallcore.quiz import (TYPES, BankError, holland_code, match_occupations, parse_bank,
                        parse_result_query, result_query, score)


def bank_data() -> dict:
    items = [{"id": f"{t}{n:02d}", "type": t, "zh": f"活动{t}{n}", "en": f"Activity {t}{n}"}
             for n in range(1, 11) for t in TYPES]
    scale = [{"value": v, "zh": f"{v}分", "en": f"{v} points"} for v in range(5)]
    types = {t: {"zh_name": t, "en_name": t, "zh": "说明", "en": "About"} for t in TYPES}
    occupations = [{"code": "2-02-10-03", "name": "软件工程师", "riasec": "IRC"},
                   {"code": "4-01-05-01", "name": "销售代表", "riasec": "ESC"},
                   {"code": "2-08-01-00", "name": "小学教师", "riasec": "SAE"},
                   {"code": "x", "name": "broken", "riasec": "RRR"}]
    return {"version": 3, "items": items, "scale": scale, "types": types,
            "occupations": occupations}


BANK = parse_bank(bank_data())


def answers_by_type(values: dict[str, list[int]]) -> dict[str, int]:
    return {f"{t}{n + 1:02d}": v for t, vs in values.items() for n, v in enumerate(vs)}


def test_raw_scores_are_sums_per_type():
    result = score(BANK, answers_by_type({"S": [4] * 10, "E": [3] * 10, "C": [2] * 10,
                                          "R": [1] * 10, "I": [0] * 10, "A": [1, 0] * 5}))
    assert result.scores == {"R": 10, "I": 0, "A": 5, "S": 40, "E": 30, "C": 20}
    assert result.code == "SEC"
    assert result.answered == 60
    assert not result.flat


def test_ties_go_to_more_strong_likes_then_hexagon_order():
    # A and E both 20: E has two 4s, A has none -> E first
    result = score(BANK, answers_by_type({"A": [2] * 10, "E": [4, 4, 0, 2, 2, 2, 2, 2, 2, 0]}))
    assert result.scores["A"] == result.scores["E"] == 20
    assert result.code[:2] == "EA"
    # same score, same number of 4s: R before I before A ... (hexagon order)
    assert holland_code({"C": 5, "I": 5, "S": 5}) == "ISC"


def test_all_equal_answers_give_RIA_and_a_flat_profile():
    for value in range(5):
        result = score(BANK, {item["id"]: value for item in BANK.items})
        assert result.code == "RIA"
        assert result.flat
    assert score(BANK, {}).code == "RIA"  # nothing answered at all


def test_bad_answers_are_ignored_not_counted():
    result = score(BANK, {"R01": 9, "R02": -1, "R03": True, "R04": "4", "nope": 4, "I01": 4})
    assert result.scores["R"] == 0 and result.scores["I"] == 4
    assert result.answered == 1


answer_values = st.dictionaries(st.sampled_from([i["id"] for i in BANK.items]),
                                st.integers(0, 4))


@given(answer_values)
def test_code_is_three_distinct_types_and_deterministic(answers):
    result = score(BANK, answers)
    assert len(result.code) == 3 and len(set(result.code)) == 3 and set(result.code) <= set(TYPES)
    assert sorted(result.ranking) == sorted(TYPES)
    assert score(BANK, dict(reversed(list(answers.items())))) == result
    top = [result.scores[t] for t in result.ranking]
    assert top == sorted(top, reverse=True)


@given(answer_values, st.permutations(list(TYPES)))
@settings(max_examples=60)
def test_renaming_types_renames_the_code_when_no_ties(answers, perm):
    """The code follows the scores, not the letters: permuting types permutes the code."""
    result = score(BANK, answers)
    values = [result.scores[t] for t in result.ranking[:4]]
    if len(set(values)) < 4:
        return  # ties are resolved by the fixed hexagon order, which a renaming changes
    mapping = dict(zip(TYPES, perm))
    renamed = {f"{mapping[k[0]]}{k[1:]}": v for k, v in answers.items()}
    assert score(BANK, renamed).code == "".join(mapping[t] for t in result.code)


def test_matching_prefers_same_first_letter_and_skips_misfits():
    matches = match_occupations("ISE", BANK.occupations)
    assert [m["name"] for m in matches][:1] == ["软件工程师"]
    assert all(m["fit"] > 0 for m in matches)
    assert match_occupations("ESC", BANK.occupations)[0]["fit"] == 14
    assert len(BANK.occupations) == 3  # the broken row was dropped at parse


@pytest.mark.parametrize("break_it, message", [
    (lambda d: d["items"].pop(), "10 items of each type"),
    (lambda d: d["items"][0].update(type="X"), "type must be one of"),
    (lambda d: d["items"][1].update(id=d["items"][0]["id"]), "repeated id"),
    (lambda d: d["items"][2].update(zh=""), "missing text"),
    (lambda d: d["scale"].pop(), "scale"),
    (lambda d: d["types"].pop("C"), "types"),
    (lambda d: d.update(version="2"), "version"),
])
def test_a_broken_bank_says_what_is_wrong(break_it, message):
    data = copy.deepcopy(bank_data())
    break_it(data)
    with pytest.raises(BankError, match=message):
        parse_bank(data)


@given(st.recursive(st.none() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
                    max_leaves=20))
def test_parse_bank_rejects_junk_with_bank_error_only(junk):
    with pytest.raises(BankError):
        parse_bank(junk)


def test_result_query_round_trips_and_rejects_junk():
    result = score(BANK, answers_by_type({"S": [4] * 10, "E": [3] * 10}))
    query = dict(p.split("=") for p in result_query(result).split("&"))
    assert parse_result_query(query["c"], query["s"]) == (result.code, result.scores)
    for code, scores in [("SSE", "1.2.3.4.5.6"), ("SEC", "1.2.3"), ("SEC", "1.2.3.4.5.99"),
                         ("SEC", "a.b.c.d.e.f"), ("SE", "1.2.3.4.5.6")]:
        with pytest.raises(ValueError):
            parse_result_query(code, scores)

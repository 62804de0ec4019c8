"""Search on a 100,000-posting store: pinyin, initials, hanzi, English, filters, sorting,
and whatever a visitor can type."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kiosk.search import fts_query, pinyin_tokens, query_terms
from kiosk.store import Store
from tests.kiosk.jobgen import make_jobs

FIXTURE = [HealthCheck.function_scoped_fixture]
TEXT_FIELDS = ("title", "employer", "occupation_name", "category", "district", "description",
               "duties", "requirements")


def text_of(job: dict) -> str:
    return " ".join([*(job.get(k) or "" for k in TEXT_FIELDS), *job["tags"]])


def titles(result):
    return [j["title"] for j in result.items]


@pytest.mark.parametrize("query", ["kj", "kuaiji", "kuai ji", "kuaij", "会计", "KJ", "ｋｊ"])
def test_pinyin_initials_and_hanzi_find_kuaiji(big_store, query):
    result = big_store.search(query, limit=20)
    assert result.total > 1000
    assert all("会计" in j["title"] or "会计" in j["occupation_name"] for j in result.items)
    assert result.items[0]["title"] == "会计"  # the plain title ranks first


def test_pinyin_initials_and_hanzi_find_the_same_postings(big_store, big_jobs):
    expected = sum("会计" in j["title"] for j in big_jobs)
    assert big_store.search("会计", limit=1).total == expected
    assert big_store.search("kuaiji", limit=1).total == expected
    assert big_store.search("kj", limit=1).total >= expected


@pytest.mark.parametrize("query", ["仓库", "管理", "库管", "司机"])
def test_hanzi_substring_inside_a_title(big_store, big_jobs, query):
    result = big_store.search(query, limit=100)
    assert result.total >= sum(query in j["title"] for j in big_jobs) > 0
    assert all(query in text_of(j) for j in result.items)


def test_english_words_find_english_text(big_store, big_jobs):
    result = big_store.search("accountant", limit=100)
    expected = sum("accountant" in (j["title_en"] or "").lower() for j in big_jobs)
    assert result.total == expected > 0
    assert all("accountant" in (j["title_en"] or "").lower() for j in result.items)


def test_terms_combine_hanzi_and_pinyin(big_store, big_jobs):
    result = big_store.search("电工 chaoyang", limit=100)
    expected = sum(j["title"].startswith("电工") and j["district"] == "朝阳区" for j in big_jobs)
    assert result.total == expected > 0
    assert all(j["title"].startswith("电工") and j["district"] == "朝阳区" for j in result.items)


def test_equal_postings_newer_first(tmp_path):
    store = Store(tmp_path / "s.sqlite3")
    job = make_jobs(1)[0]
    store.upsert_jobs([{**job, "id": 5}, {**job, "id": 9}, {**job, "id": 7}])
    assert [j["id"] for j in store.search(job["title"]).items] == [9, 7, 5]
    store.close()


FILTERS = [{"district": "海淀区"}, {"employment_type": "part_time", "education_max": "high_school"},
           {"experience_max": 1, "salary_band": "6k-8k"}, {"category": "物流", "salary_band": "ge12k"},
           {"district": "海淀区", "employment_type": "part_time", "education_max": "high_school",
            "experience_max": 1, "salary_band": "6k-8k"}]
EDU = ("none", "junior_high", "high_school", "vocational", "associate", "bachelor", "master")
BANDS = {"6k-8k": (6000, 7999), "ge12k": (12000, 10**9)}


def passes(job: dict, f: dict) -> bool:
    for key in ("district", "category", "employment_type"):
        if key in f and job[key] != f[key]:
            return False
    if "education_max" in f and EDU.index(job["education"]) > EDU.index(f["education_max"]):
        return False
    if "experience_max" in f and job["experience_years"] > f["experience_max"]:
        return False
    if "salary_band" in f:
        low, high = BANDS[f["salary_band"]]
        if job["salary_max"] is None or job["salary_max"] < low or job["salary_min"] > high:
            return False
    return True


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("query", ["", "kj", "仓库", "c"])
def test_filters_match_a_brute_force_count(big_store, big_jobs, filters, query):
    """Filters run as SQL without text and as FTS facet terms with text: both must be exact."""
    hits = big_jobs
    if query:  # the text match alone, straight from FTS5; the filters are what is tested
        matched = {r[0] for r in big_store._conn().execute(
            "SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?", (fts_query(query),))}
        hits = [j for j in big_jobs if j["id"] in matched]
    expected = [j for j in hits if passes(j, filters)]
    result = big_store.search(query, filters=filters, limit=200)
    assert result.total == len(expected)
    assert all(passes(j, filters) for j in result.items)
    assert len(result.items) == min(200, len(expected))
    if query in ("", "c"):
        assert expected  # the filters select something, so the equality above means something


def test_bad_filter_values_are_ignored(big_store):
    everything = big_store.search("", limit=1).total
    odd = {"district": None, "salary_band": "lots", "education_max": 3, "experience_max": "x",
           "unknown": 1}
    assert big_store.search("", filters=odd, limit=1).total == everything


def test_sorts(big_store):
    newest = big_store.search("cangku", sort="newest", limit=50).items
    assert [j["posted_at"] for j in newest] == sorted((j["posted_at"] for j in newest), reverse=True)
    pay = big_store.search("", sort="salary", limit=50).items
    assert [j["salary_max"] for j in pay] == sorted((j["salary_max"] for j in pay), reverse=True)
    pay = big_store.search("kj", filters={"district": "朝阳区"}, sort="salary", limit=50).items
    assert [j["salary_max"] for j in pay] == sorted((j["salary_max"] for j in pay), reverse=True)
    assert big_store.search("kj", sort="nonsense", limit=5).total > 0


def test_paging_and_total(big_store):
    first = big_store.search("kj", limit=10, offset=0)
    second = big_store.search("kj", limit=10, offset=10)
    assert first.total == second.total
    assert not {j["id"] for j in first.items} & {j["id"] for j in second.items}
    assert big_store.search("kj", limit="x", offset=-5).items  # bad paging is clamped


def test_facets_for_chips(big_store):
    facets = big_store.facets()
    districts = dict(facets["district"])
    assert len(districts) == 10 and sum(districts.values()) == 100_000
    assert dict(facets["employment_type"]).keys() == {"full_time", "part_time"}
    assert [band for band, _ in facets["salary_band"]][0] == "lt4k"


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "NEAR(a b, 2)", "a AND", "OR OR", "NOT",
                                   "(((", ")", "')--", "\\", "x" * 100_000, "😀😀", "\x00\x1f",
                                   '会计"*NOT', "^title:kj", "{a b}:c", "facets : fd1", "-{x}:y",
                                   "kj*", "  ", "", None])
def test_hostile_text_never_errors(big_store, query):
    result = big_store.search(query, limit=5)
    assert result.total >= 0


def test_operators_are_plain_words(big_store):
    # "kj OR cangku" must not become an OR: "or" is just another (pinyin-less) term
    assert big_store.search("kj OR cangku", limit=1).total < big_store.search("cangku", limit=1).total


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURE)
@given(st.text(max_size=80))
def test_any_text_is_a_valid_query(big_store, text):
    big_store.search(text, limit=3)
    query = fts_query(text)
    assert query is None or query.count('"') % 2 == 0


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE)
@given(st.data())
def test_any_piece_of_a_title_finds_that_title(big_store, big_jobs, data):
    job = big_jobs[data.draw(st.integers(0, len(big_jobs) - 1))]
    title = job["title"].strip("（）")
    start = data.draw(st.integers(0, len(title) - 1))
    piece = title[start:data.draw(st.integers(start + 1, len(title)))]
    noise = data.draw(st.sampled_from(["", " ", "*", '"', "(", ")", "^", ":"]))
    result = big_store.search(noise + piece + noise, limit=5)
    runs = query_terms(piece)  # "计（急" is two terms, 计 and 急: both must be there
    if runs:
        assert result.total >= sum(piece in j["title"] for j in big_jobs) > 0
        assert all(run in text_of(j) for j in result.items for run in runs)


def test_pinyin_tokens_cover_every_boundary():
    tokens = pinyin_tokens("财务会计").split()
    for t in ("kuaiji", "kj", "cwkj", "caiwukuaiji", "kuai", "ji"):
        assert t in tokens

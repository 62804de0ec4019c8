"""Content of the RIASEC career-interest quiz: items, type descriptions and occupations."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "central" / "data"
TYPES = "RIASEC"
CODE_RE = re.compile(r"^[1-6]-\d{2}-\d{2}-\d{2}$")

# Used by seeded job postings (central/seed.py): must stay first, in this order, unchanged.
FIXED = [
    ("2-06-03-00", "会计", "Accountant", "财务", "CES"),
    ("4-01-02-05", "出纳", "Cashier (finance)", "财务", "CSE"),
    ("4-02-06-03", "仓库管理员", "Warehouse keeper", "物流", "CRE"),
    ("6-31-01-03", "电工", "Electrician", "技工", "RIC"),
    ("4-14-01-02", "护工", "Care worker", "医疗护理", "SRC"),
    ("4-03-02-01", "厨师", "Cook", "餐饮", "RAE"),
    ("4-01-05-01", "销售代表", "Sales representative", "销售", "ESC"),
    ("2-02-10-03", "软件工程师", "Software engineer", "信息技术", "IRC"),
    ("4-02-02-01", "快递员", "Courier", "物流", "RCE"),
    ("4-07-03-02", "保安员", "Security guard", "安保", "RCS"),
    ("4-10-01-06", "保洁员", "Cleaner", "家政保洁", "RCS"),
    ("4-10-01-01", "家政服务员", "Domestic helper", "家政保洁", "SRC"),
    ("2-08-01-00", "小学教师", "Primary school teacher", "教育", "SAE"),
    ("4-03-01-01", "餐厅服务员", "Waiter", "餐饮", "SEC"),
    ("4-04-01-00", "客服专员", "Customer service agent", "客服", "SEC"),
    ("6-04-02-00", "汽车维修工", "Car mechanic", "技工", "RIC"),
    ("4-01-01-01", "行政助理", "Administrative assistant", "行政", "CSE"),
    ("2-09-06-00", "平面设计师", "Graphic designer", "设计", "AER"),
    ("4-02-01-01", "货车司机", "Truck driver", "物流", "RCE"),
    ("2-05-08-00", "护士", "Nurse", "医疗护理", "SIR"),
    ("6-28-01-14", "焊工", "Welder", "技工", "RCI"),
    ("4-01-05-03", "收银员", "Checkout cashier", "销售", "CES"),
    ("2-06-07-00", "人力资源专员", "HR specialist", "行政", "SEC"),
    ("4-07-05-01", "物业管理员", "Property manager", "物业", "ESC"),
]


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def quiz() -> dict:
    return _load("riasec_items.json")


@pytest.fixture(scope="module")
def types() -> dict:
    return _load("riasec_types.json")


@pytest.fixture(scope="module")
def occupations() -> list[dict]:
    data = _load("occupations.json")
    assert data["version"] == 1
    return data["occupations"]


# ---- quiz items ---------------------------------------------------------------------------

def test_scale_has_five_answers_from_dislike_to_like(quiz):
    scale = quiz["scale"]
    assert quiz["version"] == 1
    assert [s["value"] for s in scale] == [0, 1, 2, 3, 4]
    assert all(s["zh"].strip() and s["en"].strip() for s in scale)
    assert len({s["zh"] for s in scale}) == 5 and len({s["en"] for s in scale}) == 5


def test_sixty_items_ten_per_type(quiz):
    items = quiz["items"]
    assert len(items) == 60
    assert Counter(i["type"] for i in items) == {t: 10 for t in TYPES}


def test_item_ids_unique_and_match_type(quiz):
    ids = [i["id"] for i in quiz["items"]]
    assert len(set(ids)) == 60
    assert set(ids) == {f"{t}{n:02d}" for t in TYPES for n in range(1, 11)}
    for item in quiz["items"]:
        assert re.fullmatch(r"[RIASEC](0[1-9]|10)", item["id"]), item
        assert item["id"][0] == item["type"], item


def test_item_text_present_short_and_unique(quiz):
    for item in quiz["items"]:
        zh, en = item["zh"].strip(), item["en"].strip()
        assert zh and en, item
        assert len(zh) <= 18, item
        assert len(en) <= 60, item
        assert re.search(r"[\u4e00-\u9fff]", zh), item
        assert en.isascii(), item
    assert len({i["zh"] for i in quiz["items"]}) == 60
    assert len({i["en"].lower() for i in quiz["items"]}) == 60


def test_items_are_interleaved_by_type(quiz):
    order = [i["type"] for i in quiz["items"]]
    assert order == list(TYPES) * 10
    assert [i["id"] for i in quiz["items"][:7]] == ["R01", "I01", "A01", "S01", "E01", "C01", "R02"]


# ---- type descriptions --------------------------------------------------------------------

def test_six_types_described(types):
    assert set(types) == set(TYPES)
    for code, t in types.items():
        for key in ("zh_name", "en_name", "zh", "en"):
            assert isinstance(t[key], str) and t[key].strip(), (code, key)
    assert types["R"]["zh_name"] == "现实型" and types["R"]["en_name"] == "Realistic"
    assert len({t["zh_name"] for t in types.values()}) == 6


# ---- occupations --------------------------------------------------------------------------

def test_enough_occupations_with_unique_valid_codes(occupations):
    assert len(occupations) >= 150
    codes = [o["code"] for o in occupations]
    assert len(set(codes)) == len(codes), [c for c, n in Counter(codes).items() if n > 1]
    for o in occupations:
        assert CODE_RE.match(o["code"]), o


def test_occupation_fields(occupations):
    for o in occupations:
        assert set(o) >= {"code", "name_zh", "name_en", "category", "riasec"}, o
        assert o["name_zh"].strip() and len(o["name_zh"]) <= 10, o
        assert o["name_en"].strip() and len(o["name_en"]) <= 40, o
        assert o["category"].strip(), o
        r = o["riasec"]
        assert len(r) == 3 and len(set(r)) == 3 and set(r) <= set(TYPES), o
    names = [o["name_zh"] for o in occupations]
    assert len(set(names)) == len(names)


def test_every_type_leads_at_least_fifteen_occupations(occupations):
    first = Counter(o["riasec"][0] for o in occupations)
    for t in TYPES:
        assert first[t] >= 15, (t, first[t])


def test_every_ordered_pair_of_types_is_covered(occupations):
    pairs = {o["riasec"][:2] for o in occupations}
    missing = [a + b for a in TYPES for b in TYPES if a != b and a + b not in pairs]
    assert not missing


def test_fixed_occupations_first_and_unchanged(occupations):
    head = [(o["code"], o["name_zh"], o["name_en"], o["category"], o["riasec"])
            for o in occupations[:len(FIXED)]]
    assert head == FIXED

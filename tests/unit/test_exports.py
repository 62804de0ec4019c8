"""The exports hold what the reports hold: any text comes back as text (never a formula),
numbers as numbers, in CSV and in the Excel workbook alike."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings, strategies as st
from openpyxl import load_workbook

from central.services.exports import FORMULA_START, csv_bytes, xlsx_bytes
from central.services.charts import line_chart, nice_ceiling

# text a worksheet cell can hold (XML 1.0 characters, at most 32,767 of them)
CELL_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
                    | st.sampled_from("=+-@\t"), max_size=60)
VALUES = st.one_of(st.none(), st.integers(-10**9, 10**9),
                   st.floats(allow_nan=False, allow_infinity=False, width=32), CELL_TEXT)


def _expected(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(VALUES, VALUES), max_size=6))
def test_any_rows_come_back_from_both_formats(pairs):
    rows = [{"query": a, "value": b} for a, b in pairs]
    tables = [("Summary", ["query", "value"], rows)]
    book = load_workbook(io.BytesIO(xlsx_bytes(tables, lambda s: s)))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["Search words", "Value"]
    for n, row in enumerate(rows, start=2):
        for col, key in ((1, "query"), (2, "value")):
            cell = sheet.cell(n, col)
            assert cell.data_type != "f"
            expected = _expected(row[key])
            if expected == "" or expected is None:
                assert cell.value in (None, "")
            elif isinstance(expected, float):
                assert cell.value == expected or abs(cell.value - expected) <= abs(expected) * 1e-12
            else:
                assert cell.value == expected
    text = csv_bytes(tables, lambda s: s).decode("utf-8")
    back = list(csv.reader(io.StringIO(text[1:])))
    assert back[0] == ["Search words", "Value"] and len(back) == len(rows) + 1
    for got, row in zip(back[1:], rows):
        assert got[0] == ("" if row["query"] is None else str(_expected(row["query"])))


@given(st.lists(st.one_of(st.none(), st.floats(0, 1e6)), min_size=1, max_size=40))
def test_a_chart_stays_inside_its_box(values):
    days = [f"2026-01-{i % 28 + 1:02d}" for i in range(len(values))]
    chart = line_chart(days, [("a", values)])
    for dot in chart["lines"][0]["dots"]:
        assert chart["left"] <= dot["x"] <= chart["right"] and 0 <= dot["y"] <= chart["bottom"]
    assert len(chart["days"]) <= 7 and chart["ticks"][0]["label"] == "0"
    assert sum(len(p.split()) for p in chart["lines"][0]["polylines"]) == sum(v is not None for v in values)


def test_nice_ceilings():
    assert [nice_ceiling(v) for v in (0, 0.3, 1, 7.5, 12, 26)] == [1, 0.5, 1, 10, 20, 50]
    assert [nice_ceiling(v, whole=True) for v in (0.5, 2.5, 3)] == [1, 5, 5]

"""The dashboard and staff performance against a hand-counted fortnight (tests/factories.py
report_hall): the same figures in JSON, in the CSV and in the Excel workbook read back."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from tests.factories import report_hall

PERIOD = {"since": "2026-10-15", "until": "2026-10-16"}
# 4 tickets, 3 served with waits 5, 10 and 30 min against a target of 20: 2 of 3 within it
TILES = {"tickets": 4, "served": 3, "mean_wait_min": 15.0, "within_target": 2,
         "within_target_pct": 66.7, "no_shows": 1, "no_show_rate_pct": 25.0, "ratings": 3,
         "satisfaction": 4.0, "slips": 3, "quizzes": 1}
DAY_15 = {"day": "2026-10-15", "tickets": 2, "served": 2, "mean_wait_min": 7.5, "within_target": 2,
          "within_target_pct": 100.0, "no_shows": 0, "no_show_rate_pct": 0.0, "ratings": 2,
          "satisfaction": 4.0, "slips": 2, "quizzes": 0}
DAY_16 = {"day": "2026-10-16", "tickets": 2, "served": 1, "mean_wait_min": 30.0, "within_target": 0,
          "within_target_pct": 0.0, "no_shows": 1, "no_show_rate_pct": 50.0, "ratings": 1,
          "satisfaction": 4.0, "slips": 1, "quizzes": 1}
# service time from sitting down (else the call) to the finish: alice 10 and 6, bob 20
ALICE = {"name": "Alice R", "served": 2, "mean_service_min": 8.0, "ratings": 2, "satisfaction": 4.0,
         "referrals": 2, "hired": 1, "no_shows": 0}
BOB = {"name": "Bob R", "served": 1, "mean_service_min": 20.0, "ratings": 1, "satisfaction": 4.0,
       "referrals": 1, "hired": 0, "no_shows": 1}
MANAGER = {"name": "Manager R", "served": 0, "mean_service_min": None, "ratings": 0,
           "satisfaction": None, "referrals": 0, "hired": 0, "no_shows": 0}
COUNTER_1 = {"name": "1号窗口", "served": 2, "mean_service_min": 8.0, "ratings": 2, "satisfaction": 4.0,
             "no_shows": 0}
COUNTER_2 = {"name": "2号窗口", "served": 1, "mean_service_min": 20.0, "ratings": 1, "satisfaction": 4.0,
             "no_shows": 1}


@pytest.fixture(scope="module")
def fortnight(central):
    ids = report_hall(central.db, "R")
    ids["headers"] = central.staff_headers("manager-R", "manager-R-demo")
    ids["params"] = {**PERIOD, "hall": ids["hall"]}
    return ids


def _get(central, fortnight, path: str, **params):
    r = central.http.get(path, headers=fortnight["headers"], params={**fortnight["params"], **params})
    assert r.status_code == 200, r.text
    return r


def _csv_sections(body: bytes) -> list[list[list[str]]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    sections, current = [], []
    for row in rows + [[]]:
        if row:
            current.append(row)
        elif current:
            sections.append(current)
            current = []
    return sections


def _number(text: str):
    return None if text == "" else float(text) if "." in text else int(text)


def test_dashboard_json_matches_the_hand_count(central, fortnight):
    report = _get(central, fortnight, "/api/reports/dashboard").json()
    assert report["tiles"] == TILES
    assert report["days"] == [DAY_15, DAY_16]


def test_dashboard_csv_and_workbook_carry_the_same_figures_in_words(central, fortnight):
    summary, per_day = _csv_sections(_get(central, fortnight, "/api/reports/dashboard", format="csv").content)
    assert summary[0] == ["概况"] and summary[1] == ["指标", "数值"]
    words = dict((row[0], _number(row[1])) for row in summary[2:])
    assert words["取号数"] == 4 and words["平均等候（分钟）"] == 15.0 and words["等候目标内占比（%）"] == 66.7
    assert words["满意度（5分制）"] == 4.0 and words["过号率（%）"] == 25.0
    assert words["打印岗位条"] == 3 and words["职业测评"] == 1
    header = per_day[1]
    assert header[:3] == ["日期", "取号数", "已办理"] and "avg_wait_min" not in header
    day15 = [_number(v) if i else v for i, v in enumerate(per_day[2])]
    assert day15 == list(DAY_15.values())

    r = _get(central, fortnight, "/api/reports/dashboard", format="xlsx")
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="dashboard_2026-10-15_2026-10-16.xlsx"' in r.headers["content-disposition"]
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["概况", "每日"]
    tiles = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert tiles["取号数"] == 4 and tiles["等候目标内占比（%）"] == 66.7 and tiles["过号率（%）"] == 25.0
    days = list(book["每日"].iter_rows(values_only=True))
    assert days[0][:3] == ("日期", "取号数", "已办理")
    assert list(days[1]) == list(DAY_15.values()) and list(days[2]) == list(DAY_16.values())
    assert isinstance(days[1][3], float)   # numbers stay numbers


def test_exports_speak_the_readers_language(central, fortnight):
    central.http.cookies.set("console_lang", "en")
    try:
        summary, _ = _csv_sections(_get(central, fortnight, "/api/reports/dashboard", format="csv").content)
        book = load_workbook(io.BytesIO(_get(central, fortnight, "/api/reports/performance",
                                             format="xlsx").content))
    finally:
        central.http.cookies.clear()
    assert summary[:2] == [["Summary"], ["Figure", "Value"]] and summary[2] == ["Tickets", "4"]
    assert book.sheetnames == ["Staff", "Counters"]
    assert next(book["Staff"].iter_rows(values_only=True))[:3] == ("Name", "Served", "Mean service time (min)")


def test_performance_matches_the_hand_count(central, fortnight):
    report = _get(central, fortnight, "/api/reports/performance").json()
    staff = {r["name"]: {k: v for k, v in r.items() if k != "staff_id"} for r in report["staff"]}
    assert staff == {"Alice R": ALICE, "Bob R": BOB, "Manager R": MANAGER}
    counters = [{k: v for k, v in r.items() if k not in ("counter_id", "hall")} for r in report["counters"]]
    assert counters == [COUNTER_1, COUNTER_2]

    staff_csv, counter_csv = _csv_sections(_get(central, fortnight, "/api/reports/performance",
                                                format="csv").content)
    assert staff_csv[0] == ["工作人员"]
    assert staff_csv[1] == ["名称", "已办理", "平均办理时长（分钟）", "评价数", "满意度（5分制）",
                            "推荐就业", "推荐后录用", "过号"]
    rows = {r[0]: [_number(v) for v in r[1:]] for r in staff_csv[2:]}
    assert rows["Alice R"] == list(ALICE.values())[1:] and rows["Bob R"] == list(BOB.values())[1:]
    assert counter_csv[1][:3] == ["大厅", "名称", "已办理"]
    assert [_number(v) for v in counter_csv[3][2:]] == list(COUNTER_2.values())[1:]

    book = load_workbook(io.BytesIO(_get(central, fortnight, "/api/reports/performance", format="xlsx").content))
    assert book.sheetnames == ["工作人员", "窗口"]
    sheet = {row[0]: list(row[1:]) for row in book["工作人员"].iter_rows(min_row=2, values_only=True)}
    assert sheet["Alice R"] == list(ALICE.values())[1:] and sheet["Bob R"] == list(BOB.values())[1:]
    counters = list(book["窗口"].iter_rows(min_row=2, values_only=True))
    assert [list(r[1:]) for r in counters] == [list(COUNTER_1.values()), list(COUNTER_2.values())]


def test_performance_is_for_managers_only(central, fortnight):
    counsellor = central.staff_headers("alice-R", "alice-R-demo")
    for path in ("/api/reports/performance", "/console/reports/performance"):
        r = central.http.get(path, headers=counsellor, params=fortnight["params"])
        assert r.status_code == 403, (path, r.status_code)
    viewer = central.staff_headers("viewer", "viewer-demo")   # hall 1's viewer: another hall
    assert central.http.get("/api/reports/performance", headers=viewer,
                            params=fortnight["params"]).status_code == 404
    assert central.http.get("/api/reports/performance", headers=viewer).status_code == 403
    r = central.http.get("/api/reports/dashboard", headers=counsellor, params=fortnight["params"])
    assert r.status_code == 200 and r.json()["tiles"]["tickets"] == 4   # the dashboard is everyone's


def test_bad_formats_and_months_are_refused(central, fortnight):
    for path, params in (("/api/reports/dashboard", {"format": "pdf"}),
                         ("/api/reports/satisfaction", {"format": "xls"}),
                         ("/console/reports/monthly", {"month": "2026-13"}),
                         ("/console/reports/monthly", {"month": "октябрь"}),
                         ("/console/reports/monthly", {"month": "0000-01"}),
                         ("/console/reports/monthly", {"month": "9999-12"})):
        r = central.http.get(path, headers=fortnight["headers"], params=params)
        assert r.status_code == 422, (path, params, r.status_code)


def test_a_detailed_report_exports_as_a_workbook_with_words(central, fortnight):
    r = _get(central, fortnight, "/api/reports/no_shows", format="xlsx")
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows == [("业务", "在窗口结束", "过号"), ("求职登记", 4, 1)]   # 3 done, 1 no-show


def test_text_that_looks_like_a_formula_stays_text(central):
    """A visitor's search words reach the exports: they never run as a spreadsheet formula."""
    import uuid
    kiosk = central.kiosk_headers("formula")
    events = [{"key": uuid.uuid4().hex, "kind": "search", "occurred_at": "2025-06-06T03:00:00+00:00",
               "payload": {"query": '=HYPERLINK("http://x","y")', "results": 0}}]
    assert central.http.post("/api/kiosk/events", headers=kiosk, json={"events": events}).status_code == 200
    viewer = central.staff_headers("viewer", "viewer-demo")
    params = {"since": "2025-06-06", "until": "2025-06-06", "format": "xlsx"}
    r = central.http.get("/api/reports/top_searches", headers=viewer, params=params)
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("'=")
    r = central.http.get("/api/reports/top_searches", headers=viewer, params={**params, "format": "csv"})
    assert "'=HYPERLINK" in r.content.decode("utf-8-sig")


def test_monthly_summary_names_the_hall_and_the_month(central, fortnight):
    r = central.http.get("/console/reports/monthly", headers=fortnight["headers"],
                         params={"month": "2026-10", "hall": fortnight["hall"]})
    assert r.status_code == 200
    page = r.text
    assert "报表大厅 R" in page and "2026年10月" in page and "2026-10-01 – 2026-10-31" in page
    assert 'id="tile-tickets"' in page and "66.7" in page and "Alice R" in page
    shown = re.sub(r"<script.*?</script>|<[^>]+>", " ", page, flags=re.S)   # what a person reads
    assert not re.search(r"[a-z]+_[a-z_]+", shown), re.findall(r"[a-z]+_[a-z_]+", shown)


def test_terminal_uptime_follows_the_period(central, fortnight):
    """Uptime counts the chosen days, not always the last week: three samples on 10 September
    (10:00 and 10:05 ok, 10:10 degraded, hall time) count 5 + 5 + 7 (the grace) minutes of
    that day's 1,440, 10 of them with every device working."""
    from datetime import datetime, timezone

    from central.models import Kiosk
    from central.models.health import HealthSample
    september = datetime(2026, 9, 1, tzinfo=timezone.utc)
    with central.db.session() as s:
        kiosk = Kiosk(hall_id=fortnight["hall"], name="R-uptime", created_at=september,
                      enrolled_at=september)
        s.add(kiosk)
        s.flush()
        for minute, state in ((0, "ok"), (5, "ok"), (10, "degraded")):
            s.add(HealthSample(kiosk_id=kiosk.id, state=state,
                               at=datetime(2026, 9, 10, 2, minute, tzinfo=timezone.utc)))
        s.commit()

    def uptime(day: str) -> dict:
        rows = _get(central, fortnight, "/api/reports/terminal_uptime", since=day, until=day).json()
        return next(r for r in rows if r["terminal"] == "R-uptime")

    assert uptime("2026-09-10") == {"terminal": "R-uptime", "uptime_pct": 1.2,
                                    "all_devices_ok_pct": 0.7, "samples": 3}
    assert uptime("2026-09-11") == {"terminal": "R-uptime", "uptime_pct": 0.0,
                                    "all_devices_ok_pct": 0.0, "samples": 0}
    rows = _get(central, fortnight, "/api/reports/terminal_uptime", since="2026-08-01",
                until="2026-08-31").json()
    assert "R-uptime" not in {r["terminal"] for r in rows}   # not yet in the fleet then

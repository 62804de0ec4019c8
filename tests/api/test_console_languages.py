"""The terminal and releases pages (and the counter's erase question) in one language at a
time: Chinese for a staff member who chose Chinese, English otherwise, with devices, states,
scopes and times in words rather than the heartbeat's keys."""

from __future__ import annotations

import json
import re

from central.i18n import LANG_COOKIE
from central.models import Hall, StaffUser

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
BEAT = {"software_version": "0.1.0", "uptime_s": 5, "outbox_depth": 2, "free_disk_mb": 900,
        "devices": {"printer": {"state": "degraded", "reason": "paper_low"}, "idcard": {"state": "ok"}}}
# what the pages said in both languages at once before, one side of each pair
ENGLISH = ["All terminals", "Last seen", "Health, last 24 hours", "Commands", "Reload config",
           "Configuration", "History", "Save", "Roll-out progress", "Assign a release", "Releases",
           "Upload", "Latest rollbacks and refusals", "Every terminal", "Rolled back"]
FIELDS = ["idcard", "paper_low", ": ok", "UTC", ">kiosk<", ">fleet<"]


def _pages(central, lang: str) -> dict[str, str]:
    admin = central.staff_headers()
    kiosk = central.kiosk_headers("words-kiosk")
    assert central.http.post("/api/kiosk/heartbeat", headers=kiosk, json=BEAT).status_code == 200
    kid = central.http.get("/api/kiosk/me", headers=kiosk).json()["id"]
    r = central.http.put(f"/api/config/kiosk/{kid}", headers=admin,
                         json={"values": {"devices.printer.paper_width_mm": 58}, "note": "narrow roll"})
    assert r.status_code == 200, r.text
    pages = {}
    for path in (f"/console/terminals/{kid}", "/console/releases", "/console/counter"):
        page = central.http.get(path, headers=admin, cookies={LANG_COOKIE: lang})
        assert page.status_code == 200, (path, page.text[:300])
        # the switch to the other language is named in that language on purpose
        pages[path.split("/")[2]] = re.sub(r'<a class="lang-switch"[^>]*>[^<]*</a>', "", page.text)
    return pages


def _words(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="words">(.*?)</script>', page, re.S).group(1))


def test_the_english_pages_have_no_chinese(central):
    pages = _pages(central, "en")
    with central.db.session() as s:   # what staff typed: their names, a hall's with no English one
        typed = ({h.name for h in s.query(Hall) if not h.name_en}
                 | {u.full_name for u in s.query(StaffUser) if u.full_name})
    for name in ("terminals", "releases"):    # the counter's services and desks are named in Chinese
        page = pages[name]
        for text in typed:
            page = page.replace(text, "")
        assert not CJK.findall(page), (name, sorted(set(CJK.findall(page)))[:20])
    assert "应本人要求" not in pages["counter"]
    terminal = pages["terminals"]
    assert "ID card reader: working" in terminal and "Printer: degraded (paper low)" in terminal
    assert '<td class="src">Terminal</td><td class="src">at once</td>' in terminal
    assert not [f for f in FIELDS if f in terminal]
    assert _words(pages["releases"])["outcomes"]["install_failed"] == "Refused to install"
    assert _words(pages["counter"])["erase_confirm"].startswith("Delete this person's whole record")


def test_the_chinese_pages_have_no_english_pairs(central):
    pages = _pages(central, "zh_CN")
    for name, page in pages.items():
        found = [w for w in ENGLISH if w in page]
        assert not found, (name, found)
    terminal = pages["terminals"]
    assert "身份证读卡器: 正常" in terminal and "打印机: 降级 (纸将用尽)" in terminal
    assert '<td class="src">终端</td><td class="src">立即</td>' in terminal and "全部终端" in terminal
    assert not [f for f in FIELDS if f in terminal]
    words = _words(pages["releases"])
    assert words["scopes"] == {"fleet": "全部终端", "hall": "大厅", "kiosk": "终端"}
    assert words["outcomes"]["rolled_back"] == "已回滚"
    assert "不可撤销" in _words(pages["counter"])["erase_confirm"]


def test_the_last_beat_is_on_the_halls_clock(central):
    """The status line's time is the hall's (Asia/Shanghai: UTC+8), not UTC."""
    from datetime import timedelta

    from central.models import utcnow
    kiosk = central.kiosk_headers("clock-kiosk")
    central.http.post("/api/kiosk/heartbeat", headers=kiosk, json=BEAT)
    kid = central.http.get("/api/kiosk/me", headers=kiosk).json()["id"]
    page = central.http.get(f"/console/terminals/{kid}", headers=central.staff_headers(),
                            cookies={LANG_COOKIE: "en"}).text
    shown = re.search(r"Last seen: (\d{4}-\d\d-\d\d \d\d:\d\d)", page).group(1)
    now = utcnow() + timedelta(hours=8)
    assert shown in {(now - timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M") for m in (0, 1)}

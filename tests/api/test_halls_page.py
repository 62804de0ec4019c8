"""The Halls page (/console/halls) over HTTP: admins only (an admin is the city's: every
hall), a change checked by the power schedule's rule, audited, CSRF-guarded, and read back by
the terminals' schedule."""

from __future__ import annotations

import re

from sqlalchemy import select

from central.i18n import LANG_COOKIE
from central.models import Hall
from central.models.fleet import AuditEntry
from tests.factories import hall_records, staff_in_hall

FORM = {"name": "第二大厅", "name_en": "Hall Two", "address": "人民路 2 号", "timezone": "Asia/Shanghai",
        "wait_target_min": "25", "wake_before_min": "20", "open_1": "08:30", "close_1": "17:30",
        "open_6": "09:00", "close_6": "12:00"}


def _csrf(central, headers, hall_id: int) -> str:
    page = central.http.get(f"/console/halls/{hall_id}", headers=headers)
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)


def test_admins_edit_every_hall_and_managers_none(central):
    hall_records(central.db, 2, "hp2")
    staff_in_hall(central.db, "hall2-boss", "hall-two-boss", 2, "hall_manager")
    own = central.staff_headers()
    listing = central.http.get("/console/halls", headers=own)
    assert listing.status_code == 200 and {"1", "2"} <= set(re.findall(r'data-hall="(\d+)"', listing.text))
    assert 'href="/console/halls"' in listing.text          # the nav entry, for admins
    for user, password in (("manager", "manager-demo"), ("hall2-boss", "hall-two-boss")):
        manager = central.staff_headers(user, password)
        assert central.http.get("/console/halls", headers=manager).status_code == 403
        assert central.http.get("/console/halls/2", headers=manager).status_code in (403, 404)
        assert central.http.post("/console/halls/2", headers=manager, data=FORM).status_code == 403
        assert 'href="/console/halls"' not in central.http.get("/console/fleet", headers=manager).text
    # the header names the hall a role is in, in the page's language
    with central.db.session() as s:
        hall_one = s.get(Hall, 1)
        names = hall_one.name, hall_one.name_en or hall_one.name
    header = central.http.get("/console/fleet", headers=central.staff_headers("manager", "manager-demo")).text
    assert f"({names[0]})" in header and "第 1 大厅" not in header
    english = central.http.get("/console/fleet", headers=central.staff_headers("manager", "manager-demo"),
                               cookies={LANG_COOKIE: "en"}).text
    assert f"({names[1]})" in english

    r = central.http.post("/console/halls/2", headers=own, data={**FORM, "csrf": _csrf(central, own, 2)},
                          follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/halls?saved=2"
    with central.db.session() as s:
        hall = s.get(Hall, 2)
        assert (hall.name, hall.name_en, hall.wait_target_min, hall.wake_before_min) == \
            ("第二大厅", "Hall Two", 25, 20)
        assert hall.opening_hours == {"1": ["08:30", "17:30"], "6": ["09:00", "12:00"]}
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "hall_update")
                          .order_by(AuditEntry.id.desc())).first()
        assert entry.target == "hall:2" and "opening_hours" in entry.detail
    terminal = central.kiosk_headers("hp2-terminal")
    # kiosk_headers enrols in hall 1; hall 1's schedule is untouched
    assert central.http.get("/api/kiosk/schedule", headers=terminal).json()["opening_hours"] == {}
    assert central.http.post("/console/halls/999", headers=own,
                             data={**FORM, "csrf": _csrf(central, own, 2)}).status_code == 404


def test_bad_values_are_refused_with_a_reason_and_change_nothing(central):
    admin = central.staff_headers()
    with central.db.session() as s:
        before = (s.get(Hall, 1).name, dict(s.get(Hall, 1).opening_hours))
    for change, words in (({"close_1": ""}, "营业时间或时区未被接受"), ({"timezone": "Mars/Olympus"}, "Mars/Olympus"),
                          ({"wait_target_min": "many"}, "等候目标"), ({"name": ""}, "名称"),
                          ({"open_2": "25:00", "close_2": "26:00"}, "25:00"),
                          ({"wake_before_min": "999"}, "开门前唤醒屏幕"), ({"name": "x\x00y"}, "名称")):
        r = central.http.post("/console/halls/1", headers=admin,
                              data={**FORM, **change, "csrf": _csrf(central, admin, 1)})
        assert r.status_code == 400 and words in r.text, (change, r.status_code, r.text[-400:])
    assert central.http.post("/console/halls/1", headers=admin, data=FORM).status_code == 403  # no CSRF
    with central.db.session() as s:
        assert (s.get(Hall, 1).name, dict(s.get(Hall, 1).opening_hours)) == before

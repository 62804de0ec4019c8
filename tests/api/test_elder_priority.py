"""A hall's priority rule by age, over HTTP on SQLite and PostgreSQL: with the "elderly"
rule from 60, a visitor whose card the terminal proved it read and whose number says 60 or
more gets the group at once; a younger one, or one without the card's proof, does not."""

from __future__ import annotations

import uuid

from central.models.queue import PriorityRule, Ticket
from devices.idcard.text import id_check_digit

CARD = {"source": "idcard", "issuer": "北京市公安局东城分局", "valid_from": "20160611",
        "valid_to": "20360611"}


def number(born: str, serial: str) -> str:
    first = f"110101{born}{serial}"
    return first + id_check_digit(first)


def issue(central, headers, person):
    r = central.http.post("/api/kiosk/tickets", headers=headers,
                          json={"key": uuid.uuid4().hex, "service_code": "job_seeker_registration",
                                "person": person})
    assert r.status_code == 200, r.text
    with central.db.session() as s:
        return s.get(Ticket, r.json()["id"]) if "id" in r.json() else \
            s.query(Ticket).filter_by(label=r.json()["label"]).order_by(Ticket.id.desc()).first()


def test_visitors_of_the_rules_age_are_served_first(central):
    staff = central.staff_headers()
    refused = central.http.put("/api/halls/1/priority-rules", headers=staff,
                               json=[{"group": "disabled", "weight": 2, "min_age": 60}])
    assert 400 <= refused.status_code < 500
    too_young = central.http.put("/api/halls/1/priority-rules", headers=staff,
                                 json=[{"group": "elderly", "weight": 2, "min_age": 12}])
    assert too_young.status_code == 422
    r = central.http.put("/api/halls/1/priority-rules", headers=staff,
                         json=[{"group": "elderly", "weight": 3, "active": True, "min_age": 60}])
    assert r.status_code == 200, r.text
    assert {"group": "elderly", "weight": 3, "active": True, "min_age": 60} in r.json()

    terminal = central.kiosk_headers("elder-priority")
    old = number("19500307", "401")
    old_ticket = issue(central, terminal, {"id_number": old, "name": "王老", "card": CARD})
    assert old_ticket.priority_group == "elderly" and old_ticket.priority == 3
    young = issue(central, terminal, {"id_number": number("19900307", "402"), "name": "王小",
                                      "card": CARD})
    assert young.priority_group is None and young.priority == 0
    unproven = issue(central, terminal, {"id_number": number("19480101", "403"), "name": "赵老"})
    assert unproven.priority_group is None

    with central.db.session() as s:   # the rule off: nobody by age
        rule = s.query(PriorityRule).filter_by(hall_id=1, group="elderly").one()
        rule.min_age = None
        s.commit()
    again = issue(central, terminal, {"id_number": number("19450101", "404"), "name": "钱老",
                                      "card": CARD})
    assert again.priority_group is None

"""Case management at the terminal, in the real window against the real central service:
job-seeker registration in steps, the matching postings on the home screen, the difficulty
check and its ticket, and "my progress" with the named counsellor and cases."""

from __future__ import annotations

from collections import Counter as Tally

from devices.idcard.emulator import DEMO_CARDS


def identify(ui, idcard, card: int = 0, consent: bool = False):
    ui.reader_free()
    idcard.insert(card)
    ui.wait(lambda: ui.screen() == "identify" and ui.app.services.session.identified, 8,
            lambda: f"the card did not identify the visitor: {ui.card_state(idcard)}")
    if consent:   # what they do today goes on their service record (their tickets too)
        ui.tap(ui.app.screens["identify"].ids.consent_button)
        assert ui.app.services.session.consent
    ui.tap(ui.app.screens["identify"].ids.done_button)
    ui.wait(lambda: ui.screen() == "home", 5, "Continue did not lead home")


def button(grid, value):
    """The option button of ``grid`` that means ``value``."""
    return next(b for b in grid.children if b.value == value)


def common_occupation(store) -> tuple[str, str]:
    """The occupation (code, name) with the most postings this terminal holds."""
    jobs = store.search("", {}, "newest", 500).items
    code, _ = Tally(j["occupation_code"] for j in jobs).most_common(1)[0]
    return code, next(j["occupation_name"] for j in jobs if j["occupation_code"] == code)


def initials(name: str) -> str:
    from pypinyin import lazy_pinyin
    return "".join(s[0] for s in lazy_pinyin(name))


def start_registration(ui, shoot: bool = False):
    """From the home screen to the registration's occupations step; the screen."""
    ui.tap(ui.app.screens["home"].ids.tile_registration)
    ui.wait(lambda: ui.screen() == "registration", 5, "the tile did not open the registration")
    reg = ui.app.screens["registration"]
    ui.wait(lambda: reg.step == "consent", 5, "registration not at its start")
    if shoot:
        ui.shot("registration-consent-zh")
    ui.tap(reg.ids.agree_button)
    ui.wait(lambda: reg.step == "occupations", 5, "agreeing did not start")
    ui.pump(2)
    return reg


def choose_found(ui, reg, code: str) -> None:
    """Tap occupation ``code`` among what the visitor's text found."""
    ui.wait(lambda: any(b.value["code"] == code for b in reg.ids.results_grid.children), 8,
            f"{reg.query!r} did not find {code}")
    ui.tap(next(b for b in reg.ids.results_grid.children if b.value["code"] == code))
    ui.wait(lambda: any(o["code"] == code for o in reg.draft.occupations), 5,
            "the occupation was not chosen")


def register(ui, store, shoot: bool = False):
    """Register from the home screen: the most common occupation, any pay, full-time."""
    reg = start_registration(ui, shoot)
    code, name = common_occupation(store)
    small = ui.undersized(reg.ids.typing)
    assert not small, f"registration keys narrower than a finger (64 px): {small}"
    for letter in initials(name):
        reg.ids.typing.keyboard.press(letter)
    choose_found(ui, reg, code)
    assert name in reg.ids.chosen_grid.children[0].text
    if shoot:
        ui.shot("registration-zh")
        ui.app.toggle_language()
        ui.pump(3)
        ui.shot("registration-en")
        ui.app.toggle_language()
    answer_the_rest_and_send(ui, reg, name, shoot)
    return reg, code


def answer_the_rest_and_send(ui, reg, name: str, shoot: bool = False) -> None:
    """From the occupations step with ``name`` chosen: any pay, anywhere, a master's
    degree, full- or part-time; then the review and send."""
    ui.tap(reg.ids.next_button)
    ui.wait(lambda: reg.step == "pay", 5, "not on to pay: " + reg.step)
    ui.pump(2)
    if shoot:
        ui.shot("registration-pay-zh")
    ui.tap(button(reg.ids.pay_grid, None))          # any pay: one tap moves on
    ui.wait(lambda: reg.step == "districts", 5, "not on to districts: " + reg.step)
    ui.pump(2)
    ui.wait(lambda: reg.ids.districts_grid.children, 5, "no districts offered")
    if shoot:
        ui.shot("registration-districts-zh")
    ui.tap(reg.ids.next_button)                     # none: anywhere in the city
    ui.wait(lambda: reg.step == "education", 5, "not on to education: " + reg.step)
    ui.pump(2)
    ui.tap(button(reg.ids.education_grid, "master"))
    ui.wait(lambda: reg.step == "availability", 5, "not on to availability: " + reg.step)
    ui.pump(2)
    ui.tap(button(reg.ids.availability_grid, "any"))
    ui.wait(lambda: reg.step == "review", 5, "not on to review: " + reg.step)
    ui.pump(3)
    assert name in reg.summary
    if shoot:
        ui.shot("registration-review-zh")
    ui.tap(reg.ids.send_button)
    ui.wait(lambda: reg.step == "saved", 8, lambda: f"not saved: {reg.message}")


def test_registration_then_matching_jobs_on_home(fresh, central_up, synced, emulators):
    ui, idcard = fresh, emulators["idcard"]
    identify(ui, idcard)
    try:
        reg, code = register(ui, synced, shoot=True)
        ui.shot("registration-saved-zh")
        home = ui.app.screens["home"]
        ui.tap(reg.ids.home_button)
        ui.wait(lambda: ui.screen() == "home" and home.matches > 0, 8,
                "the home screen does not say how many postings match")
        held = [j["id"] for j in synced.search("", {}, "newest", 500).items
                if j["occupation_code"] == code]
        assert set(home.match_ids) & set(held), "the matches are not the registration's postings"
        ui.pump(3)
        ui.shot("home-matches-zh")
        ui.app.toggle_language()
        ui.pump(3)
        assert home.ids.matches_button.text.startswith(f"{home.matches} jobs match")
        ui.shot("home-matches-en")
        ui.app.toggle_language()
        ui.pump(2)
        ui.tap(home.ids.matches_button)
        jobs = ui.app.screens["jobs"]
        ui.wait(lambda: ui.screen() == "jobs" and jobs.results, 8)
        shown = [card["job_id"] for card in jobs.results]
        assert shown == [i for i in home.match_ids if synced.get_job(i)]   # exactly those
        ui.shot("jobs-matches-zh")
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)
    session = ui.app.services.session
    assert session.is_empty() and ui.app.screens["registration"].step == "consent"
    assert ui.app.screens["home"].matches == 0 and ui.app.screens["jobs"].only_ids == []


def take_check(ui, answers: dict[str, str], shoot: bool = False):
    if ui.screen() != "difficulty":
        ui.tap(ui.app.screens["home"].ids.tile_difficulty)
    ui.wait(lambda: ui.screen() == "difficulty", 5, "the check did not open")
    check = ui.app.screens["difficulty"]
    ui.wait(lambda: check.stage == "intro", 5, "the check is not at its start")
    if shoot:
        ui.shot("difficulty-intro-zh")
    ui.tap(check.ids.start_button)
    from hallcore.difficulty import QUESTIONS
    for n, question in enumerate(QUESTIONS):
        ui.wait(lambda: check.stage == "question" and check.index == n, 5,
                lambda: f"question {n} not shown: {check.stage} {check.index} {check.message}")
        ui.pump(2)
        if shoot and n == 0:
            ui.shot("difficulty-zh")
            ui.app.toggle_language()
            ui.pump(3)
            ui.shot("difficulty-en")
            ui.app.toggle_language()
            ui.pump(2)
        if question.id in answers:
            ui.tap(button(check.ids.options, answers[question.id]))
        else:
            ui.tap(check.ids.skip_button)
    ui.wait(lambda: check.stage == "result", 8, lambda: f"no result: {check.message}")
    ui.pump(3)
    return check


#: a year out of work and more obstacles: tier 3 (hallcore.difficulty's rule 1c)
HARD = {"out_of_work": "12m_plus", "last_job_end": "laid_off", "skills": "partly",
        "health": "no_limit", "caring": "no_care", "age": "age_some", "transport": "travel_easy",
        "confidence": "unsure"}


def test_difficulty_check_proposes_a_tier_and_offers_its_ticket(fresh, central_up, synced, emulators):
    ui, idcard = fresh, emulators["idcard"]
    identify(ui, idcard)
    try:
        check = take_check(ui, HARD, shoot=True)
        assert check.result["tier"] == 3 and not check.local
        assert "专人" in check.ids.tier_name.text or "重点" in check.ids.tier_name.text \
            or check.ids.tier_name.text
        assert "确认" in check.ids.confirm_note.text
        ui.shot("difficulty-result-zh")
        ui.app.toggle_language()
        ui.pump(3)
        assert "confirm" in check.ids.confirm_note.text
        ui.shot("difficulty-result-en")
        ui.app.toggle_language()
        ui.pump(2)
        ui.tap(check.ids.ticket_button)
        queue = ui.app.screens["queue"]
        ui.wait(lambda: ui.screen() == "queue" and queue.stage == "documents")
        assert queue.chosen["code"] == "difficulty_certification"
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)
    assert ui.app.screens["difficulty"].result == {} and ui.app.services.session.is_empty()


# -- the loop of issue 17's "Done when" --------------------------------------------------------

def staff(central, who="counsellor1"):
    return central.staff_headers(who, "counsellor-demo")


def serve(central, headers, counter_id, label):
    """Call at the counter until ``label`` comes up (finishing the others); that ticket."""
    for _ in range(50):
        called = central.http.post(f"/api/counters/{counter_id}/call-next", headers=headers).json()
        assert called is not None, f"{label} never came to counter {counter_id}"
        if called["label"] == label:
            return called
        central.http.post(f"/api/tickets/{called['id']}/finish", json={}, headers=headers)
    raise AssertionError("queue too long")


def progress_shown(ui):
    """Open "my progress" and wait for the visitor's record; the screen."""
    if ui.screen() == "progress":
        ui.go("home")
    ui.go("progress")     # its entry asks the service again (and shows nothing meanwhile)
    progress = ui.app.screens["progress"]
    ui.wait(lambda: progress.loaded, 8, lambda: f"progress not shown: {progress.message}")
    ui.pump(3)
    return progress


def test_the_loop_from_registration_to_a_case_closed_on_time_and_the_reports(
        fresh, central_up, synced, emulators):
    """One person registers and takes the difficulty check at the terminal; a counsellor
    confirms the tier and becomes the named counsellor; the person's next ticket routes to
    that counter; a case opens, is sent back with two missing documents that "my progress"
    lists, and closes on time; a follow-up is logged; the reports count it all."""
    from central.halltime import hall_today
    from central.models import Service, StaffUser
    from central.models.queue import Ticket
    from central.services.identity import IdentityKeys, find_person
    ui, idcard, central = fresh, emulators["idcard"], central_up
    card = DEMO_CARDS[1]
    with central.db.session() as s:   # an empty queue: the counter calls our visitor soon
        s.query(Ticket).filter(Ticket.status.in_(("waiting", "called"))).update(
            {Ticket.status: "done"}, synchronize_session=False)
        s.commit()
        c1 = s.query(StaffUser).filter_by(username="counsellor1").one()
        c1_id, counter_id = c1.id, c1.counter_id
        service = s.query(Service).filter_by(hall_id=1, code="unemployment_registration").one()
        documents = service.documents
    identify(ui, idcard, card=1, consent=True)
    try:
        # 1. at the terminal: registration and the difficulty check
        reg, code = register(ui, synced)
        ui.tap(reg.ids.difficulty_button)   # the saved registration offers the check
        check = take_check(ui, HARD)
        assert check.result["tier"] == 3 and not check.local
        with central.db.session() as s:
            keys = IdentityKeys({1: "development-only-secret-change-me"}, 1)
            person_id = find_person(s, keys, card["id_number"], create=False).id

        # 2. a counsellor confirms the tier and becomes the named counsellor
        page = central.http.post(f"/api/people/{person_id}/profile", headers=staff(central),
                                 json={"tier": 3, "counsellor_id": c1_id}).json()
        assert (page["tier"], page["tier_proposed"], page["counsellor"]) == (3, 3, "李老师")
        assert page["registration"]["occupations"][0]["code"] == code

        # 3. the person's next ticket, taken at the terminal, routes to that counter
        ui.go("home")
        ui.tap(ui.app.screens["home"].ids.tile_queue)
        ui.wait(lambda: ui.screen() == "queue", 5)
        queue = ui.app.screens["queue"]
        ui.wait(lambda: queue.ids.service_grid.children, 5)
        ui.tap(next(b for b in queue.ids.service_grid.children if b.code == service.code))
        ui.wait(lambda: queue.stage == "documents")
        ui.tap(queue.ids.confirm_button)
        ui.wait(lambda: queue.stage == "ticket", 8, lambda: f"no ticket: {queue.message}")
        assert queue.ticket["routed_counter"] == "1号窗口" and not queue.offline_ticket
        assert "您的专属顾问将在1号窗口为您办理" in queue.ids.ticket_info.text

        # 4. the counsellor serves it and a case opens; it goes back for two documents
        called = serve(central, staff(central), counter_id, queue.ticket["label"])
        finished = central.http.post(f"/api/tickets/{called['id']}/finish", headers=staff(central),
                                     json={"note": "材料待补", "open_case": True})
        assert finished.status_code == 200, finished.text
        case = central.http.post(f"/api/tickets/{called['id']}/case", headers=staff(central)).json()
        act = lambda body: central.http.post(f"/api/cases/{case['id']}/action",  # noqa: E731
                                             json=body, headers=staff(central))
        sent = act({"action": "send_back", "missing": [1, 2], "note": "缺两份材料"})
        assert sent.status_code == 200, sent.text

        # 5. "my progress" shows the counsellor, the case and each missing document
        progress = progress_shown(ui)
        body = progress.body
        assert "您的专属顾问[/b]\n  李老师，1号窗口" in body
        assert "失业登记  —  已退回：材料不全" in body and "请补齐以下材料" in body
        assert f"1. {documents[1]['name']}" in body and f"2. {documents[2]['name']}" in body
        today = hall_today()
        assert f"{today.year}年{today.month}月{today.day}日受理" in body and "-" not in body.split("承诺")[1][:12]
        ui.shot("progress-cases-zh")
        ui.app.toggle_language()
        ui.pump(4)
        assert documents[1]["name_en"] in progress.body and "Sent back" in progress.body
        ui.shot("progress-cases-en")
        ui.app.toggle_language()
        ui.pump(2)

        # 6. the documents come, the case closes on time, and the visitor sees it done
        assert act({"action": "review"}).status_code == 200
        done = act({"action": "done"}).json()
        assert done["state"] == "done" and done["on_time"] is True
        progress = progress_shown(ui)
        assert "失业登记  —  已办结" in progress.body and "请补齐以下材料" not in progress.body
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)
    assert ui.app.services.session.is_empty() and ui.app.screens["progress"].body == ""

    # 7. a follow-up is logged, and the counsellor's caseload has the person
    r = central.http.post(f"/api/people/{person_id}/follow-ups", headers=staff(central),
                          json={"kind": "phone", "outcome": "材料已补齐，推荐岗位两个",
                                "next_on": today.isoformat()})
    assert r.status_code == 200, r.text
    caseload = central.http.get("/api/caseload", headers=staff(central)).json()
    assert any(row["person_id"] == person_id and row["tier"] == 3 for row in caseload)

    # 8. the reports show it
    viewer = central.staff_headers("viewer", "viewer-demo")
    report = lambda name: central.http.get(f"/api/casework-reports/{name}",  # noqa: E731
                                           headers=viewer).json()
    demand = next(row for row in report("supply_demand_occupation") if row["occupation"] == code)
    assert demand["seekers"] >= 1 and demand["vacancies"] > 0
    cases = next(row for row in report("cases_on_time") if row["service"] == "失业登记")
    assert cases["closed"] >= 1 and cases["closed_on_time"] == cases["closed"]
    assert cases["on_time_share"] == 1.0
    mine = next(row for row in report("caseload") if row["counsellor"] == "李老师")
    assert mine["people"] >= 1 and mine["tier_3"] >= 1
    assert next(row for row in report("tier_mix") if row["tier"] == 3)["people"] >= 1
    assert next(row for row in report("follow_ups") if row["counsellor"] == "李老师")["logged"] >= 1
    assert {"from_tier": None, "to_tier": 3, "people": 1} in report("tier_movement")

"""Case management at the terminal, in the real window against the real central service:
job-seeker registration in steps, the matching postings on the home screen, the difficulty
check and its ticket, and "my progress" with the named counsellor and cases."""

from __future__ import annotations

from collections import Counter as Tally

import pytest

from devices.idcard.emulator import DEMO_CARDS


@pytest.fixture(scope="module")
def synced(ui, central_up):
    """The terminal holds the service's postings, services and quiz bundle (occupations)."""
    store = ui.app.services.store
    store.put("quiz_etag", "")
    ui.app.services.sync.run_once()
    assert store.quiz_bank() is not None and store.job_count() > 0
    return store


def identify(ui, idcard, card: int = 0):
    idcard.insert(card)
    ui.wait(lambda: ui.screen() == "identify" and ui.app.services.session.identified, 8,
            "the card did not identify the visitor")
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


def register(ui, store, shoot: bool = False):
    """Register from the home screen: the most common occupation, any pay, full-time."""
    reg = ui.app.screens.get("registration") or ui.app._add_screen("registration")
    ui.tap(ui.app.screens["home"].ids.tile_registration)
    ui.wait(lambda: ui.screen() == "registration" and reg.step == "consent", 5,
            f"registration not at its start: {ui.screen()} {reg.step}")
    if shoot:
        ui.shot("registration-consent-zh")
    ui.tap(reg.ids.agree_button)
    ui.wait(lambda: reg.step == "occupations", 5, "agreeing did not start")
    code, name = common_occupation(store)
    for letter in initials(name):
        reg.ids.keyboard.press(letter)
    ui.wait(lambda: any(b.value["code"] == code for b in reg.ids.results_grid.children), 8,
            f"typing {initials(name)} did not find {name}")
    ui.tap(next(b for b in reg.ids.results_grid.children if b.value["code"] == code))
    ui.wait(lambda: reg.ids.chosen_grid.children, 5, "the occupation was not chosen")
    assert name in reg.ids.chosen_grid.children[0].text
    if shoot:
        ui.shot("registration-zh")
        ui.app.toggle_language()
        ui.pump(3)
        ui.shot("registration-en")
        ui.app.toggle_language()
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
    ui.wait(lambda: reg.step == "saved", 8, f"not saved: {reg.message}")
    return reg, code


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
    check = ui.app.screens.get("difficulty") or ui.app._add_screen("difficulty")
    ui.tap(ui.app.screens["home"].ids.tile_difficulty)
    ui.wait(lambda: ui.screen() == "difficulty" and check.stage == "intro")
    if shoot:
        ui.shot("difficulty-intro-zh")
    ui.tap(check.ids.start_button)
    from hallcore.difficulty import QUESTIONS
    for n, question in enumerate(QUESTIONS):
        ui.wait(lambda: check.stage == "question" and check.index == n)
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
    ui.wait(lambda: check.stage == "result", 8, f"no result: {check.message}")
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

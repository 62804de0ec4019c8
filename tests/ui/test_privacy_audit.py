"""After a visitor leaves, nothing identifying is left: not on screen, in the store file,
in the logs, or in temp files; and the heartbeat's error list is scrubbed."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from devices.idcard.emulator import DEMO_CARDS


def casework_begun(ui):
    """The visitor starts a job-seeker registration and the difficulty check (the terminal is
    offline here: nothing is sent, the proposal is worked out on the terminal)."""
    from hallcore.difficulty import QUESTIONS
    ui.go("registration")
    registration = ui.app.screens["registration"]
    ui.tap(registration.ids.agree_button)
    ui.wait(lambda: registration.step == "occupations")
    registration.choose({"code": "2-06-03-00", "name": "会计", "name_en": "Accountant"})
    registration.ids.typing.keyboard.press("k")
    registration.step = "education"
    ui.pump(2)
    ui.tap(next(b for b in registration.ids.education_grid.children if b.value == "bachelor"))
    registration.step = "review"
    ui.pump(2)
    assert "会计" in registration.summary
    ui.go("difficulty")
    check = ui.app.screens["difficulty"]
    ui.tap(check.ids.start_button)
    for question in QUESTIONS:
        ui.wait(lambda: check.stage == "question" and check.ids.options.children)
        ui.tap(check.ids.options.children[-1])
    ui.wait(lambda: check.stage == "result", 8, "no proposal offline")
    assert check.local and check.ids.tier_name.text
    return registration, check


def test_nothing_identifying_remains_after_a_session(fresh, emulators, caplog):
    ui, idcard = fresh, emulators["idcard"]
    card = DEMO_CARDS[1]
    number, name = card["id_number"], card["name"]
    tmp_before = set(os.listdir(tempfile.gettempdir()))
    caplog.set_level(logging.DEBUG)
    ui.reader_free()
    idcard.insert(1)
    try:
        ui.wait(lambda: ui.app.services.session.identified, 8)
        ui.go("jobs")
        ui.app.screens["jobs"].ids.typing.keyboard.press("k")
        registration, check = casework_begun(ui)
        ui.go("home")
        screen_text = " ".join(ui.texts(ui.app.root))
        assert number not in screen_text and name not in screen_text
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)
    ui.pump(5)
    assert ui.app.services.session.is_empty()
    assert ui.app.identity_label == "" and ui.app.screens["jobs"].query == ""
    # the registration's draft and the difficulty check's answers went with the session
    assert registration.step == "consent" and registration.query == "" and registration.summary == ""
    assert not registration.ids.chosen_grid.children and not registration.ids.review_grid.children
    assert not any(b.selected for b in registration.ids.education_grid.children)
    assert check.stage == "intro" and check.result == {} and check.question == ""
    assert not check.ids.options.children and check.ids.tier_name.text == ""
    home = ui.app.screens["home"]
    assert home.matches == 0 and home.match_ids == [] and ui.app.screens["jobs"].only_ids == []
    store_path = Path(ui.app.settings.store.path)
    blobs = [p.read_bytes() for p in store_path.parent.glob(store_path.name + "*")]
    for needle in (number.encode(), name.encode("utf-8"), name.encode("utf-16-le")):
        assert not any(needle in b for b in blobs), "identity found in the terminal's store files"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert number not in logged and name not in logged
    import re
    assert not re.search(r"\b(kt|st)_[A-Za-z0-9_-]{20,}", logged)  # no token of either kind
    new_tmp = set(os.listdir(tempfile.gettempdir())) - tmp_before
    for entry in new_tmp:
        path = Path(tempfile.gettempdir()) / entry
        if path.is_file():
            assert number.encode() not in path.read_bytes()
    fleet = ui.app.services.fleet
    fleet.note_error(f"read failed for {number}")
    assert number not in " ".join(fleet.errors)

"""After a visitor leaves, nothing identifying is left: not on screen, in the store file,
in the logs, or in temp files; and the heartbeat's error list is scrubbed."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from devices.idcard.emulator import DEMO_CARDS


def test_nothing_identifying_remains_after_a_session(fresh, emulators, caplog):
    ui, idcard = fresh, emulators["idcard"]
    card = DEMO_CARDS[1]
    number, name = card["id_number"], card["name"]
    tmp_before = set(os.listdir(tempfile.gettempdir()))
    caplog.set_level(logging.DEBUG)
    idcard.insert(1)
    try:
        ui.wait(lambda: ui.app.services.session.identified, 8)
        ui.go("jobs")
        ui.app.screens["jobs"].ids.keyboard.press("k")
        ui.go("home")
        screen_text = " ".join(ui.texts(ui.app.root))
        assert number not in screen_text and name not in screen_text
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)
    ui.pump(5)
    assert ui.app.services.session.is_empty()
    assert ui.app.identity_label == "" and ui.app.screens["jobs"].query == ""
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

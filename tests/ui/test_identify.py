"""Identification at the terminal with the ID card reader emulator on a real pty."""

from __future__ import annotations


def test_card_identifies_masks_and_ends_on_removal(fresh, emulators):
    ui, idcard = fresh, emulators["idcard"]
    idcard.insert(0)
    try:
        ui.wait(lambda: ui.screen() == "identify" and ui.app.services.session.identified, 8,
                "the card did not identify the visitor")
        ui.pump(5)
        shown = ui.app.screens["identify"].ids.masked_identity.text
        assert shown == "张**  110101********1233"
        assert "110101199003071233" not in " ".join(ui.texts(ui.app.root))
        assert "110101********1233" in ui.app.identity_label
        ui.tap(ui.app.screens["identify"].ids.consent_button)
        assert ui.app.services.session.consent
        ui.shot("identify_card_zh")
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8, "taking the card away did not end the session")
    assert ui.app.services.session.is_empty()


def test_unreadable_card_shows_a_message_and_retry(fresh, emulators):
    ui, idcard = fresh, emulators["idcard"]
    idcard.inject("sam_error", sticky=True)
    idcard.insert(0)
    try:
        ui.wait(lambda: ui.screen() == "identify" and ui.app.screens["identify"].message, 10,
                "no message for an unreadable card")
        ui.pump(5)
        assert any("读卡失败" in t for t in ui.texts())
        ui.shot("identify_error_zh")
    finally:
        idcard.inject(None)
        idcard.remove()


def test_maintenance_test_print_reaches_the_printer(fresh, emulators):
    ui, printer = fresh, emulators["printer"]
    ui.go("maintenance")
    before = len(printer.receipts)
    ui.tap(ui.app.screens["maintenance"].ids.test_print_button)
    assert printer.wait_for_receipts(before + 1, 5)
    ui.wait(lambda: ui.app.screens["maintenance"].message == "已打印", 5)
    ui.app.screens["maintenance"].refresh()
    ui.pump(3)
    assert any("printer: ok" in t for t in ui.texts())
    ui.shot("maintenance_health_zh")

"""Identification at the terminal with the ID card reader emulator on a real pty."""

from __future__ import annotations

from devices.camera.emulator import qr_frame
from tests.ui.test_device_faults import hall_seen_again, swap


def fits(label) -> bool:
    """The label's whole text, drawn at its size, fits its width (nothing shortened)."""
    from kivy.core.text import Label as CoreLabel
    whole = CoreLabel(text=label.text, font_size=label.font_size, bold=label.bold,
                      font_name=label.font_name)
    whole.refresh()
    return 0 < whole.texture.size[0] <= label.width


def test_card_identifies_masks_and_ends_on_removal(fresh, emulators):
    ui, idcard = fresh, emulators["idcard"]
    ui.reader_free()
    idcard.insert(0)
    try:
        ui.wait(lambda: ui.screen() == "identify" and ui.app.services.session.identified, 8,
                lambda: f"the card did not identify the visitor: {ui.card_state(idcard)}")
        ui.pump(5)
        shown = ui.app.screens["identify"].ids.masked_identity.text
        assert shown == "张**  110***********1233"
        assert "110101199003071233" not in " ".join(ui.texts(ui.app.root))
        assert "110***********1233" in ui.app.identity_label
        bar = ui.app.topbar.ids   # the hall's name and the visitor, both whole in the top bar
        assert fits(bar.hall_label) and fits(bar.identity_marker)
        assert bar.identity_marker.text == ui.app.identity_label
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
    ui.reader_free()
    idcard.insert(0)
    try:
        ui.wait(lambda: ui.screen() == "identify" and ui.app.screens["identify"].message, 10,
                lambda: f"no message for an unreadable card: {ui.card_state(idcard)}")
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


def test_only_the_ways_in_this_terminal_has_are_offered(fresh):
    """``app.devices_working`` holds the devices enabled in config: the screen offers those."""
    ui, working = fresh, fresh.app.devices_working
    saved = dict(working)
    identify = ui.open_from_home("identify_button", "identify")
    ids = identify.ids
    try:
        assert ids.option_idcard.width > 400 and ids.option_smartcard.width > 400
        assert ids.no_way_in.text == ""
        home = ui.app.screens["home"]
        assert not [text for text in ui.texts(identify) + ui.texts(home) if "手机" in text], \
            "phone sign-in is offered"
        del working["smartcard"]   # as on a terminal with devices.smartcard.enabled = false
        ui.pump(3)
        assert ids.option_smartcard.width == 0 and ids.option_smartcard.disabled
        assert ids.option_idcard.width > 1000
        ui.shot("identify_idcard_only_zh")
        del working["idcard"]
        ui.pump(3)
        assert ids.option_idcard.width == 0
        assert ids.no_way_in.text == "本机没有读卡设备，请到服务台办理。"
        ui.shot("identify_no_reader_zh")
    finally:
        working.update(saved)


def test_a_phone_held_up_to_sign_in_is_told_to_use_a_card(fresh, emulators):
    ui, camera = fresh, emulators["camera"]
    identify = ui.open_from_home("identify_button", "identify")
    with hall_seen_again(ui, camera):
        swap(ui, camera, camera.hall(3) + [qr_frame("HKS1:abcdefghijklmnop0123", 220, seed=i) for i in range(6)])
        ui.wait(lambda: identify.message, 8, "the phone's sign-in code was not answered")
        assert "本终端暂不支持手机扫码登录，请使用证件。" in ui.texts()
        assert ui.screen() == "identify" and not ui.app.services.session.identified
        ui.shot("identify_phone_refused_zh")

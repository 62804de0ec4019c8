"""Devices failing in the middle of a visit: the visitor is told plainly, the visit goes on,
the fault shows on the fleet dashboard, and the device comes back by itself."""

from __future__ import annotations

import subprocess
from contextlib import contextmanager

from devices.base import HealthState
from devices.camera.emulator import qr_frame
from devices.smartcard.vcard import DEMO_PERSON, SocialSecurityCardOS, VirtualCard
from screens.identify import CARD_MESSAGES
from tests.ui.test_fleet import fleet_entry
from tests.ui.test_jobs import open_jobs
from tests.ui.test_queue import take_number


def beat(ui):
    fleet = ui.app.services.fleet
    beats = fleet.beats
    fleet.beat_now()
    ui.wait(lambda: fleet.beats > beats, 5, "no heartbeat")


def alerts(central):
    return {a["kind"] for a in fleet_entry(central)["alerts"]}


def test_paper_runs_out_mid_slip_then_a_new_roll(fresh, jobs_loaded, emulators, central_up):
    ui, printer = fresh, emulators["printer"]
    device = ui.app.services.devices.printer
    jobs = open_jobs(ui)
    ui.wait(lambda: jobs.results, 5)
    jobs.open_job(jobs.results[0]["job_id"])
    ui.wait(lambda: ui.screen() == "job_detail")
    detail = ui.app.screens["job_detail"]
    before = len(printer.receipts)
    printer.paper_runs_out_after = 200  # the status check before the job passes; the roll ends during it
    try:
        ui.tap(detail.ids.print_button)
        ui.wait(lambda: detail.failed and detail.show_qr, 8, "the visitor was not told")
        assert "缺纸" in detail.ids.message.text and len(printer.receipts) == before
        ui.pump(3)
        ui.shot("fault_paper_out_mid_job_zh")
        beat(ui)
        assert "paper_out" in alerts(central_up)
        # the visit goes on: the visitor can still take a number (shown on screen, not printed)
        ui.app.end_session("next")
        queue = take_number(ui, "career_guidance")
        ui.tap(queue.ids.confirm_button)
        ui.wait(lambda: queue.stage == "ticket", 8)
        ui.wait(lambda: queue.message.startswith("The printer is not available"), 8, "no word on the printer")
        assert "打印机" in queue.ids.queue_message.text
    finally:
        printer.paper_out, printer.paper_runs_out_after = False, None  # staff put in a new roll
    ui.wait(lambda: device.health().state is HealthState.OK, 10, "the printer did not come back by itself")
    beat(ui)
    assert "paper_out" not in alerts(central_up)
    ui.tap(queue.ids.reprint_button)
    assert printer.wait_for_receipts(before + 1, 8), "printing did not resume"


def test_id_reader_unplugged_mid_read_then_replugged(fresh, emulators, central_up):
    ui, idcard = fresh, emulators["idcard"]
    reader = ui.app.services.devices.get("idcard")
    idcard.insert(0)
    idcard.unplug()  # the read of about 1,300 bytes is under way
    try:
        ui.wait(lambda: reader.health().state is HealthState.OFFLINE, 8, "the unplugged reader looks fine")
        assert not ui.app.services.session.identified
        beat(ui)
        assert "idcard_offline" in alerts(central_up)
        # the terminal works on without it: a visitor can still search for jobs
        ui.tap_at(640, 400)
        ui.wait(lambda: ui.screen() == "home")
        ui.tap(ui.app.screens["home"].ids.tile_jobs)
        ui.wait(lambda: ui.screen() == "jobs")
    finally:
        idcard.replug()
    ui.wait(lambda: reader.health().state is HealthState.OK, 8, "the reader did not come back by itself")
    ui.wait(lambda: ui.app.services.session.identified, 8, "the card was not read after the replug")
    assert "110***********1233" in ui.app.identity_label
    beat(ui)
    assert "idcard_offline" not in alerts(central_up)
    idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)


# -- the social-security card slot (pcscd + vpcd) -------------------------------------------

def card_slot(ui, emulators):
    """The terminal's smart card watcher, up and with no card in the slot."""
    assert not emulators["pcscd_error"], emulators["pcscd_error"]
    watcher = ui.app.services.devices.get("smartcard")
    ui.wait(lambda: watcher.health().state is HealthState.OK and not watcher.card_present, 10,
            f"the card slot is not ready: {watcher.health()}")
    return watcher


def open_identify(ui):
    return ui.open_from_home("identify_button", "identify")


def identified_then_out(ui, put_in, take_out, source: str) -> None:
    """A card put in is read (by the device ``source``); taking it out ends the visit."""
    session = ui.app.services.session
    put_in()
    try:
        ui.wait(lambda: session.identified, 8, f"the card was not read ({source})")
        assert session.identity.source == source
    finally:
        take_out()
    ui.wait(lambda: ui.screen() == "attract", 8, "taking the card out did not end the visit")


def test_social_security_card_pulled_mid_read_then_put_back(fresh, emulators, jobs_loaded):
    ui, session = fresh, fresh.app.services.session
    watcher = card_slot(ui, emulators)
    reads = watcher.reads
    pulled = VirtualCard(SocialSecurityCardOS(fault="pulled"))  # gone while EF06 is being read
    pulled.insert()
    try:
        ui.wait(lambda: ui.screen() == "identify" and ui.app.screens["identify"].message, 8,
                "the visitor was not told")
    finally:
        pulled.remove()
    assert pulled.os.apdus > 1  # the card answered part of the read, then was gone
    identify = ui.app.screens["identify"]
    assert identify.message == CARD_MESSAGES["card_pulled"]
    ui.pump(3)
    assert "卡片还没读完就被拔出了" in identify.ids.message.text
    # nobody is identified from the half that was read
    assert session.active and session.identity is None and watcher.reads == reads
    assert ui.app.identity_label == "" and not identify.identified
    assert not any(DEMO_PERSON["name"][0] in t or "4317" in t for t in ui.texts(ui.app.root))
    ui.shot("fault_smartcard_pulled_zh")
    # the visit goes on: the visitor looks for jobs
    ui.tap(identify.ids.done_button)
    ui.wait(lambda: ui.screen() == "home")
    ui.tap(ui.app.screens["home"].ids.tile_jobs)
    jobs = ui.app.screens["jobs"]
    ui.wait(lambda: ui.screen() == "jobs" and jobs.results, 5, "no jobs listed")
    # then puts the card back in and leaves it there: it reads. (vpcd misses a card that
    # connects within ~50 ms of one pulled mid-read; a person takes longer, this one ~1 s.)
    card = VirtualCard()
    card.insert()
    try:
        ui.wait(lambda: session.identified, 8, "the card was not read when put back")
        assert session.identity.source == "smartcard" and watcher.reads == reads + 1
        ui.wait(lambda: ui.screen() == "identify")
        assert ui.app.identity_label == "王** 110***********4317"
        assert identify.message == ""
        ui.shot("fault_smartcard_put_back_zh")
    finally:
        card.remove()
    ui.wait(lambda: ui.screen() == "attract", 8, "taking the card out did not end the visit")
    assert session.is_empty()


def test_smart_card_service_goes_away_then_comes_back(fresh, emulators, central_up):
    ui, idcard, pcscd = fresh, emulators["idcard"], emulators["pcscd"]
    watcher = card_slot(ui, emulators)
    # no card is in: the vpcd port is not left in TIME_WAIT (devices/smartcard/pcscd.py)
    if pcscd.proc is not None:
        pcscd.stop()
    else:  # one already ran when the session began: not ours to stop nicely
        subprocess.run(["pkill", "-x", "pcscd"], check=False)
    try:
        ui.wait(lambda: watcher.health().state is HealthState.OFFLINE, 8, "the lost card slot looks fine")
        beat(ui)
        assert "smartcard_offline" in alerts(central_up)
        # a visitor is told at the card slot's way in, and is served with their ID card
        identify = open_identify(ui)
        ui.pump(3)
        working = ui.app.devices_working
        assert not working["smartcard"] and working["idcard"]
        assert "社保卡卡槽暂时无法使用，请选择其他方式" in ui.texts(identify.ids.option_smartcard)
        ui.shot("fault_smartcard_slot_down_zh")
        ui.tap(ui.app.topbar.ids.language_button)
        ui.wait(lambda: "Card slot not working right now: please choose another way"
                in ui.texts(identify.ids.option_smartcard), 3, "no English")
        ui.shot("fault_smartcard_slot_down_en")
        identified_then_out(ui, lambda: idcard.insert(0), idcard.remove, "idcard")
    finally:
        pcscd.start()
    ui.wait(lambda: watcher.health().state is HealthState.OK, 15, "the card slot did not come back by itself")
    beat(ui)
    assert "smartcard_offline" not in alerts(central_up)
    identify = open_identify(ui)
    ui.wait(lambda: ui.app.devices_working["smartcard"], 3, "the way in still says it is down")
    assert "请将社保卡芯片朝前插入卡槽" in ui.texts(identify.ids.option_smartcard)
    card = VirtualCard()
    identified_then_out(ui, card.insert, card.remove, "smartcard")


# -- the camera --------------------------------------------------------------------------

@contextmanager
def hall_seen_again(ui, camera):
    """Whatever the camera was shown, it sees the empty hall again afterwards, for the tests
    after this one."""
    device = ui.app.services.devices.get("camera")
    try:
        yield device
    finally:
        swap(ui, camera, camera.hall())
        ui.wait(lambda: device.health().state is HealthState.OK, 8, "the camera did not come back")


def swap(ui, camera, frames) -> None:
    """Show the camera ``frames`` from the first. A frame sequence cannot change in place:
    the camera is unplugged and, once it has noticed (a capture still open would go on with
    the old sequence's length), plugged in again with the new frames."""
    device = ui.app.services.devices.get("camera")
    camera.unplug()
    ui.wait(lambda: device.health().state is HealthState.OFFLINE, 8, "the camera was not missed")
    camera.show(frames)


def test_camera_gone_then_back_reads_a_ticket_qr(fresh, emulators, central_up):
    ui, camera = fresh, emulators["camera"]
    device = ui.app.services.devices.get("camera")
    ui.wait(lambda: device.health().state is HealthState.OK, 5, "the camera is not up")
    camera.unplug()
    with hall_seen_again(ui, camera):
        ui.wait(lambda: device.health().reason == "camera_gone", 8, "the camera was not missed")
        beat(ui)
        assert "camera_offline" in alerts(central_up)
        # the visit goes on: a number for the counter, shown and printed
        queue = take_number(ui, "career_guidance")
        ui.tap(queue.ids.confirm_button)
        ui.wait(lambda: queue.stage == "ticket" and queue.ticket.get("status_url"), 8, "no ticket")
        url, visit = queue.ticket["status_url"], ui.app.services.session.session_id
        # the ticket says how to rate the visit afterwards: with a phone, while the camera is gone
        ui.wait(lambda: not ui.app.devices_working["camera"], 3, "the terminal thinks the camera works")
        assert queue.ids.survey_hint.text == "办理完毕后，请用手机扫描\n小票上的二维码，为本次服务评分"
        ui.shot("fault_camera_gone_ticket_zh")
        ui.tap(ui.app.topbar.ids.language_button)
        ui.wait(lambda: queue.ids.survey_hint.text.endswith("with your phone to rate us"), 3, "no English")
        ui.shot("fault_camera_gone_ticket_en")
        ui.tap(ui.app.topbar.ids.language_button)
        # plugged back in, the camera sees the hall, then the visitor holding up the ticket
        camera.show(camera.hall(15) + [qr_frame(url, 220, angle=6 * i, seed=i) for i in range(10)])
        ui.wait(lambda: device.health().state is HealthState.OK, 8, "the camera did not come back by itself")
        ui.wait(lambda: queue.ids.survey_hint.text == "办理完毕后，请将小票上的二维码\n对准本机摄像头，为本次服务评分",
                2, "the ticket still says the camera is down")
        assert ui.screen() == "queue"
        ui.shot("fault_camera_back_ticket_zh")
        ui.wait(lambda: ui.screen() == "rating", 8, "the ticket's QR code did not open the survey")
        assert ui.app.screens["rating"].token == url.rsplit("/t/", 1)[1]
        assert ui.app.services.session.session_id == visit
        ui.shot("fault_camera_back_rating_zh")
        beat(ui)
        assert "camera_offline" not in alerts(central_up)

"""Devices failing in the middle of a visit: the visitor is told plainly, the visit goes on,
the fault shows on the fleet dashboard, and the device comes back by itself."""

from __future__ import annotations

from devices.base import HealthState
from tests.ui.test_fleet import fleet_entry
from tests.ui.test_jobs import open_jobs
from tests.ui.test_queue import take_number


def beat(ui):
    fleet = ui.app.services.extras["fleet"]
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
    assert "110101********1233" in ui.app.identity_label
    beat(ui)
    assert "idcard_offline" not in alerts(central_up)
    idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)

"""Take a number at the terminal against the real central service, then with it gone."""

from __future__ import annotations

import cv2

from central.models.queue import Ticket


def take_number(ui, service_code):
    queue = ui.open_tile("queue")
    ui.wait(lambda: queue.ids.service_grid.children, 5)
    button = next(b for b in queue.ids.service_grid.children if b.code == service_code)
    ui.tap(button)
    ui.wait(lambda: queue.stage == "documents")
    ui.pump(3)
    return queue


def test_take_a_number_prints_a_ticket_whose_qr_opens_its_status(fresh, central_up, emulators):
    ui, printer = fresh, emulators["printer"]
    queue = take_number(ui, "job_seeker_registration")
    assert "居民身份证原件" in queue.ids.documents.text
    ui.shot("queue_documents_zh")
    before = len(printer.receipts)
    ui.tap(queue.ids.confirm_button)
    ui.wait(lambda: queue.stage == "ticket", 5, "no ticket")
    assert queue.ticket["label"].startswith("A")
    assert printer.wait_for_receipts(before + 1, 5)
    ui.wait(lambda: "请取走" in queue.ids.queue_message.text, 5)
    ui.shot("queue_ticket_zh")
    shown = dict(queue.ticket)   # the wait line, for the first in the queue and for later ones
    for ahead, line in ((0, "前面无人等候，下一位就是您"), (3, "前面还有 3 人，预计等候约")):
        queue.ticket = {**shown, "people_ahead": ahead}
        assert line in queue.ids.ticket_info.text   # shown as the ticket changes
    queue.ticket = shown
    texts = printer.receipts[-1].texts()
    # paper and screen say the same thing, in the same words
    standing = queue.ids.ticket_info.text.splitlines()[0]
    assert any(standing in t for t in texts), (standing, texts)
    assert not any("前面等候人数" in t for t in texts)
    assert any(queue.ticket["label"] in t for t in texts) and any("居民身份证原件" in t for t in texts)
    from devices.camera.qr import decode_qr
    url = (decode_qr(cv2.imread(str(printer.files[-1]))) or [""])[0]
    token = url.rsplit("/t/", 1)[1]
    page = central_up.http.get(f"/t/{token}")
    assert page.status_code == 200 and queue.ticket["label"] in page.text


def test_identity_required_service_asks_for_a_card_then_issues_at_once(fresh, central_up, emulators):
    ui, idcard, printer = fresh, emulators["idcard"], emulators["printer"]
    queue = take_number(ui, "unemployment_registration")
    assert queue.needs_identity
    ui.tap(queue.ids.confirm_button)
    ui.wait(lambda: ui.screen() == "identify", 5, "no identification asked for")
    before = len(printer.receipts)
    ui.reader_free()
    idcard.insert(0)
    try:
        ui.wait(lambda: ui.app.services.session.identified, 8, "the card did not identify")
        ui.pump(3)
        ui.tap(ui.app.screens["identify"].ids.done_button)
        # no second tap on "take a number": the ticket is issued as soon as they are back
        ui.wait(lambda: ui.screen() == "queue" and queue.stage == "ticket", 8,
                f"stage {queue.stage!r} after identifying")
        assert not queue.needs_identity and printer.wait_for_receipts(before + 1, 5)
    finally:
        idcard.remove()


def test_offline_terminal_issues_a_fallback_ticket_merged_later(fresh, central_up, emulators):
    ui = fresh
    api = ui.app.services.api
    online_url = api.base_url
    api.base_url = "http://127.0.0.1:9"
    try:
        queue = take_number(ui, "career_guidance")
        ui.tap(queue.ids.confirm_button)
        ui.wait(lambda: queue.stage == "ticket", 8, "no fallback ticket")
        label = queue.ticket["label"]
        assert label.startswith("CX1")
        assert any(e.kind == "ticket" for e in ui.app.services.store.outbox_pending(1000))
        ui.shot("queue_offline_ticket_zh")
    finally:
        api.base_url = online_url
    ui.app.services.sync.push_outbox()
    with central_up.db.session() as s:
        assert s.query(Ticket).filter(Ticket.label == label).count() == 1


def test_rating_at_the_terminal_from_the_ticket_qr(fresh, central_up, emulators):
    """The visitor holds the printed ticket (the printer's real PNG) up to the camera."""
    from central.models.queue import Rating
    from devices.camera.emulator import slip_frames
    ui, printer, camera = fresh, emulators["printer"], emulators["camera"]
    queue = take_number(ui, "career_guidance")
    before = len(printer.receipts)
    ui.tap(queue.ids.confirm_button)
    ui.wait(lambda: queue.stage == "ticket", 5)
    assert printer.wait_for_receipts(before + 1, 5)
    ticket_id = queue.ticket["id"]
    staff = central_up.staff_headers("counsellor1", "counsellor-demo")
    with central_up.db.session() as s:
        from central.models import Counter
        counter = next(c for c in s.query(Counter).all() if "career_guidance" in c.service_codes)
    while (t := central_up.http.post(f"/api/counters/{counter.id}/call-next", headers=staff).json()):
        central_up.http.post(f"/api/tickets/{t['id']}/finish", json={"note": "ok"}, headers=staff)
        if t["id"] == ticket_id:
            break
    ui.app.end_session("visitor went to the counter")
    from tests.ui.test_device_faults import hall_seen_again, swap
    with hall_seen_again(ui, camera):
        swap(ui, camera, camera.hall(3) + slip_frames(cv2.imread(str(printer.files[-1]))))
        ui.wait(lambda: ui.screen() == "rating", 10, "the ticket held up did not open the survey")
    rating = ui.app.screens["rating"]
    ui.tap(rating.ids.reason_quick)
    ui.tap(rating.ids.star5)
    ui.wait(lambda: "感谢" in rating.ids.rating_message.text, 5, rating.message)
    ui.shot("rating_zh")
    with central_up.db.session() as s:
        row = s.query(Rating).filter_by(ticket_id=ticket_id).one()
        assert row.score == 5 and row.reasons == ["Quick service"]


def test_my_progress_only_after_identification(fresh, central_up, emulators):
    ui, idcard = fresh, emulators["idcard"]
    from devices.idcard.emulator import DEMO_CARDS
    number = DEMO_CARDS[0]["id_number"]
    kiosk = {"Authorization": f"Bearer {ui.app.services.api.token}"}
    staff = central_up.staff_headers("counsellor1", "counsellor-demo")
    t = central_up.http.post("/api/kiosk/tickets", headers=kiosk, json={
        "key": "progress-ticket-1", "service_code": "career_guidance",
        "person": {"id_number": number, "name": "张晓明"}}).json()
    job_id = central_up.http.get("/api/jobs", params={"status": "verified", "limit": 1}, headers=staff).json()["items"][0]["id"]
    central_up.http.post("/api/referrals", json={"ticket_id": t["id"], "job_id": job_id}, headers=staff)
    ui.tap_at(640, 400)
    ui.wait(lambda: ui.screen() == "home")
    ui.tap(ui.app.screens["home"].ids.tile_progress)
    ui.wait(lambda: ui.screen() == "progress")
    progress = ui.app.screens["progress"]
    ui.pump(3)
    assert progress.body == "" and "请先识别身份" in progress.ids.progress_message.text
    ui.reader_free()
    idcard.insert(0)
    try:
        ui.wait(lambda: ui.screen() == "identify" and ui.app.services.session.identified, 8)
        ui.go("progress")
        ui.wait(lambda: progress.loaded, 8, progress.message)
        ui.pump(3)
        assert "已推荐" in progress.body and t["label"] in progress.body
        ui.shot("my_progress_zh")
        before = len(emulators["printer"].receipts)
        ui.tap(progress.ids.print_button)
        assert emulators["printer"].wait_for_receipts(before + 1, 5)
        assert not any(number in line for line in emulators["printer"].receipts[-1].texts())
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)
    assert progress.body == ""


def test_announcements_on_the_attract_screen(fresh, central_up):
    ui = fresh
    ui.app.services.sync.run_once()
    attract = ui.app.screens["attract"]
    attract.show_announcement()
    ui.pump(3)
    assert "招聘会" in attract.announcement
    ui.shot("attract_announcement_zh")

"""The back office as a hall manager uses it in Chromium: a document added to a service in
the Services page reaches a terminal at its next sync (its one-time notice and the printed
ticket, through the virtual ESC/POS printer); a staff account made, its password reset, and
the person forced to set their own; another hall's manager cannot edit the services."""

from __future__ import annotations

import threading

from tests.browser.test_counter_board import log_in
from tests.factories import hall_records, staff_in_hall

DOC, DOC_EN = "近三个月社保缴费证明", "Social insurance payments, last three months"


def test_a_document_added_in_the_page_reaches_the_terminal(site, browser, tmp_path, artifacts_dir):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    log_in(page, site, "manager", "manager-demo")
    page.goto(site.url + "/console/services")
    service = page.locator("#service-A")
    service.locator("summary").click()
    service.locator("button.add-document").click()
    row = service.locator("tbody.documents tr").last
    row.locator("input[name=name]").fill(DOC)
    row.locator("input[name=name_en]").fill(DOC_EN)
    row.locator("input[name=note]").fill("社保局打印")
    service.locator("input[name=time_limit_days]").fill("5")
    service.locator("button.primary").click()
    page.wait_for_function("document.querySelector('#service-A .result').textContent.startsWith('已保存')")
    page.screenshot(path=str(artifacts_dir / "console_services_document_added.png"))

    terminal = _terminal(site, tmp_path)
    try:
        terminal.sync.run_once()   # the terminal's next sync
        chosen = next(s for s in terminal.store.services() if s["letter"] == "A")
        from kiosk.tickets import documents_notice
        notice = documents_notice(chosen, "zh_CN", terminal.translator.gettext)
        assert f"{DOC} (社保局打印)" in notice and "办结时限 5 个工作日" in notice
        english = documents_notice(chosen, "en", lambda m: m)
        assert DOC_EN in english and "Done within 5 working days" in english
        ticket = _wait(lambda done, fail: terminal.tickets.issue(chosen, lambda t, _offline: done(t),
                                                                  fail))
        _wait(lambda done, fail: terminal.slips.ticket(ticket, done, fail))
        assert terminal.printer_emulator.wait_for_receipts(1, 5)
        texts = terminal.printer_emulator.receipts[-1].texts()
        assert any(ticket["label"] in t for t in texts)
        assert any(DOC in t for t in texts), texts
        terminal.printer_emulator.files[-1].rename(artifacts_dir / "slip_ticket_new_document.png")
    finally:
        terminal.close()


def test_new_staff_reset_and_forced_password_change(site, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, site, "manager", "manager-demo")
    page.goto(site.url + "/console/staff")
    create = page.locator("#create")
    create.locator("input[name=username]").fill("zhou-new")
    create.locator("input[name=full_name]").fill("周老师")
    create.locator("select[name=role]").first.select_option("counsellor")
    assert "admin" not in create.locator("select[name=role]").first.inner_html()   # up to their own
    create.locator("button.primary").click()
    page.wait_for_selector("#secret-card:not([hidden])")
    first = page.inner_text("#secret")
    page.reload()
    row = page.locator("#accounts tr", has_text="zhou-new")
    assert "须设置新密码" in row.inner_text()
    row.locator("button.reset").click()
    page.wait_for_function(f"document.getElementById('secret').textContent && document.getElementById('secret').textContent !== {first!r}")
    one_time = page.inner_text("#secret")

    person = browser.new_context(viewport={"width": 800, "height": 1280}).new_page()
    log_in(person, site, "zhou-new", first)   # the first one-time password is gone
    assert "/console/login" in person.url
    log_in(person, site, "zhou-new", one_time)
    person.wait_for_url("**/console/password")
    person.goto(site.url + "/console/counter")   # nothing else opens before the change
    assert person.url.endswith("/console/password")
    person.fill("input[name=current]", one_time)
    person.fill("input[name=new]", "short")
    person.fill("input[name=repeat]", "short")
    person.evaluate("document.querySelectorAll('input[minlength]').forEach(i => i.removeAttribute('minlength'))")
    person.click("button.primary")
    assert "新密码至少需要 10 个字符" in person.inner_text("main")
    person.fill("input[name=current]", one_time)
    person.fill("input[name=new]", "zhou-own-secret")
    person.fill("input[name=repeat]", "zhou-own-secret")
    person.click("button.primary")
    person.wait_for_url("**/console/counter")
    page.reload()
    assert "正常" in page.locator("#accounts tr", has_text="zhou-new").inner_text()


def test_a_manager_cannot_edit_another_halls_services(site, browser):
    one = hall_records(site.db, 1, "bo1")
    hall_records(site.db, 2, "bo2")
    staff_in_hall(site.db, "mgr-two", "mgr-two-demo", 2, "hall_manager")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    log_in(page, site, "mgr-two", "mgr-two-demo")
    page.goto(site.url + "/console/services")
    assert page.locator("#service-A").count() == 1 and page.locator("details.item").count() == 2  # hall 2: A, + new
    assert page.goto(site.url + "/console/services?hall=1").status == 404
    page.goto(site.url + "/console/services")
    body = {"letter": "A", "name": "改名", "documents": []}
    hidden = page.evaluate("([id, body]) => call('PUT', '/api/services/' + id, body).then(r => r.status)",
                           [one["service"], body])
    assert hidden == 404   # hall 1 is not theirs: its services do not exist for them
    with site.db.session() as s:   # a viewer in hall 1 as well: there, too low a role
        from central.models import StaffUser
        from central.services.access import grant
        user = s.query(StaffUser).filter_by(username="mgr-two").one()
        grant(user, [(1, "viewer")])
        s.commit()
    refused = page.evaluate("([id, body]) => call('PUT', '/api/services/' + id, body).then(r => r.status)",
                            [one["service"], body])
    assert refused == 403
    assert page.goto(site.url + "/console/services?hall=1").status == 403


def _wait(start, timeout: float = 10):
    """Run ``start(done, fail)`` (a terminal call with callbacks) and return what ``done`` got."""
    got, event = {}, threading.Event()

    def done(value=None):
        got["value"] = value
        event.set()

    def fail(reason):
        got["error"] = reason
        event.set()

    start(done, fail)
    assert event.wait(timeout), "no answer"
    assert "error" not in got, got
    return got["value"]


class _Terminal:
    """The terminal's real pieces without a window: enrolled, its store and sync, its worker,
    its devices with the printer on the virtual ESC/POS printer."""

    def __init__(self, site, tmp_path):
        from devices.manager import DeviceManager
        from devices.printer.virtual.server import VirtualPrinter
        from kiosk.api import CentralClient
        from kiosk.config import load_kiosk_settings
        from kiosk.i18n import Translator
        from kiosk.services import Services
        from kiosk.session import VisitorSession
        from kiosk.store import Store
        from kiosk.sync import SyncWorker, enrol, load_token
        from kiosk.worker import Worker
        self.printer_emulator = VirtualPrinter(port=0, out_dir=tmp_path / "prints").start()
        settings = load_kiosk_settings(env={
            "KIOSK__CENTRAL__URL": site.url, "KIOSK__TERMINAL__NAME": "back-office",
            "KIOSK__CENTRAL__TOKEN_FILE": str(tmp_path / "token"),
            "KIOSK__STORE__PATH": str(tmp_path / "store.sqlite3"),
            "KIOSK__DEVICES__PRINTER__KIND": "network", "KIOSK__DEVICES__PRINTER__HOST": "127.0.0.1",
            "KIOSK__DEVICES__PRINTER__PORT": str(self.printer_emulator.port),
            "KIOSK__DEVICES__IDCARD__ENABLED": "false", "KIOSK__DEVICES__SMARTCARD__ENABLED": "false",
            "KIOSK__DEVICES__CAMERA__ENABLED": "false"})
        enrol(settings, site.new_kiosk_code("back-office"))
        self.store = Store(settings.store.path)
        api = CentralClient(settings.central.url, load_token(settings), timeout=10)
        self.devices = DeviceManager(settings.devices, schedule=lambda fn: fn(0))
        self.devices.start()
        self.services = Services(settings=settings, translator=Translator("zh_CN"),
                                 session=VisitorSession(), worker=Worker(lambda fn: fn(0)),
                                 store=self.store, api=api, devices=self.devices)
        self.sync = SyncWorker(self.store, api, interval=60)
        self.translator, self.tickets, self.slips = (self.services.translator, self.services.tickets,
                                                     self.services.slips)

    def close(self):
        self.devices.stop()
        self.services.worker.shutdown()
        self.store.close()
        self.printer_emulator.stop()


def _terminal(site, tmp_path) -> _Terminal:
    return _Terminal(site, tmp_path)

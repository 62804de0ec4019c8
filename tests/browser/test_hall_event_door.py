"""The door page scans the slip's QR code with the phone's camera, in headless Chromium
(issue 20): Chromium's fake camera plays frames of the registration's slip as the virtual
printer renders it, held up to the lens; the page decodes it (BarcodeDetector where the
browser reads QR codes, else jsQR served by the central service) and checks the person in,
once. Without a camera the page says so and the pasted code still checks people in.
Screenshots: tests/artifacts/console-event-door-camera.png, console-event-door-no-camera.png."""

from __future__ import annotations

import shutil
import socket

import cv2
import pytest

from central import vendor
from central.models.events import EventRegistration
from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.test_counter_board import log_in
from tests.browser.test_hall_events import BASE, visitor
from tests.factories import hall_event
from tests.helpers import wait_until

pytestmark = pytest.mark.skipif(vendor.path_of("var/npm", "jsQR.js") is None,
                                reason="jsqr not in var/npm (scripts/setup.sh installs it)")


def print_slip(printer, reg: dict):
    """The registration's slip as the virtual printer renders it (a BGR image)."""
    from devices.printer import escpos, templates
    from kiosk.hall_events import slip_fields
    doc = templates.event_slip("示范大厅", "赵*", slip_fields(reg, lambda m: m, "zh_CN", f"{BASE}/e/{reg['token']}"))
    count = len(printer.receipts)
    with socket.create_connection(("127.0.0.1", printer.port)) as conn:
        conn.sendall(escpos.render(doc))
    assert printer.wait_for_receipts(count + 1, 5)
    return cv2.imread(str(printer.files[-1]))


@pytest.fixture(scope="module")
def door_event(site, tmp_path_factory):
    """An event with two people registered, and a fake camera seeing the first one's slip."""
    from devices.camera.emulator import slip_frames, write_y4m
    from devices.printer.virtual.server import VirtualPrinter
    site_kiosk = site.kiosk_headers("door-camera")
    event = hall_event(site.db, capacity=5, kind="training", title="电工技能培训")
    regs = [site.http.post(f"/api/kiosk/hall-events/{event}/register", json=visitor(20 + i),
                           headers=site_kiosk).json() for i in range(2)]
    tmp = tmp_path_factory.mktemp("door")
    printer = VirtualPrinter(port=0, out_dir=tmp / "prints").start()
    try:
        slip = print_slip(printer, regs[0])
    finally:
        printer.stop()
    camera = write_y4m(tmp / "camera.y4m", slip_frames(slip, n=8))
    return event, regs, camera


@pytest.fixture(scope="module")
def chromium():
    """One Playwright for this module's two browsers (one per thread may run at a time)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def camera_browser(chromium, door_event):
    """Chromium whose camera plays the slip's frames, allowed without asking."""
    b = chromium.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                 args=CHROMIUM_ARGS + [
                                     "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                                     f"--use-file-for-fake-video-capture={door_event[2]}"])
    yield b
    b.close()


@pytest.fixture(scope="module")
def browser(chromium):
    """Chromium as the other browser tests run it: no camera at all."""
    b = chromium.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                 args=CHROMIUM_ARGS)
    yield b
    b.close()


def _state(site, token: str) -> str:
    with site.db.session() as s:
        return s.query(EventRegistration).filter_by(token=token).one().state


def test_the_phone_camera_reads_the_slip_and_checks_the_person_in(site, camera_browser, door_event,
                                                                   artifacts_dir):
    event, regs, _ = door_event
    phone = camera_browser.new_page(viewport={"width": 390, "height": 844})
    log_in(phone, site, "counsellor1", "counsellor-demo")
    phone.goto(site.url + f"/console/events/{event}/door")
    assert _state(site, regs[0]["token"]) == "registered"
    phone.click("#scan-start")
    wait_until(lambda: phone.locator("#door-log li").count() >= 1, 20, interval=0.1,
               message="the camera's frames checked nobody in")
    assert phone.locator("#door-result").inner_text().startswith("签到成功")
    assert _state(site, regs[0]["token"]) == "attended"
    assert _state(site, regs[1]["token"]) == "registered"   # only the slip in front of the lens
    assert phone.locator("#camera").is_visible()
    assert phone.locator("#camera-status").inner_text() == "请将凭条上的二维码对准摄像头。"
    phone.screenshot(path=str(artifacts_dir / "console-event-door-camera.png"), full_page=True)
    phone.click("#scan-stop")
    assert not phone.locator("#camera").is_visible() and phone.locator("#scan-start").is_visible()
    phone.close()


def test_without_a_camera_the_page_says_so_and_the_pasted_code_works(site, browser, door_event,
                                                                    artifacts_dir):
    event, regs, _ = door_event
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    log_in(phone, site, "counsellor1", "counsellor-demo")
    phone.goto(site.url + f"/console/events/{event}/door")
    phone.click("#scan-start")
    status = phone.locator("#camera-status")
    wait_until(lambda: status.inner_text() != "", 10, message="no word about the camera")
    assert status.inner_text() in ("未找到摄像头。请在下方输入或粘贴编码。",
                                   "摄像头未获允许。请在浏览器中允许使用摄像头，或在下方输入编码。")
    assert not phone.locator("#camera").is_visible()
    phone.fill("#token", f"{BASE}/e/{regs[1]['token']}")
    phone.click("#door button.primary")
    wait_until(lambda: phone.locator("#door-log li").count() == 1, 5)
    assert phone.locator("#door-result").inner_text().startswith("签到成功")
    assert _state(site, regs[1]["token"]) == "attended"
    phone.screenshot(path=str(artifacts_dir / "console-event-door-no-camera.png"), full_page=True)
    phone.close()


def test_the_decoder_is_served_from_npm(site):
    r = site.http.get("/static/vendor/jsQR.js")
    assert r.status_code == 200 and "jsQR" in r.text[:5000]
    assert r.headers["content-type"].startswith("text/javascript")
    for name in ("package.json", "..%2F..%2Fpackage.json", "jsQR.min.js"):
        assert site.http.get(f"/static/vendor/{name}").status_code == 404

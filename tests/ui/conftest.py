"""One real terminal app per test run (Kivy allows one window per process), in lockdown,
with all four devices: the ID card reader and printer emulators, pcscd's virtual card
reader and a camera fed with generated frames."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kiosk.config import load_kiosk_settings
import httpx

from central.app import create_app
from central.settings import development_settings
from tests.api.conftest import Central
from tests.factories import make_jobs
from tests.servers import UvicornThread, seeded_database
from tests.ui.driver import Driver


class CameraFeed:
    """What the terminal's camera sees: frames from ``devices.camera.emulator`` as a numbered
    image sequence, a source the camera device takes like a video file.

    Not one video file: a capture reads a file ahead, and FFmpeg went on looping the start
    of an emptied video from its read buffer (the camera was not missed in one run of two).
    A sequence is read a file per frame, as a camera hands over a frame at a time, so
    ``unplug()`` (the folder goes) starves the capture at its next frame and leaves nothing
    to open again; ``show(frames)`` writes a folder aside and moves it into place, so the
    terminal never opens half of one.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.source = str(folder / "%04d.jpg")

    def show(self, frames) -> None:
        import cv2
        incoming = self.folder.with_name(self.folder.name + "-incoming")
        incoming.mkdir()
        for i, frame in enumerate(frames):
            cv2.imwrite(str(incoming / f"{i:04d}.jpg"), frame)
        os.rename(incoming, self.folder)

    def unplug(self) -> None:
        if self.folder.exists():
            gone = self.folder.with_name(self.folder.name + "-gone")
            os.rename(self.folder, gone)
            shutil.rmtree(gone)

    @staticmethod
    def hall(count: int = 3) -> list:
        """The hall in front of the terminal, with nobody in it."""
        from devices.camera.emulator import background
        return [background(0)] * count


@pytest.fixture(scope="session")
def emulators(tmp_path_factory):
    """The terminal's devices: the ID card reader on a pty, the TCP printer, pcscd with
    vsmartcard's vpcd reader (the social-security card slot) and what the camera sees.

    Without pcscd the terminal runs on with its card slot offline; only the smart card
    tests fail, with pcscd's own words (``pcscd_error``).
    """
    from devices.base import DeviceUnavailable
    from devices.idcard.emulator import IdCardEmulator
    from devices.printer.virtual.server import VirtualPrinter
    from devices.smartcard.pcscd import Pcscd
    tmp = tmp_path_factory.mktemp("devices")
    idcard = IdCardEmulator(link=tmp / "idcard").start()
    printer = VirtualPrinter(port=0, out_dir=tmp / "prints").start()
    pcscd, pcscd_error = Pcscd(), ""
    try:
        pcscd.start()
    except DeviceUnavailable as exc:
        pcscd_error = str(exc)
    camera = CameraFeed(tmp / "camera")
    camera.show(camera.hall())
    yield {"idcard": idcard, "printer": printer, "pcscd": pcscd, "pcscd_error": pcscd_error,
           "camera": camera}
    idcard.stop()
    printer.stop()
    pcscd.stop()


@pytest.fixture(scope="session")
def ui_settings(tmp_path_factory, emulators):
    tmp = tmp_path_factory.mktemp("terminal")
    return load_kiosk_settings(env={
        "KIOSK__TERMINAL__LOCKDOWN": "true",
        "KIOSK__TERMINAL__IDLE_TIMEOUT_S": "30",
        "KIOSK__TERMINAL__IDLE_WARNING_S": "10",
        "KIOSK__TERMINAL__WIDTH": "1280", "KIOSK__TERMINAL__HEIGHT": "800",
        "KIOSK__STORE__PATH": str(tmp / "store.sqlite3"),
        "KIOSK__CENTRAL__TOKEN_FILE": str(tmp / "token"),
        "KIOSK__CENTRAL__URL": "http://127.0.0.1:9",  # nothing listens: the terminal is offline
        "KIOSK__CENTRAL__TIMEOUT_S": "0.5",
        "KIOSK__DEVICES__IDCARD__PORT": emulators["idcard"].port,
        "KIOSK__DEVICES__IDCARD__POLL_INTERVAL_S": "0.05",
        "KIOSK__DEVICES__PRINTER__PORT": str(emulators["printer"].port),
        "KIOSK__DEVICES__SMARTCARD__READER_MATCH": "Virtual PCD 00 00",
        "KIOSK__DEVICES__CAMERA__SOURCE": emulators["camera"].source,
        "KIOSK__DEVICES__CAMERA__FPS": "5",  # QR decoding costs ~12 ms a frame, on every frame
    })


@pytest.fixture(scope="session")
def ui(ui_settings, artifacts_dir):
    from kivy.base import runTouchApp

    from kiosk.app import build_app
    app = build_app(ui_settings)
    app._run_prepare()
    runTouchApp(embedded=True)
    driver = Driver(app, artifacts_dir)
    driver.pump(5)
    yield driver
    app.end_session("test run over")
    app.stop()
    driver.pump(2)


@pytest.fixture
def fresh(ui, emulators):
    """Each test starts on the attract screen with an empty session, in Chinese, and no card
    in the ID card reader (a test that failed with one in does not fail the next ones)."""
    emulators["idcard"].inject(None)
    emulators["idcard"].remove()
    ui.app.maintenance_mode = False
    ui.app.end_session("test start")
    ui.wait(lambda: ui.screen() == "attract" and not ui.app.manager.transition.is_active)
    ui.reader_free()
    return ui


@pytest.fixture(scope="module")
def central_up(ui, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('central') / 'c.sqlite3'}"
    db = seeded_database(url, 4, 20)
    server = UvicornThread(create_app(development_settings(url),
                                      db=db)).start()
    central = Central(url, db, server)
    api = ui.app.services.api
    store = ui.app.services.store
    saved = api.base_url, api.token, store.seal_key
    enrolled = httpx.post(server.url + "/api/kiosks/enrol",
                          json={"code": central.new_kiosk_code("ui-terminal")}).json()
    # as `kiosk enrol` keeps them: the token, and the key that seals visitors in the outbox
    api.base_url, api.token, store.seal_key = server.url, enrolled["token"], enrolled["seal_key"]
    store.set_services(api.services())
    yield central
    api.base_url, api.token, store.seal_key = saved
    server.stop()
    db.dispose()


@pytest.fixture(scope="module")
def jobs_loaded(ui):
    store = ui.app.services.store
    if store.job_count() < 5000:
        jobs = make_jobs(5000, seed=3)
        store.upsert_jobs(jobs)
    return store


@pytest.fixture(scope="module")
def synced(ui, central_up):
    """The terminal holds the service's postings, services and quiz bundle (occupations)."""
    store = ui.app.services.store
    store.put("quiz_etag", "")
    ui.app.services.sync.run_once()
    assert store.quiz_bank() is not None and store.job_count() > 0
    return store

"""One real terminal app per test run (Kivy allows one window per process), in lockdown."""

from __future__ import annotations

import pytest

from kiosk.config import load_kiosk_settings
import httpx

from central.app import create_app
from central.settings import CentralSettings
from tests.api.conftest import Central
from tests.factories import make_jobs
from tests.servers import UvicornThread, seeded_database
from tests.ui.driver import Driver


@pytest.fixture(scope="session")
def emulators(tmp_path_factory):
    """The ID card reader on a pty and the TCP printer, for the terminal under test."""
    from devices.idcard.emulator import IdCardEmulator
    from devices.printer.virtual.server import VirtualPrinter
    tmp = tmp_path_factory.mktemp("devices")
    idcard = IdCardEmulator(link=tmp / "idcard").start()
    printer = VirtualPrinter(port=0, out_dir=tmp / "prints").start()
    yield {"idcard": idcard, "printer": printer}
    idcard.stop()
    printer.stop()


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
        "KIOSK__DEVICES__SMARTCARD__ENABLED": "false", "KIOSK__DEVICES__CAMERA__ENABLED": "false",
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
def fresh(ui):
    """Each test starts on the attract screen with an empty session, in Chinese."""
    ui.app.maintenance_mode = False
    ui.app.end_session("test start")
    ui.wait(lambda: ui.screen() == "attract" and not ui.app.manager.transition.is_active)
    return ui


@pytest.fixture(scope="module")
def central_up(ui, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('central') / 'c.sqlite3'}"
    db = seeded_database(url, 4, 20)
    server = UvicornThread(create_app(CentralSettings.model_validate({"database": {"url": url}}),
                                      db=db)).start()
    central = Central(url, db, server)
    api = ui.app.services.api
    saved = api.base_url, api.token
    token = httpx.post(server.url + "/api/kiosks/enrol",
                       json={"code": central.new_kiosk_code("ui-terminal")}).json()["token"]
    api.base_url, api.token = server.url, token
    ui.app.services.store.set_services(api.services())
    yield central
    api.base_url, api.token = saved
    server.stop()
    db.dispose()


@pytest.fixture(scope="module")
def jobs_loaded(ui):
    store = ui.app.services.store
    if store.job_count() < 5000:
        jobs = make_jobs(5000, seed=3)
        store.upsert_jobs(jobs)
    return store

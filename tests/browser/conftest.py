"""Headless Chromium (the system's, driven by Playwright) against a real central service."""

from __future__ import annotations

import shutil

import pytest

from central.app import create_app
from central.settings import development_settings
from tests.api.conftest import Central
from tests.servers import UvicornThread, seeded_database

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('central') / 'c.sqlite3'}"
    db = seeded_database(url, 9, 30)
    server = UvicornThread(create_app(development_settings(
        url, server={"public_base_url": "http://127.0.0.1:1"}), db=db)).start()
    yield Central(url, db, server)
    server.stop()
    db.dispose()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()

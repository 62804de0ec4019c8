"""Child process for bench.search: time from a key press on the touch keyboard to the result
list redrawn, in the real terminal app on a given store. Prints one JSON line."""

from __future__ import annotations

import json
import os
import sys
import time

WORDS = ["kj", "kuaiji", "cangku", "diangong", "hugong", "chushi", "baoan", "xsdb"]


def main(store_path: str) -> None:
    from kiosk.config import load_kiosk_settings
    settings = load_kiosk_settings(env={
        **os.environ, "KIOSK__STORE__PATH": store_path, "KIOSK__CENTRAL__URL": "http://127.0.0.1:9",
        "KIOSK__CENTRAL__TOKEN_FILE": store_path + ".token",
        "KIOSK__DEVICES__IDCARD__ENABLED": "false", "KIOSK__DEVICES__SMARTCARD__ENABLED": "false",
        "KIOSK__DEVICES__CAMERA__ENABLED": "false", "KIOSK__DEVICES__PRINTER__ENABLED": "false"})
    from kivy.base import EventLoop, runTouchApp
    from kivy.core.window import Window

    from kiosk.app import build_app
    app = build_app(settings, with_network=False)
    app._run_prepare()
    runTouchApp(embedded=True)
    flips = [0]
    Window.bind(on_flip=lambda *_: flips.__setitem__(0, flips[0] + 1))
    app.start_session()
    app.navigate("jobs")
    jobs = app.screens["jobs"]
    app.idle.timeout_s = 10 ** 6  # keyboard.press is not a touch: keep the session open
    for _ in range(30):
        EventLoop.idle()
    timings = []
    for word in WORDS:
        jobs.ids.typing.keyboard.press("clear")
        deadline = time.monotonic() + 5
        while jobs.query or jobs.searching:
            EventLoop.idle()
            if time.monotonic() > deadline:
                break
        for ch in word:
            seen = flips[0]
            t0 = time.perf_counter()
            jobs.ids.typing.keyboard.press(ch)
            target = jobs._seq + 1  # the search this key press starts
            while jobs.shown_seq < target and time.perf_counter() - t0 < 5:
                EventLoop.idle()
            EventLoop.idle()  # the frame that draws the new list (Kivy flips only when something changed)
            while flips[0] == seen and time.perf_counter() - t0 < 5:
                EventLoop.idle()
            timings.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"keypress_ms": timings}), flush=True)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1])

"""Child process for bench.startup: start one side, print FIRST-FRAME on the first flip, exit."""

from __future__ import annotations

import os
import sys


def _exit_on_first_flip() -> None:
    from kivy.core.window import Window

    def flipped(*_args):
        print("FIRST-FRAME", flush=True)
        os._exit(0)

    Window.bind(on_flip=flipped)


def bare() -> None:
    from kivy.app import App
    from kivy.uix.label import Label

    class Bare(App):
        def build(self):
            return Label(text="Touch to start")

        def on_start(self):
            _exit_on_first_flip()

    Bare().run()


def terminal() -> None:
    """As ``kiosk run`` starts it (kiosk.cli)."""
    from kiosk.app import build_app, prepare_process
    prepare_process()
    from kiosk.config import load_kiosk_settings

    workdir = os.environ["BENCH_WORKDIR"]
    env = {"KIOSK__STORE__PATH": os.path.join(workdir, "store.sqlite3"),
           "KIOSK__CENTRAL__TOKEN_FILE": os.path.join(workdir, "token"),
           "KIOSK__CENTRAL__URL": "http://127.0.0.1:9"}
    settings = load_kiosk_settings(env={**os.environ, **env})
    app = build_app(settings)
    app.bind(on_start=lambda *_: _exit_on_first_flip())
    app.run()


if __name__ == "__main__":
    {"bare": bare, "terminal": terminal}[sys.argv[1]]()

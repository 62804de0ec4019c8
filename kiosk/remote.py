"""Remote commands from the fleet console, and the demo's developer panel, for a running app.

Handlers run on the heartbeat thread; anything touching the screen or the app's
state hops to the UI thread with ``Clock.schedule_once``. Each answers through
``done(ok, result, attachment)``, which never blocks the UI thread.
"""

from __future__ import annotations

import base64
import os
import tempfile
from typing import Any, Callable

__all__ = ["register_commands", "add_dev_panel"]


def _on_ui(fn: Callable) -> Callable:
    from kivy.clock import Clock
    return lambda args, done: Clock.schedule_once(lambda _dt: fn(args, done))


def register_commands(app: Any, fleet: Any) -> None:
    def maintenance(on: bool) -> Callable:
        def run(_args, done):
            app.set_maintenance(on)
            done(True, "maintenance " + ("on" if on else "off"), None)
        return run

    def screenshot(_args, done):
        fd, path = tempfile.mkstemp(suffix=".png")
        os.close(fd)
        try:
            app.root.export_to_png(path)  # reading the frame must happen on the UI thread
            with open(path, "rb") as f:
                data = base64.b64encode(f.read()).decode()
        finally:
            os.unlink(path)  # nothing of the screen stays on disk
        done(True, "screenshot taken", data)

    def clear_cache(_args, done):
        app.services.store.clear_jobs()
        app.sync_now()
        done(True, "job cache cleared", None)

    def reload_config(_args, done):
        from kiosk.config import ConfigError, load_kiosk_settings
        try:
            fresh = load_kiosk_settings(app.services.extras.get("config_path"))
        except ConfigError as exc:
            done(False, str(exc), None)
            return
        t = fresh.terminal  # the keys that apply without a restart
        app.hall_name = t.hall_name
        app.idle.timeout_s, app.idle.warning_s = t.idle_timeout_s, t.idle_warning_s
        done(True, "reloaded: hall name and idle timeout applied", None)

    def test_print(_args, done):
        app.test_print(lambda ok, text: done(ok, text, None))

    def restart(_args, done):
        done(True, "restarting", None)
        app.stop()  # systemd (Restart=always) starts the terminal again

    fleet.handlers.update({
        "maintenance_on": _on_ui(maintenance(True)), "maintenance_off": _on_ui(maintenance(False)),
        "screenshot": _on_ui(screenshot), "clear_cache": clear_cache,
        "reload_config": _on_ui(reload_config), "test_print": _on_ui(test_print),
        "upload_logs": lambda _a, done: done(True, "recent errors", "\n".join(fleet.errors)),
        "restart": _on_ui(restart),
    })


def add_dev_panel(app: Any) -> None:
    """Demo only: buttons that put demo cards on the emulated readers, paper out, ..."""
    actions = app.services.extras.get("dev_actions")
    if not (app.settings.terminal.demo and actions):
        return
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.button import Button
    panel = BoxLayout(size_hint=(None, None), height=40, width=150 * len(actions),
                      pos=(8, 8), spacing=4, opacity=0.85)
    for label, action in actions:
        button = Button(text=label, font_size=15)
        button.bind(on_release=lambda _b, fn=action: app.services.worker.submit(fn))
        panel.add_widget(button)
    app.root.add_widget(panel)

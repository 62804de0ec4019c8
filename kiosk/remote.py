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

__all__ = ["register_commands", "config_updater", "add_dev_panel", "SCREENSHOT_REFUSED"]

# the screenshot command's result while a visitor is in a session (shown to staff as is)
SCREENSHOT_REFUSED = "a visitor is using the terminal: no screenshot during a session"


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
        # Checked here, on the UI thread, where sessions start: a visitor's screen (their
        # masked identity, their answers) never leaves the terminal as an image.
        if app.services.session.active:
            done(False, SCREENSHOT_REFUSED, None)
            return
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
        import json

        from hallcore.config import ConfigError
        from kiosk.config import load_kiosk_settings
        try:
            fresh = load_kiosk_settings(app.services.config_path)
        except ConfigError as exc:
            done(False, str(exc), None)
            return
        app.base_settings = fresh  # the file again, with the remote layers on top
        remote = json.loads(app.services.store.get("remote_config") or "null") or {"values": {}}
        changed = app.apply_remote_config(app.config_version, remote["values"])
        done(True, "reloaded: " + (", ".join(sorted(changed)) or "no change"), None)

    def test_print(_args, done):
        app.services.slips.test_page(lambda ok, text: done(ok, text, None))

    def restart(_args, done):
        done(True, "restarting", None)
        app.restart()

    fleet.handlers.update({
        "maintenance_on": _on_ui(maintenance(True)), "maintenance_off": _on_ui(maintenance(False)),
        "screenshot": _on_ui(screenshot), "clear_cache": clear_cache,
        "reload_config": _on_ui(reload_config), "test_print": _on_ui(test_print),
        "upload_logs": lambda _a, done: done(True, "recent errors", "\n".join(fleet.errors)),
        "restart": _on_ui(restart),
    })
    fleet.on_config = config_updater(app, fleet)


def config_updater(app: Any, fleet: Any) -> Callable[[int], None]:
    """For the heartbeat thread: fetch the terminal's config, check it as the terminal's own
    schema would, keep it in the store (it survives a restart), then apply it on the UI thread.
    A version the terminal refuses is reported and the running settings stay as they are."""
    import json

    from kivy.clock import Clock

    from hallcore.remote_config import RemoteConfigError, validate_overrides

    def update(_wanted: int) -> None:
        body = app.services.api.request("GET", "/api/kiosk/config")
        try:
            version = int(body["version"])
            values = validate_overrides(body.get("values") or {})
        except (TypeError, KeyError, ValueError, RemoteConfigError) as exc:
            fleet.note_error(f"remote config refused: {exc}")
            return
        app.services.store.put("remote_config", json.dumps({"version": version, "values": values}))
        Clock.schedule_once(lambda _dt: app.apply_remote_config(version, values))
    return update


def add_dev_panel(app: Any) -> None:
    """Demo only: buttons that put demo cards on the emulated readers, paper out, ..."""
    actions = app.services.dev_actions
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

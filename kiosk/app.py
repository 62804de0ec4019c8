"""Starting the terminal: Kivy's config, the real collaborators, run and restart.

``build_app(settings)`` makes the real collaborators (store, central client, sync
worker, heartbeat, devices) and hands them by keyword to ``kiosk.kivyapp.KioskApp``;
tests and the benchmarks call it the same way. Kivy's Config is set from settings
before the window module is imported (``configure_kivy``), never at import time, so
this module imports no Kivy: ``kiosk.kivyapp`` (which does) is imported by
``build_app`` once the config is set.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hallcore.resources import data_path

if TYPE_CHECKING:
    from hallcore.terminal_settings import KioskSettings
    from kiosk.kivyapp import KioskApp
    from kiosk.services import DevAction
    from kiosk.store import Store

__all__ = ["prepare_process", "configure_kivy", "build_app", "cached_remote_config", "run", "restart_in_place",
           "FONT_PATH", "RESTART_EXIT"]

log = logging.getLogger(__name__)

#: the terminal's exit status when it stops to start again (EX_TEMPFAIL); ``kiosk run``
#: then starts itself again in place, so no supervisor is needed for a restart
RESTART_EXIT = 75
ROOT = Path(__file__).resolve().parent.parent
FONT_PATH = data_path("assets", "fonts", "wqy-microhei.ttc")


def prepare_process() -> None:
    """What the terminal's process sets before it loads its settings (``kiosk`` calls it
    first): pydantic looks for plugins in every installed package's metadata when it builds
    its first model, on the way to the first frame, and the terminal uses none. An
    operator's own PYDANTIC_DISABLE_PLUGINS wins."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def configure_kivy(settings: KioskSettings) -> None:
    """Window and input config from settings; must run before kivy.core.window is imported."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kivy.config import Config

    t = settings.terminal
    fullscreen = t.fullscreen or t.lockdown
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "borderless", "1" if fullscreen else "0")
    Config.set("graphics", "show_cursor", "0" if (t.lockdown or not t.show_cursor) else "1")
    Config.set("graphics", "width", str(t.width))
    Config.set("graphics", "height", str(t.height))
    Config.set("graphics", "resizable", "0" if t.lockdown else "1")
    Config.set("kivy", "exit_on_escape", "0" if t.lockdown else "1")
    Config.set("kivy", "keyboard_mode", "")
    Config.set("input", "mouse", "mouse,disable_multitouch")


def build_app(settings: KioskSettings, with_network: bool = True,
              with_devices: bool = True) -> "KioskApp":
    """The terminal with its real collaborators, ready for ``.run()``."""
    from kiosk.seal_key import load_key
    from kiosk.store import Store

    store = Store(settings.store.path, seal_key=load_key(settings))
    base, (settings, config_version) = settings, cached_remote_config(settings, store)
    configure_kivy(settings)
    from kivy.clock import Clock

    from kiosk.kivyapp import KioskApp
    api = devices = None
    if with_network:
        from kiosk.api import CentralClient
        from kiosk.sync import load_token

        api = CentralClient(settings.central.url, load_token(settings), settings.central.timeout_s)
    if with_devices:
        from devices.manager import DeviceManager

        devices = DeviceManager(settings.devices, schedule=Clock.schedule_once)
    app = KioskApp(settings, store=store, api=api, devices=devices, base_settings=base,
                   config_version=config_version)
    if api is not None:
        from kiosk.fleet import HeartbeatWorker
        from kiosk.sync import SyncWorker

        app.services.sync = SyncWorker(store, api, settings.central.sync_interval_s,
                                       settings.central.backoff_max_s, on_status=app.set_sync_status,
                                       settings=settings)
        app.services.fleet = HeartbeatWorker(
            api, settings.central.heartbeat_interval_s,
            health=devices.health_report if devices is not None else dict,
            outbox_depth=store.outbox_depth, data_dir=str(Path(settings.store.path).parent),
            maintenance=lambda: app.maintenance_mode, config_version=lambda: app.config_version)
        from kiosk.updater import attach_updater   # releases: switch only with no visitor here

        app.services.updater = attach_updater(
            app.services.fleet, api, settings.updates, idle=lambda: not app.services.session.active,
            restart=lambda: Clock.schedule_once(lambda _dt: app.restart()))
    app.jobs_cached = store.job_count()
    return app


def cached_remote_config(settings: KioskSettings, store: "Store") -> tuple[KioskSettings, int]:
    """The settings with the last remote config this terminal received (0: none, or unusable)."""
    import json

    from hallcore.remote_config import RemoteConfigError, validate_overrides
    from kiosk.remote_config import apply_overrides
    try:
        cached = json.loads(store.get("remote_config") or "null")
        if not cached:
            return settings, 0
        return apply_overrides(settings, validate_overrides(cached["values"])), int(cached["version"])
    except (ValueError, KeyError, TypeError, RemoteConfigError) as exc:
        log.warning("cached remote config ignored: %s", exc)
        return settings, 0


def run(settings: KioskSettings, dev_actions: list["DevAction"] | None = None,
        config_path: str | None = None) -> int:
    app = build_app(settings)
    app.services.dev_actions = list(dev_actions or [])
    app.services.config_path = config_path
    app.run()
    return app.exit_code


def restart_in_place() -> None:
    """Start this program again, as it was started, in this process (same PID, so a
    supervisor sees no exit).

    Called after the app has stopped. Python opens its files close-on-exec, but native
    libraries need not: SDL_ttf's FreeType keeps a descriptor per font size open without it.
    Every descriptor but the standard three is closed first, or each restart would leak a
    dozen."""
    log.info("restarting the terminal")
    logging.shutdown()
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])

"""The terminal app: builds the screens and wires them to the services it is handed.

``build_app(settings)`` makes the real collaborators (store, central client,
sync worker, devices, worker pool) and returns a ``KioskApp``; tests and the
benchmark call it the same way. Kivy's Config is set from settings before the
window module is imported (``configure_kivy``), never at import time.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.config import KioskSettings
from kiosk.i18n import LANGUAGES, Translator
from kiosk.memory import release_freed_memory
from kiosk.session import VisitorSession

__all__ = ["configure_kivy", "build_app", "run", "restart_in_place", "FONT_PATH", "RESTART_EXIT"]

log = logging.getLogger(__name__)

#: the terminal's exit status when it stops to start again (EX_TEMPFAIL); ``kiosk run``
#: then starts itself again in place, so no supervisor is needed for a restart
RESTART_EXIT = 75
ROOT = Path(__file__).resolve().parent.parent
FONT_PATH = ROOT / "assets" / "fonts" / "wqy-microhei.ttc"
LANGUAGE_LABELS = {"zh_CN": "中文", "en": "English"}
# taps in the top-right corner within this many seconds open the staff PIN screen
STAFF_GESTURE = (5, 3.0)
STAFF_CORNER_PX = 90


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


def _make_app_class():
    """Define KioskApp lazily so importing this module does not import Kivy."""
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.text import DEFAULT_FONT, LabelBase
    from kivy.core.window import Window
    from kivy.properties import (BooleanProperty, DictProperty, NumericProperty,
                                 StringProperty)
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.floatlayout import FloatLayout
    from kivy.uix.screenmanager import ScreenManager

    from devices.base import HealthState
    from kiosk.idle import IdleTimer
    from kiosk.remote import add_dev_panel, register_commands
    from kiosk.services import Services
    from kiosk.theme import palette as make_palette
    from kiosk.worker import Worker
    from screens import load_kv
    from screens import registry as screen_registry
    from screens.widgets.fade import OpacityFadeTransition

    class TopBar(BoxLayout):
        pass

    class IdleOverlay(FloatLayout):
        pass

    class KioskRoot(FloatLayout):
        """Root widget: watches for the hidden staff gesture before anything else sees a touch."""

        def __init__(self, app, **kwargs):
            super().__init__(**kwargs)
            self.app = app
            self._corner_taps: list[float] = []

        def on_touch_down(self, touch):
            self.app.touched()
            if touch.x > self.width - STAFF_CORNER_PX and touch.y > self.height - STAFF_CORNER_PX:
                now = time.monotonic()
                count, window = STAFF_GESTURE
                self._corner_taps = [t for t in self._corner_taps if now - t < window] + [now]
                if len(self._corner_taps) >= count:
                    self._corner_taps = []
                    self.app.navigate("pin")
                    return True
            return super().on_touch_down(touch)

    class KioskApp(App):
        lang = StringProperty("zh_CN")
        online = BooleanProperty(True)
        jobs_cached = NumericProperty(0)
        palette = DictProperty(make_palette(False))
        font_scale = NumericProperty(1.0)
        hall_name = StringProperty("")
        terminal_name = StringProperty("")
        idle_remaining = NumericProperty(0)
        idle_warning = BooleanProperty(False)
        show_home = BooleanProperty(False)
        identity_label = StringProperty("")
        other_language_label = StringProperty("English")
        maintenance_mode = BooleanProperty(False)
        #: each device this terminal has (enabled in config) -> whether it works right now;
        #: kept from the devices' health events, so screens offer only what works
        devices_working = DictProperty({})

        def __init__(self, settings: KioskSettings, translator: Translator | None = None,
                     session: VisitorSession | None = None, store: Any = None, api: Any = None,
                     sync: Any = None, devices: Any = None, worker: Any = None, **kwargs):
            super().__init__(**kwargs)
            self.title = "Hall kiosk"
            self.settings = settings
            self.translator = translator or Translator(settings.terminal.language)
            self.services = Services(
                settings=settings, translator=self.translator,
                session=session or VisitorSession(), worker=worker or Worker(Clock.schedule_once),
                store=store, api=api, sync=sync, devices=devices,
                navigate=self.navigate, end_session=self.end_session)
            self.services.extras["start_session"] = self.start_session
            self.hall_name = settings.terminal.hall_name
            self.terminal_name = settings.terminal.name
            self.idle = IdleTimer(settings.terminal.idle_timeout_s, settings.terminal.idle_warning_s)
            self.close_requests = 0
            self.screens: dict[str, Any] = {}
            self._overlay = None
            self.lang = self.translator.language
            self._apply_accessibility(settings.terminal.large_text, settings.terminal.high_contrast)
            self.base_settings = settings   # file and environment, before remote overrides
            self.config_version = 0         # the remote config version applied
            self.restart_pending: list[str] = []
            self.exit_code = 0

        def restart(self) -> None:
            """Stop, and have ``kiosk run`` start the terminal again (``RESTART_EXIT``)."""
            self.exit_code = RESTART_EXIT
            self.stop()

        # -- translation ------------------------------------------------------------
        def t(self, message: str, _lang: str = "") -> str:
            """Translate; kv passes ``app.lang`` so the text re-binds on a switch."""
            return self.translator.gettext(message) if message else ""

        def on_lang(self, _inst, lang: str) -> None:
            self.translator.switch(lang)
            self.services.session.language = lang
            other = [code for code in LANGUAGES if code != lang][0]
            self.other_language_label = LANGUAGE_LABELS[other]
            for screen in getattr(self, "screens", {}).values():
                if hasattr(screen, "on_language"):
                    screen.on_language()

        def toggle_language(self) -> None:
            self.lang = "en" if self.lang == "zh_CN" else "zh_CN"

        # -- building ---------------------------------------------------------------
        def build(self):
            if FONT_PATH.exists():  # Chinese must render on a machine with no fonts
                LabelBase.register(DEFAULT_FONT, str(FONT_PATH), str(FONT_PATH), str(FONT_PATH),
                                   str(FONT_PATH))
            import screens.widgets.buttons  # noqa: F401  (classes the kv rules style)
            from screens.widgets import scrollfix
            scrollfix.install()
            load_kv(str(ROOT / "screens" / "widgets" / "common.kv"), "common.kv")
            Window.clearcolor = self.palette["bg"]
            Window.bind(on_request_close=self._on_request_close, on_key_down=self._on_key)
            root = KioskRoot(self)
            column = BoxLayout(orientation="vertical")
            self.topbar = TopBar()
            self.manager = ScreenManager(transition=OpacityFadeTransition(duration=0.15))
            column.add_widget(self.topbar)
            column.add_widget(self.manager)
            root.add_widget(column)
            for name in ("attract", "home"):  # the rest are built when first shown
                self._add_screen(name)
            self.manager.bind(current=self._on_screen)
            self.navigate("attract")
            self._idle_event = Clock.schedule_interval(self._idle_tick, 0.25)
            return root

        def _add_screen(self, name: str):
            screen = screen_registry.build(name)
            screen.services = self.services
            self.screens[name] = screen
            self.manager.add_widget(screen)
            return screen

        def on_start(self):
            devices = self.services.devices
            if devices is not None:
                devices.bind("card_removed", self._on_card_removed)
                devices.bind("card_inserted", self._on_card_inserted)
                devices.bind("card_error", self._on_card_error)
                devices.bind("qr", self._on_qr)
                devices.bind("health", self._on_device_health)
                devices.start()
                self.devices_working = {name: True for name in devices.names()}
                self.services.extras.setdefault("test_print", self.test_print)
            add_dev_panel(self)
            if self.services.sync is not None:
                self.services.sync.start()
            fleet = self.services.extras.get("fleet")
            if fleet is not None:
                register_commands(self, fleet)
                fleet.start()

        def on_stop(self):
            if getattr(self, "_idle_event", None) is not None:
                self._idle_event.cancel()
            self._hide_overlay()
            for part in (self.services.sync, self.services.devices, self.services.extras.get("fleet")):
                if part is not None:
                    part.stop()
            self.services.worker.shutdown()

        # -- navigation and session -------------------------------------------------
        def navigate(self, name: str, **kwargs: Any) -> None:
            if self.maintenance_mode and name not in ("out_of_service", "pin", "maintenance"):
                name = "out_of_service"
            screen = self.screens.get(name)
            if screen is None:
                if name not in screen_registry.names():
                    log.warning("no screen %s", name)
                    return
                screen = self._add_screen(name)
            for key, value in kwargs.items():
                setattr(screen, key, value)
            if self.manager.current == name:
                self._on_screen(self.manager, name)
            else:
                self.manager.current = name

        def _on_screen(self, _manager, name: str) -> None:
            screen = self.screens[name]
            self.show_home = name not in ("attract", "home", "out_of_service")
            if screen.idle_applies:
                self.idle.arm() if not self.idle.armed else self.idle.touch()
            else:
                self.idle.disarm()
                self._hide_overlay()

        def start_session(self) -> None:
            self.services.session.start(self.settings.terminal.language)
            self.lang = self.settings.terminal.language
            self.navigate("home")

        def end_session(self, reason: str = "finished") -> None:
            """Back to the attract screen with nothing of the visitor left behind."""
            log.info("session ended: %s", reason)
            self.services.session.wipe()
            self.services.extras.pop("after_identify", None)
            for screen in self.screens.values():  # nothing the visitor typed or saw stays
                if hasattr(screen, "reset_session"):
                    screen.reset_session()
            self.identity_label = ""
            self.lang = self.settings.terminal.language
            self._apply_accessibility(self.settings.terminal.large_text,
                                      self.settings.terminal.high_contrast)
            self._hide_overlay()
            self.idle.disarm()
            # the visit's freed heap back to the system, off the UI thread
            self.heap_released = self.services.worker.submit(release_freed_memory)
            if self.restart_pending:  # nobody is at the terminal now: take the new settings
                log.info("restarting for remote config: %s", ", ".join(self.restart_pending))
                self.restart()
                return
            self.navigate("out_of_service" if self.maintenance_mode else "attract")

        def apply_remote_config(self, version: int, values: dict[str, Any]) -> dict[str, str]:
            """Take a remote config version: live keys now, the others at the next restart
            (which happens when the current visitor, if any, has finished)."""
            from kiosk.remote_config import RESTART, apply_overrides, changed_keys
            new = apply_overrides(self.base_settings, values)
            changed = changed_keys(self.settings, new)
            self.settings = self.services.settings = new
            t, c = new.terminal, new.central
            self.hall_name = t.hall_name
            self.idle.timeout_s, self.idle.warning_s = t.idle_timeout_s, t.idle_warning_s
            if not self.services.session.active:
                self.lang = t.language
                self._apply_accessibility(t.large_text, t.high_contrast)
            if self.services.sync is not None:
                self.services.sync.interval, self.services.sync.backoff_max = c.sync_interval_s, c.backoff_max_s
            if self.services.api is not None:
                self.services.api.timeout = c.timeout_s
            fleet = self.services.extras.get("fleet")
            if fleet is not None:
                fleet.interval = c.heartbeat_interval_s
            self.config_version = version
            self.restart_pending = sorted(k for k, how in changed.items() if how == RESTART)
            log.info("remote config v%s applied: %s", version, ", ".join(sorted(changed)) or "no change")
            if self.restart_pending and self.manager.current in ("attract", "out_of_service"):
                self.restart()
            return changed

        def set_identity(self, identity) -> None:
            session = self.services.session
            session.identify(identity)
            self.identity_label = f"{session.masked_name} {session.masked_id}"

        def _on_card_inserted(self, event) -> None:
            if self.maintenance_mode:
                return
            if not self.services.session.active:
                self.services.session.start(self.settings.terminal.language)
            self.set_identity(event.payload)
            self.navigate("identify")
            self.screens["identify"].on_card()

        def _on_device_health(self, event) -> None:
            if event.device in self.devices_working:
                self.devices_working[event.device] = event.payload.state is not HealthState.OFFLINE

        def _on_card_error(self, event) -> None:
            if self.maintenance_mode:
                return
            if not self.services.session.active:
                self.services.session.start(self.settings.terminal.language)
            self.navigate("identify")
            self.screens["identify"].on_card_error(str(event.payload))

        def _on_qr(self, event) -> None:
            handler = self.services.extras.get(f"qr_{event.payload.kind}")
            if handler is not None:
                handler(event.payload)
            elif event.payload.kind == "ticket" and not self.maintenance_mode:
                if not self.services.session.active:
                    self.services.session.start(self.settings.terminal.language)
                self.navigate("rating", token=event.payload.value)
            elif event.payload.kind == "signin" and self.services.session.active:
                self.navigate("identify")
                self.screens["identify"].on_card_error("qr_signin_unavailable")

        def test_print(self, done) -> None:
            from devices.printer import templates
            printer = self.services.devices.printer
            if printer is None:
                done(False, self.t("Printer not configured"))
                return
            doc = templates.test_page(self.settings.terminal.name,
                                      self.settings.devices.printer.paper_width_mm, self.t)
            self.services.worker.submit(lambda: printer.print_document(doc),
                                        on_done=lambda _r: done(True, self.t("Printed")),
                                        on_error=lambda exc: done(False, f"{self.t('Not printed')}: "
                                                                  f"{getattr(exc, 'reason', exc)}"))

        def _on_card_removed(self, event) -> None:
            session = self.services.session
            if session.identity is not None and session.identity.source == event.device:
                self.end_session("card removed")

        def set_maintenance(self, on: bool) -> None:
            self.maintenance_mode = on
            self.end_session("maintenance mode")

        def sync_now(self) -> None:
            if self.services.sync is not None:
                self.services.sync.sync_now()

        def set_sync_status(self, online: bool, jobs: int) -> None:
            """Called from the sync thread: hop to the UI thread."""
            def apply(_dt):
                self.online, self.jobs_cached = online, jobs
            Clock.schedule_once(apply)

        # -- accessibility ----------------------------------------------------------
        def _apply_accessibility(self, large: bool, contrast: bool) -> None:
            self.font_scale = 1.25 if large else 1.0
            self.palette = make_palette(contrast)
            self._contrast = contrast
            if self.root is not None:
                Window.clearcolor = self.palette["bg"]

        def toggle_large_text(self) -> None:
            self._apply_accessibility(self.font_scale == 1.0, self._contrast)

        def toggle_high_contrast(self) -> None:
            self._apply_accessibility(self.font_scale > 1.0, not self._contrast)

        # -- idle -------------------------------------------------------------------
        def touched(self) -> None:
            if self.idle.armed and not self.idle_warning:
                self.idle.touch()

        def keep_alive(self) -> None:
            self.idle.touch()
            self._hide_overlay()

        def _idle_tick(self, _dt) -> None:
            state = self.idle.poll()
            self.idle_remaining = self.idle.remaining
            if state == "warning" and self._overlay is None:
                self._overlay = IdleOverlay()
                self.root.add_widget(self._overlay)
                self.idle_warning = True
            elif state == "active" and self._overlay is not None:
                self._hide_overlay()
            elif state == "expired":
                self.end_session("idle timeout")

        def _hide_overlay(self) -> None:
            if self._overlay is not None:
                self.root.remove_widget(self._overlay)
                self._overlay = None
            self.idle_warning = False

        # -- lockdown ---------------------------------------------------------------
        def _on_request_close(self, *_args, **_kwargs) -> bool:
            self.close_requests += 1
            return bool(self.settings.terminal.lockdown)  # True keeps the window open

        def _on_key(self, _window, key, *_args) -> bool:
            self.touched()
            return key == 27 and bool(self.settings.terminal.lockdown)

    return KioskApp


_APP_CLASS = None


def app_class():
    global _APP_CLASS
    if _APP_CLASS is None:
        _APP_CLASS = _make_app_class()
    return _APP_CLASS


def build_app(settings: KioskSettings, with_network: bool = True, with_devices: bool = True):
    """The terminal with its real collaborators, ready for ``.run()``."""
    from kiosk.store import Store

    store = Store(settings.store.path)
    base, (settings, config_version) = settings, cached_remote_config(settings, store)
    configure_kivy(settings)
    from kivy.clock import Clock
    api = sync = devices = None
    if with_network:
        from kiosk.api import CentralClient
        from kiosk.sync import SyncWorker, load_token

        api = CentralClient(settings.central.url, load_token(settings), settings.central.timeout_s)
    if with_devices:
        from devices.manager import DeviceManager

        devices = DeviceManager(settings.devices, schedule=Clock.schedule_once)
    app = app_class()(settings=settings, store=store, api=api, devices=devices)
    app.base_settings, app.config_version = base, config_version
    if api is not None:
        sync = SyncWorker(store, api, settings.central.sync_interval_s,
                          settings.central.backoff_max_s, on_status=app.set_sync_status)
        app.services.sync = sync
    if api is not None:
        from kiosk.fleet import HeartbeatWorker

        app.services.extras["fleet"] = HeartbeatWorker(
            api, settings.central.heartbeat_interval_s,
            health=devices.health_report if devices is not None else dict,
            outbox_depth=store.outbox_depth, data_dir=str(Path(settings.store.path).parent),
            maintenance=lambda: app.maintenance_mode, config_version=lambda: app.config_version)
        from kiosk.updater import attach_updater   # releases: switch only with no visitor here

        attach_updater(app.services.extras["fleet"], api, settings.updates,
                       idle=lambda: not app.services.session.active,
                       restart=lambda: Clock.schedule_once(lambda _dt: app.restart()))
    app.jobs_cached = store.job_count()
    return app


def cached_remote_config(settings: KioskSettings, store: Any) -> tuple[KioskSettings, int]:
    """The settings with the last remote config this terminal received (0: none, or unusable)."""
    import json

    from kiosk.remote_config import RemoteConfigError, apply_overrides, validate_overrides
    try:
        cached = json.loads(store.get("remote_config") or "null")
        if not cached:
            return settings, 0
        return apply_overrides(settings, validate_overrides(cached["values"])), int(cached["version"])
    except (ValueError, KeyError, TypeError, RemoteConfigError) as exc:
        log.warning("cached remote config ignored: %s", exc)
        return settings, 0


def run(settings: KioskSettings, extras: dict[str, Any] | None = None,
        config_path: str | None = None) -> int:
    app = build_app(settings)
    app.services.extras.update(extras or {})
    app.services.extras["config_path"] = config_path
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

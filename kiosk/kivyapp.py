"""``KioskApp``: the terminal's Kivy app. It builds the screens, hands them the services, and
keeps the shell's state (language, accessibility, idle countdown, maintenance mode).

Importing this module imports Kivy, so only ``kiosk.app.build_app`` imports it, after
``configure_kivy`` has set Kivy's Config. Device events go to the visit (kiosk.visit) and
to the devices' health; remote config goes to each component's ``reconfigure``. The app
never calls a particular screen: it navigates (with properties to set on the screen it
shows), and screens follow the session, the translator and the app's properties.
"""

from __future__ import annotations

import importlib
import logging
import time
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.factory import Factory
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import ScreenManager

from devices.base import HealthState
from kiosk.app import FONT_PATH, RESTART_EXIT, ROOT
from hallcore.terminal_settings import KioskSettings
from kiosk.assist import Assist
from kiosk.i18n import LANGUAGES, Translator, localized
from kiosk.idle import IdleTimer
from kiosk.memory import release_freed_memory
from kiosk.power import ASLEEP, SCHEDULE_KEY, DisplayPower, PowerManager
from kiosk.services import Services
from kiosk.session import VisitorSession
from kiosk.theme import palette as make_palette
from kiosk.visit import Visit
from kiosk.worker import Worker
from screens import load_kv
from screens import registry as screen_registry
from screens.widgets.fade import OpacityFadeTransition

if TYPE_CHECKING:
    from devices.manager import DeviceManager
    from kiosk.api import CentralClient
    from kiosk.fleet import HeartbeatWorker
    from kiosk.store import Store
    from kiosk.sync import SyncWorker

__all__ = ["KioskApp", "KioskRoot", "TopBar", "IdleOverlay", "STAFF_GESTURE", "STAFF_CORNER_PX"]

log = logging.getLogger(__name__)
LANGUAGE_LABELS = {"zh_CN": "中文", "en": "English"}
# taps in the top-right corner within this many seconds open the staff PIN screen
STAFF_GESTURE = (5, 3.0)
STAFF_CORNER_PX = 90
#: screens that are the terminal's own, not a visitor's: no home button, no idle countdown
SHELL_SCREENS = ("attract", "home", "out_of_service")


class TopBar(BoxLayout):
    pass


class IdleOverlay(FloatLayout):
    pass


class KioskRoot(FloatLayout):
    """Root widget: watches for the hidden staff gesture before anything else sees a touch."""

    def __init__(self, app: "KioskApp", **kwargs):
        super().__init__(**kwargs)
        self.app = app
        self._corner_taps: list[float] = []

    def on_touch_down(self, touch):
        self.app.touched()
        self.app.power.touch()
        if touch.x > self.width - STAFF_CORNER_PX and touch.y > self.height - STAFF_CORNER_PX:
            now = time.monotonic()
            count, window = STAFF_GESTURE
            self._corner_taps = [t for t in self._corner_taps if now - t < window] + [now]
            if len(self._corner_taps) >= count:
                self._corner_taps = []
                self.app.navigate("pin")
                return True
        return super().on_touch_down(touch)


class KioskApp(Assist, App):
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
    #: outside the hall's opening hours, with no visitor: display off, a dark screen on top
    asleep = BooleanProperty(False)
    #: the visitor's call for help (kiosk.help: its state, and the message's msgid)
    help_state = StringProperty("")
    help_message = StringProperty("")
    #: elders' mode (kiosk.elders) for this visitor
    elders = BooleanProperty(False)
    #: the pictograms' font (kiosk.icons), "" when it is not installed
    icon_font = StringProperty("")

    def __init__(self, settings: KioskSettings, *, translator: Translator | None = None,
                 session: VisitorSession | None = None, store: Store | None = None,
                 api: CentralClient | None = None, sync: SyncWorker | None = None,
                 devices: DeviceManager | None = None, worker: Worker | None = None,
                 fleet: HeartbeatWorker | None = None, base_settings: KioskSettings | None = None,
                 config_version: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.title = "Hall kiosk"
        self.settings = settings
        self.translator = translator or Translator(settings.terminal.language)
        self.services = Services(
            settings=settings, translator=self.translator,
            session=session or VisitorSession(), worker=worker or Worker(Clock.schedule_once),
            store=store, api=api, sync=sync, devices=devices, fleet=fleet,
            navigate=self.navigate, end_session=self.end_session, start_session=self.start_session)
        self.visit = self.services.visit = Visit(
            self.services, in_maintenance=lambda: self.maintenance_mode,
            on_identity=self._identified)
        self.hall_name = settings.terminal.hall_name
        self.terminal_name = settings.terminal.name
        self.idle = IdleTimer(settings.terminal.idle_timeout_s, settings.terminal.idle_warning_s)
        self.power = PowerManager(touch_wake_s=settings.power.touch_wake_s)
        self.display = DisplayPower(settings.power.display_off_command,
                                    settings.power.display_on_command)
        self._sleep_overlay = None
        self.close_requests = 0
        self.screens: dict[str, Any] = {}
        self._overlay = None
        self._init_assist()
        self.lang = self.translator.language
        self._apply_accessibility(settings.terminal.large_text, settings.terminal.high_contrast)
        self.base_settings = base_settings or settings  # file and environment, before remote overrides
        self.config_version = config_version            # the remote config version applied
        self.restart_pending: list[str] = []
        self.exit_code = 0
        self.stopped = False

    def restart(self) -> None:
        """Stop, and have ``kiosk run`` start the terminal again (``RESTART_EXIT``)."""
        self.exit_code = RESTART_EXIT
        self.stop()

    # -- translation ------------------------------------------------------------
    def t(self, message: str, _lang: str = "") -> str:
        """Translate; kv passes ``app.lang`` so the text re-binds on a switch."""
        return self.translator.gettext(message) if message else ""

    @staticmethod
    def localized(zh: str | None, en: str | None, lang: str) -> str:
        """Two-language content for kv (``app.localized(zh, en, app.lang)``)."""
        return localized(zh, en, lang)

    def on_lang(self, _inst, lang: str) -> None:
        self.translator.switch(lang)  # screens listen to the translator
        self._assist_language_switched()
        self.services.session.language = lang
        other = [code for code in LANGUAGES if code != lang][0]
        self.other_language_label = LANGUAGE_LABELS[other]

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "zh_CN" else "zh_CN"

    # -- building ---------------------------------------------------------------
    def build(self):
        if FONT_PATH.exists():  # Chinese must render on a machine with no fonts
            LabelBase.register(DEFAULT_FONT, str(FONT_PATH), str(FONT_PATH), str(FONT_PATH),
                               str(FONT_PATH))
        from kiosk.icons import font_path
        self.icon_font = str(font_path(ROOT) or "")
        # registered by importing them: the classes the kv rules style (buttons) and the
        # Stages the screens' kv uses
        for widgets in ("screens.widgets.buttons", "screens.widgets.stages"):
            importlib.import_module(widgets)
        # first shown on the home screen, built after the first frame: the Factory imports
        # it then, an import fewer before the first frame
        Factory.register("FitLabel", module="screens.widgets.fitlabel")
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
        self._add_screen("attract")   # the rest are built when first shown
        self.manager.bind(current=self._on_screen)
        self.navigate("attract")
        # home, the first screen a visitor opens, is built once the attract screen is drawn
        # (never before the first frame, however slow the machine), so the first tap does not
        # wait for it
        Window.bind(on_flip=self._after_first_frame)
        self._idle_event = Clock.schedule_interval(self._idle_tick, 0.25)
        self._power_event = Clock.schedule_interval(self.power_tick, self.settings.power.check_interval_s)
        Clock.schedule_once(self.power_tick, 0)
        return root

    def _after_first_frame(self, *_args) -> None:
        Window.unbind(on_flip=self._after_first_frame)
        self._start_devices()
        self._home_event = Clock.schedule_once(
            lambda _dt: self.screens.get("home") or self._add_screen("home"), 0.5)

    def _start_devices(self) -> None:
        """Build and start the devices once the first frame is on screen: importing their
        drivers (pyscard, OpenCV, python-escpos) and starting their threads took 0.14 s
        of the way to the first frame, and nobody can put a card in before the screen shows."""
        devices = self.services.devices
        if devices is not None and not self.stopped:
            devices.start()
            self.devices_working = {name: True for name in devices.names()}

    def _add_screen(self, name: str):
        screen = screen_registry.build(name)
        screen.services = self.services
        self.screens[name] = screen
        self.manager.add_widget(screen)
        return screen

    def on_start(self):
        from kiosk.remote import add_dev_panel, register_commands
        devices, visit = self.services.devices, self.visit
        if devices is not None:
            devices.bind("card_removed", visit.card_removed)
            devices.bind("card_inserted", visit.card_inserted)
            devices.bind("card_error", visit.card_error)
            devices.bind("qr", visit.qr)
            devices.bind("health", self._on_device_health)
        add_dev_panel(self)
        if self.services.sync is not None:
            self.services.sync.start()
        if self.services.fleet is not None:
            register_commands(self, self.services.fleet)
            self.services.fleet.start()

    def on_stop(self):
        self.stopped = True
        # the window outlives the app (tests run several in one process): nothing of this
        # app may run on another's frame
        Window.unbind(on_flip=self._after_first_frame)
        for event in (getattr(self, "_idle_event", None), getattr(self, "_home_event", None),
                      getattr(self, "_power_event", None)):
            if event is not None:
                event.cancel()
        self._hide_overlay()
        self._assist_stopped()
        for part in (self.services.updater, self.services.sync, self.services.devices,
                     self.services.fleet):
            if part is not None:
                part.stop()
        self.services.worker.shutdown()

    # -- navigation and session -------------------------------------------------
    def navigate(self, name: str, **kwargs: Any) -> None:
        """Show screen ``name``, first setting the properties in ``kwargs`` on it."""
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
        self._assist_screen_shown(screen)
        self.show_home = name not in SHELL_SCREENS
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
        self.visit.reset()
        for screen in self.screens.values():  # nothing the visitor typed or saw stays
            screen.reset_session()
        self.identity_label = ""
        self.lang = self.settings.terminal.language
        self._assist_session_ended()
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
        from hallcore.remote_config import RESTART
        from kiosk.remote_config import apply_overrides, changed_keys
        new = apply_overrides(self.base_settings, values)
        changed = changed_keys(self.settings, new)
        self.settings = self.services.settings = new
        self.hall_name = new.terminal.hall_name
        if not self.services.session.active:
            self.lang = new.terminal.language
            self._apply_accessibility(new.terminal.large_text, new.terminal.high_contrast)
        s = self.services
        for part in (self.idle, s.sync, s.api, s.fleet, self.guide):
            if part is not None:
                part.reconfigure(new)
        self.config_version = version
        self.restart_pending = sorted(k for k, how in changed.items() if how == RESTART)
        log.info("remote config v%s applied: %s", version, ", ".join(sorted(changed)) or "no change")
        if self.restart_pending and self.manager.current in ("attract", "out_of_service"):
            self.restart()
        return changed

    def _on_device_health(self, event) -> None:
        if event.device in self.devices_working:
            self.devices_working[event.device] = event.payload.state is not HealthState.OFFLINE

    def set_maintenance(self, on: bool) -> None:
        self.maintenance_mode = on
        self.end_session("maintenance mode")

    def sync_now(self) -> None:
        if self.services.sync is not None:
            self.services.sync.sync_now()

    def set_sync_status(self, online: bool, jobs: int) -> None:
        """Called from the sync thread: hop to the UI thread."""
        def apply(_dt):
            if not self.stopped:   # a last status of a sync thread that outlived the app
                self.online, self.jobs_cached = online, jobs
        Clock.schedule_once(apply)

    # -- accessibility ----------------------------------------------------------
    def _apply_accessibility(self, large: bool, contrast: bool) -> None:
        from kiosk.elders import font_scale
        self._large = large
        self.font_scale = font_scale(large, self.elders)
        self.palette = make_palette(contrast)
        self._contrast = contrast
        if self.root is not None:
            Window.clearcolor = self.palette["bg"]

    def toggle_large_text(self) -> None:
        self._apply_accessibility(not self._large, self._contrast)

    def toggle_high_contrast(self) -> None:
        self._apply_accessibility(self._large, not self._contrast)

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

    # -- power schedule ---------------------------------------------------------
    def power_tick(self, _dt=None) -> None:
        """Sleep or wake as the hall's schedule (from the store) and the visitor say."""
        if self.services.store is not None:
            self.power.load(self.services.store.get(SCHEDULE_KEY))
        sleeping = self.power.poll(busy=self.services.session.active) == ASLEEP
        if sleeping and self._sleep_overlay is None:
            from screens.widgets.sleep import SleepOverlay
            wakes = self.power.wakes_at_local()
            text = (self.t("Asleep until {time}. Touch the screen to wake it.").format(time=wakes)
                    if wakes else self.t("Asleep. Touch the screen to wake it."))
            self._sleep_overlay = SleepOverlay(on_touch=self.wake_briefly, text=text)
            self.root.add_widget(self._sleep_overlay)
            self.services.worker.submit(self.display.off)
        elif not sleeping and self._sleep_overlay is not None:
            self.root.remove_widget(self._sleep_overlay)
            self._sleep_overlay = None
            self.services.worker.submit(self.display.on)
        self.asleep = sleeping

    def wake_briefly(self) -> None:
        """A touch on the dark screen: awake for ``power.touch_wake_s``, on the attract screen."""
        self.power.touch()
        self.power_tick()

    # -- lockdown ---------------------------------------------------------------
    def _on_request_close(self, *_args, **_kwargs) -> bool:
        self.close_requests += 1
        return bool(self.settings.terminal.lockdown)  # True keeps the window open

    def _on_key(self, _window, key, *_args) -> bool:
        self.touched()
        if self.keypad_key(key):
            return True
        return key == 27 and bool(self.settings.terminal.lockdown)

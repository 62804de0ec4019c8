"""The terminal's settings schema: every key of kiosk.toml, its type, range and default.

Shared because both sides check against it: the terminal when it loads its file
(kiosk.config.load_kiosk_settings), the central service when staff set a value remotely
(hallcore.remote_config.validate_overrides), so a value the console accepts is one the
terminal will take.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, model_validator

from hallcore.config import Section

__all__ = ["KioskSettings", "is_loopback", "TerminalSection", "CentralSection", "StoreSection", "IdCardSection",
           "SmartCardSection", "PrinterSection", "CameraSection", "DevicesSection", "UpdatesSection",
           "PowerSection", "SpeechSection"]

Port = Annotated[int, Field(ge=1, le=65535)]
Seconds = Annotated[float, Field(gt=0, le=86400)]


class TerminalSection(Section):
    name: str = Field("demo-terminal-1", min_length=1, max_length=64)
    hall_name: str = Field("示范区公共就业服务大厅", min_length=1, max_length=80)
    language: Literal["zh_CN", "en"] = "zh_CN"
    idle_timeout_s: Seconds = 90
    idle_warning_s: Seconds = 15
    lockdown: bool = False
    fullscreen: bool = False
    show_cursor: bool = True
    width: int = Field(1280, ge=320, le=7680)
    height: int = Field(800, ge=240, le=4320)
    staff_pin_hash: str = Field("", description="argon2 hash of the maintenance PIN")
    demo: bool = True
    large_text: bool = False
    high_contrast: bool = False
    #: the hall's city districts, offered in job-seeker registration when the postings this
    #: terminal holds name none (kiosk.registration.districts)
    districts: list[Annotated[str, Field(min_length=1, max_length=20)]] = Field(
        default_factory=list, max_length=40)


class CentralSection(Section):
    url: str = Field("http://127.0.0.1:8000", pattern=r"^https?://")
    token_file: str = "var/kiosk/token"
    enrol_code: str = ""
    sync_interval_s: Seconds = 30
    heartbeat_interval_s: Seconds = 30
    timeout_s: Seconds = 5
    backoff_max_s: Seconds = 60


class StoreSection(Section):
    path: str = "var/kiosk/store.sqlite3"


class IdCardSection(Section):
    enabled: bool = True
    required: bool = False
    port: str = ""
    baudrate: int = Field(115200, ge=1200, le=921600)
    poll_interval_s: Seconds = 0.2


class SmartCardSection(Section):
    enabled: bool = True
    required: bool = False
    reader_match: str = ""


class PrinterSection(Section):
    enabled: bool = True
    required: bool = False
    kind: Literal["network", "serial", "usb", "file"] = "network"
    host: str = "127.0.0.1"
    port: Port = 9100
    devfile: str = ""
    baudrate: int = Field(9600, ge=1200, le=921600)
    usb_vendor: int = Field(0, ge=0, le=0xFFFF)
    usb_product: int = Field(0, ge=0, le=0xFFFF)
    profile: str = "TM-T88III"
    paper_width_mm: Literal[58, 80] = 80
    timeout_s: Seconds = 5


class CameraSection(Section):
    enabled: bool = True
    required: bool = False
    source: str = Field("0", description="device index, or a video file / image pattern")
    presence: bool = True
    fps: float = Field(15, gt=0, le=120)


class DevicesSection(Section):
    idcard: IdCardSection = IdCardSection()
    smartcard: SmartCardSection = SmartCardSection()
    printer: PrinterSection = PrinterSection()
    camera: CameraSection = CameraSection()


class UpdatesSection(Section):
    """Signed releases installed beside the running one (kiosk/updater.py)."""
    public_key: str = Field("", description="release public key (PEM); empty: no updates")
    releases_dir: str = "var/kiosk/releases"
    health_timeout_s: Seconds = 300


class PowerSection(Section):
    """Sleep outside the hall's opening hours (kiosk/power.py). The commands are local only,
    never remote config: they run on this machine."""
    display_off_command: str = Field("xset +dpms dpms force off", max_length=300)
    # DPMS off again after waking, or the X server's own timeouts would blank the screen by day
    display_on_command: str = Field("xset dpms force on -dpms", max_length=300)
    touch_wake_s: Seconds = 60
    check_interval_s: Seconds = 15


class SpeechSection(Section):
    """Spoken guidance (kiosk/speech.py, kiosk/guidance.py): offline synthesis, Mandarin first."""
    enabled: bool = True
    #: every screen speaks when shown (elders' mode turns it on for its visitor)
    guide_by_default: bool = False
    engine: Literal["espeak-ng", "piper"] = "espeak-ng"
    voices: dict[str, str] = Field(default_factory=lambda: {"zh_CN": "cmn", "en": "en"})
    #: a neural voice an operator installs: language -> .onnx file (used when present)
    piper_voices: dict[str, str] = Field(default_factory=dict)
    piper_program: str = "piper"
    volume: float = Field(1.0, ge=0, le=2, description="0..2 of the engine's normal loudness")
    rate: float = Field(1.0, ge=0.3, le=3, description="1 = the engine's normal speed")
    player: str = Field("aplay -q", description="the WAV path is appended; empty: synthesise only")


class KioskSettings(Section):
    terminal: TerminalSection = TerminalSection()
    central: CentralSection = CentralSection()
    store: StoreSection = StoreSection()
    devices: DevicesSection = DevicesSection()
    updates: UpdatesSection = UpdatesSection()
    power: PowerSection = PowerSection()
    speech: SpeechSection = SpeechSection()

    @model_validator(mode="after")
    def _service_over_https(self) -> "KioskSettings":
        """The token, ID numbers and names travel to the service: in clear only to this very
        machine, or on a demo (development) terminal."""
        if urlsplit(self.central.url).scheme == "http" and not self.terminal.demo \
                and not is_loopback(urlsplit(self.central.url).hostname):
            raise ValueError("central.url: http:// is refused outside demo mode unless the "
                             "service is on this machine; use https://")
        return self


def is_loopback(host: str | None) -> bool:
    """``host`` names this machine: localhost or a loopback address (127.0.0.0/8, ::1)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

"""Terminal config: the shipped files load, env overrides apply, bad files say what is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hallcore.config import ConfigError
from kiosk.config import load_kiosk_settings

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_demo_and_production_configs_load():
    demo = load_kiosk_settings(ROOT / "config" / "kiosk.toml", env={})
    prod = load_kiosk_settings(ROOT / "config" / "kiosk.production.toml", env={})
    assert demo.terminal.lockdown is False and demo.terminal.demo is True
    assert prod.terminal.lockdown is True and prod.terminal.demo is False
    assert prod.terminal.show_cursor is False


def test_every_key_in_the_shipped_file_is_commented():
    lines = (ROOT / "config" / "kiosk.toml").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[a-z_]+ = ", line):
            assert lines[i - 1].startswith("#"), f"undocumented key: {line}"


def test_env_overrides_nested_keys(tmp_path):
    path = write(tmp_path, "[devices.printer]\nport = 9100\n")
    settings = load_kiosk_settings(path, env={"KIOSK__DEVICES__PRINTER__PORT": "9101",
                                              "KIOSK__TERMINAL__LANGUAGE": "en"})
    assert settings.devices.printer.port == 9101
    assert settings.terminal.language == "en"


@pytest.mark.parametrize("text, key, problem", [
    ("[devices.printer]\nport = 70000\n", "devices.printer.port", "less than or equal to 65535"),
    ("[devices.printer]\nport = \"nine\"\n", "devices.printer.port", "valid integer"),
    ("[devices.printer]\npaper_width_mm = 66\n", "devices.printer.paper_width_mm", "58 or 80"),
    ("[terminal]\nlanguage = \"fr\"\n", "terminal.language", "'zh_CN' or 'en'"),
    ("[terminal]\nidle_timeout_s = -1\n", "terminal.idle_timeout_s", "greater than 0"),
    ("[terminal]\ncolour = \"red\"\n", "terminal.colour", "unknown key"),
    ("[central]\nurl = \"ftp://x\"\n", "central.url", "should match pattern"),
    ("[central]\nurl = 5\n", "central.url", "valid string"),
])
def test_bad_values_name_file_key_and_problem(tmp_path, text, key, problem):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_kiosk_settings(path, env={})
    message = str(info.value)
    assert message.startswith(str(path))
    assert info.value.key == key
    assert problem in message


def test_bad_env_value_is_reported_with_its_key(tmp_path):
    path = write(tmp_path, "")
    with pytest.raises(ConfigError) as info:
        load_kiosk_settings(path, env={"KIOSK__DEVICES__IDCARD__BAUDRATE": "fast"})
    assert info.value.key == "devices.idcard.baudrate"


@pytest.mark.parametrize("content, problem", [
    (b"[terminal\nname = 1", "not valid TOML"),
    (b"\xff\xfe\x00bad", "not UTF-8"),
])
def test_unreadable_files(tmp_path, content, problem):
    path = tmp_path / "kiosk.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=problem):
        load_kiosk_settings(path, env={})


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_kiosk_settings(tmp_path / "nope.toml", env={})


@pytest.mark.parametrize("url, demo, accepted", [
    ("http://10.0.0.5:8000", False, False),
    ("http://central.example.org", False, False),
    ("http://127.0.0.1:8000", False, True),
    ("http://localhost:8000", False, True),
    ("http://[::1]:8000", False, True),
    ("https://central.example.org", False, True),
    ("http://10.0.0.5:8000", True, True),       # a demo (development) terminal
])
def test_the_service_is_reached_over_https_unless_local_or_demo(tmp_path, url, demo, accepted):
    path = write(tmp_path, f'[terminal]\ndemo = {str(demo).lower()}\n[central]\nurl = "{url}"\n')
    if accepted:
        assert load_kiosk_settings(path, env={}).central.url == url
    else:
        with pytest.raises(ConfigError) as info:
            load_kiosk_settings(path, env={})
        assert info.value.key == "central.url" and "https://" in str(info.value)

"""``kiosk``: run the terminal, enrol it, check its devices, run device emulators."""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import sys

__all__ = ["main"]

EMULATORS = ("idcard", "printer", "smartcard", "camera")


def _settings(args):
    from kiosk.config import load_kiosk_settings
    return load_kiosk_settings(args.config)


def cmd_run(args) -> int:
    from kiosk.app import RESTART_EXIT, restart_in_place, run
    code = run(_settings(args), config_path=args.config)
    # asked to restart (remote command, config that needs one); under deploy/kiosk/kiosk-launcher
    # the launcher starts it again instead, from `current`, which a new release may have changed
    if code == RESTART_EXIT and not os.environ.get("KIOSK_LAUNCHER"):
        restart_in_place()
    return code


def cmd_headless(args) -> int:
    from kiosk.headless import run_headless
    return run_headless(_settings(args))


def cmd_enrol(args) -> int:
    from kiosk.api import CentralError, CentralUnavailable
    from kiosk.sync import enrol
    settings = _settings(args)
    try:
        info = enrol(settings, args.code)
    except CentralUnavailable as exc:
        print(f"cannot reach the central service: {exc}", file=sys.stderr)
        return 1
    except CentralError as exc:
        print(f"enrolment refused: {exc}", file=sys.stderr)
        return 1
    print(f"enrolled as {info['name']} (terminal {info['kiosk_id']}) in {info['hall']['name']}")
    return 0


def cmd_doctor(args) -> int:
    from devices.manager import doctor
    return doctor(_settings(args))


def cmd_emulate(args) -> int:
    module = importlib.import_module(f"devices.{args.device}.emulator")
    return module.cli_main(args.rest) or 0


def cmd_demo(_args) -> int:
    from kiosk.demo import main as demo_main
    return demo_main()


def cmd_hash_pin(_args) -> int:
    from argon2 import PasswordHasher
    pin = getpass.getpass("staff PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        print("a PIN is 4 to 12 digits", file=sys.stderr)
        return 2
    print(PasswordHasher().hash(pin))
    return 0


def main(argv: list[str] | None = None) -> int:
    from kiosk.app import prepare_process
    prepare_process()   # before anything loads pydantic
    from hallcore.config import ConfigError
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__)
    parser.add_argument("--config", default=None, help="config file (default config/kiosk.toml)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="start the terminal")
    p.add_argument("--config", dest="config", default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("enrol", help="exchange a one-time code for this terminal's token")
    p.add_argument("code"); p.set_defaults(func=cmd_enrol)
    sub.add_parser("headless", help="heartbeats and software updates only, no window"
                   ).set_defaults(func=cmd_headless)
    sub.add_parser("doctor", help="print every device's health").set_defaults(func=cmd_doctor)
    p = sub.add_parser("emulate", help="run a device emulator")
    p.add_argument("device", choices=EMULATORS)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_emulate)
    sub.add_parser("demo", help="central service, emulators and a terminal on this machine"
                   ).set_defaults(func=cmd_demo)
    sub.add_parser("hash-pin", help="hash a staff PIN for kiosk.toml").set_defaults(func=cmd_hash_pin)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

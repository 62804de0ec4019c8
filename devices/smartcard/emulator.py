"""``kiosk emulate smartcard``: pcscd with the vpcd reader and our virtual social-security card."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from devices.console import command_loop
from devices.smartcard.pcscd import Pcscd
from devices.smartcard.vcard import DEMO_PERSON, SocialSecurityCardOS, VirtualCard

__all__ = ["cli_main", "start_demo", "SmartCardDemo"]


class SmartCardDemo:
    """pcscd plus one virtual card that the developer panel inserts and removes."""

    def __init__(self):
        self.pcscd = Pcscd().start()
        self.card = VirtualCard(SocialSecurityCardOS(DEMO_PERSON))

    def insert(self) -> None:
        if not self.card.inserted:
            self.card.insert()

    def remove(self) -> None:
        self.card.remove()

    def stop(self) -> None:
        self.card.remove()
        self.pcscd.stop()


def start_demo(var: Path) -> tuple[dict[str, str], Any]:
    return {"KIOSK__DEVICES__SMARTCARD__READER_MATCH": "Virtual PCD 00 00"}, SmartCardDemo()


def cli_main(argv: list[str]) -> int:
    argparse.ArgumentParser(prog="kiosk emulate smartcard").parse_args(argv)
    demo = SmartCardDemo()
    print("pcscd is up with 'Virtual PCD 00 00'")
    try:
        command_loop({"insert": lambda _w: demo.insert(), "remove": lambda _w: demo.remove()})
    finally:
        demo.stop()
    return 0

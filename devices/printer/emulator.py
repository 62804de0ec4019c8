"""``kiosk emulate printer``: the virtual TCP printer, rendering receipts to PNG files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from devices.console import command_loop
from devices.printer.virtual.server import VirtualPrinter

__all__ = ["cli_main", "start_demo"]


def start_demo(var: Path) -> tuple[dict[str, str], Any]:
    printer = VirtualPrinter(port=9100, out_dir=var / "prints").start()
    return ({"KIOSK__DEVICES__PRINTER__KIND": "network",
             "KIOSK__DEVICES__PRINTER__HOST": "127.0.0.1",
             "KIOSK__DEVICES__PRINTER__PORT": str(printer.port)}, printer)


def cli_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk emulate printer")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--out", default="var/prints")
    parser.add_argument("--paper", type=int, choices=(58, 80), default=80)
    args = parser.parse_args(argv)
    printer = VirtualPrinter(port=args.port, out_dir=args.out,
                             dots=384 if args.paper == 58 else 576).start()
    print(f"virtual printer on 127.0.0.1:{printer.port}, receipts in {Path(args.out)}/")

    def flag(attr: str, value: bool):
        return lambda _w: setattr(printer, attr, value)

    def paper_ok(_w):
        printer.paper_out = printer.paper_low = False

    try:
        command_loop({"paper-out": flag("paper_out", True), "paper-low": flag("paper_low", True),
                      "paper-ok": paper_ok, "offline": flag("offline", True),
                      "online": flag("offline", False), "cover-open": flag("cover_open", True),
                      "cover-closed": flag("cover_open", False)})
    finally:
        printer.stop()
    return 0

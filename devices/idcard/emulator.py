"""An ID card reader on a real pty, answering GA 467 frames at the serial line's pace.

A test or a person inserts and removes demo cards and injects faults. Unplug
closes the pty; replug makes a new one and re-points the stable ``link`` path
at it, as udev does for a USB serial adapter, so the terminal reopens the link.
``kiosk emulate idcard`` prints the link and takes commands on stdin.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
import tty
from pathlib import Path
from typing import Any

from devices.console import command_loop
from devices.idcard.protocol import COMMANDS, FrameReader, encode_response
from devices.idcard.text import build_read_payload, build_text, id_check_digit

__all__ = ["IdCardEmulator", "DEMO_CARDS", "FAULTS", "cli_main", "start_demo"]

FAULTS = ("checksum", "truncate", "noise", "silent", "sam_error")


def _id(first17: str) -> str:
    return first17 + id_check_digit(first17)


# Fictional people with well-formed numbers (region 110101 = Dongcheng, Beijing).
DEMO_CARDS: list[dict[str, Any]] = [
    {"kind": "resident", "name": "张晓明", "sex": "1", "nation": "01", "birth": "19900307",
     "address": "北京市东城区示范路1号", "id_number": _id("11010119900307123"),
     "issuer": "北京市公安局东城分局", "valid_from": "20150301", "valid_to": "20350301"},
    {"kind": "resident", "name": "李芳", "sex": "2", "nation": "03", "birth": "19851122",
     "address": "北京市西城区样例胡同8号", "id_number": _id("11010219851122204"),
     "issuer": "北京市公安局西城分局", "valid_from": "20200101", "valid_to": "长期"},
    {"kind": "permit_hmt", "name": "陈家豪", "sex": "1", "nation": "", "birth": "19950610",
     "address": "香港特别行政区", "id_number": _id("81000019950610301"),
     "issuer": "公安部出入境管理局", "valid_from": "20210701", "valid_to": "20260701",
     "pass_number": "H12345678", "issue_count": "01"},
    {"kind": "foreign", "name_en": "SMITH, ALICE JANE", "sex": "2", "id_number": "USA110088062001",
     "nationality": "USA", "name": "史爱丽", "valid_from": "20230101", "valid_to": "20330101",
     "birth": "19880620", "version": "05", "issuer": "1500"},
]


class IdCardEmulator:
    def __init__(self, baud: int = 115200, link: str | Path | None = None):
        self.baud = baud
        self.link = Path(link) if link else None
        self.card: dict[str, Any] | None = None
        self.fault: str | None = None
        self.fault_sticky = False
        self.requests: list[str] = []
        self._master = self._slave = -1
        self._thread: threading.Thread | None = None
        self._running = False
        self.path = ""

    # -- plumbing --------------------------------------------------------------------
    def start(self) -> "IdCardEmulator":
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        tty.setraw(self._master)
        self.path = os.ttyname(self._slave)
        if self.link is not None:
            self.link.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.link.with_suffix(".tmp")
            if tmp.is_symlink() or tmp.exists():
                tmp.unlink()
            tmp.symlink_to(self.path)
            os.replace(tmp, self.link)
        self._running = True
        self._thread = threading.Thread(target=self._serve, name="idcard-emulator", daemon=True)
        self._thread.start()
        return self

    @property
    def port(self) -> str:
        return str(self.link) if self.link is not None else self.path

    def stop(self) -> None:
        self._running = False
        for fd in (self._master, self._slave):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._master = self._slave = -1
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self.link is not None and self.link.is_symlink():
            self.link.unlink()

    unplug = stop

    def replug(self) -> None:
        self.start()

    # -- cards and faults ------------------------------------------------------------
    def insert(self, card: int | dict[str, Any] = 0) -> None:
        self.card = DEMO_CARDS[card] if isinstance(card, int) else card

    def remove(self) -> None:
        self.card = None

    def inject(self, fault: str | None, sticky: bool = False) -> None:
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; one of {FAULTS}")
        self.fault, self.fault_sticky = fault, sticky

    # -- serving ---------------------------------------------------------------------
    def _serve(self) -> None:
        reader = FrameReader()
        master = self._master
        while self._running:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            reader.feed(data)
            while (frame := reader.next_frame()) is not None:
                if len(frame) < 10:
                    continue
                answer = self._answer(frame[7], frame[8])
                if answer:
                    self._send(master, answer)

    def _answer(self, cmd: int, para: int) -> bytes:
        name = next((c.name for c in COMMANDS.values() if (c.cmd, c.para) == (cmd, para)), "?")
        self.requests.append(name)
        card = self.card
        if name == "?":
            out = encode_response(0x21)
        elif name == "find":
            out = encode_response(0x9F, b"\x00" * 4) if card else encode_response(0x80)
        elif name == "select":
            out = encode_response(0x90, b"\x00" * 8) if card else encode_response(0x81)
        elif name in ("read", "read_fp"):
            if not card:
                out = encode_response(0x41)
            else:
                fields = {k: v for k, v in card.items() if k != "kind"}
                text = build_text(card["kind"], **fields)
                photo = bytes((i * 37) & 0xFF for i in range(1024))  # stands in for WLT data
                fp = bytes(1024) if name == "read_fp" else None
                out = encode_response(0x90, build_read_payload(text, photo, fp))
        elif name == "read_address":
            out = encode_response(0x91)
        elif name == "sam_id":
            out = encode_response(0x90, bytes(range(16)))
        else:
            out = encode_response(0x90)
        return self._apply_fault(name, out)

    def _apply_fault(self, name: str, out: bytes) -> bytes:
        fault = self.fault
        if fault is None or (fault == "sam_error" and name not in ("read", "read_fp")):
            return out
        if not self.fault_sticky:
            self.fault = None
        if fault == "checksum":
            return out[:-1] + bytes([out[-1] ^ 0xFF])
        if fault == "truncate":
            return out[: len(out) // 2]
        if fault == "noise":
            return b"\x00\x13\xaa\x96\xff" + out
        if fault == "silent":
            return b""
        return encode_response(0x41)  # sam_error: read failed

    def _send(self, fd: int, data: bytes) -> None:
        """Write at the line rate: 10 bits a byte (8N1)."""
        start = time.perf_counter()
        per_byte = 10 / self.baud
        sent = 0
        while sent < len(data) and self._running:
            chunk = data[sent:sent + 256]
            try:
                os.write(fd, chunk)
            except OSError:
                return
            sent += len(chunk)
            delay = start + sent * per_byte - time.perf_counter()
            if delay > 0:
                time.sleep(delay)  # pacing the emulated serial line, not synchronisation


def start_demo(var: Path) -> tuple[dict[str, str], Any]:
    emulator = IdCardEmulator(link=var / "dev" / "idcard").start()
    return {"KIOSK__DEVICES__IDCARD__PORT": emulator.port}, emulator


def cli_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk emulate idcard")
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--link", default="var/dev/idcard")
    args = parser.parse_args(argv)
    emulator = IdCardEmulator(args.baud, args.link).start()
    print(f"ID card reader on {emulator.path} (link {emulator.port}) at {args.baud} baud")
    commands = {
        "list": lambda _w: [print(f"{i}: {card['kind']}") for i, card in enumerate(DEMO_CARDS)],
        "insert": lambda w: emulator.insert(int(w[0]) if w else 0),
        "remove": lambda _w: emulator.remove(),
        "fault": lambda w: emulator.inject(None if w[0] == "none" else w[0]),
        "unplug": lambda _w: emulator.unplug(),
        "replug": lambda _w: emulator.replug(),
    }
    try:
        command_loop(commands)
    finally:
        emulator.stop()
    return 0

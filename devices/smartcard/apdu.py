"""Social-security card application over ISO 7816-4 APDUs (pure; testable without pyscard).

Flow: SELECT the DF ``sx1.sh.社会保障`` by name, SELECT EF05 and EF06, READ
RECORD each field. Records are TLV (tag = record number, length, value).
``read_social_security_card(transmit)`` takes any ``transmit(apdu) -> (data,
sw1, sw2)``, so the same code runs against pyscard and in unit tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from devices.base import CardError, PersonIdentity, ProtocolError

__all__ = ["DF_NAME", "select_df", "select_ef", "read_record", "SocialSecurityCard",
           "read_social_security_card", "CardNotSupported", "StatusWordError", "bcd_date",
           "Transmit", "RECORDS"]

DF_NAME = "sx1.sh.社会保障".encode("gbk")
Transmit = Callable[[list[int]], tuple[list[int], int, int]]
# (EF, record) -> (field, length)
RECORDS = {(0xEF05, 0x07): ("card_number", 9), (0xEF05, 0x05): ("issued", 4),
           (0xEF05, 0x06): ("expires", 4), (0xEF06, 0x08): ("id_number", 18),
           (0xEF06, 0x09): ("name", 30), (0xEF06, 0x0A): ("sex", 1),
           (0xEF06, 0x0D): ("birth", 4)}


class CardNotSupported(CardError):
    """The card has no social-security application."""


class StatusWordError(CardError):
    def __init__(self, what: str, sw1: int, sw2: int):
        self.sw = (sw1 << 8) | sw2
        super().__init__(f"{what}: status {sw1:02X}{sw2:02X}")


def select_df(name: bytes = DF_NAME) -> list[int]:
    return [0x00, 0xA4, 0x04, 0x00, len(name), *name]


def select_ef(fid: int) -> list[int]:
    return [0x00, 0xA4, 0x02, 0x00, 0x02, fid >> 8, fid & 0xFF]


def read_record(record: int, le: int = 0) -> list[int]:
    return [0x00, 0xB2, record & 0xFF, 0x04, le & 0xFF]


def bcd_date(raw: bytes) -> str:
    """4 BCD bytes -> YYYYMMDD; anything that is not BCD is a ProtocolError."""
    digits = "".join(f"{b >> 4}{b & 0x0F}" for b in raw)
    if len(raw) != 4 or not digits.isdigit():
        raise ProtocolError("date is not BCD")
    return digits


@dataclass(frozen=True, repr=False)
class SocialSecurityCard:
    card_number: str
    name: str
    id_number: str
    sex: str
    birth: str
    issued: str
    expires: str

    def identity(self) -> PersonIdentity:
        return PersonIdentity("smartcard", self.id_number, self.name, self.sex, self.birth,
                              {"card_number": self.card_number})

    def __repr__(self) -> str:
        return "SocialSecurityCard(<personal data hidden>)"


def _send(transmit: Transmit, apdu: list[int], what: str) -> bytes:
    try:
        data, sw1, sw2 = transmit(apdu)
    except CardError:
        raise
    except Exception as exc:  # the card went away mid-APDU, reader errors
        raise CardError(f"{what}: {type(exc).__name__}") from None
    if not isinstance(data, (list, bytes, bytearray)) or not all(0 <= b <= 255 for b in data):
        raise ProtocolError(f"{what}: malformed answer")
    if sw1 == 0x6C:  # wrong Le: ask again with the length the card wants
        data, sw1, sw2 = transmit(apdu[:-1] + [sw2])
    if sw1 == 0x61:  # more data available: GET RESPONSE
        more, sw1, sw2 = transmit([0x00, 0xC0, 0x00, 0x00, sw2])
        data = list(data) + list(more)
    if (sw1, sw2) != (0x90, 0x00):
        raise StatusWordError(what, sw1, sw2)
    return bytes(data)


def _tlv(record: int, raw: bytes, length: int) -> bytes:
    if len(raw) < 2 or raw[0] != record:
        raise ProtocolError(f"record {record:02X}: wrong tag")
    if raw[1] != len(raw) - 2 or raw[1] > length:
        raise ProtocolError(f"record {record:02X}: length {raw[1]} does not match")
    return raw[2:]


def read_social_security_card(transmit: Transmit) -> SocialSecurityCard:
    try:
        _send(transmit, select_df(), "select application")
    except StatusWordError as exc:
        if exc.sw in (0x6A82, 0x6A81, 0x6D00, 0x6E00):
            raise CardNotSupported("card not supported") from None
        raise
    fields: dict[str, bytes] = {}
    current = None
    for (ef, record), (name, length) in RECORDS.items():
        if ef != current:
            _send(transmit, select_ef(ef), f"select {ef:04X}")
            current = ef
        fields[name] = _tlv(record, _send(transmit, read_record(record), f"read {name}"), length)

    def text(name: str, encoding: str = "ascii") -> str:
        try:
            return fields[name].decode(encoding).strip(" \x00")
        except UnicodeDecodeError:
            raise ProtocolError(f"{name} is not {encoding} text") from None

    id_number = text("id_number")
    if len(id_number) != 18:
        raise ProtocolError("ID number is not 18 characters")
    sex = {"1": "男", "2": "女"}.get(text("sex"), "")
    return SocialSecurityCard(text("card_number"), text("name", "gbk"), id_number, sex,
                              bcd_date(fields["birth"]), bcd_date(fields["issued"]),
                              bcd_date(fields["expires"]))

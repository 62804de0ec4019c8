"""Sealing small records (a visitor's identity in the terminal's outbox) with AES-GCM.

A terminal holds a random 256-bit key of its own, handed out by the central service at
enrolment; the service keeps the same key on the terminal's record. What the terminal
writes to disk about a person is ``seal(key, {...})``: readable by the service, and by
nobody who only has the store file. The token is text so it fits a JSON payload:

    s1.<base64url(12-byte random nonce || ciphertext || 16-byte tag)>

``s1`` names this layout (AES-256-GCM, JSON inside, the fixed associated data below); a
later layout takes a new prefix and ``open`` keeps reading the old one. GCM's tag makes
a changed token fail to open rather than open to something else.

``cryptography`` is imported on first use (about 0.1 s): the terminal's start-up path
imports this module and seals nothing until a visitor identifies.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from typing import Any

__all__ = ["seal", "open", "new_key", "check_key", "is_sealed", "SealError", "PREFIX",
           "MAX_TOKEN"]

PREFIX = "s1."
#: longest token ``open`` looks at (a person's fields are well under a kilobyte)
MAX_TOKEN = 4096
_NONCE = 12
_AAD = b"hallkiosk sealed record v1"


class SealError(ValueError):
    """A key or token that cannot be used: malformed, the wrong key, or tampered with."""


def new_key() -> str:
    """A fresh random key, as the text that travels and is stored (base64url, 44 chars)."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def check_key(key: Any) -> bytes:
    """The key's 32 bytes; SealError for anything that is not a key."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (AttributeError, UnicodeEncodeError, binascii.Error, ValueError):
        raise SealError("the sealing key is not base64") from None
    if len(raw) != 32:
        raise SealError("the sealing key is not 256 bits")
    return raw


def _aead(key: str):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    return AESGCM(check_key(key))


def is_sealed(value: Any) -> bool:
    """The value looks like a sealed token (of any layout this module reads)."""
    return isinstance(value, str) and value.startswith(PREFIX)


def seal(key: str, record: dict[str, Any]) -> str:
    """The record as a sealed token (a new random nonce each time)."""
    nonce = os.urandom(_NONCE)
    plain = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sealed = _aead(key).encrypt(nonce, plain, _AAD)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def open(key: str, token: str) -> dict[str, Any]:  # noqa: A001 - the pair is seal/open
    """The record inside a token sealed with ``key``; SealError for anything else."""
    if not is_sealed(token) or len(token) > MAX_TOKEN:
        raise SealError("not a sealed token")
    try:
        raw = base64.urlsafe_b64decode(token[len(PREFIX):].encode("ascii"))
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise SealError("the sealed token is not base64") from None
    if len(raw) < _NONCE + 16:
        raise SealError("the sealed token is too short")
    from cryptography.exceptions import InvalidTag
    try:
        plain = _aead(key).decrypt(raw[:_NONCE], raw[_NONCE:], _AAD)
    except InvalidTag:
        raise SealError("the sealed token does not open with this key") from None
    try:
        record = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SealError("the sealed token holds no JSON") from None
    if not isinstance(record, dict):
        raise SealError("the sealed token holds no record")
    return record

"""Signed releases: what a release's signature covers, and how both sides check it.

A release is a wheel of this project. Its release key (Ed25519) signs one short message::

    hallkiosk-release-v1
    <wheel file name>
    <sha256 of the wheel, hex>

so a signature binds the content (through the digest) and the version (the file name carries
it): a signed 1.1.0 cannot be offered as 1.2.0, and the wheel is hashed as it streams, never
held in memory to be checked. The central service checks an upload against the public keys it
is configured with; a terminal checks a download against the public key it carries, before
anything is installed. The private key never leaves the release manager's machine.

``python -m hallcore.releases new-key KEY`` writes a key pair (KEY, KEY.pub);
``python -m hallcore.releases sign KEY WHEEL`` writes WHEEL.sha256 and WHEEL.sig
(scripts/sign-release runs it).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import sys
from pathlib import Path
from typing import BinaryIO, Iterable

__all__ = ["ReleaseError", "wheel_version", "signed_message", "sha256_file",
           "sha256_stream", "verify_signature", "load_public_key", "sign", "new_key_pair", "main"]

PROJECT = "hallkiosk"
CHUNK = 1 << 16
# PEP 427 file name of a pure wheel of this project; the version as PEP 440 allows, no more
_WHEEL = re.compile(r"^hallkiosk-(?P<version>[0-9][0-9A-Za-z.+_!]{0,30})-py3-none-any\.whl$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ReleaseError(Exception):
    """A release is refused: bad name, wrong checksum, signature that does not verify."""


def wheel_version(name: str) -> str:
    """The version in a pure wheel's file name of this project (ReleaseError if it is not one)."""
    match = _WHEEL.match(name or "")
    if match is None or ".." in name:
        raise ReleaseError(f"not a wheel of {PROJECT}: {name[:80]!r}")
    return match["version"]


def signed_message(filename: str, sha256: str) -> bytes:
    """The bytes a release signature covers."""
    if not _SHA256.match(sha256):
        raise ReleaseError("a sha256 is 64 lower-case hex digits")
    wheel_version(filename)
    return f"{PROJECT}-release-v1\n{filename}\n{sha256}\n".encode()


def sha256_stream(chunks: Iterable[bytes], out: BinaryIO | None = None,
                  limit: int | None = None) -> tuple[str, int]:
    """(hex digest, size) of ``chunks``, copied to ``out`` as they pass; over ``limit`` bytes
    raises ReleaseError."""
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        size += len(chunk)
        if limit is not None and size > limit:
            raise ReleaseError(f"larger than {limit} bytes")
        digest.update(chunk)
        if out is not None:
            out.write(chunk)
    return digest.hexdigest(), size


def sha256_file(path: Path | str) -> str:
    with open(path, "rb") as f:
        return sha256_stream(iter(lambda: f.read(CHUNK), b""))[0]


def load_public_key(pem: bytes | str | Path):
    """An Ed25519 public key from PEM bytes or a PEM file (ReleaseError if it is not one)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    data = Path(pem).read_bytes() if isinstance(pem, (Path, str)) else pem
    try:
        key = load_pem_public_key(data)
    except ValueError:
        raise ReleaseError("not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ReleaseError("a release key is Ed25519")
    return key


def verify_signature(public_keys: Iterable, filename: str, sha256: str, signature: str) -> None:
    """Return if one of ``public_keys`` signed (filename, sha256); ReleaseError otherwise."""
    from cryptography.exceptions import InvalidSignature

    message = signed_message(filename, sha256)
    try:
        raw = base64.b64decode(signature.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ReleaseError("the signature is not base64") from None
    if len(raw) != 64:
        raise ReleaseError("an Ed25519 signature is 64 bytes")
    for key in public_keys:
        try:
            key.verify(raw, message)
            return
        except InvalidSignature:
            continue
    raise ReleaseError("the signature does not verify with any release key")


def sign(private_pem: bytes, filename: str, sha256: str) -> str:
    """The base64 signature of (filename, sha256) with a PEM private key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key = load_pem_private_key(private_pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ReleaseError("a release key is Ed25519")
    return base64.b64encode(key.sign(signed_message(filename, sha256))).decode()


def new_key_pair() -> tuple[bytes, bytes]:
    """(private PEM, public PEM) of a new Ed25519 release key."""
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption())
    public = key.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo)
    return private, public


def main(argv: list[str] | None = None) -> int:
    import argparse   # the signing command's only: the terminal imports this module at start
    parser = argparse.ArgumentParser(prog="sign-release", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("new-key", help="write a new key pair: KEY (private) and KEY.pub")
    p.add_argument("key", type=Path)
    p = sub.add_parser("sign", help="write WHEEL.sha256 and WHEEL.sig")
    p.add_argument("key", type=Path)
    p.add_argument("wheel", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "new-key":
            private, public = new_key_pair()
            fd = os.open(args.key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(private)
            Path(f"{args.key}.pub").write_bytes(public)
            print(f"private key: {args.key} (keep it off the repository and the servers)")
            print(f"public key:  {args.key}.pub (for terminals and the central service)")
            return 0
        digest = sha256_file(args.wheel)
        signature = sign(args.key.read_bytes(), args.wheel.name, digest)
        Path(f"{args.wheel}.sha256").write_text(digest + "\n")
        Path(f"{args.wheel}.sig").write_text(signature + "\n")
        print(f"{args.wheel.name} sha256 {digest}")
        return 0
    except (ReleaseError, OSError, ValueError) as exc:
        print(f"sign-release: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

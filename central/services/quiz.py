"""The quiz on the central service: the item bank (the shipped default, versions, what
terminals get) and the result page a phone opens from a slip's QR code.

The bank is validated by the same parser the terminal uses (hallcore.quiz.parse_bank), so a
version the service accepts is one every terminal can show.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Occupation, StaffUser
from central.models.quiz import QuizBank
from central.schemas.quiz import QuizBankOut, QuizVersionOut
from central.services.errors import Invalid
from hallcore.quiz import BankError, hexagon, match_occupations, parse_bank, parse_result_query, rank

__all__ = ["DATA", "default_document", "latest", "add_version", "bundle", "cached_bundle", "etag",
           "current_bank", "post_bank", "result_page"]

DATA = Path(__file__).resolve().parent.parent / "data"


def default_document() -> dict[str, Any]:
    """The bank we ship: central/data/riasec_items.json and riasec_types.json."""
    items = json.loads((DATA / "riasec_items.json").read_text(encoding="utf-8"))
    types = json.loads((DATA / "riasec_types.json").read_text(encoding="utf-8"))
    return {"items": items["items"], "scale": items["scale"], "types": types}


def latest(db: Session) -> QuizBank:
    """The newest version; the shipped default becomes version 1 the first time it is asked for."""
    bank = db.scalar(select(QuizBank).order_by(QuizBank.version.desc()).limit(1))
    if bank is not None:
        return bank
    try:
        bank = QuizBank(version=1, document=default_document())
        db.add(bank)
        db.commit()
        return bank
    except IntegrityError:  # another replica stored it first
        db.rollback()
        return db.scalar(select(QuizBank).order_by(QuizBank.version.desc()).limit(1))


def add_version(db: Session, document: dict[str, Any], staff_id: int | None) -> QuizBank:
    """Store a new version after checking it as a terminal would (BankError says what is wrong)."""
    parsed = parse_bank({**document, "version": 1})
    clean = {"items": list(parsed.items), "scale": list(parsed.scale), "types": dict(parsed.types)}
    version = (db.scalar(select(func.max(QuizBank.version))) or 0) + 1
    bank = QuizBank(version=version, document=clean, created_by=staff_id)
    db.add(bank)
    _cache.clear()
    return bank


_cache: dict[str, tuple[dict[str, Any], str, float]] = {}
CACHE_S = 30.0  # an occupation table changed through another replica reaches terminals within this


def cached_bundle(db: Session) -> tuple[dict[str, Any], str]:
    """bundle() and its ETag, built at most every CACHE_S seconds by this process: every
    terminal asks each sync round, and the answer is usually "not modified".

    The newest bank version is read every time (one indexed max()), so a version saved through
    another replica is served by this one at once: a terminal whose requests alternate between
    replicas never gets the bank one version back (it did, for up to CACHE_S, with the version
    cached too: tests/deploy/test_replicas.py)."""
    now, key = time.monotonic(), str(db.get_bind().url)  # one entry per database
    newest = db.scalar(select(func.max(QuizBank.version)))
    hit = _cache.get(key)
    if hit is not None and hit[2] > now and hit[0]["version"] == newest:
        return hit[0], hit[1]
    body = bundle(db)
    _cache[key] = (body, etag(body), now + CACHE_S)
    return body, _cache[key][1]


def bundle(db: Session) -> dict[str, Any]:
    """What a terminal caches: the newest bank and the occupation table with RIASEC codes."""
    bank = latest(db)
    occupations = [{"code": o.code, "name": o.name, "name_en": o.name_en, "category": o.category,
                    "riasec": o.riasec}
                   for o in db.scalars(select(Occupation).where(Occupation.riasec != "")
                                       .order_by(Occupation.code))]
    return {"version": bank.version, **bank.document, "occupations": occupations}


def etag(body: dict[str, Any]) -> str:
    raw = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    return '"' + hashlib.sha256(raw).hexdigest()[:24] + '"'


def current_bank(db: Session, user: StaffUser) -> QuizBankOut:
    """The bank terminals are given now, with its version."""
    bank = latest(db)
    return QuizBankOut(version=bank.version, **bank.document)


def post_bank(db: Session, user: StaffUser, document: dict[str, Any]) -> QuizVersionOut:
    """A new version of the bank, checked as a terminal would check it. Commits."""
    try:
        bank = add_version(db, document, user.id)
    except BankError as exc:
        raise Invalid(str(exc)) from None
    audit(db, user, "quiz_bank", f"version:{bank.version}")
    db.commit()
    return QuizVersionOut(version=bank.version)


def result_page(db: Session, code: str, scores_text: str, size: int = 120,
                centre: int = 150) -> dict[str, Any]:
    """What the phone's result page shows (no person in it, only code and scores): the
    ranking, the hexagon as SVG points, and the matching occupations."""
    try:
        code, scores = parse_result_query(code.upper(), scores_text)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    bundle_, _ = cached_bundle(db)
    corners = hexagon(scores)
    outline = " ".join(f"{centre + x * size:.1f},{centre - y * size:.1f}" for _, x, y, _ in corners)
    shape = " ".join(f"{centre + x * size * share:.1f},{centre - y * size * share:.1f}"
                     for _, x, y, share in corners)
    labels = [(letter, centre + x * (size + 18), centre - y * (size + 18) + 5)
              for letter, x, y, _ in corners]
    return {"code": code, "scores": scores, "ranking": rank(scores), "types": bundle_["types"],
            "outline": outline, "shape": shape, "labels": labels,
            "occupations": match_occupations(code, bundle_["occupations"], limit=10)}

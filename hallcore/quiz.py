"""The career-interest quiz: the item bank, scoring, the Holland code and occupation matching.

Plain Python, no window: the quiz screen only shows what these functions return.

Scoring. Each of the sixty items belongs to one RIASEC type and is answered on a five-point
scale (0 = strongly dislike .. 4 = strongly like); a type's raw score is the sum of its
answers (0..40 with ten items). Unanswered items count as 0.

Tie rule (deterministic, documented for counsellors): types are ranked by
  1. raw score, higher first;
  2. then the number of "strongly like" (4) answers, more first — a clear liking weighs
     more than many lukewarm ones;
  3. then the order of Holland's hexagon, R I A S E C.
The three-letter code is the first three types of that ranking. A profile whose top and
fourth scores differ by less than ``FLAT_MARGIN`` points is reported as *flat*: the code is
still given, and the screen says the interests are evenly spread.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

__all__ = ["TYPES", "SCALE_MAX", "FLAT_MARGIN", "BankError", "Bank", "Result", "parse_bank",
           "score", "holland_code", "match_occupations", "result_query", "parse_result_query",
           "hexagon"]

TYPES = "RIASEC"
SCALE_MAX = 4
FLAT_MARGIN = 3
ITEMS_PER_TYPE = 10


class BankError(ValueError):
    """The item bank (from the central service or a file) is not usable."""


@dataclass(frozen=True)
class Bank:
    version: int
    items: tuple[dict[str, str], ...]        # {"id", "type", "zh", "en"}
    scale: tuple[dict[str, Any], ...]        # {"value", "zh", "en"}, 0 .. SCALE_MAX
    types: Mapping[str, dict[str, str]]      # letter -> {"zh_name", "en_name", "zh", "en"}
    occupations: tuple[dict[str, str], ...] = ()  # {"code", "name", "name_en", "category", "riasec"}

    def text(self, entry: Mapping[str, str], lang: str, key: str = "") -> str:
        """An entry's text in the visitor's language (zh_CN first), the other one if missing."""
        zh, en = entry.get(f"zh{key}", ""), entry.get(f"en{key}", "")
        return (en or zh) if lang.startswith("en") else (zh or en)

    def digest(self) -> str:
        body = json.dumps([self.version, self.items, self.scale, dict(self.types),
                           self.occupations], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(body.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Result:
    scores: dict[str, int]
    code: str
    ranking: tuple[str, ...]
    flat: bool
    answered: int = 0
    strong: dict[str, int] = field(default_factory=dict)


def _text(value: Any, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BankError(f"{what}: missing text")
    if len(value) > limit:
        raise BankError(f"{what}: text longer than {limit} characters")
    return value.strip()


def parse_bank(data: Any) -> Bank:
    """Validate a bank as the central service sends it; raises BankError saying what is wrong."""
    if not isinstance(data, dict):
        raise BankError("bank: not an object")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BankError("bank: version must be a positive integer")
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise BankError("bank: items must be a list")
    items, seen, per_type = [], set(), dict.fromkeys(TYPES, 0)
    for n, item in enumerate(raw_items):
        if not isinstance(item, dict):
            raise BankError(f"item {n}: not an object")
        item_id, kind = item.get("id"), item.get("type")
        if not isinstance(item_id, str) or not item_id or item_id in seen:
            raise BankError(f"item {n}: missing or repeated id")
        if kind not in per_type:
            raise BankError(f"item {item_id}: type must be one of {TYPES}")
        seen.add(item_id)
        per_type[kind] += 1
        items.append({"id": item_id, "type": kind, "zh": _text(item.get("zh"), f"item {item_id}", 80),
                      "en": _text(item.get("en"), f"item {item_id}", 160)})
    if any(count != ITEMS_PER_TYPE for count in per_type.values()):
        raise BankError(f"bank: needs {ITEMS_PER_TYPE} items of each type, has {per_type}")
    raw_scale = data.get("scale")
    if not isinstance(raw_scale, list) or [s.get("value") if isinstance(s, dict) else None
                                           for s in raw_scale] != list(range(SCALE_MAX + 1)):
        raise BankError(f"bank: scale must list the values 0..{SCALE_MAX} in order")
    scale = tuple({"value": s["value"], "zh": _text(s.get("zh"), "scale", 20),
                   "en": _text(s.get("en"), "scale", 40)} for s in raw_scale)
    raw_types = data.get("types")
    if not isinstance(raw_types, dict) or set(raw_types) != set(TYPES):
        raise BankError("bank: types must describe each of R I A S E C")
    types = {}
    for letter in TYPES:
        t = raw_types[letter]
        if not isinstance(t, dict):
            raise BankError(f"type {letter}: not an object")
        types[letter] = {k: _text(t.get(k), f"type {letter} {k}", 400)
                         for k in ("zh_name", "en_name", "zh", "en")}
    occupations = []
    for o in data.get("occupations") or []:
        if not isinstance(o, dict):
            continue
        code, riasec = o.get("code"), o.get("riasec")
        if (isinstance(code, str) and code and isinstance(riasec, str) and len(riasec) == 3
                and len(set(riasec)) == 3 and set(riasec) <= set(TYPES)
                and isinstance(o.get("name"), str) and o["name"]):
            occupations.append({"code": code, "name": o["name"], "name_en": str(o.get("name_en") or ""),
                                "category": str(o.get("category") or ""), "riasec": riasec})
    return Bank(version, tuple(items), scale, types, tuple(occupations))


def score(bank: Bank, answers: Mapping[str, int]) -> Result:
    """Raw scores, the ranking under the tie rule above, and the three-letter code.

    ``answers`` maps item id to 0..SCALE_MAX; unknown ids and out-of-range values are ignored.
    """
    scores, strong = dict.fromkeys(TYPES, 0), dict.fromkeys(TYPES, 0)
    answered = 0
    for item in bank.items:
        value = answers.get(item["id"])
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SCALE_MAX:
            continue
        answered += 1
        scores[item["type"]] += value
        strong[item["type"]] += value == SCALE_MAX
    ranking = rank(scores, strong)
    flat = scores[ranking[0]] - scores[ranking[3]] < FLAT_MARGIN
    return Result(scores, "".join(ranking[:3]), ranking, flat, answered, strong)


def rank(scores: Mapping[str, int], strong: Mapping[str, int] | None = None) -> tuple[str, ...]:
    strong = strong or {}
    return tuple(sorted(TYPES, key=lambda t: (-scores.get(t, 0), -strong.get(t, 0), TYPES.index(t))))


def holland_code(scores: Mapping[str, int], strong: Mapping[str, int] | None = None) -> str:
    return "".join(rank(scores, strong)[:3])


def _congruence(person: str, occupation: str) -> int:
    """How well an occupation's code fits a person's: letters in common, weighted by position.

    Same first letter weighs most (3 x 3); a letter's weight is 3, 2, 1 by its place in each
    code, and the products are summed. 14 is the most (identical codes), 0 the least.
    """
    total = 0
    for i, letter in enumerate(person[:3]):
        j = occupation.find(letter)
        if 0 <= j < 3:
            total += (3 - i) * (3 - j)
    return total


def match_occupations(code: str, occupations: Iterable[Mapping[str, str]], limit: int = 8
                      ) -> list[dict[str, Any]]:
    """The occupations whose codes fit best; ties keep the table's order (stable)."""
    scored = [(_congruence(code, o.get("riasec", "")), n, o) for n, o in enumerate(occupations)]
    scored = [s for s in scored if s[0] > 0]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [{**o, "fit": fit} for fit, _, o in scored[:limit]]


def result_query(result: Result) -> str:
    """What a phone needs to show the result again (no person in it): code and six scores."""
    return f"c={result.code}&s=" + ".".join(str(result.scores[t]) for t in TYPES)


def parse_result_query(code: str, scores: str) -> tuple[str, dict[str, int]]:
    """The inverse of result_query, for the public result page; raises ValueError on junk."""
    parts = scores.split(".")
    if len(parts) != len(TYPES) or not all(p.isdigit() and len(p) <= 3 for p in parts):
        raise ValueError("scores must be six numbers")
    values = {t: int(p) for t, p in zip(TYPES, parts)}
    if any(v > SCALE_MAX * ITEMS_PER_TYPE for v in values.values()):
        raise ValueError("score out of range")
    if len(code) != 3 or len(set(code)) != 3 or not set(code) <= set(TYPES):
        raise ValueError("code must be three distinct RIASEC letters")
    return code, values


def hexagon(scores: Mapping[str, int], full: int = SCALE_MAX * ITEMS_PER_TYPE
            ) -> list[tuple[str, float, float, float]]:
    """The chart's geometry, shared by the screen, the slip and the phone page.

    One corner per type in hexagon order, R at the top, going clockwise: (letter, unit x,
    unit y, share of the full score) with y pointing up; a renderer scales and flips.
    """
    out = []
    for i, letter in enumerate(TYPES):
        angle = math.pi / 2 - i * math.pi / 3
        share = max(0.0, min(1.0, scores.get(letter, 0) / full)) if full else 0.0
        out.append((letter, math.cos(angle), math.sin(angle), share))
    return out

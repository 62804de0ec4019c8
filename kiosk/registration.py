"""Job-seeker registration (求职登记) at the terminal: what a visitor may choose, the draft
they build one step at a time, and what is sent to the central service.

A registration is personal data: it is kept in the visitor session only (``session.data``,
wiped at the end of the visit) until the visitor, identified with a card and having agreed,
sends it; the service keeps it on their record (``POST /api/kiosk/registration``, with the
card's proof as for "my progress"). Nothing of it is written to the terminal's disk.

Occupations are searched like jobs (kiosk.search): a visitor with no Chinese IME types
pinyin, its initials or English, and each letter run must begin one of the occupation's
pinyin tokens (syllables, run-together syllables or initials from any syllable boundary)
or English words; a run of hanzi must appear in the name. So "kj", "kuaiji" and "acc" all
find 会计 (Accountant).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from kiosk.i18n import N_, listing, localized
from kiosk.search import pinyin_tokens, query_terms

if TYPE_CHECKING:
    from kiosk.api import CentralClient
    from kiosk.session import VisitorSession

__all__ = ["MAX_OCCUPATIONS", "STEPS", "PAY_OPTIONS", "EDUCATION_OPTIONS", "AVAILABILITY_OPTIONS",
           "MAX_DISTRICTS", "OccupationIndex", "Draft", "pay_label", "districts", "draft", "why_not", "submit", "refusal",
           "NOT_SAVED", "NEEDS_CARD", "MISSING"]

#: the most wanted occupations a registration holds
MAX_OCCUPATIONS = 3
#: the screen's steps, in order; one task each
STEPS = ("consent", "occupations", "pay", "districts", "education", "availability", "review",
         "saved")
#: wanted monthly pay, as the least the visitor would take (CNY); None: any pay
PAY_OPTIONS: tuple[int | None, ...] = (3000, 4000, 5000, 6000, 7000, 8000, 10000, None)
EDUCATION_OPTIONS: tuple[tuple[str, str], ...] = (
    ("none", N_("Primary school or none")), ("junior_high", N_("Junior high school")),
    ("high_school", N_("Senior high school")), ("vocational", N_("Vocational school")),
    ("associate", N_("College (associate degree)")), ("bachelor", N_("Bachelor's degree")),
    ("master", N_("Master or above")))
#: the work the visitor can take (a posting's employment type, or either)
AVAILABILITY_OPTIONS: tuple[tuple[str, str], ...] = (
    ("full_time", N_("Full-time")), ("part_time", N_("Part-time")),
    ("any", N_("Either full-time or part-time")))
#: the most districts a registration names (none: anywhere in the city)
MAX_DISTRICTS = 10

NOT_SAVED = N_("Your registration could not be saved right now. Please try again later or ask at a counter.")
NEEDS_CARD = N_("Please read your ID card or social security card first: a registration is kept only with the card.")
MISSING = N_("Please choose at least one occupation, and answer every step.")
CARD_MISMATCH = N_("This card is not the one on record for you. If your card was renewed, please show it once at a counter.")
TOO_MANY = N_("Too many lookups just now. Please try again later or ask at a counter.")



def pay_label(pay_min: int | None, _: Callable[[str], str]) -> str:
    """A wanted-pay option as the visitor reads it."""
    if pay_min is None:
        return _("Any pay")
    return _("{amount} yuan a month or more").format(amount=f"{pay_min:,}")


class OccupationIndex:
    """The occupations of the quiz bundle, searchable by pinyin, initials, hanzi or English.

    Building it computes every name's pinyin (pypinyin; the first call imports it, about
    150 ms): build and search on the worker, never on the UI thread.
    """

    def __init__(self, occupations: Iterable[dict[str, Any]]):
        from pypinyin import lazy_pinyin
        #: each occupation, its search tokens, and what its name begins with (whole pinyin,
        #: initials, English) for the ranking
        self._rows: list[tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]] = []
        for occ in occupations:
            name, name_en = str(occ.get("name") or ""), str(occ.get("name_en") or "").lower()
            english = re.findall(r"[0-9a-z]+", name_en)
            syllables = [s for s in lazy_pinyin(name, errors="ignore") if s.isascii() and s.isalpha()]
            heads = ("".join(syllables), "".join(s[0] for s in syllables), name_en)
            self._rows.append((dict(occ), tuple(pinyin_tokens(name).split() + english), heads))

    def __len__(self) -> int:
        return len(self._rows)

    def search(self, text: str, limit: int = 8) -> list[dict[str, Any]]:
        """The occupations every run of ``text`` finds, best first: a name the visitor is
        typing from its start, then shorter names. Nothing for no text."""
        terms = query_terms(text)
        if not terms:
            return []
        first, found = terms[0], []
        for occ, tokens, heads in self._rows:
            if all(_finds(term, occ["name"], tokens) for term in terms):
                starts = occ["name"].startswith(first) or any(h.startswith(first) for h in heads)
                found.append((not starts, len(occ["name"]), occ["name"], occ))
        found.sort(key=lambda row: row[:3])
        return [row[3] for row in found[:limit]]


def _finds(term: str, name: str, tokens: Sequence[str]) -> bool:
    if term.isascii():
        return any(token.startswith(term) for token in tokens)
    return term in name


@dataclass
class Draft:
    """What the visitor has chosen so far (kept in the session's data, never on disk)."""

    occupations: list[dict[str, str]] = field(default_factory=list)   # code, name, name_en
    pay_min: int | None = None
    #: whether the pay step was answered (None is an answer: any pay)
    pay_given: bool = False
    districts: list[str] = field(default_factory=list)
    education: str = ""
    availability: str = ""

    @classmethod
    def from_registration(cls, reg: dict[str, Any] | None) -> "Draft":
        """A draft holding the visitor's registration on record (hallcore.contract's
        RegistrationOut), to change; an empty one when there is none."""
        if not reg:
            return cls()
        return cls(occupations=[{"code": str(o["code"]), "name": str(o.get("name") or ""),
                                 "name_en": str(o.get("name_en") or "")}
                                for o in reg.get("occupations") or []][:MAX_OCCUPATIONS],
                   pay_min=reg.get("pay_min"), pay_given=True,
                   districts=list(reg.get("districts") or [])[:MAX_DISTRICTS],
                   education=str(reg.get("education") or ""),
                   availability=str(reg.get("availability") or ""))

    def toggle_occupation(self, occ: dict[str, Any]) -> bool:
        """Add or remove an occupation; False when adding one past the limit."""
        code = str(occ["code"])
        if any(o["code"] == code for o in self.occupations):
            self.occupations = [o for o in self.occupations if o["code"] != code]
            return True
        if len(self.occupations) >= MAX_OCCUPATIONS:
            return False
        self.occupations.append({"code": code, "name": str(occ.get("name") or ""),
                                 "name_en": str(occ.get("name_en") or "")})
        return True

    def set_pay(self, pay_min: int | None) -> None:
        self.pay_min, self.pay_given = pay_min, True

    def toggle_district(self, district: str) -> bool:
        """Add or remove a district; False when adding one past the limit."""
        if district in self.districts:
            self.districts = [d for d in self.districts if d != district]
        elif len(self.districts) >= MAX_DISTRICTS:
            return False
        else:
            self.districts = [*self.districts, district]
        return True

    def done(self, step: str) -> bool:
        """Whether ``step`` is answered (districts may be none: anywhere in the city)."""
        return {"occupations": bool(self.occupations), "pay": self.pay_given,
                "districts": True, "education": bool(self.education),
                "availability": bool(self.availability)}.get(step, True)

    @property
    def complete(self) -> bool:
        return all(self.done(step) for step in STEPS)

    def body(self) -> dict[str, Any]:
        """The registration as the service takes it (docs/CONTRACTS.md), with the consent
        the visitor gave by starting and sending it."""
        return {"consent": True, "occupations": [o["code"] for o in self.occupations],
                "pay_min": self.pay_min, "districts": list(self.districts),
                "education": self.education, "availability": self.availability}

    def summary(self, _: Callable[[str], str], lang: str) -> list[tuple[str, str]]:
        """(question, answer) lines for the review step, in the visitor's language."""
        def label(options: Sequence[tuple[str, str]], code: str) -> str:
            return _(dict(options).get(code, "")) if code else ""
        return [
            (_("Wanted occupations"), listing([localized(o["name"], o["name_en"], lang)
                                                for o in self.occupations], lang)),
            (_("Wanted pay per month"), pay_label(self.pay_min, _) if self.pay_given else ""),
            (_("Districts"), listing(self.districts, lang) or _("Anywhere in the city")),
            (_("Education"), label(EDUCATION_OPTIONS, self.education)),
            (_("Work you can take"), label(AVAILABILITY_OPTIONS, self.availability)),
        ]


def draft(session: "VisitorSession") -> Draft:
    """The visitor's draft, kept in the session (so the end of the visit wipes it); it
    starts from their registration on record when this visit has fetched it
    (kiosk.progress.remembered)."""
    if "registration" not in session.data:
        record = session.data.get("record") or {}
        session.data["registration"] = Draft.from_registration(record.get("registration"))
    return session.data["registration"]


def districts(from_feed: Iterable[str], configured: Iterable[str]) -> list[str]:
    """The districts to offer: those of the postings this terminal holds (the hall's city as
    the feed has it), else the ones in the terminal's config; in a stable order."""
    feed = sorted({d for d in from_feed if d})
    return feed or list(dict.fromkeys(d for d in configured if d))


def why_not(session: "VisitorSession", api: "CentralClient | None") -> str | None:
    """Why a registration cannot be sent now, or None when it can."""
    if not session.identified or session.card_proof is None:
        return NEEDS_CARD
    return NOT_SAVED if api is None else None


def submit(api: "CentralClient", session: "VisitorSession", body: dict[str, Any]) -> Callable[[], Any]:
    """A callable for the worker sending the registration with the card's proof (read now,
    on the UI thread, so a session wiped meanwhile sends nothing)."""
    number, card = session.identity.id_number, session.card_proof
    body = {**body, "name": session.identity.name}   # the service keeps it masked
    return lambda: api.registration(number, card, body)


def refusal(exc: BaseException) -> str:
    status = getattr(exc, "status", None)
    return {409: CARD_MISMATCH, 429: TOO_MANY}.get(status, NOT_SAVED)

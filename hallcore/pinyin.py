"""How visitors and staff find a posting by what they can type: hanzi, pinyin or initials.

One rule for both sides. The terminal indexes these tokens in its FTS5 cache
(kiosk/search.py); the central service keeps them in a posting's ``search_text``
column and matches them with LIKE (central/services/postings.py), so "kj" finds
会计 on a touch keyboard with no Chinese IME and in the staff console alike.

A text's pinyin tokens are its syllables, the syllables run together from every
syllable boundary ("kuaijizhuli", "jizhuli", ...) and the initials from every
boundary ("kjzl", "jzl", ...). Typed text is split into runs of hanzi and runs of
letters/digits (:func:`query_terms`): a hanzi run is looked for as a substring of
the hanzi text, a letter run as the start of a token ("k", "kj", "kuai" and
"kuaiji" all find 会计 while the person types).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["MAX_QUERY_CHARS", "MAX_TERMS", "HAN", "is_hanzi", "normalise", "query_terms",
           "pinyin_tokens", "index_text"]

MAX_QUERY_CHARS = 64   # longest run kept; nobody types more on a touch keyboard
MAX_TERMS = 8          # more AND-ed terms only make the query slower, never better
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(rf"[{HAN}]+")
_HAN_START = re.compile(rf"[{HAN}]")
_RUN = re.compile(rf"[{HAN}]+|[0-9a-z]+")


def normalise(text: str) -> str:
    """NFKC (full-width letters become ASCII), lower case, capped length."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    # cap before NFKC too: a pasted megabyte must not cost a megabyte of work
    return unicodedata.normalize("NFKC", text[: MAX_QUERY_CHARS * 4]).lower()


def is_hanzi(term: str) -> bool:
    """Whether a term of :func:`query_terms` is a hanzi run (else letters and digits)."""
    return bool(_HAN_START.match(term))


def query_terms(text: str) -> list[str]:
    """The searchable runs of typed text: hanzi runs and letter/digit runs, capped."""
    return [run[:MAX_QUERY_CHARS] for run in _RUN.findall(normalise(text))[:MAX_TERMS]]


@lru_cache(maxsize=20000)
def pinyin_tokens(*texts: str) -> str:
    """Pinyin index text: syllables, and run-together syllables and initials from each boundary."""
    return " ".join(dict.fromkeys(t for text in texts for t in _pinyin_of(text or "").split()))


@lru_cache(maxsize=20000)
def _pinyin_of(text: str) -> str:
    # titles, occupations and districts repeat a lot across postings: cache per string
    from pypinyin import lazy_pinyin  # 150 ms to import: only the first search pays it

    out: list[str] = []
    for run in _HAN_RUN.findall(text):
        syllables = [s for s in lazy_pinyin(run, errors="ignore") if s.isascii() and s.isalpha()]
        initials = [s[0] for s in syllables]
        out.extend(syllables)
        for i in range(len(syllables)):
            out.append("".join(syllables[i:]))
            out.append("".join(initials[i:]))
    return " ".join(out)


def index_text(*texts: str) -> str:
    """Every letter/digit word and pinyin token of ``texts``, space-separated and with a space
    at both ends, so that " kj" LIKE-matches the start of a token anywhere in it."""
    words = [w for text in texts for w in re.findall(r"[0-9a-z]+", normalise_full(text))]
    tokens = pinyin_tokens(*(t or "" for t in texts)).split()
    return " " + " ".join(dict.fromkeys(words + tokens)) + " "


def normalise_full(text: str | None) -> str:
    """:func:`normalise` without the length cap, for indexing whole fields."""
    return unicodedata.normalize("NFKC", text or "").lower()

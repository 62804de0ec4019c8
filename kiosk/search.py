"""Visitor text -> a safe FTS5 query, and the pinyin index text for a posting.

Nothing a visitor types can reach FTS5's query syntax: the text is split into
runs of hanzi and runs of letters/digits, every run becomes a quoted phrase,
and operators like NEAR, AND, quotes, stars and brackets are plain text. A
visitor with no Chinese IME types pinyin or initials; the index holds, for
each title, its pinyin syllables, the syllables run together from every
syllable boundary ("kuaijizhuli", "jizhuli", ...) and the initials from every
boundary ("kjzl", "jzl", ...), so a prefix query for "kj" or "kuaiji" finds
会计 wherever it sits in the title.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["MAX_QUERY_CHARS", "MAX_TERMS", "split_hanzi", "pinyin_tokens", "fts_query", "normalise"]

MAX_QUERY_CHARS = 64
MAX_TERMS = 8
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_HAN}]+|[0-9a-z]+")
_HAN_CHAR = re.compile(rf"([{_HAN}])")


def normalise(text: str) -> str:
    """NFKC (full-width letters become ASCII), lower case, capped length."""
    return unicodedata.normalize("NFKC", text or "")[: MAX_QUERY_CHARS * 4].lower()


def split_hanzi(text: str) -> str:
    """Put spaces around every hanzi so the unicode61 tokenizer indexes each one."""
    return _HAN_CHAR.sub(r" \1 ", text or "")


def pinyin_tokens(*texts: str) -> str:
    """Pinyin index text: syllables, and run-together syllables and initials from each boundary."""
    return " ".join(dict.fromkeys(t for text in texts for t in _pinyin_of(text or "").split()))


@lru_cache(maxsize=20000)
def _pinyin_of(text: str) -> str:
    # titles, occupations and districts repeat a lot across postings: cache per string
    from pypinyin import lazy_pinyin  # 150 ms to import: only the sync thread needs it

    out: list[str] = []
    for run in re.findall(rf"[{_HAN}]+", text):
        syllables = [s for s in lazy_pinyin(run, errors="ignore") if s.isalpha()]
        initials = [s[0] for s in syllables]
        out.extend(syllables)
        for i in range(len(syllables)):
            out.append("".join(syllables[i:]))
            out.append("".join(initials[i:]))
    return " ".join(out)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_query(text: str) -> str | None:
    """Visitor text -> an FTS5 MATCH expression, or None when nothing searchable is left.

    Hanzi runs become phrases of single characters (found anywhere in a
    title); letter/digit runs become prefix terms (the visitor is still
    typing). All terms must match (implicit AND).
    """
    runs = _RUN.findall(normalise(text))[:MAX_TERMS]
    terms = []
    for run in runs:
        run = run[:MAX_QUERY_CHARS]
        if re.match(rf"[{_HAN}]", run):
            terms.append(_quote(" ".join(run)))
        else:
            terms.append(_quote(run) + "*")
    return " ".join(terms) if terms else None

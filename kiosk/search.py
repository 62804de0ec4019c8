"""Visitor text -> a safe FTS5 query, and the index text (hanzi, pinyin) for a posting.

Nothing a visitor types can reach FTS5's query syntax: the text is normalised
(NFKC, lower case, control characters and emoji dropped, length capped), split
into runs of hanzi and runs of letters/digits, and every run becomes a quoted
phrase; ``NEAR``, ``AND``, quotes, stars, colons and brackets are plain text.

Index design. FTS5's unicode61 tokenizer treats a run of hanzi as one token,
so "会计" would not find "财务会计". We put a space around every hanzi before
indexing (:func:`split_hanzi`): each character is a token and a hanzi query is
a phrase of characters, which finds any substring. A visitor with no Chinese
IME types pinyin or initials; the pinyin column holds, for each title (and
occupation, district), its syllables, the syllables run together from every
syllable boundary ("kuaijizhuli", "jizhuli", ...) and the initials from every
boundary ("kjzl", "jzl", ...). Letter runs in a query are prefix terms, so
"k", "kj", "kuai", "kuaiji" and "kuai ji" all find 会计 as the visitor types. The pinyin
and query-splitting rule is hallcore.pinyin, shared with the staff console's search.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import Any

from hallcore.pinyin import (HAN, MAX_QUERY_CHARS, MAX_TERMS, is_hanzi, normalise, pinyin_tokens,
                            query_terms)

__all__ = ["MAX_QUERY_CHARS", "MAX_TERMS", "split_hanzi", "split_hanzi_cached", "pinyin_tokens",
           "fts_query", "normalise", "query_terms", "EDUCATION_ORDER", "SALARY_BANDS", "SORTS",
           "FILTER_KEYS", "SALARY_SQL", "facet_tokens", "filter_match", "filter_sql", "edu_rank", "to_int"]

_HAN_RUN = re.compile(rf"[{HAN}]+")

EDUCATION_ORDER = ("none", "junior_high", "high_school", "vocational", "associate",
                   "bachelor", "master")
# band id -> (lowest monthly pay, highest) in CNY; a posting is in a band when its range overlaps
SALARY_BANDS = {"lt4k": (0, 3999), "4k-6k": (4000, 5999), "6k-8k": (6000, 7999),
                "8k-12k": (8000, 11999), "ge12k": (12000, 10**9)}
SORTS = ("relevance", "newest", "salary")
FILTER_KEYS = ("district", "category", "salary_band", "education_max", "experience_max",
               "employment_type")
EXPERIENCE_CAP = 10  # postings asking 10 years or more share one filter token


def _spaced(match: re.Match) -> str:
    return " " + " ".join(match.group()) + " "


def split_hanzi(text: str) -> str:
    """Put spaces around every hanzi so the unicode61 tokenizer indexes each one."""
    # one callback per run of hanzi, not per character: 100,000 postings index in seconds
    return _HAN_RUN.sub(_spaced, text) if text else ""


@lru_cache(maxsize=20000)
def split_hanzi_cached(text: str) -> str:
    """:func:`split_hanzi` for short fields that repeat across postings (titles, districts)."""
    return split_hanzi(text)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_query(text: str) -> str | None:
    """Visitor text -> an FTS5 MATCH expression, or None when nothing searchable is left.

    Hanzi runs become phrases of single characters (found anywhere in a
    field); letter/digit runs become prefix terms (the visitor is still
    typing). All terms must match (implicit AND).
    """
    terms = []
    for run in query_terms(text):
        if is_hanzi(run):
            terms.append(_quote(" ".join(run)))
        else:
            terms.append(_quote(run) + "*")
    return " ".join(terms) if terms else None


# -- filters: FTS terms on the facets column (with text), or SQL on the jobs table -----
SALARY_SQL = "coalesce(j.salary_max, j.salary_min, 0) >= ? AND coalesce(j.salary_min, 0) <= ?"


def to_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def edu_rank(level: str | None) -> int:
    return EDUCATION_ORDER.index(level) if level in EDUCATION_ORDER else 0


def _token(kind: str, value: Any) -> str:
    # filter values (often hanzi) become one ASCII token each, e.g. "fd3a9c01be"
    return f"f{kind}{zlib.crc32(str(value).encode()):08x}"


def facet_tokens(meta: tuple) -> str:
    _, district, category, _, low, high, edu, exp, etype, *_ = meta
    tokens = [_token("d", district), _token("c", category), _token("t", etype),
              f"fedu{edu}", f"fexp{min(exp, EXPERIENCE_CAP)}"]
    top, bottom = (high if high is not None else low or 0), low or 0
    tokens += [f"fsal{i}" for i, (a, b) in enumerate(SALARY_BANDS.values())
               if top >= a and bottom <= b]
    return " ".join(tokens)


def _filter_values(filters: dict[str, Any]) -> dict[str, Any]:
    """The filters that apply, normalised; unknown keys and bad values are ignored."""
    out: dict[str, Any] = {}
    for key in ("district", "category", "employment_type"):
        if filters.get(key):
            out[key] = str(filters[key])
    if filters.get("salary_band") in SALARY_BANDS:
        out["salary_band"] = list(SALARY_BANDS).index(filters["salary_band"])
    edu = filters.get("education_max", filters.get("education"))
    if edu in EDUCATION_ORDER:
        out["education_max"] = edu_rank(edu)
    exp = to_int(filters.get("experience_max", filters.get("experience")))
    if exp is not None and exp >= 0:
        out["experience_max"] = exp
    return out


def filter_match(filters: dict[str, Any]) -> list[str]:
    f = _filter_values(filters)
    terms = [f"facets : {_token(k[0] if k != 'employment_type' else 't', f[k])}"
             for k in ("district", "category", "employment_type") if k in f]
    if "salary_band" in f:
        terms.append(f"facets : fsal{f['salary_band']}")
    if "education_max" in f:
        terms.append("facets : (" + " OR ".join(f"fedu{i}" for i in range(f["education_max"] + 1)) + ")")
    if "experience_max" in f:
        top = min(f["experience_max"], EXPERIENCE_CAP)  # 10+ years share one token
        terms.append("facets : (" + " OR ".join(f"fexp{i}" for i in range(top + 1)) + ")")
    return terms


def filter_sql(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    f = _filter_values(filters)
    where = [f"j.{k} = ?" for k in ("district", "category", "employment_type") if k in f]
    params: list[Any] = [f[k] for k in ("district", "category", "employment_type") if k in f]
    if "salary_band" in f:
        where.append(SALARY_SQL)
        params.extend(list(SALARY_BANDS.values())[f["salary_band"]])
    if "education_max" in f:
        where.append("j.education_rank <= ?")
        params.append(f["education_max"])
    if "experience_max" in f:
        where.append("j.experience_years <= ?")
        params.append(f["experience_max"])
    return " AND ".join(where) or "1", params

"""One flattened schema.org JobPosting node -> our posting's columns (pure, no DB, no network).

``central.jsonld`` flattens a document with PyLD, so every object arrives here as a node of
one graph: property values are lists, nested objects and ``@id`` references alike are
``{"@id": ...}`` pointing into the node map, literals may be ``{"@value", "@language"}``.
``Nodes.values`` follows the references, so an organisation declared once in an ``@graph``
reads the same as one written inline.

Publishers put HTML with entities into descriptions (and sometimes names): ``plain`` turns
it into text with BeautifulSoup, block elements and ``<br>`` becoming line breaks.

A record that cannot become a posting raises ``RecordError(msgid, **params)``: the msgid is
English and marked for translation (the console shows it in the staff member's language,
the command line in English).
"""

from __future__ import annotations

import warnings
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

from central.i18n import N_

__all__ = ["RecordError", "Nodes", "plain", "posting_columns", "SCHEMA"]

SCHEMA = "http://schema.org/"
_HTTPS_SCHEMA = "https://schema.org/"
_UNIT_TO_MONTH = {"MONTH": 1.0, "YEAR": 1 / 12, "WEEK": 52 / 12, "DAY": 21.75, "HOUR": 174.0}
_TYPES = {"FULL_TIME": "full_time", "PART_TIME": "part_time", "CONTRACTOR": "full_time",
          "TEMPORARY": "part_time", "INTERN": "part_time", "PER_DIEM": "part_time"}
_BLOCKS = ["p", "div", "section", "article", "header", "footer", "ul", "ol", "table", "tr",
           "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd"]


class RecordError(ValueError):
    """Why one record is not imported: an English msgid and its parameters."""

    def __init__(self, msgid: str, **params: Any):
        self.msgid, self.params = msgid, {k: str(v)[:60] for k, v in params.items()}
        super().__init__(msgid % self.params)


def _soup_text(markup: str) -> tuple[str, bool]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(markup, "html.parser")
    had_tags = soup.find() is not None
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for item in soup.find_all("li"):
        item.insert_before("\n• ")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    return soup.get_text(), had_tags


def plain(value: str, limit: int) -> str:
    """HTML (or text with entities) -> text: paragraphs as line breaks, at most one blank line
    between them, runs of spaces (``&nbsp;`` too) as one."""
    value = value.replace("\x00", "")  # no column of PostgreSQL holds a NUL
    if "<" not in value and "&" not in value:
        text = value
    else:
        text, _ = _soup_text(value)
        if "<" in text:  # escaped HTML ("&lt;p&gt;"): the first pass uncovered the markup
            again, had_tags = _soup_text(text)
            text = again if had_tags else text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()[:limit]


class Nodes:
    """The flattened graph: a node's property values with references followed."""

    def __init__(self, node_map: dict[str, dict]):
        self.map = node_map

    def values(self, node: dict, key: str) -> list[Any]:
        """Literal values unwrapped, references replaced by the node they point to (a dict)."""
        raw = list(node.get(key) or []) + list(node.get(_HTTPS_SCHEMA + key) or [])
        out = []
        for value in raw:
            if isinstance(value, dict) and "@value" in value:
                out.append(value["@value"])
            elif isinstance(value, dict) and "@id" in value:
                out.append(self.map.get(value["@id"], value["@id"]))
            else:
                out.append(value)
        return out

    def texts(self, node: dict, key: str) -> list[tuple[str, str]]:
        """(text, language) for each textual value (a node counts by its name)."""
        raw = list(node.get(key) or []) + list(node.get(_HTTPS_SCHEMA + key) or [])
        out = []
        for value in raw:
            language = ""
            if isinstance(value, dict) and "@value" in value:
                language, value = str(value.get("@language") or ""), value["@value"]
            elif isinstance(value, dict) and "@id" in value:
                target = self.map.get(value["@id"])
                if target is None:
                    continue
                out.extend(self.texts(target, "name"))
                continue
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                out.append((str(value), language.lower()))
        return out

    def text(self, node: dict, key: str, limit: int = 2000) -> str:
        """The first non-English text of ``key`` (English when there is no other), as plain text."""
        found = self.texts(node, key)
        found.sort(key=lambda t: t[1].startswith("en"))
        for value, _ in found:
            cleaned = plain(value, limit)
            if cleaned:
                return cleaned
        return ""

    def text_en(self, node: dict, key: str, limit: int) -> str | None:
        """The English text of ``key`` when the publisher gave one beside another language."""
        found = self.texts(node, key)
        if len(found) < 2:
            return None
        english = [plain(v, limit) for v, lang in found if lang.startswith("en")]
        return next((e for e in english if e), None)

    def first(self, node: dict, key: str) -> Any:
        found = self.values(node, key)
        return found[0] if found else None


def types_of(node: dict) -> set[str]:
    kinds = node.get("@type") or []
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(k).removeprefix(_HTTPS_SCHEMA).removeprefix(SCHEMA) for k in kinds}


def _date(value: Any, field: str) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(N_("%(field)s is not a date"), field=field)
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(N_("%(field)s is not an ISO 8601 date: %(value)s"), field=field,
                          value=value[:40]) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _number(value: Any) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or isinstance(value, dict):
        raise RecordError(N_("salary is not a number"))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RecordError(N_("salary is not a number: %(value)s"), value=str(value)[:20]) from None
    if not (0 <= number < 1e9):
        raise RecordError(N_("salary out of range"))
    return number


def _salary(nodes: Nodes, posting: dict) -> tuple[int | None, int | None]:
    base = nodes.first(posting, "baseSalary")
    if base in (None, ""):
        return None, None
    if not isinstance(base, dict):
        value = _number(base)
        return (round(value), round(value)) if value is not None else (None, None)
    value = nodes.first(base, "value")
    if not isinstance(value, dict):
        value = {"value": [value]} if value is not None else base
    unit = nodes.first(value, "unitText") or nodes.first(base, "unitText") or "MONTH"
    factor = _UNIT_TO_MONTH.get(str(unit).upper())
    if factor is None:
        raise RecordError(N_("unknown salary unit %(unit)s"), unit=str(unit)[:10])
    exact = nodes.first(value, "value")
    low = _number(nodes.first(value, "minValue") if "minValue" in value else exact)
    high = _number(nodes.first(value, "maxValue") if "maxValue" in value else exact)
    if low is not None and high is not None and low > high:
        raise RecordError(N_("salary minimum above maximum"))
    return tuple(round(v * factor) if v is not None else None for v in (low, high))  # type: ignore[return-value]


def _places(nodes: Nodes, posting: dict) -> list[tuple[str, str]]:
    """(district, address) of every jobLocation."""
    out = []
    for place in nodes.values(posting, "jobLocation"):
        addr = nodes.first(place, "address") if isinstance(place, dict) else place
        if isinstance(addr, dict):
            district = nodes.text(addr, "addressLocality", 40) or nodes.text(addr, "addressRegion", 40)
            street = nodes.text(addr, "streetAddress", 160)
            text = " ".join(p for p in (district, street) if p)
        elif isinstance(addr, (str, int, float)) and not isinstance(addr, bool):
            district, text = "", plain(str(addr), 200)
        elif isinstance(place, dict):
            district, text = "", nodes.text(place, "name", 200)
        else:
            continue
        if text:
            out.append((district[:40], text[:200]))
    return out


def _web_url(value: Any) -> str | None:
    """An http(s) address fit to be a link, else None (javascript: and the like are dropped)."""
    if not isinstance(value, str) or len(value) > 400 or "\x00" in value:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def _apply_url(nodes: Nodes, posting: dict) -> str | None:
    for action in nodes.values(posting, "potentialAction"):
        if isinstance(action, dict) and "ApplyAction" in types_of(action):
            for target in nodes.values(action, "target"):
                url = _web_url(target) or (_web_url(nodes.first(target, "urlTemplate"))
                                           if isinstance(target, dict) else None)
                if url:
                    return url
    for contact in nodes.values(posting, "applicationContact"):
        if isinstance(contact, dict) and _web_url(nodes.first(contact, "url")):
            return _web_url(nodes.first(contact, "url"))
    if nodes.first(posting, "directApply") in (True, "true", "True"):
        return _web_url(nodes.first(posting, "url"))
    return None


def _whole(value: Any, field: str, top: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, (bool, dict, list)) else None
    except ValueError:
        number = None
    if number is None or not 0 <= number <= top:
        raise RecordError(N_("%(field)s is not a whole number up to %(top)s"), field=field, top=top)
    return number


def _occupation_hints(nodes: Nodes, posting: dict) -> list[str]:
    hints = []
    for value in nodes.values(posting, "occupationalCategory"):
        if isinstance(value, dict):
            hints += [str(v) for v in nodes.values(value, "codeValue") + nodes.values(value, "name")
                      if isinstance(v, (str, int))]
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            hints.append(str(value))
    return [plain(h, 120) for h in hints if h][:6]


def _requirements(nodes: Nodes, posting: dict) -> tuple[str, int]:
    text = nodes.text(posting, "qualifications") or nodes.text(posting, "experienceRequirements")
    years = 0
    for need in nodes.values(posting, "experienceRequirements"):
        if isinstance(need, dict):
            months = _whole(nodes.first(need, "monthsOfExperience"), "monthsOfExperience", 600)
            years = max(years, (months or 0) // 12)
            text = text or nodes.text(need, "description")
    return text, years


def posting_columns(nodes: Nodes, posting: dict) -> dict[str, Any]:
    """One JobPosting node -> Job column values, plus ``occupation_hints`` (texts to look
    up in the occupation table); RecordError says why not."""
    title = nodes.text(posting, "title", 120)
    if not title:
        raise RecordError(N_("title is missing"))
    org = nodes.first(posting, "hiringOrganization")
    employer = nodes.text(posting, "hiringOrganization", 120)
    if not employer and isinstance(org, dict):
        employer = nodes.text(org, "legalName", 120)
    if not employer:
        raise RecordError(N_("hiringOrganization is missing"))
    posted = _date(nodes.first(posting, "datePosted"), "datePosted")
    if posted is None:
        raise RecordError(N_("datePosted is missing"))
    expires = _date(nodes.first(posting, "validThrough"), "validThrough")
    if expires is not None and expires < posted:
        raise RecordError(N_("validThrough is before datePosted"))
    salary_min, salary_max = _salary(nodes, posting)
    places = _places(nodes, posting)
    kinds = [str(k).upper() for k in nodes.values(posting, "employmentType") if isinstance(k, str)]
    remote = any(str(k).upper() == "TELECOMMUTE" for k in nodes.values(posting, "jobLocationType"))
    ident = nodes.first(posting, "identifier")
    ident = nodes.first(ident, "value") if isinstance(ident, dict) else ident
    requirements, years = _requirements(nodes, posting)
    return {
        "external_id": plain(str(ident), 120) or None if isinstance(ident, (str, int)) else None,
        "title": title,
        "title_en": nodes.text_en(posting, "title", 160),
        "employer": employer,
        "employer_en": nodes.text_en(org, "name", 160) if isinstance(org, dict) else None,
        "district": places[0][0] if places else "",
        "address": places[0][1] if places else "",
        "locations": [address for _, address in places][:20],
        "remote": remote,
        "occupation_hints": _occupation_hints(nodes, posting),
        "salary_min": salary_min,
        "salary_max": salary_max,
        "experience_years": years,
        "employment_type": next((_TYPES[k] for k in kinds if k in _TYPES), "full_time"),
        "description": nodes.text(posting, "description", 4000),
        "requirements": requirements,
        "duties": nodes.text(posting, "responsibilities"),
        "hours": nodes.text(posting, "workHours", 120),
        "vacancies": _whole(nodes.first(posting, "totalJobOpenings"), "totalJobOpenings", 100000),
        "posted_at": posted,
        "expires_at": expires,
        "source_url": _web_url(nodes.first(posting, "url")),
        "apply_url": _apply_url(nodes, posting),
    }

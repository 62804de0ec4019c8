"""Case management in "my progress": the visitor's named counsellor, their cases (办件) with
steps and due dates, what is missing when a case is sent back, and the postings that match
their registration. Pure functions over the service's progress answer
(hallcore.contract.ProgressOut); the progress screen and its slip show what they return.

Days come from the service as the hall's days (``YYYY-MM-DD``) and are shown as words:
"2026年12月3日" in Chinese, "3 Dec 2026" in English; never the raw form.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Mapping

from kiosk.i18n import N_, localized_field

__all__ = ["CASE_STATES", "day_text", "dated", "counsellor_line", "case_lines",
           "missing_documents", "case_sections", "matching_jobs"]

Gettext = Callable[[str], str]

#: a case's state as its visitor reads it
CASE_STATES = {"received": N_("Received"), "in_review": N_("In review"),
               "sent_back": N_("Sent back: documents missing"), "done": N_("Done")}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(iso_day: str | None, lang: str) -> str:
    """A hall day (``YYYY-MM-DD``) in words; anything else is shown as it came, shortened."""
    try:
        day = date.fromisoformat(str(iso_day)[:10])
    except ValueError:
        return str(iso_day or "")[:20]
    if lang.startswith("en"):
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def dated(data: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The progress answer with the days of its services and referrals in words (the slip's
    layout, devices.printer.templates.progress_sections, prints them as they come)."""
    out = dict(data)
    out["services"] = [{**s, "at": day_text(s.get("at"), lang)} for s in data.get("services") or []]
    out["referrals"] = [{**r, "updated": day_text(r.get("updated"), lang)}
                        for r in data.get("referrals") or []]
    return out


def counsellor_line(data: Mapping[str, Any], _: Gettext) -> str:
    """Who the visitor's named counsellor is and where to find them (under the heading
    "Your counsellor"); "" for none."""
    who = data.get("counsellor") or {}
    if not who.get("name"):
        return ""
    if who.get("counter") is None:
        return who["name"]
    return _("{name}, counter {counter}").format(name=who["name"], counter=who["counter"])


def missing_documents(case: Mapping[str, Any], lang: str) -> list[str]:
    """What the visitor must bring for a case sent back, each document by name."""
    if case.get("state") != "sent_back":
        return []
    return [localized_field(doc, "name", lang) for doc in case.get("missing") or []]


def case_lines(case: Mapping[str, Any], _: Gettext, lang: str) -> list[str]:
    """One case: its service and state, its dates, its steps and what is missing."""
    state = _(CASE_STATES.get(case.get("state", ""), case.get("state", "")))
    lines = [f"{localized_field(case, 'service', lang)}  —  {state}"]
    if case.get("closed"):
        lines.append(_("Opened {opened}, finished {closed}").format(
            opened=day_text(case.get("opened"), lang), closed=day_text(case["closed"], lang)))
    else:
        lines.append(_("Opened {opened}, to be finished by {due}").format(
            opened=day_text(case.get("opened"), lang), due=day_text(case.get("due"), lang)))
    for step in case.get("steps") or []:
        lines.append(("✓ " if step.get("done") else "○ ") + localized_field(step, "name", lang))
    missing = missing_documents(case, lang)
    if missing:
        lines.append(_("Please bring these documents:"))
        lines.extend(f"  {n}. {name}" for n, name in enumerate(missing, 1))
    return lines


def case_sections(data: Mapping[str, Any], _: Gettext, lang: str) -> list[tuple[str, list[str]]]:
    """(heading, lines) of the counsellor and the cases, for the screen and the slip."""
    sections = []
    counsellor = counsellor_line(data, _)
    if counsellor:
        sections.append((_("Your counsellor"), [counsellor]))
    cases = data.get("cases") or []
    if cases:
        lines: list[str] = []
        for case in cases:
            if lines:
                lines.append("")
            lines.extend(case_lines(case, _, lang))
        sections.append((_("Your cases"), lines))
    return sections


def matching_jobs(data: Mapping[str, Any] | None) -> tuple[int, list[int]]:
    """How many verified postings match the visitor's registration, and the newest ids."""
    if not data:
        return 0, []
    ids = [int(i) for i in data.get("matching_job_ids") or [] if isinstance(i, int)]
    return int(data.get("matching_jobs") or 0), ids

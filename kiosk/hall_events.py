"""Events at the terminal (job fairs, training courses, internships, start-up workshops,
information sessions): what the list and the detail say, who may register, what is sent,
and what the visitor is told when the answer is no.

Registering needs the central service: a terminal that cannot reach it says so plainly
(``OFFLINE``) and keeps nothing to send later, so nothing is silently lost. The visitor
proves who they are with the card, as for "my progress" (kiosk.progress); sending the
registration after they tapped "I agree" is their consent.

News about a place (moved up from the waiting list, the event cancelled) comes in the
visitor's record as a registration's ``notice``; the home screen shows one at a time
(``notice``), tells the service it was shown (``shown``) and, once the service has it,
drops it from the record kept for this visit (``told``), so the next one, if any, shows
when the visitor comes back to the home screen. The service keeps a notice it was not
told about for the next visit.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Mapping

from kiosk.i18n import N_, listing, localized, localized_field
from kiosk.progress import CARD_MISMATCH, TOO_MANY

if TYPE_CHECKING:
    from kiosk.api import CentralClient
    from kiosk.session import VisitorSession

__all__ = ["KINDS", "KIND_NAMES", "OFFLINE", "NEEDS_CARD", "why_not", "submit", "cancel",
           "refusal", "day_text", "when_text", "event_title", "detail_text", "outcome_text", "slip_fields",
           "state_line", "progress_section", "held_place", "CANCELLED_TEXT", "NOTICES", "notice",
           "notice_text", "shown", "told", "detail_action"]

Gettext = Callable[[str], str]

KIND_NAMES = {"job_fair": N_("Job fair"), "training": N_("Training course"),
              "internship": N_("Internship programme"), "startup_workshop": N_("Start-up workshop"),
              "information_session": N_("Information session")}
#: the filter's choices, in order: "" is every kind
KINDS = [("", N_("All events"))] + list(KIND_NAMES.items())
OFFLINE = N_("Registering is not possible while this terminal is offline. Please try again later or ask at a counter.")
NEEDS_CARD = N_("Please identify with your ID card or social-security card to register.")
UNAVAILABLE = N_("The events cannot be shown right now.")
REFUSALS = {"not_eligible": N_("This event is for a particular group of people. Please ask at a counter."),
            "registration_closed": N_("Registration for this event is closed."),
            "event_cancelled": N_("This event has been cancelled.")}
ELIGIBILITY = {"graduates": N_("For graduates"), "tier": N_("For people with tier {value}"),
               "priority_group": N_("For a particular group of people")}
STATES = {"registered": N_("Registered"), "waiting": N_("On the waiting list, number {position}"),
          "cancelled": N_("Cancelled"), "attended": N_("Attended")}
CANCELLED_TEXT = N_("Your place has been cancelled.")
#: what the home screen's banner says, per notice
NOTICES = {"promoted": N_("A place freed up: you are now registered for {title}. Tap to see it."),
           "event_cancelled": N_("{title} on {day} has been cancelled. Tap to see it.")}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def why_not(session: "VisitorSession", api: "CentralClient | None") -> str | None:
    """Why the visitor cannot register now, or None when they can."""
    if api is None:
        return OFFLINE
    if not session.identified or session.card_proof is None:
        return NEEDS_CARD
    return None


def submit(api: "CentralClient", session: "VisitorSession", event_id: int) -> Callable[[], Any]:
    """A callable for the worker registering the visitor (the card's proof read now, on the
    UI thread, so a session wiped meanwhile sends nothing)."""
    number, card, name = session.identity.id_number, session.card_proof, session.identity.name
    return lambda: api.event_register(event_id, number, card, name)


def cancel(api: "CentralClient", session: "VisitorSession", event_id: int) -> Callable[[], Any]:
    number, card = session.identity.id_number, session.card_proof
    return lambda: api.event_cancel(event_id, number, card)


def refusal(exc: BaseException) -> str:
    """What the visitor is told for a refused or failed registration."""
    status = getattr(exc, "status", None)
    if status is None:
        return OFFLINE   # the service did not answer: nothing was registered
    if status == 429:
        return TOO_MANY
    detail = getattr(exc, "detail", "")
    if detail in REFUSALS:
        return REFUSALS[detail]
    return CARD_MISMATCH if status == 409 else UNAVAILABLE


def _local(value: Any) -> datetime:
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when.astimezone() if when.tzinfo else when


def day_text(event: Mapping[str, Any], lang: str) -> str:
    """The event's day on the terminal's clock, in words."""
    start = _local(event["starts_at"])
    if lang.startswith("en"):
        return f"{start.day} {_MONTHS[start.month - 1]} {start.year}"
    return f"{start.year}年{start.month}月{start.day}日"


def when_text(event: Mapping[str, Any], lang: str) -> str:
    """The event's day and hours on the terminal's clock, in words."""
    start, end = _local(event["starts_at"]), _local(event["ends_at"])
    return f"{day_text(event, lang)}{',' if lang.startswith('en') else ''} {start:%H:%M}–{end:%H:%M}"


def event_title(event: Mapping[str, Any], _: Gettext, lang: str) -> str:
    return f"{_(KIND_NAMES.get(event.get('kind', ''), ''))} · {localized_field(event, 'title', lang)}"


def detail_text(event: Mapping[str, Any], _: Gettext, lang: str) -> str:
    """The detail as lines: when, where, seats, who may come, what to bring, description,
    and for a fair the employers with their postings (a cancelled event says so first)."""
    lines = [_(REFUSALS["event_cancelled"])] if event.get("cancelled") else []
    lines += [f"{_('When')}: {when_text(event, lang)}",
             f"{_('Where')}: {localized_field(event, 'place', lang)}  ({localized_field(event, 'hall', lang)})"]
    left = int(event.get("seats_left") or 0)
    if not event.get("cancelled"):   # no places to speak of
        lines.append(_("{count} places left").format(count=left) if left else
                     _("Full: you can join the waiting list ({count} waiting)").format(count=event.get("waiting", 0)))
    if event.get("eligibility", "anyone") != "anyone":
        lines.append(_(ELIGIBILITY[event["eligibility"]]).format(value=event.get("eligibility_value", "")))
    if localized_field(event, "bring", lang):
        lines.append(f"{_('Please bring')}: {localized_field(event, 'bring', lang)}")
    if localized_field(event, "description", lang):
        lines += ["", localized_field(event, "description", lang)]
    employers = event.get("employers") or []
    if employers:
        lines += ["", _("Employers and their jobs") + ":"]
        for e in employers:
            jobs = listing([localized_field(p, "title", lang) for p in e.get("postings") or []], lang)
            lines.append(f"  {localized_field(e, 'name', lang)}{': ' + jobs if jobs else ''}")
    return "\n".join(lines)


def state_line(reg: Mapping[str, Any], _: Gettext) -> str:
    """A registration's state as the visitor reads it."""
    if reg.get("event_cancelled"):
        return _("The event has been cancelled")
    text = _(STATES.get(reg.get("state", ""), "")).format(position=reg.get("position") or "")
    if reg.get("promoted") and reg.get("state") == "registered":
        text = _("Moved up from the waiting list: registered")
    return text


def outcome_text(reg: Mapping[str, Any], _: Gettext, lang: str) -> str:
    """What the visitor is told after registering."""
    if reg.get("state") == "waiting":
        return _("The event is full. You are number {position} on the waiting list; if a place frees up, you will see it here and on your progress page.").format(position=reg.get("position"))
    return _("You are registered for {title} on {when}. Please take your slip and show its QR code at the door.").format(
        title=localized_field(reg, "title", lang), when=when_text(reg, lang))


def slip_fields(reg: Mapping[str, Any], _: Gettext, lang: str, url: str) -> dict[str, str]:
    """What the confirmation slip prints, in the visitor's language; ``url`` is the
    registration's phone page, which its QR code holds."""
    return {"kind": _(KIND_NAMES.get(reg.get("kind", ""), "")),
            "title": localized_field(reg, "title", lang), "when": when_text(reg, lang),
            "place": localized(reg.get("place"), reg.get("place_en"), lang),
            "bring": localized(reg.get("bring"), reg.get("bring_en"), lang),
            "url": url, "waiting": _("number {position}").format(position=reg.get("position"))
            if reg.get("state") == "waiting" else ""}


def progress_section(data: Mapping[str, Any], _: Gettext, lang: str) -> list[tuple[str, list[str]]]:
    """"My progress": the visitor's event registrations and attendance, as (heading, lines)."""
    regs = data.get("events") or []
    if not regs:
        return []
    return [(_("Events"), [f"{when_text(r, lang)}  {localized_field(r, 'title', lang)}  —  {state_line(r, _)}"
                           for r in regs])]


def held_place(record: Mapping[str, Any] | None, event_id: int) -> dict[str, Any] | None:
    """The visitor's live place at the event (registered or waiting) in their progress
    record fetched this visit, or None."""
    for reg in (record or {}).get("events") or []:
        if reg.get("event_id") == event_id and reg.get("state") in ("registered", "waiting") \
                and not reg.get("event_cancelled"):
            return dict(reg)
    return None


def detail_action(event: Mapping[str, Any], held: Mapping[str, Any] | None, action: str) -> str:
    """The detail's button: none for a cancelled event, "cancel" for a place the visitor
    holds (when they could register), else ``action`` as the visit allows it."""
    if event.get("cancelled"):
        return "none"
    return "cancel" if held is not None and action == "register" else action


def notice(record: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The registration in the visitor's record with news for them (a notice the service
    has not been told was shown), the first in the record's order (newest event first)."""
    for reg in (record or {}).get("events") or []:
        if reg.get("notice") in NOTICES and reg.get("token"):
            return dict(reg)
    return None


def notice_text(reg: Mapping[str, Any], _: Gettext, lang: str) -> str:
    """The banner's words for ``reg``'s notice."""
    return _(NOTICES[reg["notice"]]).format(title=localized_field(reg, "title", lang),
                                            day=day_text(reg, lang))


def shown(api: "CentralClient", reg: Mapping[str, Any]) -> Callable[[], Any]:
    """A callable for the worker telling the service the notice of ``reg`` was shown."""
    item = {"token": str(reg["token"]), "notice": str(reg["notice"])}
    return lambda: api.event_notices_shown([item])


def told(record: Mapping[str, Any] | None, reg: Mapping[str, Any]) -> None:
    """The service has it: the notice of ``reg`` goes from the record kept for this visit."""
    for kept in (record or {}).get("events") or []:
        if kept.get("token") == reg.get("token") and kept.get("notice") == reg.get("notice"):
            kept["notice"] = ""

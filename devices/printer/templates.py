"""Slip layouts: the queue ticket, the job slip, the quiz result and a visitor's progress,
for 58 and 80 mm.

Labels go through the gettext callable passed in (``_``), so a slip prints in
the visitor's language. Nothing here prints an identity number unmasked.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Iterable

from devices.printer.document import QR, Document, Feed, Image, Row, Rule, Text

__all__ = ["ticket", "job_slip", "quiz_result", "hexagon_chart", "test_page", "salary_text",
           "progress", "progress_sections", "event_slip", "REFERRAL_LABELS", "TICKET_LABELS"]

Gettext = Callable[[str], str]
_identity: Gettext = lambda s: s  # noqa: E731
#: a referral's and an open ticket's state, as the visitor reads it
REFERRAL_LABELS = {"sent": "Referred", "interview": "Interview", "hired": "Hired",
                   "not_hired": "Not hired", "withdrawn": "Withdrawn"}
TICKET_LABELS = {"waiting": "Waiting", "called": "Called to the counter"}


def _stamp(when: datetime | None) -> str:
    return (when or datetime.now()).strftime("%Y-%m-%d %H:%M")


def salary_text(job: dict[str, Any], _: Gettext = _identity) -> str:
    low, high = job.get("salary_min"), job.get("salary_max")
    if not low and not high:
        return _("Negotiable")
    if low and high and low != high:
        return _("{low}-{high} yuan/month").format(low=low, high=high)
    return _("{amount} yuan/month").format(amount=low or high)


def _header(doc: Document, hall: str) -> None:
    doc.add(Text(hall, align="center", bold=True), Rule("="))


def ticket(hall: str, service: str, number: str, standing: Iterable[str],
           documents: Iterable[str], status_url: str, issued_at: datetime | None = None,
           paper_mm: int = 80, _: Gettext = _identity) -> Document:
    """``standing``: where the visitor stands, line by line, in the words the terminal's
    screen shows (kiosk.tickets.ticket_lines): paper and screen say the same thing."""
    doc = Document(paper_mm, title=number)
    _header(doc, hall)
    doc.add(Text(service, align="center"),
            Text(number, align="center", bold=True, width=2, height=2))
    doc.add(*[Text(line, align="center") for line in standing if line])
    docs = list(documents)
    if docs:
        doc.add(Rule(), Text(_("Please have ready:"), bold=True))
        doc.add(*[Text(f"{i}. {d}") for i, d in enumerate(docs, 1)])
    doc.add(Rule(), QR(status_url, size=6 if paper_mm == 80 else 4,
                       caption=_("Scan to follow your place in the queue")),
            Text(_stamp(issued_at), align="center"))
    return doc


def job_slip(hall: str, job: dict[str, Any], url: str, printed_at: datetime | None = None,
             paper_mm: int = 80, _: Gettext = _identity) -> Document:
    doc = Document(paper_mm, title=job.get("title", ""))
    _header(doc, hall)
    doc.add(Text(job.get("title", ""), bold=True, width=2 if paper_mm == 80 else 1))
    if job.get("title_en"):
        doc.add(Text(job["title_en"]))
    doc.add(Text(job.get("employer", "")),
            Rule(),
            Row(_("Pay"), salary_text(job, _)),
            Row(_("Place"), job.get("district", "")),
            Row(_("Type"), _("Full-time") if job.get("employment_type") == "full_time"
                else _("Part-time")))
    if job.get("hours"):
        doc.add(Text(f"{_('Hours')}: {job['hours']}"))
    if job.get("requirements"):
        doc.add(Text(f"{_('Requirements')}: {job['requirements']}"))
    if job.get("contact"):
        doc.add(Text(f"{_('Contact')}: {job['contact']}", bold=True))
    if job.get("verified_at"):
        doc.add(Text(f"{_('Verified on')}: {str(job['verified_at'])[:10]}"))
    doc.add(Rule(), QR(url, size=6 if paper_mm == 80 else 4,
                       caption=_("Scan to open this job on your phone")),
            Text(_stamp(printed_at), align="center"))
    return doc


def quiz_result(hall: str, code: str, scores: dict[str, int], chart: Any,
                occupations: Iterable[str], url: str, printed_at: datetime | None = None,
                paper_mm: int = 80, _: Gettext = _identity,
                type_names: dict[str, str] | None = None) -> Document:
    doc = Document(paper_mm, title=code)
    _header(doc, hall)
    doc.add(Text(_("Your interest code"), align="center"),
            Text(code, align="center", bold=True, width=2, height=2))
    if chart is not None:
        doc.add(Image(chart))
    names = type_names or {}
    for letter, score in sorted(scores.items(), key=lambda kv: -kv[1]):
        doc.add(Row(f"{letter} {names.get(letter, '')}".strip(), str(score)))
    occ = list(occupations)
    if occ:
        doc.add(Rule(), Text(_("Occupations to explore:"), bold=True))
        doc.add(*[Text(f"- {o}") for o in occ])
    doc.add(Rule(), QR(url, size=6 if paper_mm == 80 else 4,
                       caption=_("Scan to see your result on your phone")),
            Text(_stamp(printed_at), align="center"))
    return doc


def hexagon_chart(scores: dict[str, int], size: int = 240) -> Any:
    """The six interest scores as a hexagon for the slip (1-bit friendly: lines, no greys)."""
    from PIL import Image, ImageDraw, ImageFont

    from hallcore.quiz import hexagon
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    centre, radius = size / 2, size * 0.36
    corners = hexagon(scores)
    outer = [(centre + x * radius, centre - y * radius) for _, x, y, _ in corners]
    for ring in (1 / 3, 2 / 3):
        draw.polygon([(centre + x * radius * ring, centre - y * radius * ring) for _, x, y, _ in corners],
                     outline=160)
    for point in outer:
        draw.line([(centre, centre), point], fill=160)
    draw.polygon(outer, outline=0, width=2)
    shape = [(centre + x * radius * share, centre - y * radius * share) for _, x, y, share in corners]
    draw.polygon(shape, outline=0, width=4)
    font = ImageFont.load_default(size=max(12, size // 12))
    for (letter, x, y, _), point in zip(corners, outer):
        label = f"{letter} {scores.get(letter, 0)}"
        lx, ly = centre + x * (radius + size * 0.09), centre - y * (radius + size * 0.07)
        draw.text((lx, ly), label, fill=0, font=font, anchor="mm")
    return image


def test_page(terminal: str, paper_mm: int = 80, _: Gettext = _identity) -> Document:
    doc = Document(paper_mm, title="test")
    doc.add(Text(_("Test print"), align="center", bold=True, width=2, height=2),
            Text(terminal, align="center"), Text("中文 GB18030 · English · ￥12.00"),
            Rule(), QR("https://example.invalid/test", size=4), Feed(1),
            Text(_stamp(None), align="center"))
    return doc


def progress_sections(data: dict[str, Any], _: Gettext = _identity) -> list[tuple[str, list[str]]]:
    """A visitor's open tickets, referrals and recent services, as (heading, lines): what the
    progress screen shows and what its slip prints."""
    def lines(items: list[str]) -> list[str]:
        return items or [_("None")]
    return [
        (_("Open tickets"), lines([f"{t['label']}  {t['service']}  "
                                   f"({_(TICKET_LABELS.get(t['status'], t['status']))})"
                                   for t in data.get("tickets", [])])),
        (_("Job referrals"), lines([f"{r['title']} · {r['employer']}  —  "
                                    f"{_(REFERRAL_LABELS.get(r['state'], r['state']))}  ({r['updated']})"
                                    for r in data.get("referrals", [])])),
        (_("Recent services"), lines([f"{s['at']}  {s['summary']}" for s in data.get("services", [])])),
    ]


def progress(hall: str, person: str, data: dict[str, Any], printed_at: datetime | None = None,
             paper_mm: int = 80, _: Gettext = _identity,
             first: list[tuple[str, list[str]]] | None = None) -> Document:
    """The visitor's progress; ``person`` is the masked name and number, never the full one.
    ``first``: (heading, lines) printed before the tickets (the counsellor and the cases)."""
    doc = Document(paper_mm, title="progress")
    _header(doc, hall)
    doc.add(Text(_("My progress"), align="center", bold=True, width=2),
            Text(person, align="center"))
    for heading, lines in [*(first or []), *progress_sections(data, _)]:
        doc.add(Rule(), Text(heading, bold=True), *[Text(line) for line in lines])
    doc.add(Rule(), Text(_stamp(printed_at), align="center"))
    return doc


def event_slip(hall: str, person: str, fields: dict[str, str], printed_at: datetime | None = None,
               paper_mm: int = 80, _: Gettext = _identity) -> Document:
    """An event registration's confirmation: what, when, where, what to bring, and the QR code
    of the registration's phone page, which the door staff scan to check the visitor in; on
    the waiting list, the position instead (``fields``: kiosk.hall_events)."""
    doc = Document(paper_mm, title=fields["title"])
    _header(doc, hall)
    doc.add(Text(fields["kind"], align="center"), Text(fields["title"], align="center", bold=True),
            Rule(), Row(_("Name"), person), Row(_("When"), fields["when"]),
            Row(_("Where"), fields["place"]))
    if fields.get("waiting"):
        doc.add(Row(_("Waiting list"), fields["waiting"]))
    if fields.get("bring"):
        doc.add(Text(_("Please bring") + ": " + fields["bring"]))
    caption = _("Scan to follow your place on your phone") if fields.get("waiting") else \
        _("Show this code at the door to check in")
    doc.add(Rule(), QR(fields["url"], size=6 if paper_mm == 80 else 4, caption=caption),
            Text(_stamp(printed_at), align="center"))
    return doc

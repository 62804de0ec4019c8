"""One posting in large type, with "print a slip" and "show QR" (the fallback when printing fails)."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, DictProperty, NumericProperty, ObjectProperty, StringProperty

from kiosk.slips import job_url, printer_message, salary_text
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["JobDetailScreen", "detail_text"]


def detail_text(job: dict[str, Any], _) -> str:
    """The posting's body for the screen, in the visitor's language (labels) and large type."""
    parts = [
        f"[b]{_('Pay')}[/b]  {salary_text(job, _)}",
        f"[b]{_('Place')}[/b]  {job.get('address') or job.get('district', '')}",
        f"[b]{_('Type')}[/b]  {_('Full-time') if job.get('employment_type') == 'full_time' else _('Part-time')}"
        + (f"   [b]{_('Hours')}[/b]  {job['hours']}" if job.get("hours") else ""),
    ]
    for key, label in (("duties", "Duties"), ("requirements", "Requirements"),
                       ("description", "Description"), ("contact", "Contact"),
                       ("how_to_apply", "How to apply")):
        if job.get(key):
            parts.append(f"[b]{_(label)}[/b]\n{_escape(job[key])}")
    if job.get("verified_at"):
        parts.append(f"[color=1e8e5a]✓ {_('Verified on')} {str(job['verified_at'])[:10]}[/color]")
    return "\n\n".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("[", "&bl;").replace("]", "&br;")


class JobDetailScreen(KioskScreen):
    job_id = NumericProperty(0)
    job = DictProperty({})
    body = StringProperty("")
    message = StringProperty("")
    hint = StringProperty("")
    failed = BooleanProperty(False)
    show_qr = BooleanProperty(False)
    printing = BooleanProperty(False)
    qr = ObjectProperty(None, allownone=True)
    visitor_state = ("job_id", "job", "body", "message", "hint", "failed", "show_qr", "printing", "qr")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        self.message, self.hint, self.failed = "", "", False
        self.show_qr, self.printing = False, False
        job = self.services.store.get_job(int(self.job_id)) if self.services.store else None
        self.job = job or {}
        self.on_language()

    def on_job(self, *_):
        self.on_language()

    def on_language(self) -> None:
        if self.services is None:
            return
        self.body = detail_text(self.job, self._) if self.job else ""
        job = self.job
        self.ids.title.text = job.get("title", "") + (f"  {job['title_en']}" if job.get("title_en") else "")
        self.ids.employer.text = job.get("employer", "") + (f"  {job['employer_en']}" if job.get("employer_en") else "")

    @property
    def url(self) -> str:
        return job_url(self.services.settings, int(self.job_id))

    def reveal_qr(self) -> None:
        from screens.widgets.qrcode_image import qr_texture
        self.qr = qr_texture(self.url)
        self.show_qr = True

    def print_slip(self) -> None:
        self.printing, self.failed = True, False
        self.message, self.hint = "Printing...", ""
        self.services.slips.job({**self.job, "id": int(self.job_id)}, self._printed, self._failed)

    def _printed(self, _result) -> None:
        self.printing = False
        self.message = "Please take your job slip."
        self.services.session.record("job_print", job_id=int(self.job_id))
        self.services.record_event("job_print", {"job_id": int(self.job_id)})

    def _failed(self, reason: str) -> None:
        self.printing, self.failed = False, True
        self.message = printer_message(reason)
        self.hint = "Scan the QR code with your phone instead."
        self.reveal_qr()


"""The job-search difficulty check (求职困难诊断) at the terminal: the visitor's answers, one
question at a time, and the proposed tier they lead to.

The questions and the rule that turns answers into a tier are hallcore.difficulty (shared:
the central service applies the same rule and never takes a tier from a terminal). The
answers live in the visitor session until the visitor, identified with a card and having
agreed, sends them; the service's answer (hallcore.contract.DifficultyOut) is what the
visitor is shown. When the service cannot be reached, the terminal shows what the same rule
proposes, says that nothing was kept, and still offers the ticket.

A question may be skipped ("I would rather not say"); ``hallcore.difficulty.MIN_ANSWERED``
of them must be answered for a proposal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from hallcore.difficulty import (MIN_ANSWERED, QUESTIONS, TIER_EXPLANATIONS, TIER_NAMES,
                                 TIER_SERVICES, DifficultyError, Question, propose)
from kiosk.i18n import N_

if TYPE_CHECKING:
    from kiosk.api import CentralClient
    from kiosk.session import VisitorSession

__all__ = ["QUESTIONS", "Check", "check", "why_not", "submit", "local_result", "result_lines",
           "ticket_service", "refusal", "NEEDS_CARD", "TOO_FEW", "NOT_KEPT", "STAFF_CONFIRM"]

NEEDS_CARD = N_("Please read your ID card or social security card first: the check is kept on your record only with the card.")
TOO_FEW = N_("Please answer at least six of the ten questions.")
NOT_KEPT = N_("The hall's service cannot be reached: this result was not kept. Please show it at a counter.")
STAFF_CONFIRM = N_("This is a proposal: a counsellor will look at it with you and confirm it.")
CARD_MISMATCH = N_("This card is not the one on record for you. If your card was renewed, please show it once at a counter.")
TOO_MANY = N_("Too many lookups just now. Please try again later or ask at a counter.")
NOT_SENT = N_("The check could not be sent right now. Please try again later or ask at a counter.")


@dataclass
class Check:
    """The visitor's answers so far: ``{question_id: option_id}``, and the question shown."""

    answers: dict[str, str] = field(default_factory=dict)
    index: int = 0

    @property
    def question(self) -> Question:
        return QUESTIONS[self.index]

    @property
    def last(self) -> bool:
        return self.index == len(QUESTIONS) - 1

    def answer(self, option_id: str | None) -> bool:
        """Answer (or, with None, skip) the question shown; True when that was the last."""
        qid = self.question.id
        if option_id is None:
            self.answers.pop(qid, None)
        elif self.question.option(option_id) is not None:
            self.answers[qid] = option_id
        if self.last:
            return True
        self.index += 1
        return False

    def back(self) -> bool:
        """Back one question; False when already at the first."""
        if self.index == 0:
            return False
        self.index -= 1
        return True

    @property
    def enough(self) -> bool:
        return len(self.answers) >= MIN_ANSWERED


def check(session: "VisitorSession") -> Check:
    """The visitor's check, kept in the session (the end of the visit wipes it)."""
    return session.data.setdefault("difficulty", Check())


def why_not(session: "VisitorSession") -> str | None:
    """Why the check cannot be taken now (no card read), or None."""
    return NEEDS_CARD if not session.identified or session.card_proof is None else None


def submit(api: "CentralClient", session: "VisitorSession", answers: dict[str, str]) -> Callable[[], Any]:
    """A callable for the worker sending the answers with the card's proof (read now, on the
    UI thread, so a session wiped meanwhile sends nothing)."""
    number, card, answers = session.identity.id_number, session.card_proof, dict(answers)
    name = session.identity.name   # the service keeps it masked
    return lambda: api.difficulty(number, card, answers, name)


def local_result(answers: dict[str, str]) -> dict[str, Any] | None:
    """What the shared rule proposes, in the service's answer's shape; None if unreadable."""
    try:
        p = propose(answers)
    except DifficultyError:
        return None
    return {"tier": p.tier, "tier_name": p.name, "explanation": p.explanation,
            "reasons": list(p.reasons), "service_code": p.service_code, "proposed": True}


def result_lines(result: dict[str, Any], _: Callable[[str], str]) -> tuple[str, str, list[str]]:
    """The tier's name, its explanation and the obstacles found, in the visitor's language.
    The service names them with msgids of hallcore.difficulty (translated in kiosk.po)."""
    tier = result.get("tier")
    name = result.get("tier_name") or TIER_NAMES.get(tier, "")
    explanation = result.get("explanation") or TIER_EXPLANATIONS.get(tier, "")
    return _(name), _(explanation), [_(reason) for reason in result.get("reasons") or []]


def ticket_service(result: dict[str, Any], catalogue: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The hall's service the result suggests a ticket for, if the hall offers it."""
    code = result.get("service_code") or TIER_SERVICES.get(result.get("tier"), "")
    return next((s for s in catalogue if s.get("code") == code and s.get("active", True)), None)


def refusal(exc: BaseException) -> str:
    status = getattr(exc, "status", None)
    return {409: CARD_MISMATCH, 429: TOO_MANY, 422: TOO_FEW}.get(status, NOT_SENT)

"""The job-search difficulty check (求职困难诊断): ten questions and the rule that proposes a tier.

Plain Python, no window and no database: the terminal shows the questions, the central
service recomputes the tier from the answers (it never trusts a tier a terminal sends) and
keeps it as a *proposal* until a counsellor confirms it. Texts are English msgids marked with
``N_``; the terminal translates them with its ``kiosk.po``, the console with ``central.po``.

Questions and options have stable ids: an answer is ``{question_id: option_id}``, and ids
never change meaning (a new wording keeps the id; a new option gets a new id).

Every option carries *barrier points*: 0 (no obstacle), 1 (some obstacle), 2 (a severe
one). The rule (documented for counsellors, applied in this order):

  1. **Tier 3, needs intensive help and a named counsellor** when any of
     a. the points add up to ``INTENSIVE_SCORE`` (10) or more;
     b. two or more answers are severe (2 points);
     c. the person has been out of work for a year or more (long-term unemployed: every
        one of them gets a named counsellor under the 2017 MOHRSS guidance) and the points
        add up to ``GUIDANCE_SCORE`` (4) or more, i.e. at least one other obstacle.
  2. **Tier 2, needs guidance and training** when the points add up to ``GUIDANCE_SCORE``
     (4) or more, or any answer is severe.
  3. **Tier 1, ready for placement** otherwise.

Unanswered questions count 0 points, and at least ``MIN_ANSWERED`` (6) of the ten must be
answered for a proposal at all: a person who skips most of the check gets no tier rather
than an optimistic one. Unknown question or option ids are refused (``DifficultyError``).

Each tier suggests one service of the hall's catalogue (codes as central/seed.py creates
them): tier 1 job-seeker registration (job referrals), tier 2 career guidance, tier 3 the
employment difficulty certification, which opens assistance and a named counsellor. The
reasons shown are the severe answers first, then the 1-point ones, in question order, at
most ``MAX_REASONS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

__all__ = ["N_", "Option", "Question", "QUESTIONS", "TIER_NAMES", "TIER_EXPLANATIONS",
           "TIER_SERVICES", "INTENSIVE_SCORE", "GUIDANCE_SCORE", "MIN_ANSWERED", "MAX_REASONS",
           "DifficultyError", "Proposal", "propose", "question", "messages"]


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; it is translated where shown."""
    return message


INTENSIVE_SCORE = 10
GUIDANCE_SCORE = 4
MIN_ANSWERED = 6
MAX_REASONS = 3
LONG_TERM = ("out_of_work", "12m_plus")   # the answer that makes a person long-term unemployed


class DifficultyError(ValueError):
    """The answers cannot be read: an unknown question or option, or too few answered."""


@dataclass(frozen=True)
class Option:
    id: str
    text: str          # msgid
    points: int        # 0 none, 1 some, 2 severe


@dataclass(frozen=True)
class Question:
    id: str
    text: str          # msgid
    options: tuple[Option, ...]
    reason: str        # msgid: how the explanation names this obstacle

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


def _q(qid: str, text: str, reason: str, *options: tuple[str, str, int]) -> Question:
    return Question(qid, text, tuple(Option(*o) for o in options), reason)


QUESTIONS: tuple[Question, ...] = (
    _q("out_of_work", N_("How long have you been out of work?"), N_("Out of work for a long time"),
       ("working", N_("I am working now"), 0), ("under_3m", N_("Less than 3 months"), 0),
       ("3_6m", N_("3 to 6 months"), 1), ("6_12m", N_("6 to 12 months"), 1),
       ("12m_plus", N_("A year or more"), 2)),
    _q("last_job_end", N_("Why did your last job end?"), N_("How your last job ended"),
       ("never_worked", N_("I have never had a job"), 1), ("contract", N_("The contract ended"), 0),
       ("laid_off", N_("The employer closed or cut jobs"), 1), ("quit", N_("I left by my own choice"), 0),
       ("health_end", N_("Illness or injury"), 2)),
    _q("skills", N_("Do your skills fit the jobs you want?"), N_("Skills for the work you want"),
       ("fit", N_("Yes, they fit"), 0), ("partly", N_("Partly"), 1),
       ("no_fit", N_("No, I need training"), 2)),
    _q("health", N_("Does your health limit the work you can do?"), N_("Health"),
       ("no_limit", N_("No"), 0), ("some_limit", N_("Somewhat"), 1), ("strong_limit", N_("A lot"), 2)),
    _q("caring", N_("Do you care for a child, an elderly or a sick relative?"), N_("Caring duties"),
       ("no_care", N_("No"), 0), ("some_care", N_("Yes, but I can work full days"), 1),
       ("full_care", N_("Yes, I can only work a few hours"), 2)),
    _q("age", N_("Do employers turn you down because of your age?"), N_("Age"),
       ("age_no", N_("No"), 0), ("age_some", N_("Sometimes"), 1), ("age_often", N_("Often"), 2)),
    _q("transport", N_("Can you travel to work in another district?"), N_("Getting to work"),
       ("travel_easy", N_("Yes, easily"), 0), ("travel_hard", N_("Only with difficulty"), 1),
       ("travel_no", N_("No, only near home"), 2)),
    _q("confidence", N_("How sure are you of finding work in the next three months?"),
       N_("Confidence"),
       ("sure", N_("Quite sure"), 0), ("unsure", N_("Not sure"), 1), ("not_at_all", N_("Not at all"), 2)),
    _q("searching", N_("How have you looked for work in the last month?"), N_("Looking for work"),
       ("applied", N_("I applied for several jobs"), 0), ("looked", N_("I looked but did not apply"), 1),
       ("not_looked", N_("I did not look"), 2)),
    _q("applying", N_("Can you find and apply for jobs on a phone or computer?"),
       N_("Applying for jobs online"),
       ("online_yes", N_("Yes, on my own"), 0), ("online_help", N_("With some help"), 1),
       ("online_no", N_("No"), 2)),
)

TIER_NAMES = {1: N_("Ready for placement"), 2: N_("Needs guidance and training"),
              3: N_("Needs intensive help and a named counsellor")}
TIER_EXPLANATIONS = {
    1: N_("Your answers show few obstacles: you can start applying now. "
          "Register what work you want and we will refer you to matching jobs."),
    2: N_("Your answers show some obstacles. A career counsellor can help you plan your search, "
          "and training may help you reach the work you want."),
    3: N_("Your answers show several serious obstacles. We suggest a counsellor who follows "
          "your case personally and helps you step by step."),
}
TIER_SERVICES = {1: "job_seeker_registration", 2: "career_guidance", 3: "difficulty_certification"}

_BY_ID = {q.id: q for q in QUESTIONS}


def question(question_id: str) -> Question | None:
    return _BY_ID.get(question_id)


@dataclass(frozen=True)
class Proposal:
    tier: int
    score: int
    severe: int
    answered: int
    reasons: tuple[str, ...]     # msgids of the obstacles found, severe first

    @property
    def name(self) -> str:
        return TIER_NAMES[self.tier]

    @property
    def explanation(self) -> str:
        return TIER_EXPLANATIONS[self.tier]

    @property
    def service_code(self) -> str:
        return TIER_SERVICES[self.tier]


def propose(answers: Mapping[str, Any]) -> Proposal:
    """The tier the rule above proposes for ``answers``; raises DifficultyError if unreadable."""
    if not isinstance(answers, Mapping):
        raise DifficultyError("answers must map question ids to option ids")
    chosen: list[tuple[Question, Option]] = []
    for qid, oid in answers.items():
        q = _BY_ID.get(qid) if isinstance(qid, str) else None
        if q is None:
            raise DifficultyError(f"unknown question {qid!r}"[:80])
        opt = q.option(oid) if isinstance(oid, str) else None
        if opt is None:
            raise DifficultyError(f"unknown option for {qid}")
        chosen.append((q, opt))
    if len(chosen) < MIN_ANSWERED:
        raise DifficultyError(f"answer at least {MIN_ANSWERED} of the {len(QUESTIONS)} questions")
    chosen.sort(key=lambda qo: QUESTIONS.index(qo[0]))
    score = sum(o.points for _, o in chosen)
    severe = sum(o.points == 2 for _, o in chosen)
    long_term = any((q.id, o.id) == LONG_TERM for q, o in chosen)
    if score >= INTENSIVE_SCORE or severe >= 2 or (long_term and score >= GUIDANCE_SCORE):
        tier = 3
    elif score >= GUIDANCE_SCORE or severe:
        tier = 2
    else:
        tier = 1
    reasons = [q.reason for q, o in chosen if o.points == 2] + \
              [q.reason for q, o in chosen if o.points == 1]
    return Proposal(tier, score, severe, len(chosen), tuple(reasons[:MAX_REASONS]))


def messages() -> list[str]:
    """Every msgid of this module (for the translation tests and the catalogues)."""
    found = [m for q in QUESTIONS for m in (q.text, q.reason, *(o.text for o in q.options))]
    return list(dict.fromkeys([*found, *TIER_NAMES.values(), *TIER_EXPLANATIONS.values()]))

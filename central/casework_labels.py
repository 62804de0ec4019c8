"""The words the console shows for case management's keys (translated where shown with
``_``), and how its dates and times are written on a page (the hall's clock)."""

from __future__ import annotations

from datetime import date, datetime

from central.halltime import hall_time
from central.i18n import N_
from hallcore.difficulty import TIER_NAMES

__all__ = ["GROUPS", "TIERS", "KINDS", "STATES", "REASONS", "EDUCATION", "AVAILABILITY",
           "REFERRAL_STATES", "COLUMNS", "TIER_COLUMNS", "day", "moment"]

GROUPS = {"elderly": N_("Elderly"), "disabled": N_("Disabled"),
          "long_term_unemployed": N_("Long-term unemployed"), "graduate": N_("Graduate or young person"),
          "laid_off": N_("Laid-off worker")}
TIERS = {t: name for t, name in TIER_NAMES.items()}
KINDS = {"phone": N_("Phone call"), "visit": N_("Visit"), "message": N_("Message")}
STATES = {"received": N_("Received"), "in_review": N_("In review"),
          "sent_back": N_("Sent back for documents"), "done": N_("Done")}
REASONS = {"follow_up_due": N_("Follow-up due"), "case_due": N_("Case due"),
           "no_contact": N_("No contact for 30 days"), "none": N_("Nothing due")}
EDUCATION = {"none": N_("No formal education"), "junior_high": N_("Junior high school"),
             "high_school": N_("Senior high school"), "vocational": N_("Vocational school"),
             "associate": N_("Associate degree"), "bachelor": N_("Bachelor's degree"),
             "master": N_("Master's degree or above")}
AVAILABILITY = {"full_time": N_("Full time"), "part_time": N_("Part time"), "any": N_("Full or part time")}
REFERRAL_STATES = {"sent": N_("Referred"), "interview": N_("Interview"), "hired": N_("Hired"),
                   "not_hired": N_("Not hired"), "withdrawn": N_("Withdrawn")}


def day(value: date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def moment(value: datetime | None) -> str:
    """A stored UTC time as the hall's clock shows it, to the minute."""
    return hall_time(value).strftime("%Y-%m-%d %H:%M") if value else ""

# the reports' columns as people read them (central.services.casework_reports)
COLUMNS = {"occupation": N_("Occupation code"), "name": N_("Occupation"),
           "vacancies": N_("Vacancies"), "seekers": N_("Job seekers"),
           "ratio": N_("Vacancies per job seeker"), "district": N_("District"),
           "counsellor": N_("Counsellor"), "logged": N_("Follow-ups logged"),
           "due_today": N_("Due today"), "overdue": N_("Overdue"), "service": N_("Service"),
           "opened": N_("Opened"), "closed": N_("Closed"), "closed_on_time": N_("Closed on time"),
           "on_time_share": N_("Share on time"), "open_overdue": N_("Open and overdue"),
           "people": N_("People"), "tier_1": N_("Tier 1"), "tier_2": N_("Tier 2"),
           "tier_3": N_("Tier 3"), "unconfirmed": N_("Tier not confirmed"),
           "open_cases": N_("Open cases"), "tier": N_("Tier"),
           "proposed_unconfirmed": N_("Proposed, waiting for confirmation"),
           "from_tier": N_("From tier"), "to_tier": N_("To tier")}
TIER_COLUMNS = ("tier", "from_tier", "to_tier")

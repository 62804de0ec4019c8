"""The console's words: the gettext catalogue ``central`` (msgids English), Chinese first.

A staff member picks the language with the switch in the console's header; the choice is
kept in a cookie. Templates call ``_("...")``; every such string has a Simplified Chinese
translation in ``locale/zh_CN/LC_MESSAGES/central.po`` (tests/unit/test_translations.py).
"""

from __future__ import annotations

import gettext
from functools import lru_cache

from fastapi import Request

from hallcore.i18n import LANGUAGES, LOCALE_DIR

__all__ = ["LANGUAGES", "LANG_COOKIE", "DOMAIN", "ROLE_LABELS",
           "PRIORITY_LABELS", "REFERRAL_LABELS", "DEVICE_LABELS", "DEVICE_STATE_LABELS",
           "DEVICE_REASON_LABELS", "COMMAND_LABELS", "SCOPE_LABELS", "OUTCOME_LABELS", "N_",
           "catalogue", "device_words", "language_of", "safe_next", "words"]

DOMAIN = "central"
LANG_COOKIE = "console_lang"
DEFAULT = LANGUAGES[0]


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; ``_`` translates it where shown."""
    return message


# a role as people say it (central.models.ROLES holds the keys)
ROLE_LABELS = {"viewer": N_("Viewer"), "counsellor": N_("Counsellor"),
               "hall_manager": N_("Hall manager"), "admin": N_("Administrator")}
# a priority group as people say it (central.models.queue.PRIORITY_GROUPS holds the keys)
PRIORITY_LABELS = {"elderly": N_("Elderly visitors"), "disabled": N_("Visitors with disabilities"),
                   "long_term_unemployed": N_("Long-term unemployed"),
                   "graduate": N_("New graduates"), "laid_off": N_("Laid-off workers")}
# a referral's state as people say it (central.models.queue.REFERRAL_STATES holds the keys)
REFERRAL_LABELS = {"sent": N_("Referred"), "interview": N_("Interview"), "hired": N_("Hired"),
                   "not_hired": N_("Not hired"), "withdrawn": N_("Withdrawn")}
# a terminal's device, its state and why, as a heartbeat names them (hallcore.contract)
DEVICE_LABELS = {"idcard": N_("ID card reader"), "smartcard": N_("Social security card reader"),
                 "printer": N_("Printer"), "camera": N_("Camera")}
DEVICE_STATE_LABELS = {"ok": N_("working"), "degraded": N_("degraded"), "offline": N_("offline")}
DEVICE_REASON_LABELS = {
    "paper_out": N_("out of paper"), "paper_low": N_("paper low"), "cover_open": N_("cover open"),
    "offline": N_("not answering"), "not_started": N_("not started"), "camera_gone": N_("camera gone"),
    "no_reader": N_("no reader"), "pcscd_down": N_("card service down"), "unplugged": N_("unplugged"),
    "bad_answer": N_("garbled answer"), "error": N_("error")}
# a command staff send a terminal (central.models.fleet.COMMAND_KINDS), in the pages' order
COMMAND_LABELS = {"maintenance_on": N_("Maintenance on"), "maintenance_off": N_("Maintenance off"),
                  "reload_config": N_("Reload config"), "test_print": N_("Test print"),
                  "screenshot": N_("Screenshot"), "upload_logs": N_("Upload logs"),
                  "clear_cache": N_("Clear cache"), "restart": N_("Restart")}
# where a config layer or a release ring applies (central.schemas.releases.Scope)
SCOPE_LABELS = {"fleet": N_("Every terminal"), "hall": N_("Hall"), "kiosk": N_("Terminal")}
# what a terminal did with a release it was given
OUTCOME_LABELS = {"rolled_back": N_("Rolled back"), "install_failed": N_("Refused to install")}


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(language: str) -> gettext.NullTranslations:
    """The console's catalogue in ``language`` (English msgids stand when there is none)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def words(language: str, table: dict[str, str]) -> dict[str, str]:
    """``table`` (key -> message) in ``language``: what a page's script shows for each key."""
    translate = catalogue(language).gettext
    return {key: translate(message) for key, message in table.items()}


def device_words(language: str) -> dict[str, dict[str, str]]:
    """A terminal's devices, their states and reasons in ``language`` (pages and scripts)."""
    return {"devices": words(language, DEVICE_LABELS), "states": words(language, DEVICE_STATE_LABELS),
            "reasons": words(language, DEVICE_REASON_LABELS)}


def language_of(request: Request) -> str:
    """The language this staff member chose, else Chinese."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    return chosen if chosen in LANGUAGES else DEFAULT


def safe_next(target: str) -> str:
    """Where to go back after switching language: a page of this site only."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/console/login"

"""Spoken guidance: what a screen says aloud, and when.

Each screen gives its words (``speak_text()``: its purpose and its choices; job details,
the ticket number, the documents list); this module decides when they are spoken and in
which language, and hands them to ``kiosk.speech.Speaker``, which synthesises and plays off
the UI thread. Rules:

- "read aloud" (the top bar's control) speaks the current screen, in the visitor's language;
- with guidance on (elders' mode, or ``speech.guide_by_default``) every screen speaks when
  it is shown, and again in the new language when the visitor switches language;
- what is being said stops when the visitor moves to another screen or the session ends;
- ``speech.enabled`` off: nothing is spoken. Volume and rate follow remote config.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Callable

from kiosk.i18n import N_, Translator

__all__ = ["Guide", "spoken", "say_label", "clean", "key_words", "KEY_WORDS"]

log = logging.getLogger(__name__)

_MARKUP = re.compile(r"\[/?[a-z]+(=[^\]]*)?\]")
_PICTOGRAMS = re.compile("[\ue000-\uf8ff✓√]")   # pictograms and ticks: nothing to say


def clean(text: str) -> str:
    """Screen text as words to say: no markup, no pictograms, spaces collapsed."""
    text = _PICTOGRAMS.sub("", _MARKUP.sub("", text or ""))
    return " ".join(text.replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&").split())


def spoken(parts: list[str], lang: str) -> str:
    """Screen texts as one spoken text: markup gone, one sentence per part, nothing twice."""
    seen, out = set(), []
    for part in parts:
        text = clean(part)
        if text and text not in seen:
            seen.add(text)
            out.append(text.rstrip("。.!！?？:："))
    return ("。" if lang == "zh_CN" else ". ").join(out) + ("。" if lang == "zh_CN" else ".") if out else ""


def say_label(label: str) -> str:
    """A ticket number as it is read out: one character at a time ("A001" -> "A 0 0 1")."""
    return " ".join(label)


#: keyboard keys whose name is a word, not what they print
KEY_WORDS = {"space": N_("Space"), "clear": N_("Clear"), "backspace": N_("Delete"),
             "numbers": N_("Numbers"), "letters": N_("Letters"), "'": N_("Syllable mark")}


def key_words(key: str, gettext: Callable[[str], str]) -> str:
    """A key's name as spoken when pressed (elders' mode): a word, or the letter or digit."""
    return gettext(KEY_WORDS[key]) if key in KEY_WORDS else key.upper()


class Guide:
    """The terminal's voice. ``make_speaker(settings.speech)`` builds the Speaker at the
    first word (so a terminal that never speaks starts no speech thread)."""

    def __init__(self, settings: Any, translator: Translator,
                 make_speaker: Callable[[Any], Any]):
        self.translator = translator
        self._make_speaker = make_speaker
        self._speaker = None
        self.settings = settings.speech
        #: speak every screen when shown (elders' mode sets it for its visitor)
        self.on = self.settings.guide_by_default
        self.last_text = ""
        #: elders' mode speaks a little slower than the configured rate
        self.rate_factor = 1.0

    @property
    def speaker(self):
        if self._speaker is None:
            self._speaker = self._make_speaker(self.settings)
        return self._speaker

    def read(self, text: str) -> None:
        """Speak ``text`` now in the visitor's language (interrupting what is being said)."""
        text = clean(text)
        if not self.settings.enabled or not text:
            return
        self.last_text = text
        speaker = self.speaker
        speaker.rate = self.settings.rate * self.rate_factor
        speaker.say(text, self.translator.language)

    def screen_shown(self, text: str) -> None:
        """The visitor moved to another screen: what was said stops; with guidance on, the
        new screen speaks."""
        self.stop()
        if self.on:
            self.read(text)

    def key_pressed(self, key: str) -> None:
        """A keyboard key was pressed: with guidance on, its name is said."""
        if self.on:
            self.read(key_words(key, self.translator.gettext))

    def written(self, text: str) -> None:
        """A handwritten character was picked from the candidates: with guidance on, it is
        said, as a pressed key's name is."""
        if self.on:
            self.read(text)

    def content_changed(self, text: str) -> None:
        """The screen shows something new, or in the other language: with guidance on, the
        new words are spoken."""
        if self.on:
            self.read(text)

    def stop(self) -> None:
        if self._speaker is not None:
            self._speaker.stop()

    def session_ended(self) -> None:
        self.stop()
        self.on = self.settings.guide_by_default
        self.last_text, self.rate_factor = "", 1.0

    def reconfigure(self, settings: Any) -> None:
        """Remote config: volume and rate at the next word; enabled at once."""
        self.settings = settings.speech
        if self._speaker is not None:
            self._speaker.volume = self.settings.volume
            self._speaker.rate = self.settings.rate * self.rate_factor
        if not self.settings.enabled:
            self.stop()

    def close(self) -> None:
        if self._speaker is not None:
            self._speaker.close()

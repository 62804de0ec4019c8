"""Spoken guidance: offline text-to-speech that never blocks the caller (the UI thread).

Engines are chosen by a config string (``ENGINES``: name -> "module:Class", as in
devices/manager.py): ``espeak-ng`` (voices ``cmn`` for zh_CN, ``en``) and ``piper`` (a
neural voice an operator installs: the program and a .onnx file per language).
``build_engines`` puts the configured engine before espeak-ng, logging what each cannot
do; a language the first has no voice for is spoken by the next.

``Speaker``: one worker thread, a one-place queue. ``say`` returns at once; a newer
``say`` or ``stop`` kills the synthesis or playback process of what is speaking.
Synthesis writes a WAV (no sound card needed); playback through ``player`` fails
quietly: the utterance finishes "silent" and the reason is logged once. Listeners get
``SpeechEvent``s through ``schedule`` (``Clock.schedule_once`` in the app).

Errors::

    SpeechError             anything this module raises
    └── SpeechUnavailable   the engine's program or the language's voice is missing
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

__all__ = ["ENGINES", "Engine", "ESpeakNG", "Piper", "SpeechError", "SpeechUnavailable",
           "SpeechSettings", "SpeechEvent", "Speaker", "Utterance", "build_engines"]

log = logging.getLogger(__name__)

ENGINES: dict[str, str] = {"espeak-ng": "kiosk.speech:ESpeakNG", "piper": "kiosk.speech:Piper"}
#: longer text is cut: guidance is a sentence or two, and 2,000 characters is 12 minutes
MAX_CHARS = 2000


class SpeechError(Exception):
    """Base of every error this module raises."""


class SpeechUnavailable(SpeechError):
    """The engine's program or the language's voice is missing."""


@dataclass(frozen=True)
class SpeechSettings:
    """The settings this module reads (any object with these attributes will do)."""
    enabled: bool = True
    engine: str = "espeak-ng"
    voices: dict[str, str] = field(default_factory=lambda: {"zh_CN": "cmn", "en": "en"})
    piper_voices: dict[str, str] = field(default_factory=dict)  # lang -> .onnx path
    piper_program: str = "piper"
    volume: float = 1.0  # 0..1 of the engine's normal loudness
    rate: float = 1.0    # 1 = the engine's normal speed; elders' mode may want 0.8
    player: str = "aplay -q"  # the WAV path is appended; "" = synthesise only


class Engine:
    """Text on stdin -> a WAV file, by one program. Subclasses give ``command``."""

    name = "engine"
    program = ""

    def __init__(self, voices: dict[str, str], program: str = ""):
        self.voices = dict(voices)
        self.program = program or self.program

    @classmethod
    def from_settings(cls, settings: Any) -> "Engine":
        return cls(settings.voices)

    def unavailable_reason(self, lang: str) -> str | None:
        if shutil.which(self.program) is None:
            return f"{self.name}: program {self.program!r} not found"
        if lang not in self.voices:
            return f"{self.name}: no voice for {lang!r}"
        return None

    def command(self, lang: str, wav: Path, volume: float, rate: float) -> list[str]:
        raise NotImplementedError

    def finish(self, wav: Path, volume: float) -> None:
        """Post-process the WAV after synthesis (an engine with no volume option scales it)."""

    def synthesize(self, text: str, lang: str, wav: Path, volume: float = 1.0, rate: float = 1.0,
                   run: Callable[..., tuple[int, str]] | None = None) -> Path:
        """Write ``text`` spoken in ``lang`` to ``wav``. ``run(cmd, text) -> (code, last
        stderr line)`` runs the program: blocking by default, killable in ``Speaker``."""
        if reason := self.unavailable_reason(lang):
            raise SpeechUnavailable(reason)
        code, err = (run or _run)(self.command(lang, Path(wav), volume, rate), text)
        if code != 0:
            raise SpeechError(f"{self.name} exited {code}: {err}")
        self.finish(Path(wav), volume)
        return Path(wav)


def _run(cmd: list[str], text: str = "") -> tuple[int, str]:
    done = subprocess.run(cmd, input=text.encode(), capture_output=True, timeout=120)
    return done.returncode, _last_line(done.stderr)


def _last_line(err: bytes) -> str:
    lines = err.decode(errors="replace").strip().splitlines()
    return (lines[-1] if lines else "")[:200]


class ESpeakNG(Engine):
    name, program = "espeak-ng", "espeak-ng"

    def command(self, lang: str, wav: Path, volume: float, rate: float) -> list[str]:
        amplitude = round(100 * min(max(volume, 0.0), 2.0))
        words_per_minute = round(min(max(175 * rate, 80), 450))
        return [self.program, "-v", self.voices[lang], "-a", str(amplitude),
                "-s", str(words_per_minute), "-b", "1", "--stdin", "-w", str(wav)]


class Piper(Engine):
    name, program = "piper", "piper"

    @classmethod
    def from_settings(cls, settings: Any) -> "Engine":
        return cls(settings.piper_voices, settings.piper_program)

    def unavailable_reason(self, lang: str) -> str | None:
        reason = super().unavailable_reason(lang)
        if reason is None and not Path(self.voices[lang]).is_file():
            reason = f"piper: voice file {self.voices[lang]} not found"
        return reason

    def command(self, lang: str, wav: Path, volume: float, rate: float) -> list[str]:
        return [self.program, "--model", self.voices[lang], "--output_file", str(wav),
                "--length_scale", f"{1 / min(max(rate, 0.3), 3.0):.3f}"]

    def finish(self, wav: Path, volume: float) -> None:
        """piper has no volume option: scale its 16-bit samples."""
        with wave.open(str(wav), "rb") as w:
            params, frames = w.getparams(), w.readframes(w.getnframes())
        if abs(volume - 1.0) > 1e-3 and params.sampwidth == 2:
            samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) * max(volume, 0.0)
            with wave.open(str(wav), "wb") as w:
                w.setparams(params)
                w.writeframes(np.clip(samples, -32768, 32767).astype("<i2").tobytes())


def build_engines(settings: Any) -> list[Engine]:
    """Piper when voice files are configured, the configured engine, then espeak-ng; an engine that cannot be built is skipped
    with a logged reason (a bad name, a missing program)."""
    # a neural voice an operator installed (piper_voices) comes first wherever it is present
    wanted = list(dict.fromkeys((["piper"] if settings.piper_voices else [])
                                + [settings.engine, "espeak-ng"]))
    engines: list[Engine] = []
    for name in wanted:
        try:
            module_name, cls_name = ENGINES[name].split(":")
            engine = getattr(importlib.import_module(module_name), cls_name).from_settings(settings)
        except Exception as exc:
            log.warning("speech engine %r skipped: %s: %s", name, type(exc).__name__, exc)
            continue
        for lang in engine.voices or ["any language"]:
            if reason := engine.unavailable_reason(lang):
                log.warning("speech engine %r cannot speak %s: %s", name, lang, reason)
        engines.append(engine)
    return engines


@dataclass(frozen=True)
class Utterance:
    id: int
    text: str = field(repr=False)  # guidance may name the visitor: kept out of logs
    lang: str = "zh_CN"


@dataclass(frozen=True)
class SpeechEvent:
    """``kind`` "started" or "finished"; a finished one has ``outcome``: "spoken",
    "silent" (synthesised, not played: no player or no audio device), "interrupted" or
    "failed", and ``reason`` for the last two kinds."""
    kind: str
    utterance: Utterance
    outcome: str = ""
    reason: str = ""


class Speaker:
    """``say(text, lang)`` returns at once; the newest request wins."""

    def __init__(self, engines: list[Engine], player: str = "aplay -q", volume: float = 1.0,
                 rate: float = 1.0, schedule: Callable[[Callable[[float], Any]], Any] | None = None):
        self.engines, self.volume, self.rate = engines, volume, rate
        self.player = shlex.split(player)
        self._schedule = schedule or (lambda fn: fn(0))
        self._listeners: list[Callable[[SpeechEvent], None]] = []
        self._cond = threading.Condition()
        self._pending: Utterance | None = None
        self._cancel = threading.Event()
        self._proc: subprocess.Popen | None = None
        self._next_id = 0
        self._closed = False
        self._logged: set[str] = set()
        self._dir = Path(tempfile.mkdtemp(prefix="speech-"))
        #: the last synthesised WAV and what it says (the next utterance replaces it)
        self.last_wav: Path | None = None
        self.last_utterance: Utterance | None = None
        self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
        self._thread.start()

    @classmethod
    def from_settings(cls, settings: Any, schedule: Callable | None = None) -> "Speaker":
        return cls(build_engines(settings), settings.player, settings.volume, settings.rate, schedule)

    def bind(self, listener: Callable[[SpeechEvent], None]) -> None:
        self._listeners.append(listener)

    def say(self, text: str, lang: str = "zh_CN") -> Utterance | None:
        """Speak ``text`` after interrupting whatever is speaking; None for empty text."""
        text = str(text).strip()[:MAX_CHARS]
        if not text:
            return None
        with self._cond:
            self._next_id += 1
            self._pending = Utterance(self._next_id, text, lang)
            self._interrupt_locked()
            self._cond.notify()
            return self._pending

    def stop(self) -> None:
        """Silence: drop what waits and interrupt what is speaking."""
        with self._cond:
            self._pending = None
            self._interrupt_locked()

    def close(self) -> None:
        with self._cond:
            self._closed, self._pending = True, None
            self._interrupt_locked()
            self._cond.notify()
        self._thread.join(timeout=5)
        shutil.rmtree(self._dir, ignore_errors=True)

    def _interrupt_locked(self) -> None:
        self._cancel.set()
        if self._proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._proc.pid, signal.SIGKILL)  # its session: what it forked goes too

    # -- the worker -------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                utterance, self._pending = self._pending, None
                self._cancel = cancel = threading.Event()
            self._emit(SpeechEvent("started", utterance))
            try:
                outcome, reason = self._speak(utterance, cancel)
            except Exception as exc:  # the speaker outlives any one utterance
                log.exception("speech failed")
                outcome, reason = "failed", f"{type(exc).__name__}: {exc}"
            self._emit(SpeechEvent("finished", utterance, outcome, reason))

    def _speak(self, utterance: Utterance, cancel: threading.Event) -> tuple[str, str]:
        lang = utterance.lang
        engine = next((e for e in self.engines if not e.unavailable_reason(lang)), None)
        if engine is None:
            reasons = filter(None, (e.unavailable_reason(lang) for e in self.engines))
            return "failed", self._note("; ".join(reasons) or "no speech engine")
        wav = self._dir / f"{utterance.id}.wav"

        def run(cmd: list[str], text: str = "") -> tuple[int, str]:
            return self._subprocess(cmd, cancel, text)
        try:
            engine.synthesize(utterance.text, lang, wav, self.volume, self.rate, run)
            if not self.player or shutil.which(self.player[0]) is None:
                return "silent", self._note(f"no player {' '.join(self.player)!r}")
            code, err = run(self.player + [str(wav)])
            if cancel.is_set():
                return "interrupted", ""
            return ("spoken", "") if code == 0 else (
                "silent", self._note(f"playback failed ({code}): {err}"))
        except (SpeechError, OSError) as exc:
            if cancel.is_set():
                return "interrupted", ""
            return "failed", self._note(f"{type(exc).__name__}: {exc}")
        finally:
            if wav.exists():   # the last one is kept (one file): what was said can be checked
                os.replace(wav, self._dir / "last.wav")
                self.last_wav, self.last_utterance = self._dir / "last.wav", utterance

    def _subprocess(self, cmd: list[str], cancel: threading.Event, text: str = "") -> tuple[int, str]:
        if cancel.is_set():
            return -1, ""
        # started outside the lock: a fork costs milliseconds that say() must not wait for
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, start_new_session=True)
        with self._cond:
            self._proc = proc
            if cancel.is_set():  # interrupted while it was starting
                self._interrupt_locked()
        try:
            _, err = proc.communicate(text.encode())
        finally:
            with self._cond:
                self._proc = None
        return proc.returncode, _last_line(err)

    def _note(self, reason: str) -> str:
        """Log a reason the first time it happens (a missing sound card is not news twice)."""
        if reason not in self._logged:
            self._logged.add(reason)
            log.warning("speech: %s", reason)
        return reason

    def _emit(self, event: SpeechEvent) -> None:
        for listener in list(self._listeners):
            self._schedule(lambda _dt, cb=listener: cb(event))

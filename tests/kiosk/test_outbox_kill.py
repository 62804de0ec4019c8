"""Nothing lost (issue "reliability", item 1): the outbox survives kill -9 at any moment.

One central service process, one enrolled terminal, and a terminal process
(tests/kiosk/outbox_child.py) started and killed with SIGKILL ``OUTBOX_KILLS`` times
(default 300) at a random point: a random time after it starts (start-up, opening the
store), after a random number of recorded events (mid-write), once a push has left
(request in flight) or once its answer is back (between delivery and ack). One clean
run then flushes the outbox, and the service must hold every event recorded before a
kill exactly once, and nothing the terminal did not record. ``OUTBOX_KILL_SEED``
replays a kill schedule (the timing of the processes still varies). The figures (kills,
events, lost, duplicates, time) are printed: ``pytest -s`` shows them.
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from central.models import KioskEvent
from kiosk.config import load_kiosk_settings
from kiosk.sync import enrol
from tests.servers import create_kiosk_code

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("OUTBOX_KILLS", "300"))
SEED = int(os.environ.get("OUTBOX_KILL_SEED", str(random.SystemRandom().randrange(10**6))))
ROUND_MAX_S = 3.0  # a round whose trigger never comes (no push yet) is killed anyway
CHILD = [sys.executable, "-m", "tests.kiosk.outbox_child"]


@dataclass
class Round:
    """What one terminal process said before it was killed."""

    run: str
    lines: list[list[str]] = field(default_factory=list)
    returncode: int | None = None
    stderr: str = ""

    def count(self, mark: str) -> int:
        return sum(1 for words in self.lines if words[0] == mark)

    @property
    def recorded(self) -> list[tuple[str, int]]:
        return [(w[1], int(w[2])) for w in self.lines if w[0] == "+"]

    @property
    def duplicates(self) -> int:
        return sum(int(w[2]) for w in self.lines if w[0] == "<")

    @property
    def landed(self) -> str:
        """Where the kill landed, by the last line the process wrote."""
        last = self.lines[-1][0] if self.lines else ""
        return {"": "start-up", "+": "writing", ">": "push in flight",
                "<": "answer back, before ack"}[last]


def run_child(args: list[str], run: str, trigger, limit: float) -> Round:
    """Start a terminal process; SIGKILL it when ``trigger(round)`` or ``limit`` s pass."""
    result = Round(run)
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([*CHILD, *args, run], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=err)
        try:
            deadline, buf, ended = time.monotonic() + limit, b"", False
            with selectors.DefaultSelector() as sel:
                sel.register(proc.stdout, selectors.EVENT_READ)
                while not ended and not trigger(result) \
                        and (left := deadline - time.monotonic()) > 0:
                    if sel.select(left):
                        chunk = os.read(proc.stdout.fileno(), 65536)
                        ended = not chunk  # it exited on its own: the return code says why
                        buf = _lines(buf + chunk, result)
            if not ended:
                proc.send_signal(signal.SIGKILL)
            # whatever it wrote before the kill counts; a partial last line does not
            _lines(buf + proc.stdout.read(), result)
        finally:
            if proc.poll() is None:
                proc.kill()
            result.returncode = proc.wait()
            proc.stdout.close()
            err.seek(0)
            result.stderr = err.read().decode(errors="replace")[-3000:]
    return result


def _lines(buf: bytes, into: Round) -> bytes:
    *whole, rest = buf.split(b"\n")
    into.lines += [line.decode().split() for line in whole if line]
    return rest


def random_trigger(rng: random.Random):
    """A kill point: a time, or the k-th recorded event, push or answer."""
    mode = rng.choice(["time", "recorded", "recorded", "sent", "answered"])
    if mode == "time":
        return mode, (lambda r: False), rng.uniform(0.0, 0.25)
    mark, k = {"recorded": ("+", rng.randint(0, 40)), "sent": (">", rng.randint(1, 3)),
               "answered": ("<", rng.randint(1, 3))}[mode]
    return mode, (lambda r: r.count(mark) >= k), ROUND_MAX_S


def integrity(path: str) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def terminal(central_process, tmp_path_factory):
    """One enrolled terminal: the child's arguments and the service's id for it."""
    server, db = central_process
    home = tmp_path_factory.mktemp("terminal")
    settings = load_kiosk_settings(env={
        "KIOSK__CENTRAL__URL": server.url, "KIOSK__CENTRAL__TOKEN_FILE": str(home / "token"),
        "KIOSK__STORE__PATH": str(home / "store.sqlite3")})
    info = enrol(settings, create_kiosk_code(server.db_url, "kill-test"))
    args = [settings.store.path, server.url, settings.central.token_file]
    return args, info["kiosk_id"], db


def test_outbox_survives_kill_9_at_any_moment(terminal):
    args, kiosk_id, db = terminal
    store_path = args[0]
    rng = random.Random(SEED)
    started = time.monotonic()
    rounds, modes = [], Counter()
    for i in range(KILLS):
        mode, trigger, limit = random_trigger(rng)
        modes[mode] += 1
        done = run_child(args, f"r{i:05d}", trigger, limit)
        assert done.returncode == -signal.SIGKILL, \
            f"seed {SEED}: round {i} ended by itself ({done.returncode}):\n{done.stderr}"
        rounds.append(done)
    killing = time.monotonic() - started
    assert integrity(store_path) == "ok", f"seed {SEED}: store corrupt after the kills"

    try:
        proc = subprocess.run([*CHILD, *args, "flush", "--flush"], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"seed {SEED}: the outbox never drained (pushed, never acknowledged)")
    assert proc.returncode == 0 and proc.stdout.split()[-2:] == ["=", "0"], proc.stderr
    assert integrity(store_path) == "ok"
    conn = sqlite3.connect(store_path)
    assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    conn.close()

    with db.session() as s:
        rows = [(e.key, e.payload) for e in s.query(KioskEvent)
                .filter(KioskEvent.kiosk_id == kiosk_id).all()]
    t = tally(rounds, rows)
    print(f"\noutbox kill -9: seed {SEED}, {KILLS} kills in {killing:.1f}s "
          f"({killing / KILLS * 1000:.0f} ms a round), triggers {dict(modes)}; landed "
          f"{dict(Counter(r.landed for r in rounds))}; recorded {t['recorded']}, "
          f"committed-but-unprinted {len(t['unprinted'])}, stored {len(rows)}, lost "
          f"{len(t['lost'])}, duplicates {t['duplicates']}, redeliveries answered as "
          f"duplicates {sum(r.duplicates for r in rounds)}; total "
          f"{time.monotonic() - started:.1f}s")
    assert not t["lost"], f"seed {SEED}: {len(t['lost'])} recorded events never arrived"
    assert t["duplicates"] == 0, f"seed {SEED}: {t['duplicates']} events stored twice"
    assert not t["mismatched"], f"seed {SEED}: stored under another key: {t['mismatched'][:5]}"
    assert not t["strays"], f"seed {SEED}: events nobody recorded: {t['strays'][:5]}"
    assert len(rows) == t["recorded"] + len(t["unprinted"])


def tally(rounds: list[Round], rows: list[tuple[str, dict]]) -> dict:
    """What the terminal processes recorded, against what the service stored."""
    printed = {key: (r.run, n) for r in rounds for key, n in r.recorded}
    recorded = sum(len(r.recorded) for r in rounds)
    assert recorded == len(printed), "a key was handed out twice"
    stored = {key: (p.get("run"), p.get("n")) for key, p in rows}
    events = list(stored.values())
    # a kill between outbox_add's commit and the line saying so: that event is the next
    # one of its run, and it must arrive once like the others
    next_n = {r.run: len(r.recorded) for r in rounds}
    unprinted = {k: e for k, e in stored.items() if k not in printed}
    return {"recorded": recorded, "unprinted": unprinted,
            "lost": sorted(set(printed) - set(stored)),
            "duplicates": (len(rows) - len(stored)) + (len(events) - len(set(events))),
            "mismatched": [k for k, e in printed.items() if k in stored and stored[k] != e],
            "strays": [e for e in unprinted.values() if e[1] != next_n.get(e[0])]}

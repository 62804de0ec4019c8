"""HAProxy from the shipped deploy/central/haproxy.cfg, in front of test replicas.

The shipped file is used as it is, with two changes: its `server` lines become the replicas
given, and, when the tests do not run as root, the `chroot`/`user`/`group` lines go (only root
may use them). Everything else (ports, certificate, body limit, sockets) is set through the
environment variables the file documents. Used by tests/deploy and bench/replicas.py.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import ssl
import subprocess
import time
from pathlib import Path

import httpx

from tests.servers import CentralProcess, free_port

__all__ = ["HAPROXY_CFG", "Cluster", "HaproxyProcess", "render_config", "self_signed_cert", "shipped_body_limit"]

ROOT = Path(__file__).resolve().parent.parent
HAPROXY_CFG = ROOT / "deploy" / "central" / "haproxy.cfg"
_SERVER = re.compile(r"^\s*#?\s*server\s")
_ROOT_ONLY = re.compile(r"^\s*(chroot|user|group)\s")


def self_signed_cert(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made by openssl: (PEM for HAProxy with the key, CA file)."""
    key, cert = directory / "key.pem", directory / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    bundle = directory / "central.pem"
    bundle.write_bytes(cert.read_bytes() + key.read_bytes())
    return bundle, cert


def shipped_body_limit() -> int:
    """The default body limit written in the shipped configuration."""
    return int(re.search(r"CENTRAL_MAX_BODY-(\d+)", HAPROXY_CFG.read_text()).group(1))


def render_config(servers: list[str]) -> str:
    """The shipped configuration with ``servers`` ("host:port") as its replicas."""
    out = []
    for line in HAPROXY_CFG.read_text(encoding="utf-8").splitlines(keepends=True):
        if _SERVER.match(line) or (os.geteuid() != 0 and _ROOT_ONLY.match(line)):
            continue
        out.append(line)
        if line.strip().startswith("default-server"):
            out += [f"    server central{i + 1} {addr}\n" for i, addr in enumerate(servers)]
    return "".join(out)


class HaproxyProcess:
    """HAProxy on free 127.0.0.1 ports (HTTPS, HTTP redirect, stats) over ``servers``."""

    def __init__(self, servers: list[str], workdir: Path, max_body: int | None = None):
        if not shutil.which("haproxy"):
            raise RuntimeError("haproxy is not installed (scripts/setup.sh installs it)")
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.pem, self.ca = self_signed_cert(workdir)
        self.https_port, self.http_port, self.stats_port = free_port(), free_port(), free_port()
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.http_url = f"http://127.0.0.1:{self.http_port}"
        self.stats_url = f"http://127.0.0.1:{self.stats_port}/;csv"
        self.config = workdir / "haproxy.cfg"
        self.config.write_text(render_config(servers), encoding="utf-8")
        self.env = dict(os.environ, CENTRAL_CERT=str(self.pem), CENTRAL_LOG="stderr",
                        CENTRAL_HTTPS_BIND=f"127.0.0.1:{self.https_port}",
                        CENTRAL_HTTP_BIND=f"127.0.0.1:{self.http_port}",
                        CENTRAL_STATS_BIND=f"127.0.0.1:{self.stats_port}",
                        CENTRAL_ADMIN_SOCKET=str(workdir / "admin.sock"),
                        CENTRAL_MAXCONN="4000")  # within a container's descriptor limit
        if max_body is not None:
            self.env["CENTRAL_MAX_BODY"] = str(max_body)
        self.proc: subprocess.Popen | None = None

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    def start(self, timeout: float = 20) -> "HaproxyProcess":
        check = subprocess.run(["haproxy", "-c", "-q", "-f", str(self.config)], env=self.env,
                               capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"haproxy refused the configuration: {check.stderr[-2000:]}")
        self.proc = subprocess.Popen(["haproxy", "-db", "-f", str(self.config)], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.wait_servers("UP", timeout=timeout)
        return self

    def server_states(self) -> dict[str, str]:
        """Each replica's state in the balancer ("UP", "DOWN", "UP 1/2", ...)."""
        text = httpx.get(self.stats_url, timeout=2).text.lstrip("# ")
        return {row["svname"]: row["status"] for row in csv.DictReader(io.StringIO(text))
                if row["pxname"] == "central" and row["svname"] not in ("FRONTEND", "BACKEND")}

    def wait_servers(self, state: str, names: list[str] | None = None, timeout: float = 20) -> None:
        """Poll the status page until the named replicas (default: all) are in ``state``."""
        deadline, states = time.monotonic() + timeout, {}
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"haproxy exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                states = self.server_states()
            except httpx.HTTPError:
                states = {}
            wanted = names or list(states)
            if states and all(states.get(n) == state for n in wanted):
                return
            time.sleep(0.1)
        raise RuntimeError(f"replicas not {state} in the balancer: {states}")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


class Cluster:
    """``replicas`` `central serve` processes on the database at ``db_url`` behind HAProxy."""

    def __init__(self, db_url: str, replicas: int, workdir: Path, args: tuple[str, ...] = ()):
        self.db_url = db_url
        self.replicas = [CentralProcess(db_url, args) for _ in range(replicas)]
        self.balancer = HaproxyProcess([f"127.0.0.1:{r.port}" for r in self.replicas], workdir)

    @property
    def url(self) -> str:
        return self.balancer.url

    def start(self) -> "Cluster":
        try:
            for replica in self.replicas:  # one after the other: each migrates the schema first
                replica.start()
            self.balancer.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        self.balancer.stop()
        for replica in self.replicas:
            replica.stop()

"""The shipped HAProxy configuration in front of two replicas: TLS only, the service's body
limit at the door, the board's server-sent events passed on as they come, and replicas taken
out and back by the health check."""

from __future__ import annotations

import signal
import time
import uuid

import httpx
import pytest

from central.seed import SERVICES
from central.settings import development_settings
from tests.deploy.conftest import enrol_terminal, staff_headers

pytestmark = pytest.mark.postgres

LIMIT = development_settings().server.max_body_bytes


def test_plain_http_is_sent_to_https(cluster):
    proxy = cluster.balancer
    r = httpx.get(proxy.http_url + "/api/health", timeout=5)
    assert r.status_code == 301
    assert r.headers["location"].startswith("https://")
    ok = httpx.get(proxy.url + "/api/health", verify=proxy.ssl_context(), timeout=5)
    assert ok.status_code == 200 and ok.json()["database"] == "ok"


def test_a_body_over_the_limit_stops_at_the_proxy(cluster):
    proxy = cluster.balancer
    with httpx.Client(base_url=proxy.url, verify=proxy.ssl_context(), timeout=30) as http:
        big = http.post("/api/kiosk/events", content=b"x" * (LIMIT + 1),
                        headers={"Content-Type": "application/json"})
        assert big.status_code == 413
        assert "html" in big.headers.get("content-type", ""), "answered by the service, not the proxy"
        at_limit = http.post("/api/kiosk/events", content=b"x" * LIMIT,
                             headers={"Content-Type": "application/json"})
        assert at_limit.status_code != 413 and "json" in at_limit.headers["content-type"]


def test_board_events_pass_the_proxy_as_they_come(cluster):
    """Each call reaches a board behind the proxy as it happens: a proxy that buffered the
    stream would deliver nothing, or everything at once at the end."""
    proxy = cluster.balancer
    terminal = enrol_terminal(cluster, "proxy-board")
    for _ in range(5):
        terminal.issue_ticket({"key": uuid.uuid4().hex, "service_code": SERVICES[0][0]})
    counsellor = staff_headers(proxy.url, proxy.ssl_context(), "counsellor1", "counsellor-demo")
    lags = []
    with httpx.stream("GET", proxy.url + "/api/halls/1/stream", verify=proxy.ssl_context(),
                      timeout=httpx.Timeout(10, read=5)) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = r.iter_lines()
        next(line for line in lines if line.startswith("data:"))   # the calls so far
        for _ in range(4):
            called_at = time.monotonic()
            httpx.post(proxy.url + "/api/counters/1/call-next", headers=counsellor,
                       verify=proxy.ssl_context(), timeout=10).raise_for_status()
            next(line for line in lines if line.startswith("data:"))
            lags.append(time.monotonic() - called_at)
            time.sleep(0.3)   # calls spread out, as at a counter
    assert max(lags) < 1.0, lags


def test_a_stopped_replica_is_taken_out_and_back(cluster):
    proxy = cluster.balancer
    replica = cluster.replicas[0]
    replica._signal(signal.SIGSTOP)  # hangs, as a replica whose process is stuck would
    try:
        proxy.wait_servers("DOWN", ["central1"], timeout=15)
        with httpx.Client(base_url=proxy.url, verify=proxy.ssl_context(), timeout=5) as http:
            assert all(http.get("/api/health").status_code == 200 for _ in range(10))
    finally:
        replica._signal(signal.SIGCONT)
    proxy.wait_servers("UP", ["central1"], timeout=15)

"""The shipped HAProxy configuration in front of two replicas: TLS only, the service's body
limit at the door, the board's server-sent events passed on as they come, and replicas taken
out and back by the health check."""

from __future__ import annotations

import signal
import time

import httpx
import pytest

from central.settings import development_settings

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
    """The stream sends a comment every 0.3 s when nothing changes: a proxy that buffered it
    would deliver nothing, or everything at once."""
    proxy = cluster.balancer
    arrivals = []
    with httpx.stream("GET", proxy.url + "/api/halls/1/stream", verify=proxy.ssl_context(),
                      timeout=httpx.Timeout(10, read=5)) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line:
                arrivals.append(time.monotonic())
            if len(arrivals) >= 8:
                break
    gaps = [b - a for a, b in zip(arrivals[1:], arrivals[2:])]
    assert max(gaps) < 1.0 and sum(gaps) > 1.0, gaps


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

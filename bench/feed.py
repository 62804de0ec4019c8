"""The terminals' job feed on the wire: bytes per posting plain and gzipped, and a full sync.

A central service on SQLite with the demo seed's postings answers over real HTTP
(uvicorn). A terminal pulls the whole feed in pages of 500, as kiosk.sync does, once
asking for gzip (what requests, the terminal's HTTP client, always asks for) and once
for identity; the two alternate and the figures are medians. Bytes are the response
bodies as they cross the socket (before decoding), divided by the postings they carry.
"""

from __future__ import annotations

import gzip
import json
import tempfile
import time
from datetime import timedelta

import httpx

from bench.harness import alternate, median

__all__ = ["run"]

PAGE = 500  # kiosk.api.CentralClient.job_feed's default page


def _enrolled_token(db, http: httpx.Client) -> str:
    from central.models import Kiosk, utcnow
    from central.security import new_enrol_code, token_hash

    code = new_enrol_code()
    with db.session() as s:
        s.add(Kiosk(hall_id=1, name="bench-feed", enrol_code_hash=token_hash(code),
                    enrol_code_expires_at=utcnow() + timedelta(hours=1)))
        s.commit()
    reply = http.post("/api/kiosks/enrol", json={"code": code})
    reply.raise_for_status()
    return reply.json()["token"]


def _pull(http: httpx.Client, token: str, encoding: str) -> tuple[float, int, int]:
    """(seconds, body bytes on the wire, postings) for the whole feed in one encoding."""
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": encoding}
    since, wire, jobs = "", 0, 0
    t0 = time.perf_counter()
    while True:
        with http.stream("GET", "/api/kiosk/feed/jobs", params={"since": since, "limit": PAGE},
                         headers=headers) as reply:
            reply.raise_for_status()
            raw = b"".join(reply.iter_raw())
            zipped = reply.headers.get("content-encoding") == "gzip"
        if zipped != (encoding == "gzip"):
            raise RuntimeError(f"asked for {encoding}, got {reply.headers.get('content-encoding')}")
        body = json.loads(gzip.decompress(raw) if zipped else raw)
        wire += len(raw)
        jobs += len(body["items"])
        since = body["cursor"]
        if not body["has_more"]:
            return time.perf_counter() - t0, wire, jobs


def run(quick: bool = False) -> dict:
    from central.app import create_app
    from central.settings import development_settings
    from tests.servers import UvicornThread, seeded_database

    jobs, runs = (1_000, 3) if quick else (5_000, 7)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/central.sqlite3"
        db = seeded_database(url, 7, jobs)
        server = UvicornThread(create_app(development_settings(url),
                                          db=db)).start()
        try:
            with httpx.Client(base_url=server.url, timeout=60) as http:
                token = _enrolled_token(db, http)
                seen: dict[str, tuple[int, int]] = {}

                def side(encoding: str):
                    def pull() -> float:
                        seconds, wire, count = _pull(http, token, encoding)
                        seen[encoding] = (wire, count)
                        return seconds
                    return pull

                zipped_s, plain_s = alternate(side("gzip"), side("identity"), runs)
        finally:
            server.stop()
            db.dispose()
    (zipped, count), (plain, _) = seen["gzip"], seen["identity"]
    figures = {"bytes_per_job_plain": round(plain / count), "bytes_per_job_gzip": round(zipped / count),
               "ratio": round(zipped / plain, 3), "jobs": count,
               "sync_s_plain": round(median(plain_s), 3), "sync_s_gzip": round(median(zipped_s), 3)}
    return {"figures": figures, "targets": {"ratio": "<= 0.2"}, "runs": runs}

"""A central service over real HTTP on SQLite and on PostgreSQL, seeded small."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from central.app import create_app
from central.db import Database
from central.models import Kiosk, utcnow
from central.security import new_enrol_code, token_hash
from central.settings import development_settings
from tests.servers import UvicornThread, fresh_database_url, seeded_database


class Central:
    """A running central service and handles to make test data."""

    def __init__(self, url: str, db: Database, server: UvicornThread):
        self.db, self.server, self.url, self.db_url = db, server, server.url, url
        self.http = httpx.Client(base_url=server.url, timeout=10)

    def new_kiosk_code(self, name: str = "t", expired: bool = False) -> str:
        code = new_enrol_code()
        when = utcnow() + timedelta(hours=-1 if expired else 1)
        with self.db.session() as s:
            s.add(Kiosk(hall_id=1, name=name, enrol_code_hash=token_hash(code),
                        enrol_code_expires_at=when))
            s.commit()
        return code

    def kiosk_headers(self, name: str = "t") -> dict[str, str]:
        r = self.http.post("/api/kiosks/enrol", json={"code": self.new_kiosk_code(name)})
        r.raise_for_status()
        return {"Authorization": f"Bearer {r.json()['token']}"}

    def clear_rate_limits(self) -> None:
        """Forget every rate-limit counter (fuzzing spends the test address's attempts)."""
        from central.models.identity import RateCount
        with self.db.session() as s:
            s.query(RateCount).delete()
            s.commit()

    def outage(self, kiosk_name: str, minutes_ago: float, lasted_min: float) -> None:
        """Record that the terminal was cut off (as its heartbeats would show it)."""
        from central.models.fleet import KioskStatus
        end = utcnow() - timedelta(minutes=minutes_ago - lasted_min)
        with self.db.session() as s:
            kiosk_id = s.query(Kiosk).filter_by(name=kiosk_name).one().id
            s.merge(KioskStatus(kiosk_id=kiosk_id, last_seen=end, online_since=end,
                                offline_since=end - timedelta(minutes=lasted_min)))
            s.commit()

    def staff_headers(self, username: str = "admin", password: str = "admin-demo") -> dict[str, str]:
        r = self.http.post("/api/auth/login", json={"username": username, "password": password})
        r.raise_for_status()
        return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture(params=["sqlite", "postgres"], scope="module")
def central(request, tmp_path_factory):
    pg = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    with fresh_database_url(request.param, tmp_path_factory.mktemp("central"), pg) as url:
        db = seeded_database(url, 7, 300)
        settings = development_settings(url)
        server = UvicornThread(create_app(settings, db=db)).start()
        yield Central(url, db, server)
        server.stop()
        db.dispose()

"""Staff roles per hall: the migration carries each user's one role and hall over, and
``central create-user`` gives roles per hall (one person, two halls, two roles)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from tests.servers import CentralProcess, fresh_database_url


def _alembic(url: str, target: str) -> None:
    from alembic import command
    from alembic.config import Config

    from central.db import MIGRATIONS
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, target)


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    pg = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    with fresh_database_url(request.param, tmp_path, pg) as url:
        yield url


def test_the_migration_carries_each_users_role_and_hall_over(empty_url):
    _alembic(empty_url, "0009")
    engine = sa.create_engine(empty_url)
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO halls (id, code, name, name_en, address) VALUES "
                          "(1, 'a', 'A', '', ''), (2, 'b', 'B', '', '')"))
        for name, role, hall in (("boss", "admin", None), ("mgr2", "hall_manager", 2),
                                 ("view", "viewer", 1), ("loose", "counsellor", None)):
            c.execute(sa.text("INSERT INTO staff_users (username, full_name, password_hash, role, "
                              "hall_id, active, created_at) VALUES (:n, '', 'x', :r, :h, true, "
                              "CURRENT_TIMESTAMP)"), {"n": name, "r": role, "h": hall})
    _alembic(empty_url, "heads")
    with engine.begin() as c:
        rows = set(c.execute(sa.text("SELECT u.username, r.hall_id, r.role FROM staff_roles r "
                                     "JOIN staff_users u ON u.id = r.user_id")))
        columns = {col["name"] for col in sa.inspect(c).get_columns("staff_users")}
    engine.dispose()
    # an admin is the city's; a user without a hall worked in the first one
    assert rows == {("boss", None, "admin"), ("mgr2", 2, "hall_manager"), ("view", 1, "viewer"),
                    ("loose", 1, "counsellor")}
    assert not {"role", "hall_id"} & columns


def test_create_user_gives_roles_per_hall(tmp_path):
    from central.db import Database
    from central.models import Hall, StaffUser
    from central.security import verify_password
    from central.services import access
    from tests.servers import seeded_database
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    seeded_database(url, 1, 5).dispose()
    db = Database(url)
    with db.session() as s:
        s.add(Hall(id=2, code="second", name="第二大厅"))
        s.commit()

    def cli(*args, password: str = ""):
        """The command, a new user's password on its stdin (never in its arguments)."""
        return subprocess.run([sys.executable, "-m", "central.cli", "create-user", *args],
                              cwd=CentralProcess.ROOT, capture_output=True, text=True,
                              input=password + "\n", env=dict(os.environ, CENTRAL__DATABASE__URL=url))

    made = cli("wang", "--role", "hall_manager@1,viewer@2", password="pw-wang-demo")
    assert made.returncode == 0, made.stderr
    assert "pw-wang-demo" not in made.stdout + made.stderr
    assert cli("wang", "--role", "counsellor@2").returncode == 0   # one more: replaces hall 2's
    assert cli("bad", "--role", "admin@1", password="long-enough-1").returncode == 2   # admin is the city's
    assert cli("bad", "--role", "chief@1", password="long-enough-1").returncode == 2
    assert cli("bad", "--role", "viewer@1", password="short").returncode == 2
    refused = cli("bad", "--password", "long-enough-1", "--role", "viewer@1")
    assert refused.returncode == 2 and "unrecognized arguments: --password" in refused.stderr
    with db.session() as s:
        from sqlalchemy import select
        wang = s.scalar(select(StaffUser).where(StaffUser.username == "wang"))
        assert access.role_in(wang, 1) == "hall_manager" and access.role_in(wang, 2) == "counsellor"
        assert access.halls(wang, "hall_manager") == {1} and access.halls(wang) == {1, 2}
        assert verify_password(wang.password_hash, "pw-wang-demo")
        assert s.scalar(select(StaffUser).where(StaffUser.username == "bad")) is None
        admin = s.scalar(select(StaffUser).where(StaffUser.username == "admin"))
        assert access.halls(admin, "admin") is None and access.role_in(admin, 2) == "admin"
    db.dispose()

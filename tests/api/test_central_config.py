"""Central config and seed: clear messages for bad values; deterministic demo data."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from central.db import Database, migrate
from central.models import Job
from central.seed import seed
from central.settings import load_central_settings
from hallcore.config import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_file_loads_and_every_key_is_commented():
    settings = load_central_settings(ROOT / "config" / "central.toml", env={})
    assert settings.database.url.startswith("sqlite:///var/")
    lines = (ROOT / "config" / "central.toml").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line and line[0].isalpha():
            assert lines[i - 1].startswith("#"), line


@pytest.mark.parametrize("text, key, problem", [
    ("[server]\nport = 0\n", "server.port", "greater than or equal to 1"),
    ("[server]\nenvironment = \"staging\"\n", "server.environment", "'development' or 'production'"),
    ("[database]\nurl = 3\n", "database.url", "valid string"),
    ("[server]\nenvironment = \"production\"\n", "security.secret_key", "refused in production"),
    ("[security]\nsecret_key = \"short\"\n", "security.secret_key", "at least 16"),
    ("[sever]\nport = 1\n", "sever", "unknown key"),
])
def test_bad_values(tmp_path, text, key, problem):
    path = tmp_path / "central.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_central_settings(path, env={})
    assert info.value.key == key and problem in str(info.value) and str(path) in str(info.value)


def test_env_override(tmp_path):
    path = tmp_path / "central.toml"
    path.write_text("", encoding="utf-8")
    settings = load_central_settings(path, env={"CENTRAL__SERVER__PORT": "9000"})
    assert settings.server.port == 9000


def test_seed_is_deterministic(tmp_path):
    now = datetime(2026, 11, 24, tzinfo=timezone.utc)
    snapshots = []
    for n in range(2):
        url = f"sqlite:///{tmp_path / f's{n}.sqlite3'}"
        migrate(url)
        db = Database(url)
        with db.session() as s:
            seed(s, seed_value=3, jobs=200, now=now)
            snapshots.append([(j.title, j.employer, j.salary_min, j.status, j.posted_at)
                              for j in s.query(Job).order_by(Job.id)])
        db.dispose()
    assert snapshots[0] == snapshots[1]
    titles = {t for t, *_ in snapshots[0]}
    assert len(titles) > 20
    assert any(status != "verified" for *_, status, _ in snapshots[0])

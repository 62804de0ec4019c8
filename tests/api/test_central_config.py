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


DEV = '[server]\nenvironment = "development"\n'
PROD = ('[server]\nenvironment = "production"\npublic_base_url = "https://central.example.org"\n'
        '[security.identity_keys]\n1 = "another-long-random-identity-key"\n'
        '[security]\nsecret_key = "a-long-random-production-secret"\n')


@pytest.mark.parametrize("text, key, problem", [
    (DEV + "port = 0\n", "server.port", "greater than or equal to 1"),
    ("[server]\nenvironment = \"staging\"\n", "server.environment", "'development' or 'production'"),
    ("", "server.environment", 'required: "development" or "production"'),
    ("[server]\nport = 8000\n", "server.environment", "required"),
    (DEV + "[database]\nurl = 3\n", "database.url", "valid string"),
    ("[server]\nenvironment = \"production\"\n", "security.secret_key", "refused in production"),
    (PROD.replace("https://", "http://"), "server.public_base_url", "https:// in production"),
    (DEV + "[security]\nsecret_key = \"short\"\n", "security.secret_key", "at least 16"),
    (DEV + "[sever]\nport = 1\n", "sever", "unknown key"),
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
    settings = load_central_settings(path, env={"CENTRAL__SERVER__PORT": "9000",
                                                "CENTRAL__SERVER__ENVIRONMENT": "development"})
    assert settings.server.port == 9000


def test_production_always_sends_the_login_cookie_secure(tmp_path):
    path = tmp_path / "central.toml"
    path.write_text(PROD + "cookie_secure = false\n", encoding="utf-8")
    assert load_central_settings(path, env={}).security.cookie_secure is True


def test_seed_refuses_production(tmp_path, capsys):
    from central.cli import main
    path = tmp_path / "central.toml"
    db_file = tmp_path / "prod.sqlite3"
    path.write_text(PROD + f'[database]\nurl = "sqlite:///{db_file}"\n', encoding="utf-8")
    assert main(["--config", str(path), "seed", "--jobs", "10", "--history-days", "0"]) == 2
    assert "refused in production" in capsys.readouterr().err
    assert not db_file.exists()   # not even migrated: nothing was touched


def test_the_shipped_units_run_in_production():
    for unit in ("central@.service", "central-purge.service"):
        text = (ROOT / "deploy" / "central" / unit).read_text(encoding="utf-8")
        assert "Environment=CENTRAL__SERVER__ENVIRONMENT=production" in text.splitlines()


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

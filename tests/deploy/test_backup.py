"""deploy/central/backup.sh and restore.sh on real PostgreSQL databases: a seeded database is
dumped, restored into a new one, and every table holds the same rows; rotation keeps N."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.deploy.conftest import ROOT, central_cli, libpq_url

pytestmark = pytest.mark.postgres

BACKUP = ROOT / "deploy" / "central" / "backup.sh"
RESTORE = ROOT / "deploy" / "central" / "restore.sh"


def row_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = conn.scalars(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = "
                                          "'public' ORDER BY tablename")).all()
            return {t: conn.scalar(sa.text(f'SELECT count(*) FROM "{t}"')) for t in tables}
    finally:
        engine.dispose()


def backup(url: str, directory: Path, keep: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, BACKUP_DATABASE_URL=libpq_url(url), BACKUP_DIR=str(directory),
               BACKUP_KEEP=str(keep))
    return subprocess.run([str(BACKUP)], env=env, capture_output=True, text=True)


def dumps(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_a_backup_restores_into_a_new_database_with_every_row(database_factory, tmp_path):
    source = database_factory()
    central_cli(source, "migrate")
    central_cli(source, "seed", "--jobs", "300", "--history-days", "3")
    before = row_counts(source)
    assert before["tickets"] > 0 and before["jobs"] == 300 and before["staff_users"] > 0

    done = backup(source, tmp_path / "dumps", keep=3)
    assert done.returncode == 0, done.stderr
    [dump] = dumps(tmp_path / "dumps")
    assert dump.startswith("central-") and dump.endswith(".dump")

    target = database_factory()
    restored = subprocess.run([str(RESTORE), str(tmp_path / "dumps" / dump), libpq_url(target)],
                              capture_output=True, text=True)
    assert restored.returncode == 0, restored.stderr
    assert row_counts(target) == before
    # the restored database is one the service can use and write to (sequences came along)
    assert "newest schema" in central_cli(target, "migrate")
    assert central_cli(target, "create-kiosk", "--name", "after-restore").strip()
    assert row_counts(target)["kiosks"] == before["kiosks"] + 1

    # restoring over a database that has tables is refused and changes nothing
    again = subprocess.run([str(RESTORE), str(tmp_path / "dumps" / dump), libpq_url(target)],
                           capture_output=True, text=True)
    assert again.returncode == 3 and "new one" in again.stderr
    assert row_counts(target)["kiosks"] == before["kiosks"] + 1


def test_rotation_keeps_the_newest_n(database_factory, tmp_path):
    source = database_factory()
    central_cli(source, "migrate")
    directory = tmp_path / "dumps"
    directory.mkdir()
    # dumps of earlier days, and a file that is not a dump: only old dumps may go
    old = [f"central-202501{day:02d}T013000.000Z.dump" for day in range(1, 6)]
    for name in old + ["notes.txt"]:
        (directory / name).write_bytes(b"old")

    for _ in range(2):
        done = backup(source, directory, keep=3)
        assert done.returncode == 0, done.stderr
    left = dumps(directory)
    assert "notes.txt" in left
    kept = [n for n in left if n.endswith(".dump")]
    assert len(kept) == 3
    assert kept[0] == old[-1], "the newest old dump is the third one kept"
    assert all(n > old[-1] for n in kept[1:]), "both new dumps are kept"

    refused = backup(source, directory, keep=0)
    assert refused.returncode == 2 and dumps(directory) == left


def test_a_failed_dump_deletes_nothing(tmp_path):
    directory = tmp_path / "dumps"
    directory.mkdir()
    (directory / "central-20250101T013000.000Z.dump").write_bytes(b"old")
    failed = subprocess.run([str(BACKUP)], capture_output=True, text=True,
                            env=dict(os.environ, BACKUP_DIR=str(directory), BACKUP_KEEP="1",
                                     BACKUP_DATABASE_URL="postgresql://nobody@127.0.0.1:1/none"))
    assert failed.returncode != 0
    assert dumps(directory) == ["central-20250101T013000.000Z.dump"]

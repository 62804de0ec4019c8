"""``central``: serve, migrate, seed, import-jobs, create-user, create-kiosk, purge."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

from hallcore.config import ConfigError

__all__ = ["main", "worker_app"]

_CONFIG_ENV = "CENTRAL_CONFIG_FILE"  # hands --config to `serve --workers` processes


def _settings(args):
    from central.settings import load_central_settings
    return load_central_settings(args.config)


def _db(settings):
    from central.db import Database
    return Database(settings.database.url)


def cmd_serve(args) -> int:
    import uvicorn
    from central.app import create_app
    from central.db import migrate
    settings = _settings(args)
    migrate(settings.database.url)
    where = dict(host=args.host or settings.server.host, port=args.port or settings.server.port,
                 log_level="warning", access_log=False)
    if args.workers > 1:
        # each worker process imports the app afresh (own engine and pool) from the same file
        os.environ[_CONFIG_ENV] = str(args.config or "")
        uvicorn.run("central.cli:worker_app", factory=True, workers=args.workers, **where)
    else:
        uvicorn.run(create_app(settings), **where)
    return 0


def worker_app():
    """The app of one ``serve --workers`` process."""
    from central.app import create_app
    from central.settings import load_central_settings
    return create_app(load_central_settings(os.environ.get(_CONFIG_ENV) or None))


def cmd_migrate(args) -> int:
    from central.db import migrate
    migrate(_settings(args).database.url)
    print("database is at the newest schema")
    return 0


def cmd_seed(args) -> int:
    from central.db import migrate
    from central.seed import STAFF, history, seed
    settings = _settings(args)
    if settings.production:
        print("seed replaces every record with demo data: refused in production", file=sys.stderr)
        return 2
    migrate(settings.database.url)
    db = _db(settings)
    with db.session() as session:
        summary = seed(session, args.seed, args.jobs)
        past = history(session, args.history_days, seed_value=args.seed)
    summary.update({f"past_{k}": v for k, v in past.items()})
    print(" ".join(f"{k}={v}" for k, v in summary.items()))
    for username, role, _full, password in STAFF:
        print(f"staff login: {username} / {password} ({role})")
    return 0


def cmd_import_jobs(args) -> int:
    from central.importer import OUTCOMES, import_file
    from central.jsonld import JsonLdError
    settings = _settings(args)
    db = _db(settings)
    with db.session() as session:
        try:
            report = import_file(session, Path(args.file), hall_id=args.hall)
        except JsonLdError as exc:
            print(f"{args.file}: {exc}", file=sys.stderr)
            return 2
    print(report.summary())
    for record in report.records:  # the console's upload shows the same lines
        posting = f" as posting {record.job_id}" if record.job_id else ""
        reason = f": {record.reason}" if record.reason else ""
        print(f"  record {record.index + 1} {record.title!r}: {OUTCOMES[record.outcome]}{posting}{reason}")
    return 0 if not report.rejected else 3


def _role_pairs(text: str) -> list[tuple[int | None, str]]:
    """``"hall_manager@1,viewer@2"`` -> [(1, "hall_manager"), (2, "viewer")]; ``"admin"`` is
    city-wide (no hall). ValueError for a malformed hall."""
    pairs = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        role, _, hall = item.partition("@")
        pairs.append((int(hall) if hall else None, role.strip()))
    return pairs


def _read_password() -> str:
    """A new user's password, never from the command line (it would sit in the shell's
    history and in every process listing): typed twice at a prompt, or the first line of
    stdin when that is not a terminal (a script, a secrets manager)."""
    import getpass
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise ValueError("the two passwords differ")
    if len(password) < 10:
        raise ValueError("the password needs at least 10 characters")
    return password


def cmd_create_user(args) -> int:
    """A staff user with roles per hall (``--role ROLE@HALL``, repeatable; admin is city-wide);
    for an existing username, the roles given are granted (one per hall, replacing). A new
    user's password is read from a prompt or stdin (``_read_password``)."""
    from sqlalchemy import select

    from central.models import StaffUser
    from central.security import hash_password
    from central.services.access import describe, grant
    try:
        roles = [pair for text in args.role for pair in _role_pairs(text)]
        roles = [(args.hall_id if hall is None and role != "admin" else hall, role) for hall, role in roles]
        db = _db(_settings(args))
        with db.session() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == args.username))
            if user is None:
                user = StaffUser(username=args.username, password_hash=hash_password(_read_password()))
                session.add(user)
            grant(user, roles)
            session.commit()
            print(f"{args.username}: {describe(user)}")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def cmd_create_kiosk(args) -> int:
    from central.models import Kiosk, utcnow
    from central.security import new_enrol_code, token_hash
    settings = _settings(args)
    db = _db(settings)
    code = new_enrol_code()
    expires = utcnow() + timedelta(seconds=settings.security.enrol_code_ttl_s)
    with db.session() as session:
        session.add(Kiosk(hall_id=args.hall_id, name=args.name, place=args.place,
                          enrol_code_hash=token_hash(code), enrol_code_expires_at=expires))
        session.commit()
    print(code)
    return 0


def cmd_purge(args) -> int:
    """Delete what is past its retention period; one line per kind with its count."""
    from central.services.retention import purge
    settings = _settings(args)
    db = _db(settings)
    with db.session() as session:
        counts = purge(session, settings.retention, dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    for kind, count in counts.items():
        print(f"{kind}: {verb} {count}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="central", description=__doc__)
    parser.add_argument("--config", default=None, help="config file (default config/central.toml)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="run the HTTP service")
    p.add_argument("--host"); p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (one per core); logins are rate-limited per process")
    p.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="bring the database schema up to date").set_defaults(func=cmd_migrate)
    p = sub.add_parser("seed", help="replace the data with a deterministic demo hall (development only)")
    p.add_argument("--seed", type=int, default=1); p.add_argument("--jobs", type=int, default=5000)
    p.add_argument("--history-days", type=int, default=30,
                   help="past hall days of tickets and terminal events, for the reports")
    p.set_defaults(func=cmd_seed)
    p = sub.add_parser("import-jobs", help="import schema.org JobPosting JSON-LD")
    p.add_argument("file")
    p.add_argument("--hall", type=int, default=None,
                   help="the hall whose staff verify these postings (default: the city's staff)")
    p.set_defaults(func=cmd_import_jobs)
    p = sub.add_parser("create-user", help="add a staff user, or give one more roles")
    p.add_argument("username")
    p.add_argument("--role", required=True, action="append",
                   help="ROLE@HALL (e.g. hall_manager@2), repeatable or comma-separated; "
                        "a role without @HALL is in --hall-id; admin is city-wide")
    p.add_argument("--hall-id", type=int, default=1, help="the hall of a role without @HALL")
    p.set_defaults(func=cmd_create_user)
    p = sub.add_parser("create-kiosk", help="register a terminal; prints its one-time code")
    p.add_argument("--name", required=True); p.add_argument("--hall-id", type=int, default=1)
    p.add_argument("--place", default=""); p.set_defaults(func=cmd_create_kiosk)
    p = sub.add_parser("purge", help="delete data past its retention period (daily timer)")
    p.add_argument("--dry-run", action="store_true", help="count what would go, delete nothing")
    p.set_defaults(func=cmd_purge)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""Typed settings of the central service, from config/central.toml plus CENTRAL__* env vars.

The environment has no default: a file (or CENTRAL__SERVER__ENVIRONMENT) must say which one
it is, so a production service never falls back to development's secret by omission. In
production the console cookie is always Secure and the public base URL must be https.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from hallcore.config import ConfigError, Section, load_toml_settings

__all__ = ["CentralSettings", "RetentionSection", "load_central_settings", "development_settings",
           "DEFAULT_CENTRAL_CONFIG", "DEV_SECRET"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CENTRAL_CONFIG = ROOT / "config" / "central.toml"
DEV_SECRET = "development-only-secret-change-me"


class ServerSection(Section):
    environment: Literal["development", "production"]
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    public_base_url: str = Field("http://127.0.0.1:8000", pattern=r"^https?://")
    max_body_bytes: int = Field(1_000_000, ge=1024)
    # open board streams (GET /api/halls/{id}/stream) per process; more are answered 503
    max_board_streams: int = Field(200, ge=1)
    # a visitor's call for help nobody acknowledged for this long is shown as escalated
    help_escalate_s: int = Field(120, ge=10)
    # where scripts/setup.sh installs the npm packages the console serves (the door page's
    # QR decoder); a relative path is taken from the project's folder
    npm_dir: str = "var/npm"


class DatabaseSection(Section):
    url: str = Field("sqlite:///var/central/central.sqlite3", min_length=8)
    echo: bool = False
    pool_size: int = Field(10, ge=1, le=200)


class SecuritySection(Section):
    secret_key: str = Field(DEV_SECRET, min_length=16)
    staff_token_ttl_s: int = Field(12 * 3600, ge=60)
    enrol_code_ttl_s: int = Field(24 * 3600, ge=60)
    login_attempts_per_minute: int = Field(10, ge=1)
    # one address may hold many staff (a hall behind one NAT), so its limit is wider
    login_attempts_per_address_per_minute: int = Field(30, ge=1)
    enrol_attempts_per_address_per_hour: int = Field(20, ge=1)
    progress_lookups_per_kiosk_per_hour: int = Field(120, ge=1)
    progress_lookups_per_person_per_hour: int = Field(10, ge=1)
    cookie_secure: bool = False
    # printer addresses an admin may set on terminals remotely (devices.printer.host)
    remote_printer_hosts: list[str] = []
    # keys of the ID-number and card-proof hashes, by version; empty: version 1 is
    # secret_key (how data stored before the split was hashed)
    identity_keys: dict[Annotated[int, Field(ge=1)], Annotated[str, Field(min_length=16)]] = {}
    identity_key_version: int = Field(1, ge=1)

    @model_validator(mode="after")
    def _current_identity_key_exists(self) -> "SecuritySection":
        if self.identity_keys and self.identity_key_version not in self.identity_keys:
            raise ValueError(f"security.identity_key_version: no key {self.identity_key_version} "
                             "in security.identity_keys")
        return self

    def identity_key_ring(self) -> dict[int, str]:
        """The identity-hash keys by version (version 1 is secret_key until keys are set)."""
        return dict(self.identity_keys) or {1: self.secret_key}


class RetentionSection(Section):
    """Days each kind of record is kept; ``central purge`` deletes what is older (see
    config/central.toml for why each default is what it is). Nothing is kept for ever."""

    terminal_events_days: int = Field(400, ge=1, le=3650)
    ticket_notes_days: int = Field(730, ge=1, le=3650)
    referrals_days: int = Field(1825, ge=1, le=3650)
    service_records_days: int = Field(1825, ge=1, le=3650)
    inactive_people_days: int = Field(1095, ge=1, le=3650)
    registrations_days: int = Field(730, ge=1, le=3650)
    casework_days: int = Field(1825, ge=1, le=3650)
    audit_log_days: int = Field(1825, ge=1, le=3650)


class ReleasesSection(Section):
    public_keys: list[str] = Field(default_factory=list, description="release public keys (PEM files)")
    max_wheel_bytes: int = Field(100_000_000, ge=1024)

    @field_validator("public_keys", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        """CENTRAL__RELEASES__PUBLIC_KEYS=a.pub,b.pub: from the environment a list is one string."""
        return [p.strip() for p in value.split(",") if p.strip()] if isinstance(value, str) else value


class CentralSettings(Section):
    server: ServerSection
    database: DatabaseSection = DatabaseSection()
    security: SecuritySection = SecuritySection()
    retention: RetentionSection = RetentionSection()
    releases: ReleasesSection = ReleasesSection()

    @model_validator(mode="after")
    def _safe_in_production(self) -> "CentralSettings":
        if self.server.environment != "production":
            return self
        if self.security.secret_key == DEV_SECRET:
            raise ValueError("security.secret_key: the development secret is refused in production")
        if self.server.environment == "production" and not self.security.identity_keys:
            raise ValueError("security.identity_keys: set in production (see docs/security.md)")
        if not self.server.public_base_url.startswith("https://"):
            raise ValueError("server.public_base_url: must be https:// in production")
        self.security.cookie_secure = True   # forced: the login cookie never travels in clear
        return self

    @property
    def production(self) -> bool:
        return self.server.environment == "production"


def development_settings(database_url: str | None = None, **sections: dict) -> CentralSettings:
    """Settings of a development service (tests, benchmarks): the defaults, the database at
    ``database_url`` and any further ``sections`` (e.g. ``server={"max_board_streams": 3}``)."""
    data: dict = {**sections, "server": {"environment": "development", **sections.get("server", {})}}
    if database_url is not None:
        data["database"] = {**sections.get("database", {}), "url": database_url}
    return CentralSettings.model_validate(data)


def load_central_settings(path: Path | str | None = None,
                          env: Mapping[str, str] | None = None) -> CentralSettings:
    path = path or DEFAULT_CENTRAL_CONFIG
    try:
        return load_toml_settings(CentralSettings, path, "CENTRAL", env)
    except ConfigError as exc:
        # a cross-field check names its key itself: "Value error, security.x: problem"
        named = re.match(r"(?:Value error, )?([a-z_]+\.[a-z_]+): (.*)", exc.problem)
        if named and (exc.key == "" or named[1].startswith(exc.key + ".")):
            raise ConfigError(path, named[1], named[2]) from None
        if exc.key in ("server", "server.environment") and exc.problem == "Field required":
            raise ConfigError(path, "server.environment",
                              'required: "development" or "production"') from None
        raise

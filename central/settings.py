"""Typed settings of the central service, from config/central.toml plus CENTRAL__* env vars.

The environment has no default: a file (or CENTRAL__SERVER__ENVIRONMENT) must say which one
it is, so a production service never falls back to development's secret by omission. In
production the console cookie is always Secure and the public base URL must be https.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Mapping

from pydantic import Field, model_validator

from hallcore.config import ConfigError, Section, load_toml_settings

__all__ = ["CentralSettings", "load_central_settings", "development_settings",
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


class DatabaseSection(Section):
    url: str = Field("sqlite:///var/central/central.sqlite3", min_length=8)
    echo: bool = False
    pool_size: int = Field(10, ge=1, le=200)


class SecuritySection(Section):
    secret_key: str = Field(DEV_SECRET, min_length=16)
    staff_token_ttl_s: int = Field(12 * 3600, ge=60)
    enrol_code_ttl_s: int = Field(24 * 3600, ge=60)
    login_attempts_per_minute: int = Field(10, ge=1)
    cookie_secure: bool = False
    # printer addresses an admin may set on terminals remotely (devices.printer.host)
    remote_printer_hosts: list[str] = []


class CentralSettings(Section):
    server: ServerSection
    database: DatabaseSection = DatabaseSection()
    security: SecuritySection = SecuritySection()

    @model_validator(mode="after")
    def _safe_in_production(self) -> "CentralSettings":
        if self.server.environment != "production":
            return self
        if self.security.secret_key == DEV_SECRET:
            raise ValueError("security.secret_key: the development secret is refused in production")
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
        if exc.key in ("server", "server.environment") and exc.problem == "Field required":
            raise ConfigError(path, "server.environment",
                              'required: "development" or "production"') from None
        raise

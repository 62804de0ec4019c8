"""Typed settings of the central service, from config/central.toml plus CENTRAL__* env vars."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from hallcore.config import ConfigError, Section, load_toml_settings

__all__ = ["CentralSettings", "load_central_settings", "DEFAULT_CENTRAL_CONFIG", "DEV_SECRET"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CENTRAL_CONFIG = ROOT / "config" / "central.toml"
DEV_SECRET = "development-only-secret-change-me"


class ServerSection(Section):
    environment: Literal["development", "production"] = "development"
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    public_base_url: str = Field("http://127.0.0.1:8000", pattern=r"^https?://")
    max_body_bytes: int = Field(1_000_000, ge=1024)


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


class ReleasesSection(Section):
    public_keys: list[str] = Field(default_factory=list, description="release public keys (PEM files)")
    max_wheel_bytes: int = Field(100_000_000, ge=1024)

    @field_validator("public_keys", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        """CENTRAL__RELEASES__PUBLIC_KEYS=a.pub,b.pub: from the environment a list is one string."""
        return [p.strip() for p in value.split(",") if p.strip()] if isinstance(value, str) else value


class CentralSettings(Section):
    server: ServerSection = ServerSection()
    database: DatabaseSection = DatabaseSection()
    security: SecuritySection = SecuritySection()
    releases: ReleasesSection = ReleasesSection()

    @model_validator(mode="after")
    def _no_default_secret_in_production(self) -> "CentralSettings":
        if self.server.environment == "production" and self.security.secret_key == DEV_SECRET:
            raise ValueError("security.secret_key: the development secret is refused in production")
        return self


def load_central_settings(path: Path | str | None = None,
                          env: Mapping[str, str] | None = None) -> CentralSettings:
    path = path or DEFAULT_CENTRAL_CONFIG
    try:
        return load_toml_settings(CentralSettings, path, "CENTRAL", env)
    except ConfigError as exc:
        if exc.key == "" and "secret_key" in exc.problem:
            raise ConfigError(path, "security.secret_key",
                              "the development secret is refused in production") from None
        raise

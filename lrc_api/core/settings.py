"""Service settings, read from the environment with the prefix ``LRC_`` (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-insecure-secret-change-me"
"""The development default secret; refused when ``LRC_ENV=production``."""

DEV_PII_KEY = "ZGV2LWluc2VjdXJlLXBpaS1rZXktY2hhbmdlLW1lIQ=="
"""Development default AES-256 key for personal data (base64 of 32 bytes); refused in production."""


class Settings(BaseSettings):
    """Every knob of the service. Each field is documented in the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="LRC_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = Field(
        "development", description="Deployment kind; `production` refuses unsafe defaults."
    )
    data_dir: Path = Field(Path("data"), description="Folder for the default SQLite database.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL; default sqlite:///<data_dir>/lrc.db. "
        "PostgreSQL: postgresql+psycopg://user:pass@host/db.",
    )
    secret_key: str = Field(
        DEV_SECRET, description="HS256 signing key for tokens we issue (≥ 32 chars)."
    )
    default_policy: str = Field(
        "wenshang-2024", description="Policy pack used when a request names none."
    )
    policy_dirs: list[Path] = Field(
        default_factory=list, description="Extra folders of policy packs (JSON list of paths)."
    )
    calendar_file: Path | None = Field(
        None,
        description="TOML file of holidays / working days that extends or overrides chinesecalendar.",
    )
    rules_public: bool = Field(
        True,
        description="Rules calculators open without a token; false requires scope rules:evaluate.",
    )
    pii_keys: dict[str, str] = Field(
        default_factory=lambda: {"dev1": DEV_PII_KEY},
        description="AES-256-GCM keys for personal data by key id (JSON object of base64 keys).",
    )
    pii_key_id: str = Field("dev1", description="Key id used to encrypt new personal data.")
    log_level: str = Field("INFO", description="Log level of the JSON logs.")
    auto_migrate: bool = Field(True, description="`lrc serve` applies migrations before serving.")

    @field_validator("secret_key")
    @classmethod
    def _secret_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("LRC_SECRET_KEY must not be blank")
        return v

    @model_validator(mode="after")
    def _production_is_safe(self) -> Settings:
        if self.env == "production":
            if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
                raise ValueError(
                    "LRC_ENV=production needs LRC_SECRET_KEY of at least 32 characters "
                    "(not the development default)"
                )
            if DEV_PII_KEY in self.pii_keys.values():
                raise ValueError("LRC_ENV=production needs LRC_PII_KEYS (not the development key)")
        if self.pii_key_id not in self.pii_keys:
            raise ValueError(f"LRC_PII_KEY_ID {self.pii_key_id!r} is not among LRC_PII_KEYS")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL in use (the SQLite file under ``data_dir`` unless set)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'lrc.db').as_posix()}"


@lru_cache
def get_settings() -> Settings:
    """The process's settings (read once)."""
    return Settings()

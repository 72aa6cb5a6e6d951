"""Service settings, read from the environment with the prefix ``LRC_`` (pydantic-settings)."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-insecure-secret-change-me"
"""The development default secret; refused when ``LRC_ENV=production``."""

DEV_PII_KEY = "ZGV2LWluc2VjdXJlLXBpaS1rZXktY2hhbmdlLW1lISE="
"""Development default AES-256 key for personal data (base64 of 32 bytes); refused in production."""

DEV_PII_HASH_KEY = "ZGV2LWluc2VjdXJlLWxvb2t1cC1oYXNoLWtleS0wMSE="
"""Development default HMAC key for personal-data look-ups; refused in production."""


TokenAlgorithm = Literal["HS256", "RS256", "ES256"]
"""Algorithms for the tokens this service issues (HS256 with the secret key, or a key pair)."""

ExternalAlgorithm = Literal["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"]
"""Public-key algorithms a trusted external identity provider may sign with."""


class TrustedIssuer(BaseModel):
    """An external identity provider whose tokens are accepted, with its keys pinned."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    issuer: str = Field(min_length=1, description="Exact `iss` value of the provider's tokens.")
    audience: str = Field(min_length=1, description="`aud` value the tokens must carry for us.")
    algorithms: list[ExternalAlgorithm] = Field(
        min_length=1, description="The only signing algorithms accepted from this provider."
    )
    jwks_file: Path | None = Field(None, description="JWKS (JSON Web Key Set) file of its keys.")
    public_key_file: Path | None = Field(None, description="PEM public key file (if no JWKS).")
    role_claim: str = Field("role", description="Claim holding the caller's role.")
    region_claim: str = Field("region", description="Claim holding the caller's region id.")
    scopes: list[str] | None = Field(
        None, description="Most scopes its tokens can grant (default: whatever the role carries)."
    )

    @model_validator(mode="after")
    def _one_key_source(self) -> TrustedIssuer:
        if (self.jwks_file is None) == (self.public_key_file is None):
            raise ValueError(
                f"trusted issuer {self.issuer!r}: give exactly one of jwks_file, public_key_file"
            )
        for path in (self.jwks_file, self.public_key_file):
            if path is not None and not path.is_file():
                raise ValueError(f"trusted issuer {self.issuer!r}: no such file {path}")
        return self


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
    pii_hash_key: str = Field(
        DEV_PII_HASH_KEY,
        description="Base64 key of the HMAC used to look personal data up; never rotate casually.",
    )
    log_level: str = Field("INFO", description="Log level of the JSON logs.")
    auto_migrate: bool = Field(True, description="`lrc serve` applies migrations before serving.")
    access_token_minutes: int = Field(
        15, ge=1, le=1440, description="Lifetime of the access tokens we issue (minutes)."
    )
    token_issuer: str = Field("lrc", min_length=1, description="`iss` of the tokens we issue.")
    token_audience: str = Field(
        "lrc-api", min_length=1, description="`aud` of the tokens we issue and accept."
    )
    jwt_leeway_seconds: int = Field(
        30, ge=0, le=300, description="Clock skew allowed when checking exp, nbf and iat (s)."
    )
    token_algorithm: TokenAlgorithm = Field(
        "HS256",
        description="Signing algorithm of our tokens: HS256 (secret key) or RS256/ES256 (key pair).",
    )
    token_private_key_file: Path | None = Field(
        None, description="PEM private key signing our tokens when the algorithm is RS256/ES256."
    )
    token_public_key_file: Path | None = Field(
        None, description="PEM public key checking our tokens (default: derived from the private)."
    )
    trusted_issuers: list[TrustedIssuer] = Field(
        default_factory=list,
        description="External identity providers whose tokens are accepted (JSON list).",
    )
    login_max_failures: int = Field(
        5, ge=1, le=100, description="Consecutive failed logins that lock an account."
    )
    login_lock_minutes: int = Field(
        15, ge=1, le=1440, description="How long a locked account stays locked (minutes)."
    )
    login_address_max_failures: int = Field(
        30,
        ge=1,
        le=10_000,
        description="Failed logins from one source address (an IPv6 /64) within "
        "LRC_LOGIN_LOCK_MINUTES that make it wait LRC_LOGIN_LOCK_MINUTES.",
    )
    account_cache_seconds: float = Field(
        2,
        ge=0,
        le=60,
        description="How long a worker trusts what it read of an account (active, token "
        "version) before reading it again; 0 reads it on every request.",
    )
    idempotency_hours: int = Field(
        24, ge=1, le=720, description="How long a POST's answer is replayed for its key (hours)."
    )
    header_timeout_seconds: float = Field(
        15, gt=0, le=600, description="`lrc serve`: a request head must arrive within this."
    )
    body_timeout_seconds: float = Field(
        60, gt=0, le=3600, description="`lrc serve`: a request body must arrive within this."
    )
    max_header_bytes: int = Field(
        32_768, ge=1024, le=1_048_576, description="`lrc serve`: largest request head (bytes)."
    )
    max_body_bytes: int = Field(
        33_554_432, ge=1024, le=1_073_741_824, description="`lrc serve`: largest body (bytes)."
    )
    import_max_bytes: int = Field(
        64 * 1024 * 1024,
        ge=1024,
        description="Largest ledger file an import accepts (bytes); larger is a 413.",
    )
    import_max_rows: int = Field(
        250_000,
        ge=10,
        description="Most sheet rows an import reads (eight per coordinator in the 附件2 layout); "
        "more is a 413.",
    )
    import_max_unzipped_bytes: int = Field(
        512 * 1024 * 1024,
        ge=1024 * 1024,
        description="Most bytes an .xlsx may unpack to (a zip bomb is refused before reading).",
    )
    import_max_cells: int = Field(
        8_000_000,
        ge=10_000,
        description="Most cells an import reads: each sheet's rows times its columns from A1 to "
        "its furthest cell, merged ranges counted again (an .xlsx is measured from its XML, "
        "an .xls from its records, before the workbook reader allocates its grid); more is a "
        "413.",
    )

    import_max_events_per_cell: int = Field(
        20,
        ge=1,
        le=10_000,
        description="Most recorded events one score cell of an import may stand for (减分 has no "
        "cap in 附件1 8.3, and each event is a stored activity); more is a row error.",
    )

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
            if self.pii_hash_key == DEV_PII_HASH_KEY:
                raise ValueError(
                    "LRC_ENV=production needs LRC_PII_HASH_KEY (not the development key)"
                )
        if self.token_algorithm != "HS256":
            key = self.token_private_key_file
            if key is None or not key.is_file():
                raise ValueError(
                    f"LRC_TOKEN_ALGORITHM={self.token_algorithm} needs LRC_TOKEN_PRIVATE_KEY_FILE "
                    "(a readable PEM file)"
                )
        if self.token_public_key_file is not None and not self.token_public_key_file.is_file():
            raise ValueError(
                f"LRC_TOKEN_PUBLIC_KEY_FILE: no such file {self.token_public_key_file}"
            )
        issuers = [t.issuer for t in self.trusted_issuers]
        if self.token_issuer in issuers or len(set(issuers)) != len(issuers):
            raise ValueError(
                "LRC_TRUSTED_ISSUERS: each issuer once, and none equal to LRC_TOKEN_ISSUER"
            )
        for kid, b64 in self.pii_keys.items():
            try:
                raw = base64.b64decode(b64, validate=True)
            except ValueError:
                raise ValueError(f"LRC_PII_KEYS[{kid!r}] is not base64") from None
            if len(raw) != 32:
                raise ValueError(
                    f"LRC_PII_KEYS[{kid!r}] must be 32 bytes (AES-256), base64-encoded"
                )
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

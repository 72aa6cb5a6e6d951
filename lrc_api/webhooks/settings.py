"""Webhook settings, read from the environment with the prefix ``LRC_WEBHOOK_``.

Kept beside the package rather than in ``lrc_api.core.settings``: nothing below it reads them.
Every field is in the README's configuration table.
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebhookSettings(BaseSettings):
    """How subscriptions are checked and how the dispatcher delivers, retries and gives up."""

    model_config = SettingsConfigDict(env_prefix="LRC_WEBHOOK_", env_file=".env", extra="ignore")

    dispatcher: bool = Field(
        True, description="Run one dispatcher in each server process (`lrc serve`)."
    )
    workers: int = Field(
        4, ge=1, le=64, description="Delivery threads per dispatcher (subscriptions in parallel)."
    )
    poll_seconds: float = Field(
        1.0, gt=0, le=60, description="How often an idle dispatcher looks for new changes (s)."
    )
    timeout_seconds: float = Field(
        10.0,
        gt=0,
        le=120,
        description="Time one attempt may take in all: name look-up, connect, send, the answer's "
        "head and excerpt, however slowly the receiver answers (s).",
    )
    lease_seconds: float = Field(
        60.0,
        gt=0,
        le=3600,
        description="How long a claimed subscription stays claimed without progress (s); "
        "a dispatcher that died is taken over after this.",
    )
    retry_base_seconds: float = Field(
        5.0, gt=0, description="Delay before the first retry (s); doubles with each failure."
    )
    retry_max_seconds: float = Field(3600.0, gt=0, description="Longest delay between retries (s).")
    retry_period_seconds: float = Field(
        72 * 3600.0,
        gt=0,
        description="How long an event is retried before the subscription is disabled (s).",
    )
    secret_overlap_seconds: int = Field(
        24 * 3600,
        ge=0,
        le=7 * 24 * 3600,
        description="Default time both secrets sign after a rotation (s).",
    )
    allowed_networks: list[IPv4Network | IPv6Network] = Field(
        default_factory=list,
        description="Private networks receivers may be in (JSON list of CIDRs); public "
        "addresses are always allowed.",
    )
    delivery_retention_days: int = Field(
        30, ge=1, le=3650, description="How long delivery attempts are kept (days)."
    )

    @model_validator(mode="after")
    def _lease_outlasts_an_attempt(self) -> WebhookSettings:
        # The lease is renewed before each attempt; it must outlast one, or a second dispatcher
        # could take the subscription over while the first is still sending.
        if self.lease_seconds < 2 * self.timeout_seconds:
            raise ValueError(
                "LRC_WEBHOOK_LEASE_SECONDS must be at least twice LRC_WEBHOOK_TIMEOUT_SECONDS"
            )
        if self.retry_max_seconds < self.retry_base_seconds:
            raise ValueError(
                "LRC_WEBHOOK_RETRY_MAX_SECONDS must not be below LRC_WEBHOOK_RETRY_BASE_SECONDS"
            )
        return self


@lru_cache
def get_webhook_settings() -> WebhookSettings:
    """The process's webhook settings (read once)."""
    return WebhookSettings()

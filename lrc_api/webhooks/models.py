"""Tables of webhook subscriptions and their delivery attempts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from lrc_api.core.models import UtcDateTime, Versioned, utcnow


class WebhookSubscription(Versioned, table=True):
    """A platform's subscription (推送订阅): where to push which changes of which region subtree.

    ``last_seq`` is its cursor into the change feed (the outbox): every change up to it has been
    delivered or does not concern the subscription. The owner's identity and scopes are kept as
    they were at creation: events are rendered as that principal may see them.
    """

    __tablename__ = "webhook_subscription"

    id: int | None = Field(default=None, primary_key=True)
    owner_subject: str = Field(max_length=200, index=True)
    owner_kind: str = Field(max_length=10)
    owner_role: str = Field(max_length=32)
    owner_scopes: str = Field(default="", sa_type=Text)
    url: str = Field(max_length=2000)
    description: str | None = Field(default=None, max_length=500)
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    region_id: int | None = Field(default=None, foreign_key="region.id", index=True)
    active: bool = Field(default=True)
    disabled_reason: str | None = Field(default=None, max_length=500)
    disabled_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    secret_encrypted: str = Field(max_length=300)
    previous_secret_encrypted: str | None = Field(default=None, max_length=300)
    previous_secret_expires_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    secret_rotated_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_seq: int = Field(default=0)
    failures: int = Field(default=0)
    failing_since: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    next_attempt_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    lease_owner: str | None = Field(default=None, max_length=100)
    lease_until: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    dispatched_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    deleted_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)


class WebhookDelivery(SQLModel, table=True):
    """One attempt to deliver one event to one subscription (or a replay waiting to be sent)."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        Index("ix_webhook_delivery_subscription_id_id", "subscription_id", "id"),
        Index("ix_webhook_delivery_subscription_id_status", "subscription_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="webhook_subscription.id")
    seq: int
    message_id: str = Field(max_length=64)
    event_type: str = Field(max_length=100)
    attempt: int = Field(default=1)
    replay: bool = Field(default=False)
    status: str = Field(max_length=10)
    status_code: int | None = Field(default=None)
    error: str | None = Field(default=None, max_length=300)
    response_excerpt: str | None = Field(default=None, max_length=300)
    requested_by: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    started_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    duration_ms: float | None = Field(default=None)
    next_attempt_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)


def snapshot_fields(row: WebhookSubscription) -> dict[str, Any]:
    """The audit form of a subscription: settings only (no secrets, no dispatch state)."""
    return row.model_dump(
        mode="json",
        include={"id", "url", "description", "event_types", "region_id", "active", "version"},
    )

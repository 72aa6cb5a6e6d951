"""Request and response models of webhook subscriptions and their deliveries."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from typing_extensions import TypeAliasType

from lrc_api.core.text import RequestModel
from lrc_api.core.types import MAX_ID, RecordId
from lrc_api.webhooks import events
from lrc_api.webhooks.addresses import MAX_URL_LENGTH
from lrc_api.webhooks.signing import check_secret

MAX_OVERLAP_SECONDS = 7 * 24 * 3600
"""Longest overlap of two secrets after a rotation (s)."""

_PATTERN = re.compile(r"^(\*|[a-z][a-z0-9_]{0,39})\.(\*|[a-z][a-z0-9_]{0,19})$")


def _patterns(values: list[str]) -> list[str]:
    known = events.entities()
    for i, value in enumerate(values):
        if value != "*" and not _PATTERN.match(value):
            raise ValueError(
                f"event_types[{i}] {value!r}: use '<entity>.<op>' (e.g. 'coordinator.update'), "
                "'*' for a part ('case.*', '*.delete') or '*' alone for every change"
            )
        if value == "*":
            continue
        entity, op = value.split(".")
        if entity != "*" and entity not in known:
            raise ValueError(
                f"event_types[{i}] {value!r}: no change is of kind {entity!r}; the kinds are "
                + ", ".join(sorted(known))
            )
        if op != "*" and op not in events.OPS:
            raise ValueError(
                f"event_types[{i}] {value!r}: no change has operation {op!r}; the operations "
                "are " + ", ".join(events.OPS)
            )
    return list(dict.fromkeys(values))


EventTypes = Annotated[
    list[str],
    Field(
        min_length=1,
        max_length=50,
        description="Event types wanted: `<entity>.<op>` as in the change feed (`case.create`, "
        "`coordinator.update`), with `*` for either part (`case.*`, `*.delete`), or `*` for all. "
        "A kind or operation no change can have is a 422 that lists the kinds.",
        examples=[["coordinator.*", "case.create"]],
    ),
    AfterValidator(_patterns),
]

WebhookUrl = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_URL_LENGTH,
        description="Receiver URL (http or https). Its host must resolve to public addresses, "
        "or to networks the deployment allows (LRC_WEBHOOK_ALLOWED_NETWORKS).",
        examples=["https://platform.minhang.gov.cn/lrc/events"],
    ),
]


class WebhookCreate(RequestModel):
    """A new subscription (推送订阅)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "https://platform.minhang.gov.cn/lrc/events",
                    "event_types": ["coordinator.*", "case.create", "alert.*"],
                    "region_id": 2,
                    "description": "闵行区劳动关系预警平台",
                    "active": True,
                    "after_seq": 1840,
                }
            ]
        }
    )

    url: WebhookUrl
    event_types: EventTypes = Field(default_factory=lambda: ["*"])
    region_id: RecordId | None = Field(
        None,
        description="Region subtree whose changes are pushed; default and widest: your own.",
    )
    description: str | None = Field(
        None,
        max_length=500,
        description="What the subscription is for, shown to administrators (≤ 500 characters).",
        examples=["闵行区劳动关系预警平台"],
    )
    active: bool = Field(True, description="Deliver now (false: keep the cursor, send nothing).")
    secret: str | None = Field(
        None,
        description="Your own `whsec_` secret (base64 of 24–64 bytes); default: one is generated.",
    )
    after_seq: int | None = Field(
        None,
        ge=0,
        le=MAX_ID,
        description="Start after this change-feed `seq` (a platform that polled `/v1/changes` "
        "switches to push without a gap); default: only changes from now on.",
    )

    @field_validator("secret")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        return None if value is None else check_secret(value)


class WebhookUpdate(RequestModel):
    """Changes to a subscription; `active: true` re-enables one that was disabled."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"event_types": ["case.*", "alert.*"], "active": True},
                {"url": "https://platform.minhang.gov.cn/lrc/v2/events", "description": None},
            ]
        }
    )

    url: WebhookUrl | None = Field(None, description="New receiver URL (http or https).")
    event_types: EventTypes | None = Field(None, description="New event types (replace the old).")
    region_id: RecordId | None = Field(None, description="Region subtree (within your own).")
    description: str | None = Field(
        None, max_length=500, description="New description (≤ 500 characters); null clears it."
    )
    active: bool | None = Field(
        None, description="false pauses; true resumes from the first event not yet delivered."
    )


class WebhookRead(BaseModel):
    """A subscription (its secret is never shown again after creation or rotation)."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="The subscription's id.")
    url: str = Field(description="Receiver URL the events are POSTed to.")
    event_types: list[str] = Field(
        description="Event types wanted (`<entity>.<op>`, `*` for either part or for all)."
    )
    region_id: int | None = Field(description="Region subtree; null: every region.")
    description: str | None = Field(description="What the subscription is for.")
    active: bool = Field(description="Delivering (false: paused or disabled).")
    disabled_reason: str | None = Field(description="Why it was disabled automatically, if so.")
    disabled_at: dt.datetime | None = Field(
        description="When it was disabled automatically (after failing too long), if so."
    )
    owner: str = Field(description="The principal whose rights the events are rendered with.")
    last_seq: int = Field(description="Every change up to this seq is delivered or not wanted.")
    failures: int = Field(description="Failed attempts on the event now due (0: none).")
    failing_since: dt.datetime | None = Field(
        description="First failed attempt of the event now due; null while delivering."
    )
    next_attempt_at: dt.datetime | None = Field(description="When the failing event is retried.")
    secret_rotated_at: dt.datetime | None = Field(
        description="When the secret was last rotated; null: never."
    )
    previous_secret_expires_at: dt.datetime | None = Field(
        description="Until then the previous secret signs too."
    )
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="When it was created (UTC).")
    updated_at: dt.datetime = Field(description="When it last changed (UTC).")


class WebhookCreated(WebhookRead):
    """A new subscription with its secret, shown this once."""

    secret: str | None = Field(
        description="`whsec_…`: verify `webhook-signature` with it. Shown with the creation only "
        "(again on a retry with the same Idempotency-Key, unless rotated since: then null)."
    )


class SecretRotate(RequestModel):
    """A secret rotation: the new secret signs from now on, the old one too during the overlap."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"overlap_seconds": 86400}, {}]})

    overlap_seconds: int | None = Field(
        None,
        ge=0,
        le=MAX_OVERLAP_SECONDS,
        description="How long the old secret keeps signing (s); default LRC_WEBHOOK_SECRET_OVERLAP_SECONDS.",
    )
    secret: str | None = Field(
        None, description="Your own new `whsec_` secret; default: generated."
    )

    @field_validator("secret")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        return None if value is None else check_secret(value)


class SecretRotated(BaseModel):
    """The new secret, shown this once."""

    id: int = Field(description="The subscription's id.")
    secret: str = Field(description="The new `whsec_…` secret. Shown once.")
    previous_secret_expires_at: dt.datetime | None = Field(
        description="Until then the previous secret signs too (null: no overlap)."
    )
    version: int = Field(description="Version after the rotation; the ETag.")


DeliveryStatus = TypeAliasType("DeliveryStatus", Literal["pending", "succeeded", "failed"])
"""One attempt to deliver an event: pending (not sent yet), succeeded (2xx) or failed (vocabulary
`webhook_delivery_status`)."""


class DeliveryRead(BaseModel):
    """One attempt to deliver one event (or a replay still waiting to be sent)."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="The delivery's id.")
    subscription_id: int = Field(description="The subscription it belongs to.")
    seq: int = Field(description="The change-feed entry delivered.")
    message_id: str = Field(description="`webhook-id` sent: the same on every attempt and replay.")
    event_type: str = Field(description="`<entity>.<op>` of the change (`case.create`).")
    attempt: int = Field(description="Attempt number for this event (replays: 1).")
    replay: bool = Field(description="Asked for again by a person (not an automatic retry).")
    status: DeliveryStatus = Field(
        description="pending (not sent yet), succeeded (2xx) or failed (another answer or none)."
    )
    status_code: int | None = Field(description="HTTP status the receiver answered, if any.")
    error: str | None = Field(description="Why it failed: HTTP status, timeout, refused address …")
    response_excerpt: str | None = Field(description="At most 200 characters of the answer.")
    requested_by: str | None = Field(description="Who asked for a replay.")
    created_at: dt.datetime = Field(description="When the attempt was planned (UTC).")
    started_at: dt.datetime | None = Field(description="When sending began (UTC); null: not yet.")
    duration_ms: float | None = Field(description="From connecting to the answer (ms).")
    next_attempt_at: dt.datetime | None = Field(description="After a failure: the retry time.")

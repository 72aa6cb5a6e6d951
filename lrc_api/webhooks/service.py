"""Queries and writes of webhook subscriptions and deliveries (no HTTP; never commits)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from lrc_api.core.concurrency import IfMatch, conditional_update
from lrc_api.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from lrc_api.core.models import utcnow
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.principal import Principal
from lrc_api.core.scope import apply_scope, in_scope, own_coordinator_only, require_writable_region
from lrc_api.core.unit_of_work import record
from lrc_api.webhooks import outbox, signing
from lrc_api.webhooks.addresses import AddressRefused, check
from lrc_api.webhooks.models import WebhookDelivery, WebhookSubscription, snapshot_fields
from lrc_api.webhooks.schemas import (
    DeliveryStatus,
    SecretRotate,
    WebhookCreate,
    WebhookRead,
    WebhookUpdate,
)
from lrc_api.webhooks.settings import get_webhook_settings

ENTITY = "webhook_subscription"
"""The audit log's name for a subscription (subscriptions are not in the change feed)."""

DELIVERY_SORTABLE = {"id": WebhookDelivery.id}
"""Fields a delivery list can be sorted by."""


def to_read(row: WebhookSubscription) -> WebhookRead:
    """The response model of a subscription (never its secret)."""
    return WebhookRead.model_validate({**row.model_dump(), "owner": row.owner_subject})


def _check_url(url: str) -> str:
    try:
        check(url, get_webhook_settings().allowed_networks)
    except AddressRefused as exc:
        raise InvalidInput.on(
            "url", str(exc), rule="webhook receivers: http(s), public address"
        ) from None
    return url


def _check_subscriber(principal: Principal) -> None:
    # Events are change-feed entries: whoever may not poll the feed may not have it pushed.
    if not principal.can("changes:read"):
        raise Forbidden("subscribing to webhooks needs the changes:read scope as well")
    if own_coordinator_only(principal):
        raise Forbidden("a coordinator account cannot subscribe to webhooks")


def _require_owners_reads(principal: Principal, row: WebhookSubscription) -> None:
    """Whoever points a subscription somewhere (its URL, region, or turns it on) holds every
    read scope its events are rendered with: else a token without ``pii:read`` could redirect
    another account's subscription and receive ID numbers and phones in clear."""
    if (principal.kind, principal.subject) == (row.owner_kind, row.owner_subject):
        return
    reads = {s for s in row.owner_scopes.split() if s.endswith(":read")}
    beyond = sorted(reads - principal.scopes)
    if beyond:
        raise Forbidden(
            f"this subscription delivers with scopes you do not hold ({' '.join(beyond)}); "
            "its owner, or someone who holds them, may change where it goes"
        )


def _region(session: Session, principal: Principal, region_id: int | None) -> int | None:
    """The subscription's region: the one asked for (within the caller's), or the caller's own."""
    if region_id is None:
        return principal.region_id
    require_writable_region(session, principal, region_id)
    return region_id


def _visible(session: Session, principal: Principal, stmt: Any) -> Any:
    # A system sees only its own subscriptions; people see those of their region subtree.
    if principal.kind == "client":
        return stmt.where(WebhookSubscription.owner_subject == principal.subject)
    return apply_scope(session, principal, stmt, WebhookSubscription.region_id)


def get(*, session: Session, principal: Principal, webhook_id: int) -> WebhookSubscription:
    """A subscription the principal may manage (404 otherwise, and for deleted ones)."""
    row = session.get(WebhookSubscription, webhook_id)
    visible = row is not None and row.deleted_at is None
    if row is not None and visible:
        if principal.kind == "client":
            visible = row.owner_subject == principal.subject
        elif row.region_id is None:
            visible = principal.is_global
        else:
            visible = in_scope(session, principal, row.region_id)
    if row is None or not visible:
        raise NotFound(f"webhook {webhook_id} not found")
    return row


def list_webhooks(
    *,
    session: Session,
    principal: Principal,
    active: bool | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[WebhookSubscription], str | None]:
    """Subscriptions the principal may manage, oldest first, one page."""
    stmt = select(WebhookSubscription).where(col(WebhookSubscription.deleted_at).is_(None))
    stmt = _visible(session, principal, stmt)
    if active is not None:
        stmt = stmt.where(WebhookSubscription.active == active)
    spec = parse_sort(None, {"id": WebhookSubscription.id}, "id")
    return paginate(
        session, stmt, spec=spec, id_column=WebhookSubscription.id, limit=limit, cursor=cursor
    )


def _audit(
    session: Session,
    principal: Principal,
    row: WebhookSubscription,
    action: str,
    before: dict[str, Any] | None,
) -> None:
    record(
        session=session,
        principal=principal,
        action=action,
        entity=ENTITY,
        entity_id=row.id or 0,
        version=row.version,
        region_id=row.region_id,
        before=before,
        after=None if action == "delete" else snapshot_fields(row),
        feed=False,
    )


def create(
    *, session: Session, principal: Principal, data: WebhookCreate
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret (returned once, stored encrypted)."""
    _check_subscriber(principal)
    region_id = _region(session, principal, data.region_id)
    url = _check_url(data.url)
    secret = data.secret or signing.new_secret()
    head = outbox.head(session)
    if data.after_seq is not None and data.after_seq > head:
        raise InvalidInput.on("after_seq", f"is beyond the last change of the feed ({head})")
    start = head if data.after_seq is None else data.after_seq
    row = WebhookSubscription(
        owner_subject=principal.subject,
        owner_kind=principal.kind,
        owner_role=principal.role,
        owner_scopes=" ".join(sorted(principal.scopes)),
        url=url,
        description=data.description,
        event_types=data.event_types,
        region_id=region_id,
        active=data.active,
        secret_encrypted=signing.seal(secret),
        last_seq=start,
    )
    session.add(row)
    session.flush()
    _audit(session, principal, row, "create", None)
    return row, secret


def update_webhook(
    *,
    session: Session,
    principal: Principal,
    webhook_id: int,
    expected: IfMatch,
    data: WebhookUpdate,
) -> WebhookSubscription:
    """Change a subscription (If-Match); re-enabling clears the failure and resumes in order."""
    row = get(session=session, principal=principal, webhook_id=webhook_id)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    for field in ("url", "event_types", "active"):
        if field in changes and changes[field] is None:
            raise InvalidInput.on(field, "cannot be null")
    if {"url", "region_id", "event_types"} & changes.keys() or changes.get("active") is True:
        _require_owners_reads(principal, row)
    if "url" in changes:
        _check_url(changes["url"])
    if "region_id" in changes:
        changes["region_id"] = _region(session, principal, changes["region_id"])
    if changes.get("active") is True and not row.active:
        _check_subscriber(principal)
        changes.update(
            disabled_reason=None,
            disabled_at=None,
            failures=0,
            failing_since=None,
            next_attempt_at=None,
        )
    before = snapshot_fields(row)
    conditional_update(session, row, expected=expected, changes=changes)
    _audit(session, principal, row, "update", before)
    return row


def delete(*, session: Session, principal: Principal, webhook_id: int, expected: IfMatch) -> None:
    """Delete a subscription (kept for the audit trail; nothing more is sent)."""
    row = get(session=session, principal=principal, webhook_id=webhook_id)
    before = snapshot_fields(row)
    conditional_update(
        session,
        row,
        expected=expected,
        changes={"deleted_at": utcnow(), "active": False},
    )
    _audit(session, principal, row, "delete", before)


def rotate_secret(
    *,
    session: Session,
    principal: Principal,
    webhook_id: int,
    expected: IfMatch,
    data: SecretRotate,
) -> tuple[WebhookSubscription, str]:
    """A new secret; the current one keeps signing alongside it for the overlap."""
    row = get(session=session, principal=principal, webhook_id=webhook_id)
    overlap = data.overlap_seconds
    if overlap is None:
        overlap = get_webhook_settings().secret_overlap_seconds
    now = utcnow()
    secret = data.secret or signing.new_secret()
    before = snapshot_fields(row)
    conditional_update(
        session,
        row,
        expected=expected,
        changes={
            "secret_encrypted": signing.seal(secret),
            "previous_secret_encrypted": row.secret_encrypted if overlap else None,
            "previous_secret_expires_at": now + dt.timedelta(seconds=overlap) if overlap else None,
            "secret_rotated_at": now,
        },
    )
    _audit(session, principal, row, "rotate_secret", before)
    return row, secret


def created_secret(*, session: Session, principal: Principal, webhook_id: int) -> str | None:
    """The secret of a subscription not rotated since creation (an idempotent create's replay)."""
    try:
        row = get(session=session, principal=principal, webhook_id=webhook_id)
    except NotFound:
        return None
    if row.secret_rotated_at is not None or row.owner_subject != principal.subject:
        return None
    return signing.unseal(row.secret_encrypted)


def list_deliveries(
    *,
    session: Session,
    principal: Principal,
    webhook_id: int,
    status: DeliveryStatus | None,
    seq: int | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[WebhookDelivery], str | None]:
    """Attempts of one subscription, newest first by default, one page."""
    get(session=session, principal=principal, webhook_id=webhook_id)
    stmt = select(WebhookDelivery).where(WebhookDelivery.subscription_id == webhook_id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    if seq is not None:
        stmt = stmt.where(WebhookDelivery.seq == seq)
    spec = parse_sort(sort, DELIVERY_SORTABLE, "-id")
    return paginate(
        session, stmt, spec=spec, id_column=WebhookDelivery.id, limit=limit, cursor=cursor
    )


def get_delivery(
    *, session: Session, principal: Principal, webhook_id: int, delivery_id: int
) -> WebhookDelivery:
    """One attempt of a subscription the principal may manage (404 otherwise)."""
    get(session=session, principal=principal, webhook_id=webhook_id)
    row = session.get(WebhookDelivery, delivery_id)
    if row is None or row.subscription_id != webhook_id:
        raise NotFound(f"delivery {delivery_id} of webhook {webhook_id} not found")
    return row


def replay(
    *, session: Session, principal: Principal, webhook_id: int, delivery_id: int
) -> WebhookDelivery:
    """Queue the event of a past attempt to be sent again (same ``webhook-id``, one attempt)."""
    original = get_delivery(
        session=session, principal=principal, webhook_id=webhook_id, delivery_id=delivery_id
    )
    sub = session.get(WebhookSubscription, webhook_id)
    assert sub is not None
    if not sub.active:
        raise Conflict("the webhook is not active; re-enable it (PATCH active: true) first")
    row = WebhookDelivery(
        subscription_id=webhook_id,
        seq=original.seq,
        message_id=original.message_id,
        event_type=original.event_type,
        attempt=1,
        replay=True,
        status="pending",
        requested_by=principal.subject,
    )
    session.add(row)
    session.flush()
    record(
        session=session,
        principal=principal,
        action="replay",
        entity=ENTITY,
        entity_id=webhook_id,
        version=sub.version,
        region_id=sub.region_id,
        before=None,
        after={"delivery_id": row.id, "seq": row.seq, "message_id": row.message_id},
        feed=False,
    )
    return row

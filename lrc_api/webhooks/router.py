"""HTTP for webhook subscriptions (``/v1/webhooks``) and their deliveries."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from lrc_api.core.concurrency import IfMatch, etag, if_match
from lrc_api.core.db import get_session, get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES, problem
from lrc_api.core.idempotency import Outcome, idempotency_key, run_idempotent
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_query, sort_query
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID, path_id
from lrc_api.core.unit_of_work import commit
from lrc_api.webhooks import service
from lrc_api.webhooks.schemas import (
    DeliveryRead,
    DeliveryStatus,
    SecretRotate,
    SecretRotated,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
    WebhookUpdate,
)

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"], responses=PROBLEM_RESPONSES)

WebhookId = Annotated[int, path_id("Webhook subscription")]
DeliveryId = Annotated[int, Path(ge=1, le=MAX_ID, description="Delivery attempt id.")]

_KEPT_HEADERS = ("etag", "location", "idempotent-replayed")


@router.post(
    "",
    status_code=201,
    response_model=WebhookCreated,
    summary="Subscribe to webhooks",
    responses={403: problem("Lacks webhooks:write or changes:read, or the region is not yours")},
)
def create_webhook(
    body: WebhookCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("webhooks:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Subscribe a URL to the change feed's events of a region subtree (yours at most).

    Needs `webhooks:write` and `changes:read`. The answer carries the `whsec_` secret once; it is
    stored encrypted and never shown again (rotate it to get a new one). Events are signed per
    Standard Webhooks, delivered at least once and in order; see the README's Webhooks section.
    """
    secrets: dict[str, str] = {}

    def write() -> Outcome:
        row, secret = service.create(session=session, principal=principal, data=body)
        secrets["secret"] = secret
        location = f"{request.url.path.rstrip('/')}/{row.id}"
        # The stored answer (Idempotency-Key) holds no secret: it is added below.
        return 201, service.to_read(row), {"ETag": etag(row.version), "Location": location}

    answer = run_idempotent(
        session=session,
        principal=principal,
        key=key,
        method="POST",
        path=request.url.path,
        body=body,
        write=write,
    )
    if answer.status_code != 201:
        return answer
    content = json.loads(bytes(answer.body))
    content["secret"] = secrets.get("secret") or service.created_secret(
        session=session, principal=principal, webhook_id=content["id"]
    )
    headers = {k: v for k, v in answer.headers.items() if k.lower() in _KEPT_HEADERS}
    return JSONResponse(content, status_code=201, headers=headers)


@router.get("", response_model=Page[WebhookRead], summary="List webhook subscriptions")
def list_webhooks(
    active: bool | None = Query(None, description="Only active (true) or inactive (false) ones."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("webhooks:write")),
) -> Page[WebhookRead]:
    """Subscriptions you manage: an API client its own, a person those of their region subtree."""
    rows, next_cursor = service.list_webhooks(
        session=session, principal=principal, active=active, limit=limit, cursor=cursor
    )
    return Page[WebhookRead](items=[service.to_read(r) for r in rows], next_cursor=next_cursor)


@router.get("/{webhook_id}", response_model=WebhookRead, summary="Read a webhook subscription")
def read_webhook(
    webhook_id: WebhookId,
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("webhooks:write")),
) -> WebhookRead:
    """One subscription with its delivery state (cursor, failures, why disabled); ETag = version."""
    row = service.get(session=session, principal=principal, webhook_id=webhook_id)
    response.headers["ETag"] = etag(row.version)
    return service.to_read(row)


@router.patch("/{webhook_id}", response_model=WebhookRead, summary="Change a webhook subscription")
def update_webhook(
    webhook_id: WebhookId,
    body: WebhookUpdate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("webhooks:write")),
) -> WebhookRead:
    """Change URL, event types, region, description or `active`; needs If-Match.

    `active: true` on a disabled subscription resumes from the event that kept failing.
    """
    row = service.update_webhook(
        session=session,
        principal=principal,
        webhook_id=webhook_id,
        expected=expected,
        data=body,
    )
    commit(session)
    response.headers["ETag"] = etag(row.version)
    return service.to_read(row)


@router.delete("/{webhook_id}", status_code=204, summary="Delete a webhook subscription")
def delete_webhook(
    webhook_id: WebhookId,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("webhooks:write")),
) -> Response:
    """Stop and delete a subscription (kept for the audit trail); needs If-Match."""
    service.delete(session=session, principal=principal, webhook_id=webhook_id, expected=expected)
    commit(session)
    return Response(status_code=204)


@router.post(
    "/{webhook_id}/rotate-secret",
    response_model=SecretRotated,
    summary="Rotate a webhook's secret",
)
def rotate_secret(
    webhook_id: WebhookId,
    body: SecretRotate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("webhooks:write")),
) -> SecretRotated:
    """A new secret, shown once; the old one signs too (two signatures) during the overlap.

    Needs If-Match, so a retried rotation cannot rotate twice (the retry gets 412).
    """
    row, secret = service.rotate_secret(
        session=session,
        principal=principal,
        webhook_id=webhook_id,
        expected=expected,
        data=body,
    )
    commit(session)
    response.headers["ETag"] = etag(row.version)
    return SecretRotated(
        id=row.id or 0,
        secret=secret,
        previous_secret_expires_at=row.previous_secret_expires_at,
        version=row.version,
    )


@router.get(
    "/{webhook_id}/deliveries",
    response_model=Page[DeliveryRead],
    summary="List a webhook's delivery attempts",
)
def list_deliveries(
    webhook_id: WebhookId,
    status: DeliveryStatus | None = Query(None, description="Only attempts in this state."),
    seq: int | None = Query(None, ge=0, description="Only attempts of this change-feed seq."),
    sort: str | None = sort_query(service.DELIVERY_SORTABLE, default="-id"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("webhooks:write")),
) -> Page[DeliveryRead]:
    """Every attempt with its status code, error, timing and a short excerpt of the answer."""
    rows, next_cursor = service.list_deliveries(
        session=session,
        principal=principal,
        webhook_id=webhook_id,
        status=status,
        seq=seq,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[DeliveryRead](
        items=[DeliveryRead.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get(
    "/{webhook_id}/deliveries/{delivery_id}",
    response_model=DeliveryRead,
    summary="Read a delivery attempt",
)
def read_delivery(
    webhook_id: WebhookId,
    delivery_id: DeliveryId,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("webhooks:write")),
) -> DeliveryRead:
    """One attempt (or a replay still waiting)."""
    row = service.get_delivery(
        session=session, principal=principal, webhook_id=webhook_id, delivery_id=delivery_id
    )
    return DeliveryRead.model_validate(row)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/replay",
    status_code=202,
    response_model=DeliveryRead,
    summary="Replay a delivery",
    responses={409: problem("The webhook is not active")},
)
def replay_delivery(
    webhook_id: WebhookId,
    delivery_id: DeliveryId,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("webhooks:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Send that attempt's event again (same `webhook-id`, signed anew, one attempt), soon.

    Answers 202 with the queued attempt; follow it at its `Location`.
    """

    def write() -> Outcome:
        row = service.replay(
            session=session, principal=principal, webhook_id=webhook_id, delivery_id=delivery_id
        )
        location = f"/v1/webhooks/{webhook_id}/deliveries/{row.id}"
        return 202, DeliveryRead.model_validate(row), {"Location": location}

    return run_idempotent(
        session=session,
        principal=principal,
        key=key,
        method="POST",
        path=request.url.path,
        body=None,
        write=write,
    )

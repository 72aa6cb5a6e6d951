"""Fixtures and helpers of the webhook tests: short timings, a dispatcher, subscriptions."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session

from lrc_api.core.db import get_engine
from lrc_api.webhooks.dispatcher import Dispatcher
from lrc_api.webhooks.models import WebhookDelivery, WebhookSubscription
from lrc_api.webhooks.settings import WebhookSettings

FAST = WebhookSettings(
    timeout_seconds=1.0,
    lease_seconds=2.0,
    retry_base_seconds=0.05,
    retry_max_seconds=0.2,
    retry_period_seconds=60.0,
    poll_seconds=0.05,
    workers=2,
    allowed_networks=["127.0.0.0/8", "::1/128"],  # type: ignore[list-item]
)
"""Test timings: one-second timeout, retries within a fifth of a second."""


def _deactivate_all() -> None:
    with Session(get_engine()) as session:
        session.execute(update(WebhookSubscription).values(active=False))
        session.commit()


@pytest.fixture
def quiet_webhooks(migrated_db: str) -> Iterator[None]:
    """Only the test's own subscriptions are active while it runs (others' receivers are gone)."""
    _deactivate_all()
    yield
    _deactivate_all()


def subscribe(client: TestClient, headers: dict[str, str], url: str, **body: Any) -> dict[str, Any]:
    """Create a subscription through HTTP and return it (with its secret)."""
    r = client.post("/v1/webhooks", json={"url": url, **body}, headers=headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


def pump(dispatcher: Dispatcher, done: Callable[[], bool], timeout: float = 20.0) -> None:
    """Run ``dispatcher`` in this thread until ``done()`` (AssertionError after ``timeout`` s)."""
    end = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < end, "webhook delivery did not finish in time"
        dispatcher.run_until_idle(timeout=max(0.1, end - time.monotonic()))
        time.sleep(0.02)


def events_of(bodies: list[bytes]) -> list[dict[str, Any]]:
    """The parsed event bodies."""
    return [json.loads(b) for b in bodies]


def past_delivery(webhook_id: int) -> int:
    """Write one past attempt of a subscription directly (for tests that run no dispatcher)."""
    with Session(get_engine()) as session:
        row = WebhookDelivery(
            subscription_id=webhook_id,
            seq=1,
            message_id="msg_1",
            event_type="region.create",
            status="succeeded",
            status_code=200,
        )
        session.add(row)
        session.commit()
        return row.id or 0

"""A claimed turn's bookkeeping: the retry schedule, the attempts log, the cursor and the lease.

Outcomes are written in groups: successful attempts are kept until ``FLUSH_EVERY`` of them or
``FLUSH_SECONDS`` have gone by (and always before a failure is recorded); then one transaction
writes their log rows, moves the cursor past the last and renews the lease — only while the
lease is still ours. A dispatcher killed in between sends those few events again
(at-least-once, same ``webhook-id``).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from lrc_api.core.journal import Change
from lrc_api.core.models import utcnow
from lrc_api.core.principal import SYSTEM, Principal
from lrc_api.core.unit_of_work import commit, record
from lrc_api.webhooks import events
from lrc_api.webhooks.models import WebhookDelivery, WebhookSubscription, snapshot_fields
from lrc_api.webhooks.sender import Attempt
from lrc_api.webhooks.settings import WebhookSettings

log = logging.getLogger("lrc_api.webhooks")

FLUSH_EVERY = 50
"""Successful attempts written per transaction at most."""

FLUSH_SECONDS = 0.2
"""Successful attempts are written at least this often (s)."""

_S = WebhookSubscription


def backoff(
    failures: int, *, base: float, cap: float, rand: Callable[[], float] = random.random
) -> float:
    """Seconds to wait after the ``failures``-th consecutive failure (≥ 1).

    ``min(cap, base · 2^(failures-1))``, of which half is fixed and half random ("equal jitter"):
    never below half the exponential delay, never above it.
    """
    delay = min(cap, base * 2.0 ** min(failures - 1, 60))
    return delay / 2 + rand() * delay / 2


def lease(settings: WebhookSettings) -> dt.timedelta:
    """How long a claim holds without renewal."""
    return dt.timedelta(seconds=settings.lease_seconds)


def still_held(sub_id: int, worker: str) -> Any:
    """Conditions under which our writes still count: the lease is ours, the subscription live."""
    return (
        col(_S.id) == sub_id,
        col(_S.lease_owner) == worker,
        col(_S.active).is_(True),
        col(_S.deleted_at).is_(None),
    )


@dataclass
class Claim:
    """A claimed subscription, as read when claimed (secrets decrypted in memory only)."""

    id: int
    url: str
    patterns: list[str]
    follows: int | None
    principal: Principal
    secrets: list[str]
    last_seq: int
    failures: int
    failing_since: dt.datetime | None
    next_attempt_at: dt.datetime | None


def attempt_row(
    claim: Claim, change: Change, started: dt.datetime, result: Attempt, **fields: Any
) -> WebhookDelivery:
    """The deliveries-log row of one attempt at a change's event."""
    return WebhookDelivery(
        subscription_id=claim.id,
        seq=change.seq or 0,
        message_id=events.message_id(change),
        event_type=events.event_type(change),
        status="succeeded" if result.succeeded else "failed",
        status_code=result.status_code,
        error=result.error,
        response_excerpt=result.excerpt,
        started_at=started,
        duration_ms=result.duration_ms,
        **fields,
    )


class Book:
    """The bookkeeping of one claimed turn: attempts are written in groups, not one by one.

    Successful attempts are kept until ``FLUSH_EVERY`` of them or ``FLUSH_SECONDS`` have gone by
    (and always before a failure is recorded); then one transaction writes them, moves the
    cursor past the last and renews the lease — only while the lease is still ours. A dispatcher
    killed in between sends those few events again (at-least-once, same ``webhook-id``).
    """

    def __init__(
        self, writer: Engine, settings: WebhookSettings, claim: Claim, worker: str
    ) -> None:
        self.writer = writer
        self.settings = settings
        self.claim = claim
        self.worker = worker
        self.rows: list[WebhookDelivery] = []
        self.values: dict[str, Any] = {}
        self.disable_reason: str | None = None
        self.flushed = time.monotonic()
        self.every = min(FLUSH_SECONDS, settings.lease_seconds / 4)

    def note(self, change: Change, started: dt.datetime, attempt: Attempt) -> bool:
        """Take one attempt's outcome; True to go on with the next event."""
        claim, settings = self.claim, self.settings
        if attempt.succeeded:
            self.rows.append(
                attempt_row(claim, change, started, attempt, attempt=claim.failures + 1)
            )
            claim.last_seq = change.seq or claim.last_seq
            claim.failures, claim.failing_since = 0, None
            self.values.update(
                last_seq=claim.last_seq, failures=0, failing_since=None, next_attempt_at=None
            )
            if len(self.rows) >= FLUSH_EVERY or time.monotonic() - self.flushed >= self.every:
                return self.flush()
            return True
        now = utcnow()
        failures = claim.failures + 1
        since = claim.failing_since or started
        self.values.update(failures=failures, failing_since=since)
        due: dt.datetime | None = None
        if (now - since).total_seconds() >= settings.retry_period_seconds:
            self.disable_reason = (
                f"自动停用 (disabled automatically): event {events.message_id(change)} "
                f"failed {failures} times over {(now - since).total_seconds() / 3600:.1f} h; "
                f"last: {attempt.error or 'no answer'}"
            )[:500]
            self.values.update(
                active=False,
                disabled_reason=self.disable_reason,
                disabled_at=now,
                next_attempt_at=None,
            )
        else:
            delay = backoff(
                failures, base=settings.retry_base_seconds, cap=settings.retry_max_seconds
            )
            due = now + dt.timedelta(seconds=delay)
            self.values.update(next_attempt_at=due)
        self.rows.append(
            attempt_row(claim, change, started, attempt, attempt=failures, next_attempt_at=due)
        )
        log.info(
            "webhook attempt failed",
            extra={"subscription_id": claim.id, "seq": change.seq, "error": attempt.error},
        )
        return False

    def flush(self) -> bool:
        """Write what was noted; False when the lease was lost (someone else goes on)."""
        self.flushed = time.monotonic()
        if not self.rows:
            return True
        values = {**self.values, "lease_until": utcnow() + lease(self.settings)}
        if self.disable_reason is not None:
            values["version"] = col(_S.version) + 1  # the owner's ETag goes stale
        with Session(self.writer) as session:
            held = session.execute(
                update(_S).where(*still_held(self.claim.id, self.worker)).values(values)
            )
            if held.rowcount != 1:  # type: ignore[attr-defined]
                session.rollback()
                self.rows, self.values = [], {}
                return False
            session.add_all(self.rows)
            if self.disable_reason is not None:
                sub = session.get(_S, self.claim.id)
                assert sub is not None
                record(
                    session=session,
                    principal=SYSTEM,
                    action="disable",
                    entity="webhook_subscription",
                    entity_id=self.claim.id,
                    version=sub.version,
                    region_id=sub.region_id,
                    before=None,
                    after=snapshot_fields(sub) | {"disabled_reason": self.disable_reason},
                    feed=False,
                )
                commit(session)
            else:
                session.commit()
        self.rows, self.values = [], {}
        return True


def prune(writer: Engine, retention_days: int) -> int:
    """Delete the delivery attempts older than ``retention_days`` days (replays still waiting are
    kept); the number deleted. ``LRC_WEBHOOK_DELIVERY_RETENTION_DAYS`` sets the window."""
    cutoff = utcnow() - dt.timedelta(days=retention_days)
    with Session(writer) as session:
        result = session.execute(
            delete(WebhookDelivery).where(
                col(WebhookDelivery.created_at) < cutoff,
                col(WebhookDelivery.status) != "pending",
            )
        )
        session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

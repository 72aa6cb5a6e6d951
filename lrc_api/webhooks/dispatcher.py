"""The dispatcher: claims subscriptions, delivers their events in order, retries, gives up.

Claiming. A delivery thread claims one subscription at a time with a lease (``lease_owner``,
``lease_until``) written in a short transaction — ``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL, an immediate (write-locked) transaction on SQLite — so two threads, processes or
replicas never hold the same subscription, and no database transaction stays open while a
receiver answers. Outcomes are written with the lease's renewal (every 50 successes or 0.2 s,
and at once on a failure), only while the lease is still ours; the lease outlasts an attempt
plus that interval (``lease_seconds`` ≥ 2 × timeout), so it cannot lapse mid-attempt and be
taken over.

Order and at-least-once. Events go out one at a time in ``seq`` order; the cursor moves past an
event only once a 2xx came back (written in the same transaction as the attempt's log row). A
dispatcher killed mid-attempt leaves the cursor where it was: after its lease lapses another one
sends the unrecorded events again, with the same ``webhook-id``. While an event fails, the
subscription's later events wait (in order per subscription).

Retries. After a failed attempt the next one is due after ``backoff(n)``: exponential from
``retry_base_seconds``, capped at ``retry_max_seconds``, with jitter (half the delay fixed, half
random) so many subscriptions failing together do not retry together. When one event has failed
for ``retry_period_seconds`` the subscription is disabled with the reason; re-enabling it resumes
from that event, so nothing is skipped silently.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from typing import Any

from sqlalchemy import exists, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from lrc_api.core.accounts import current_grant
from lrc_api.core.db import get_engine
from lrc_api.core.journal import Change
from lrc_api.core.models import utcnow
from lrc_api.core.principal import Principal
from lrc_api.core.scope import in_scope, own_coordinator_only
from lrc_api.webhooks import events, outbox, records, signing, wakeup
from lrc_api.webhooks.addresses import Resolver, system_resolver
from lrc_api.webhooks.attempts import Book, Claim, lease, prune, still_held
from lrc_api.webhooks.models import WebhookDelivery, WebhookSubscription
from lrc_api.webhooks.sender import Attempt, Sender
from lrc_api.webhooks.settings import WebhookSettings, get_webhook_settings

log = logging.getLogger("lrc_api.webhooks")

assert records  # imported for its renderers (the record domains' events carry the record)

BATCH = 100
"""Changes read from the outbox at a time."""

SLICE_SECONDS = 2.0
"""How long a thread keeps one subscription before letting others have a turn."""

PRUNE_EVERY_SECONDS = 600.0
"""How often old delivery attempts are deleted."""

_S = WebhookSubscription


class Dispatcher:
    """Delivers webhook events with ``settings.workers`` threads (``start``/``stop``), or on demand
    (:meth:`run_until_idle`). Any number of dispatchers may share one database."""

    def __init__(
        self,
        *,
        engine: Engine | None = None,
        settings: WebhookSettings | None = None,
        resolver: Resolver = system_resolver,
        name: str | None = None,
    ) -> None:
        self.engine = engine or get_engine()
        self._writer = self.engine.execution_options(lrc_write=True)
        self.settings = settings or get_webhook_settings()
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._resolver = resolver
        self._stop = threading.Event()
        self._signal = wakeup.Signal()
        self._threads: list[threading.Thread] = []
        self._pruned = 0.0

    # --- running ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the delivery threads (daemon threads; :meth:`stop` ends them)."""
        wakeup.register(self)
        self._stop.clear()
        for index in range(self.settings.workers):
            thread = threading.Thread(
                target=self._loop, args=(index,), name=f"lrc-webhooks-{index}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        log.info("webhook dispatcher started", extra={"workers": self.settings.workers})

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the threads to finish their attempt in flight and wait up to ``timeout`` seconds."""
        self._stop.set()
        self._signal.notify()
        end = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, end - time.monotonic()))
        self._threads = [t for t in self._threads if t.is_alive()]
        wakeup.unregister(self)

    def wake(self) -> None:
        """Look for work now instead of at the next poll."""
        self._signal.notify()

    def run_until_idle(self, timeout: float = 60.0) -> int:
        """Deliver in this thread until nothing is due (or ``timeout`` s); the subscriptions handled."""
        sender = self._sender()
        worker = f"{self.name}/inline"
        handled = 0
        end = time.monotonic() + timeout
        try:
            while time.monotonic() < end and self._step(worker, sender):
                handled += 1
        finally:
            sender.close()
        return handled

    def _sender(self) -> Sender:
        return Sender(
            timeout=self.settings.timeout_seconds,
            allowed=self.settings.allowed_networks,
            resolver=self._resolver,
        )

    def _loop(self, index: int) -> None:
        sender = self._sender()
        worker = f"{self.name}/{index}"
        try:
            while not self._stop.is_set():
                seen = self._signal.generation
                try:
                    worked = self._step(worker, sender)
                    if index == 0:
                        self._prune()
                except Exception as exc:  # keep delivering; say what kind of failure only
                    log.error("webhook dispatch failed", extra={"error_type": type(exc).__name__})
                    worked = False
                if not worked:
                    self._signal.wait(seen, self.settings.poll_seconds)
        finally:
            sender.close()

    # --- claiming --------------------------------------------------------------------------

    def _claimable(self, now: dt.datetime, upto: int) -> Any:
        replay_waiting = exists().where(
            col(WebhookDelivery.subscription_id) == col(_S.id),
            col(WebhookDelivery.status) == "pending",
        )
        due = (col(_S.last_seq) < upto) & or_(
            col(_S.next_attempt_at).is_(None), col(_S.next_attempt_at) <= now
        )
        return (
            select(_S.id)
            .where(
                col(_S.active).is_(True),
                col(_S.deleted_at).is_(None),
                or_(col(_S.lease_until).is_(None), col(_S.lease_until) < now),
                or_(due, replay_waiting),
            )
            .order_by(col(_S.dispatched_at).asc().nulls_first(), col(_S.id))
            .limit(1)
        )

    def _claim(self, worker: str) -> int | None:
        now = utcnow()
        # A read first: an idle poll must not take SQLite's write lock.
        with Session(self.engine) as session:
            upto = outbox.head(session)
            if session.exec(self._claimable(now, upto)).first() is None:
                return None
        with Session(self._writer) as session:
            stmt = self._claimable(now, upto).with_for_update(skip_locked=True, of=_S)
            sub_id = session.exec(stmt).first()
            if sub_id is None:
                return None
            session.execute(
                update(_S)
                .where(col(_S.id) == sub_id)
                .values(lease_owner=worker, lease_until=now + self._lease())
            )
            session.commit()
            return int(sub_id)

    def _lease(self) -> dt.timedelta:
        return lease(self.settings)

    def _load(self, sub_id: int) -> Claim | None:
        with Session(self.engine) as session:
            sub = session.get(_S, sub_id)
            if sub is None:
                return None
            # Deliveries act for the owner: never beyond what its account holds today, nor
            # outside the region it is bound to today (an account moved to another office
            # keeps no feed of the old one), and not at all while it is deactivated or may
            # no longer subscribe: events wait at the cursor until that is put right.
            scopes = frozenset(sub.owner_scopes.split())
            owner = current_grant(session, sub.owner_kind, sub.owner_subject)
            if owner is not None:
                scopes &= owner.scopes
                if "changes:read" not in scopes or own_coordinator_only(owner):
                    return None
                if not owner.is_global and (
                    sub.region_id is None or not in_scope(session, owner, sub.region_id)
                ):
                    return None
            now = utcnow()
            secrets = [signing.unseal(sub.secret_encrypted)]
            expires = sub.previous_secret_expires_at
            if sub.previous_secret_encrypted and expires is not None and expires > now:
                secrets.append(signing.unseal(sub.previous_secret_encrypted))
            return Claim(
                id=sub_id,
                url=sub.url,
                patterns=list(sub.event_types),
                follows=sub.region_id,
                principal=Principal(
                    subject=sub.owner_subject,
                    kind=sub.owner_kind,  # type: ignore[arg-type]
                    role=sub.owner_role,
                    region_id=sub.region_id,  # the subscription's subtree, never wider
                    scopes=scopes,
                ),
                secrets=secrets,
                last_seq=sub.last_seq,
                failures=sub.failures,
                failing_since=sub.failing_since,
                next_attempt_at=sub.next_attempt_at,
            )

    def _step(self, worker: str, sender: Sender) -> bool:
        sub_id = self._claim(worker)
        if sub_id is None:
            return False
        try:
            claim = self._load(sub_id)
            if claim is not None:
                self._work(claim, worker, sender)
        finally:
            self._release(sub_id, worker)
        return True

    def _release(self, sub_id: int, worker: str) -> None:
        with Session(self._writer) as session:
            session.execute(
                update(_S)
                .where(col(_S.id) == sub_id, col(_S.lease_owner) == worker)
                .values(lease_owner=None, lease_until=None, dispatched_at=utcnow())
            )
            session.commit()

    # --- delivering ------------------------------------------------------------------------

    def _work(self, claim: Claim, worker: str, sender: Sender) -> None:
        end = time.monotonic() + SLICE_SECONDS
        if not self._replays(claim, worker, sender):
            return
        if claim.next_attempt_at is not None and claim.next_attempt_at > utcnow():
            return
        book = Book(self._writer, self.settings, claim, worker)
        tail = min(self.settings.poll_seconds, self.settings.lease_seconds / 4)
        last_head = -1
        while time.monotonic() < end and not self._stop.is_set():
            seen = self._signal.generation
            # One session per batch, its read transaction ended before each send: no snapshot is
            # held while a receiver answers (on SQLite that would keep the WAL from being reset).
            with Session(self.engine) as session:
                upto = outbox.head(session)
                if upto == last_head:
                    return  # nothing new while we waited: let the claim go
                last_head = upto
                batch = outbox.pending(
                    session,
                    patterns=claim.patterns,
                    follows=claim.follows,
                    after=claim.last_seq,
                    upto=upto,
                    limit=BATCH,
                )
                for change in batch:
                    started, attempt = self._send(session, claim, change, sender)
                    if not book.note(change, started, attempt) or time.monotonic() >= end:
                        book.flush()
                        return
            if not book.flush():
                return
            if len(batch) < BATCH:
                # Nothing else up to ``upto`` concerns this subscription: skip past it.
                if upto > claim.last_seq:
                    self._advance(claim, upto, worker)
                # Keep the claim a moment for what comes next (a steady stream then costs no
                # claim and release per event); give it up as soon as nothing new comes.
                self._signal.wait(seen, min(tail, max(0.0, end - time.monotonic())))

    def _send(
        self, session: Session, claim: Claim, change: Change, sender: Sender
    ) -> tuple[dt.datetime, Attempt]:
        body = events.payload(session, claim.principal, change)
        session.close()  # ends the read transaction; loaded rows keep their values
        started = utcnow()
        headers = signing.headers(
            message_id=events.message_id(change),
            timestamp=started,
            body=body,
            secrets=claim.secrets,
        )
        return started, sender.send(claim.url, body, headers)

    def _advance(self, claim: Claim, upto: int, worker: str) -> None:
        with Session(self._writer) as session:
            session.execute(
                update(_S)
                .where(*still_held(claim.id, worker), col(_S.last_seq) < upto)
                .values(last_seq=upto, lease_until=utcnow() + self._lease())
            )
            session.commit()
        claim.last_seq = upto

    def _replays(self, claim: Claim, worker: str, sender: Sender) -> bool:
        """Send the replays asked for (one attempt each, outside the ordered stream)."""
        with Session(self.engine) as session:
            waiting = list(
                session.exec(
                    select(WebhookDelivery)
                    .where(
                        WebhookDelivery.subscription_id == claim.id,
                        WebhookDelivery.status == "pending",
                    )
                    .order_by(col(WebhookDelivery.id))
                    .limit(BATCH)
                )
            )
            changes = {
                c.seq: c
                for c in session.exec(
                    select(Change).where(col(Change.seq).in_([w.seq for w in waiting]))
                )
            }
        for pending in waiting:
            change = changes.get(pending.seq)
            if change is None:
                attempt, started = (
                    Attempt(None, "the change is no longer stored", None, 0.0),
                    utcnow(),
                )
            else:
                with Session(self.engine) as session:
                    started, attempt = self._send(session, claim, change, sender)
            with Session(self._writer) as session:
                held = session.execute(
                    update(_S)
                    .where(*still_held(claim.id, worker))
                    .values(lease_until=utcnow() + self._lease())
                )
                if held.rowcount != 1:  # type: ignore[attr-defined]
                    session.rollback()
                    return False
                session.execute(
                    update(WebhookDelivery)
                    .where(col(WebhookDelivery.id) == pending.id)
                    .values(
                        status="succeeded" if attempt.succeeded else "failed",
                        status_code=attempt.status_code,
                        error=attempt.error,
                        response_excerpt=attempt.excerpt,
                        started_at=started,
                        duration_ms=attempt.duration_ms,
                    )
                )
                session.commit()
        return True

    def _prune(self) -> None:
        if time.monotonic() - self._pruned < PRUNE_EVERY_SECONDS:
            return
        self._pruned = time.monotonic()
        prune(self._writer, self.settings.delivery_retention_days)


_PROCESS_DISPATCHER: Dispatcher | None = None


def start_in_process() -> Dispatcher | None:
    """Start this process's dispatcher when ``LRC_WEBHOOK_DISPATCHER`` is on (the server's lifespan)."""
    global _PROCESS_DISPATCHER
    if not get_webhook_settings().dispatcher or _PROCESS_DISPATCHER is not None:
        return None
    _PROCESS_DISPATCHER = Dispatcher()
    _PROCESS_DISPATCHER.start()
    return _PROCESS_DISPATCHER


def stop_in_process() -> None:
    """Stop the dispatcher :func:`start_in_process` started."""
    global _PROCESS_DISPATCHER
    if _PROCESS_DISPATCHER is not None:
        _PROCESS_DISPATCHER.stop()
        _PROCESS_DISPATCHER = None

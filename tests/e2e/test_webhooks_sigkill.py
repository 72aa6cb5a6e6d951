"""Nothing is lost when a server is killed with SIGKILL in the middle of a webhook delivery.

A real ``lrc serve`` (its dispatcher inside, as deployed) delivers to a receiver on loopback; the
receiver holds one request open and the server is killed while it waits. After a restart on the
same database every change reaches the receiver, at least once, always under the same
``webhook-id``, first arrivals in commit order. Runs on the test database (SQLite file, or
PostgreSQL in CI's second pass).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import update
from sqlmodel import Session
from standardwebhooks import Webhook

from lrc_api.core.db import get_engine
from lrc_api.core.principal import ROLE_SCOPES, Principal
from lrc_api.core.security import issue_access_token
from lrc_api.webhooks.models import WebhookSubscription
from tests.conftest import ensure_account
from tests.e2e.test_kill_mid_load import _free_port, _serve
from tests.webhook_receiver import Received, receiver

EVENTS = 30
HOLD_AT = 8  # the receiver holds the 8th event's request while the server is killed


def test_sigkill_mid_delivery_loses_nothing_and_keeps_the_webhook_id(
    migrated_db: str, tmp_path: Path
) -> None:
    with Session(get_engine()) as session:  # earlier tests' subscriptions are not ours
        session.execute(update(WebhookSubscription).values(active=False))
        session.commit()
    env = {
        **os.environ,
        "LRC_DATABASE_URL": migrated_db,
        "LRC_LOG_LEVEL": "WARNING",
        "LRC_WEBHOOK_DISPATCHER": "true",
        "LRC_WEBHOOK_TIMEOUT_SECONDS": "1",
        "LRC_WEBHOOK_LEASE_SECONDS": "2",
        "LRC_WEBHOOK_RETRY_BASE_SECONDS": "0.05",
        "LRC_WEBHOOK_RETRY_MAX_SECONDS": "0.2",
        "LRC_WEBHOOK_POLL_SECONDS": "0.1",
    }
    version = ensure_account(kind="user", subject="user:e2e-webhooks", role="admin", region_id=None)
    admin = Principal(
        subject="user:e2e-webhooks",
        kind="user",
        role="admin",
        region_id=None,
        scopes=ROLE_SCOPES["admin"],
        account_version=version,
    )
    headers = {"Authorization": "Bearer " + issue_access_token(admin)[0]}
    holding = threading.Event()
    count = {"n": 0}

    def answer(_r: Received) -> tuple[int, float]:
        count["n"] += 1
        if count["n"] == HOLD_AT:
            holding.set()
            return 200, 3.0  # answered long after the server is gone
        return 200, 0.01

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(port, env)
    try:
        with receiver() as rec:
            rec.answer = answer
            with httpx.Client(base_url=base, headers=headers, timeout=10) as c:
                r = c.post("/v1/webhooks", json={"url": rec.url, "event_types": ["region.create"]})
                assert r.status_code == 201, r.text
                secret = r.json()["secret"]
                batch = uuid.uuid4().hex[:8]
                for i in range(EVENTS):
                    body = {"code": f"W{batch}-{i}", "name": "推送", "kind": "county"}
                    assert c.post("/v1/regions", json=body).status_code == 201
            assert holding.wait(30), "delivery did not reach the held event"
            server.send_signal(signal.SIGKILL)
            server.wait(10)
            server = _serve(port, env)
            arrived = rec.wait_for(EVENTS + 1, timeout=30)  # the held one arrives twice at least
            end = time.monotonic() + 30
            while time.monotonic() < end:
                seqs = {json.loads(g.body)["data"]["seq"] for g in rec.received}
                if len(seqs) >= EVENTS:
                    break
                time.sleep(0.05)
            arrived = sorted(rec.received, key=lambda g: g.at)
    finally:
        server.terminate()
        server.wait(10)
    events = [Webhook(secret).verify(g.body, g.headers) for g in arrived]
    codes = [e["data"]["record"]["code"] for e in events]
    assert sorted(set(codes)) == sorted(f"W{batch}-{i}" for i in range(EVENTS)), "a change was lost"
    by_seq: dict[int, set[str]] = {}
    for got, event in zip(arrived, events, strict=True):
        by_seq.setdefault(event["data"]["seq"], set()).add(got.headers["webhook-id"])
    assert all(ids == {f"msg_{seq}"} for seq, ids in by_seq.items())
    first_seen = list(dict.fromkeys(e["data"]["seq"] for e in events))
    assert first_seen == sorted(first_seen), "first arrivals out of commit order"
    held = events[HOLD_AT - 1]["data"]["seq"]
    assert sum(e["data"]["seq"] == held for e in events) >= 2, "the held event was not resent"

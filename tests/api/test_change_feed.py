"""The change feed under concurrent writers: a poller sees every change once, in commit order.

Runs on SQLite and, in CI's second pass, on PostgreSQL, where the writers' transactions really
overlap: without ordering the numbering with the commits, a poller that read up to seq N could
later see a smaller seq commit and miss it.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from lrc_api.core.journal import Change
from tests.factories import make_region, unique

WRITERS = 6
WRITES_EACH = 8


def _tail(
    client: TestClient, headers: dict[str, str], after: int
) -> tuple[list[dict[str, Any]], int]:
    page = client.get("/v1/changes", params={"after": after, "limit": 200}, headers=headers).json()
    return page["items"], page["next_after"]


@pytest.fixture
def slow_commits() -> Iterator[None]:
    """Widen the window between numbering a change and committing it, as a slow disk would."""

    def linger(session: Session, _ctx: Any) -> None:
        if any(isinstance(obj, Change) for obj in session.new) or session.info.get("numbered"):
            time.sleep(random.uniform(0, 0.02))

    def mark(session: Session, *_args: Any) -> None:
        session.info["numbered"] = any(isinstance(o, Change) for o in session.new)

    event.listen(Session, "before_flush", mark)
    event.listen(Session, "after_flush", linger)
    yield
    event.remove(Session, "after_flush", linger)
    event.remove(Session, "before_flush", mark)


def test_poller_misses_nothing_and_sees_nothing_twice_under_parallel_writers(
    client: TestClient, auth_headers: Callable[..., dict[str, str]], slow_commits: None
) -> None:
    admin = auth_headers("admin")
    root = make_region(client, admin)
    _, cursor = _tail(client, admin, 0)
    while True:
        items, nxt = _tail(client, admin, cursor)
        if not items:
            break
        cursor = nxt
    start = cursor
    seen: list[int] = []
    created: list[int] = []
    lock = threading.Lock()
    done = threading.Event()

    def writer() -> None:
        for _ in range(WRITES_EACH):
            r = client.post(
                "/v1/regions",
                json={
                    "code": unique("F"),
                    "name": "并发",
                    "kind": "community",
                    "parent_id": root["id"],
                },
                headers=admin,
            )
            assert r.status_code == 201, r.text
            with lock:
                created.append(r.json()["id"])

    def poller() -> None:
        after = start
        while True:
            finished = done.is_set()
            items, after = _tail(client, admin, after)
            seen.extend(c["seq"] for c in items if c["entity"] == "region")
            if finished and not items:
                return

    writers = [threading.Thread(target=writer) for _ in range(WRITERS)]
    watcher = threading.Thread(target=poller)
    watcher.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    watcher.join(timeout=120)
    assert len(created) == WRITERS * WRITES_EACH
    # What an incremental poller collected equals what a fresh full read finds afterwards.
    full: list[dict[str, Any]] = []
    after = start
    while True:
        items, after = _tail(client, admin, after)
        if not items:
            break
        full.extend(c for c in items if c["entity"] == "region")
    assert len(seen) == len(set(seen)), "a change was delivered twice"
    assert seen == [c["seq"] for c in full], "the poller missed a change or saw them out of order"
    assert sorted(c["entity_id"] for c in full) == sorted(created)

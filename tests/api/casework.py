"""Helpers for the case-view tests: regions bound to a pack, cases walked to their conclusion
through HTTP, and a counter of the SQL statements a request runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.factories import unique

Headers = dict[str, str]

OPENING = (("accepted", None), ("in_progress", None))
"""The moves every case makes before it can be mediated or awarded (dated on receipt)."""


def region(
    client: TestClient,
    admin: Headers,
    *,
    kind: str,
    parent_id: int | None = None,
    policy: str | None = None,
    name: str = "测试",
) -> dict[str, Any]:
    """Create a region (bound to ``policy`` when given) and return it."""
    body = {"code": unique("R"), "name": name, "kind": kind, "parent_id": parent_id}
    if policy is not None:
        body["policy"] = policy
    r = client.post("/v1/regions", json=body, headers=admin)
    assert r.status_code == 201, r.text
    return r.json()


def new_case(
    client: TestClient,
    headers: Headers,
    region_id: int,
    procedure: str,
    received_on: str,
    **extra: Any,
) -> dict[str, Any]:
    """Record a case of ``procedure`` received on ``received_on``; return it."""
    body: dict[str, Any] = {
        "region_id": region_id,
        "source": "walk_in",
        "procedure": procedure,
        "worker_count": 1,
        "received_on": received_on,
        **extra,
    }
    if procedure in ("wage_clue", "hotline"):
        body.setdefault("matter", "complaint")
    r = client.post("/v1/cases", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def move(
    client: TestClient,
    headers: Headers,
    case: dict[str, Any],
    to: str,
    on: str,
    conclusion: str | None = None,
) -> dict[str, Any]:
    """Move ``case`` to ``to`` on ``on`` (with its conclusion); return it after the move."""
    body: dict[str, Any] = {"to": to, "on": on}
    if conclusion is not None:
        body["conclusion"] = conclusion
    r = client.post(
        f"/v1/cases/{case['id']}/transition",
        json=body,
        headers={**headers, "If-Match": f'"{case["version"]}"'},
    )
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def concluded(
    client: TestClient,
    headers: Headers,
    region_id: int,
    procedure: str,
    received_on: str,
    to: str,
    on: str,
    conclusion: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A case received on ``received_on``, accepted and in progress that day, concluded ``to``
    on ``on`` (withdrawn straight from received)."""
    case = new_case(client, headers, region_id, procedure, received_on, **extra)
    if to != "withdrawn":
        for status, _ in OPENING:
            case = move(client, headers, case, status, received_on)
    return move(client, headers, case, to, on, conclusion)


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """Collect the SQL statements the app's engine runs inside the block."""
    from lrc_api.core.db import get_engine

    seen: list[str] = []
    engine = get_engine()

    def listen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)

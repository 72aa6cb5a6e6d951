"""A real ``lrc serve --workers 2`` (issue 13: slow clients, several workers).

One server for the module, on the test database (SQLite file, or PostgreSQL in CI's second
pass), with short read deadlines so the slow-client tests stay quick. Each test is bounded in
time: the whole module takes a few seconds past the server's start.

- Slow clients: real sockets that send nothing, or trickle a head or a body, are answered 408
  and cut off by the deadline; an oversized head or body is refused (431, 413).
- Several workers: ``/metrics`` counts every worker's requests on every scrape; the change
  feed stays in commit order under concurrent writers spread over both workers; an
  Idempotency-Key sent at once to both creates one record; concurrent wrong passwords lock the
  account across workers.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from lrc_api.core.principal import ROLE_SCOPES, Principal
from lrc_api.core.security import issue_access_token
from tests.conftest import ensure_account

HEAD_TIMEOUT = 1.0
BODY_TIMEOUT = 2.0
MAX_FAILURES = 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(migrated_db: str) -> Iterator[str]:
    """``lrc serve --workers 2`` on a free port; its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "LRC_DATABASE_URL": migrated_db,
        "LRC_LOG_LEVEL": "WARNING",
        "LRC_HEADER_TIMEOUT_SECONDS": str(HEAD_TIMEOUT),
        "LRC_BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT),
        "LRC_MAX_HEADER_BYTES": "16384",
        "LRC_MAX_BODY_BYTES": "200000",
        "LRC_LOGIN_MAX_FAILURES": str(MAX_FAILURES),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    cmd = [sys.executable, "-m", "lrc_api.cli", "serve", "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(
        [*cmd, "--no-migrate"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise AssertionError("lrc serve --workers 2 did not become ready")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture(scope="module")
def admin(migrated_db: str) -> dict[str, str]:
    # The service refuses tokens whose account does not exist (or was deactivated or reset).
    version = ensure_account(
        kind="user", subject="user:e2e-two-workers", role="admin", region_id=None
    )
    principal = Principal(
        subject="user:e2e-two-workers",
        kind="user",
        role="admin",
        region_id=None,
        scopes=ROLE_SCOPES["admin"],
        account_version=version,
    )
    return {"Authorization": "Bearer " + issue_access_token(principal)[0]}


def _connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.settimeout(10)
    return sock


def _read_until_closed(sock: socket.socket) -> bytes:
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        data += chunk
    return data


def _trickle(sock: socket.socket, piece: bytes, every: float, for_at_most: float) -> float:
    """Send ``piece`` every ``every`` seconds until the server hangs up; seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < for_at_most:
        try:
            sock.sendall(piece)
        except OSError:
            break
        time.sleep(every)
    return time.monotonic() - started


# --- slow clients -------------------------------------------------------------------------------


def test_a_connection_that_sends_nothing_is_closed_408(server: str) -> None:
    sock = _connect(server)
    started = time.monotonic()
    answer = _read_until_closed(sock)
    waited = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b"application/problem+json" in answer
    assert HEAD_TIMEOUT * 0.8 <= waited < HEAD_TIMEOUT + 3


def test_a_head_trickling_in_is_cut_off_at_the_deadline_408(server: str) -> None:
    """A header every 0.2 s would keep a connection forever; the head deadline is whole."""
    sock = _connect(server)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: lrc\r\n")
    took = _trickle(sock, b"X-Slow: 1\r\n", every=0.2, for_at_most=15)
    assert took < HEAD_TIMEOUT + 3
    answer = _read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 408 ") or answer == b""  # the 408 may precede the reset


def test_a_body_trickling_in_is_cut_off_at_the_deadline_408(server: str) -> None:
    sock = _connect(server)
    sock.sendall(
        b"POST /v1/rules/scorecard HTTP/1.1\r\nHost: lrc\r\n"
        b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
    )
    started = time.monotonic()
    took = _trickle(sock, b" ", every=0.2, for_at_most=20)
    answer = _read_until_closed(sock)
    assert took < BODY_TIMEOUT + 3, took
    assert time.monotonic() - started < BODY_TIMEOUT + 4
    assert answer.startswith(b"HTTP/1.1 408 ") or answer == b""
    # the service is none the worse
    assert httpx.get(f"{server}/healthz", timeout=5).status_code == 200


def test_oversized_head_is_431_and_oversized_body_413(server: str) -> None:
    sock = _connect(server)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: lrc\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n")
    assert _read_until_closed(sock).startswith(b"HTTP/1.1 431 ")
    sock = _connect(server)
    sock.sendall(
        b"POST /v1/rules/scorecard HTTP/1.1\r\nHost: lrc\r\nContent-Length: 999999999\r\n\r\n"
    )
    assert _read_until_closed(sock).startswith(b"HTTP/1.1 413 ")


def test_prompt_clients_keep_their_connection(server: str) -> None:
    with httpx.Client(base_url=server, timeout=5) as c:
        for _ in range(3):
            assert c.get("/healthz").status_code == 200
            time.sleep(HEAD_TIMEOUT * 0.6)  # idle between requests: the keep-alive rule, not 408
        body = {"year": 2025, "quarter": 3, "base_score": 26, "events": []}
        assert c.post("/v1/rules/scorecard", json=body).status_code == 200


# --- several workers ----------------------------------------------------------------------------


def _healthz_count(text: str) -> float:
    found = re.search(
        r'^lrc_http_requests_total\{method="GET",route="/healthz",status="200"\} (\S+)$',
        text,
        re.M,
    )
    return float(found.group(1)) if found else 0.0


def test_metrics_add_up_every_worker(server: str) -> None:
    """Each request on a new connection lands on either worker; every scrape sees them all."""
    before = _healthz_count(httpx.get(f"{server}/metrics", timeout=5).text)
    sent = 60
    for _ in range(sent):
        assert httpx.get(f"{server}/healthz", headers={"Connection": "close"}).status_code == 200
    scrapes = {
        _healthz_count(httpx.get(f"{server}/metrics", headers={"Connection": "close"}).text)
        for _ in range(8)
    }
    assert scrapes == {before + sent}, scrapes


def test_change_feed_keeps_commit_order_across_workers(server: str, admin: dict[str, str]) -> None:
    """Writers on both workers, a poller following ``after=<last seq>``: it sees every change once,
    in order, and misses none (a later read from the start finds exactly what it saw)."""
    start = httpx.get(f"{server}/v1/changes", params={"after": 0, "limit": 1}, headers=admin)
    after = 0
    page = start.json()
    while page["items"]:
        after = page["next_after"]
        page = httpx.get(
            f"{server}/v1/changes", params={"after": after, "limit": 200}, headers=admin
        ).json()
    origin, seen, stop = after, [], threading.Event()
    batch = uuid.uuid4().hex[:6]

    def write(n: int) -> int:
        made = 0
        with httpx.Client(base_url=server, headers=admin, timeout=10) as c:
            for i in range(12):
                body = {"code": f"W{batch}-{n}-{i}", "name": "并发", "kind": "county"}
                r = c.post("/v1/regions", json=body, headers={"Connection": "close"})
                made += r.status_code == 201
        return made

    def poll() -> None:
        cursor = origin
        with httpx.Client(base_url=server, headers=admin, timeout=10) as c:
            while True:
                done = stop.is_set()
                r = c.get("/v1/changes", params={"after": cursor, "limit": 200})
                items = r.json()["items"]
                seen.extend(item["seq"] for item in items)
                cursor = r.json()["next_after"]
                if done and not items:
                    return

    poller = threading.Thread(target=poll)
    poller.start()
    with ThreadPoolExecutor(4) as pool:
        made = sum(pool.map(write, range(4)))
    stop.set()
    poller.join(30)
    assert made == 48
    everything = httpx.get(
        f"{server}/v1/changes", params={"after": origin, "limit": 200}, headers=admin
    ).json()["items"]
    assert seen == sorted(seen) and len(seen) == len(set(seen))
    assert seen == [c["seq"] for c in everything]
    assert len(everything) >= made


def test_one_idempotency_key_creates_once_across_workers(
    server: str, admin: dict[str, str]
) -> None:
    key = uuid.uuid4().hex
    body = {"code": f"I{key[:10]}", "name": "幂等", "kind": "county"}

    def send(_: int) -> httpx.Response:
        return httpx.post(
            f"{server}/v1/regions",
            json=body,
            headers={**admin, "Idempotency-Key": key, "Connection": "close"},
            timeout=10,
        )

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(8)))
    created = [r for r in answers if r.status_code == 201]
    assert created, [r.status_code for r in answers]
    assert {r.json()["id"] for r in created} == {created[0].json()["id"]}
    assert all(r.status_code in (201, 409) for r in answers), [r.text for r in answers]
    found = httpx.get(
        f"{server}/v1/regions", params={"code": body["code"]}, headers=admin, timeout=5
    ).json()["items"]
    assert [r["id"] for r in found] == [created[0].json()["id"]]
    again = send(0)
    assert again.status_code == 201 and again.json() == created[0].json()


def test_concurrent_wrong_passwords_lock_the_account_across_workers(server: str) -> None:
    """Exactly the allowed number of failures, all at once over both workers, still locks."""
    from lrc_api.auth import service
    from lrc_api.core.db import get_engine

    username, password = f"lock-{uuid.uuid4().hex[:10]}", "correct-horse-battery-staple-9"
    with Session(get_engine()) as session:
        service.create_user(
            session=session, username=username, password=password, role="auditor", region_id=None
        )
        session.commit()

    def login(secret: str) -> httpx.Response:
        form = {"grant_type": "password", "username": username, "password": secret}
        return httpx.post(
            f"{server}/v1/auth/token", data=form, headers={"Connection": "close"}, timeout=20
        )

    with ThreadPoolExecutor(MAX_FAILURES) as pool:
        wrong: list[Any] = list(pool.map(login, [f"wrong-{i}" for i in range(MAX_FAILURES)]))
    assert all(r.status_code in (400, 401, 429) for r in wrong), [r.status_code for r in wrong]
    assert login(password).status_code != 200  # locked: no lost failure count between workers

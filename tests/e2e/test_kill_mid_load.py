"""Nothing acknowledged is lost when the server is killed mid-load (DESIGN.md reliability).

A real ``lrc serve`` process takes concurrent creates; it is killed with SIGKILL while they are
in flight, started again on the same database, and every create that had been answered 201
must be there, exactly once. Runs on the test database (SQLite file, or PostgreSQL in CI's
second pass).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx

from lrc_api.core.principal import ROLE_SCOPES, Principal
from lrc_api.core.security import issue_access_token
from tests.conftest import ensure_account


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "lrc_api.cli", "serve", "--port", str(port), "--no-migrate"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the server did not become ready")


def test_acknowledged_creates_survive_sigkill(migrated_db: str, tmp_path: Path) -> None:
    env = {**os.environ, "LRC_DATABASE_URL": migrated_db, "LRC_LOG_LEVEL": "WARNING"}
    version = ensure_account(kind="user", subject="user:e2e-kill", role="admin", region_id=None)
    admin = Principal(
        subject="user:e2e-kill",
        kind="user",
        role="admin",
        region_id=None,
        scopes=ROLE_SCOPES["admin"],
        account_version=version,
    )
    headers = {"Authorization": "Bearer " + issue_access_token(admin)[0]}
    port = _free_port()
    server = _serve(port, env)
    base = f"http://127.0.0.1:{port}"
    batch = uuid.uuid4().hex[:8]
    acknowledged: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n: int) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=5) as c:
            i = 0
            while not stop.is_set():
                i += 1
                code = f"K{batch}-{n}-{i}"
                try:
                    r = c.post("/v1/regions", json={"code": code, "name": "压测", "kind": "county"})
                except httpx.HTTPError:
                    return  # the server is gone: this request was not acknowledged
                if r.status_code == 201:
                    with lock:
                        acknowledged.append(r.json()["id"])

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    server.send_signal(signal.SIGKILL)
    server.wait(10)
    stop.set()
    for t in threads:
        t.join(10)
    assert len(acknowledged) >= 5, "the load did not get going before the kill"

    server = _serve(port, env)
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=10) as c:
            missing = [i for i in acknowledged if c.get(f"/v1/regions/{i}").status_code != 200]
            codes = []
            cursor = None
            while True:
                params = {"limit": 200, "name": "压测", **({"cursor": cursor} if cursor else {})}
                page = c.get("/v1/regions", params=params).json()
                codes += [r["code"] for r in page["items"] if r["code"].startswith(f"K{batch}-")]
                cursor = page["next_cursor"]
                if not cursor:
                    break
    finally:
        server.terminate()
        server.wait(10)
    assert missing == []
    assert len(codes) == len(set(codes)), "a create was stored twice"
    assert len(codes) >= len(acknowledged)

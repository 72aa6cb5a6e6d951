"""A webhook receiver on loopback for tests: records what arrives, answers as told."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    """One request the receiver got."""

    headers: dict[str, str]
    body: bytes
    at: float
    path: str


@dataclass
class Receiver:
    """Requests received, and how to answer the next ones (``answer(request) -> (status, delay)``)."""

    url: str
    received: list[Received] = field(default_factory=list)
    answer: Callable[[Received], tuple[int, float]] = lambda _r: (200, 0.0)
    reply: bytes | None = None
    """The body of every answer, when set (else a short JSON, or 5,000 bytes on a failure)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        """Wait until ``count`` requests arrived (AssertionError after ``timeout`` s)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.01)
        raise AssertionError(f"received {len(self.received)} requests, expected {count}")


@contextmanager
def receiver(path: str = "/hook", host: str = "127.0.0.1") -> Iterator[Receiver]:
    """Serve a :class:`Receiver` on a free loopback port for the ``with`` block."""
    state: dict[str, Any] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            got = Received(dict(self.headers.items()), body, time.time(), self.path)
            rec: Receiver = state["receiver"]
            status, delay = rec.answer(got)
            if delay:
                time.sleep(delay)
            with rec.lock:
                if 200 <= status < 300:
                    rec.received.append(got)
                state.setdefault("all", []).append((got, status))
            reply = b'{"ok": true}' if status < 300 else b"receiver failed " + b"x" * 5000
            if rec.reply is not None:
                reply = rec.reply
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            except OSError:
                pass  # the sender gave up (timeout)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    rec = Receiver(url=f"http://{host}:{port}{path}")
    state["receiver"] = rec
    rec.all = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        server.shutdown()
        server.server_close()

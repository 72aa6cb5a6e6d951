"""How ``lrc serve`` runs the app: uvicorn with read deadlines and size limits.

uvicorn closes idle keep-alive connections, but it sets no deadline on *reading* a request: a
client that opens a connection and sends nothing, or sends its head or body a byte at a time,
holds the connection and a slot of the worker for as long as it likes (slowloris). uvicorn has
no option for it (0.54), and the servers that have a head deadline (granian, hypercorn) have
none for bodies and would change how proxy headers and workers behave, so this module adds the
missing limits to uvicorn's own HTTP protocol, in its documented extension point (``http=``):

- the head of a request (request line and headers) must arrive whole within
  ``LRC_HEADER_TIMEOUT_SECONDS`` of its first byte, or of the connection opening;
- its body must arrive whole within ``LRC_BODY_TIMEOUT_SECONDS`` after the head;
- the head may be at most ``LRC_MAX_HEADER_BYTES`` and the body ``LRC_MAX_BODY_BYTES``.

A request that misses a deadline gets ``408`` (problem+json) and the connection is closed; one
too large gets ``431`` or ``413``. Deadlines cover whole phases, not gaps between bytes, so a
trickle that keeps sending cannot stretch them. A reverse proxy in front should apply the
same limits at its edge (README, Deploying).
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from lrc_api.core.errors import PROBLEM_JSON, TYPE_BASE
from lrc_api.core.settings import get_settings

_REASONS = {
    408: ("Request Timeout", "request-timeout", "请求超时 (request timeout)"),
    413: ("Content Too Large", "content-too-large", "请求体过大 (content too large)"),
    431: (
        "Request Header Fields Too Large",
        "header-fields-too-large",
        "请求头过大 (request header fields too large)",
    ),
}


METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
"""prometheus_client's own variable: with it set, each process writes its samples to files there
and ``/metrics`` adds up those of every worker (prometheus_client multiprocess mode)."""


def prepare_metrics_dir() -> Path | None:
    """Give the workers one empty folder for their metrics (``PROMETHEUS_MULTIPROC_DIR``).

    The operator's folder is used when set (emptied of the previous run's files, as
    prometheus_client requires); otherwise a fresh temporary one, which is returned so that
    ``lrc serve`` removes it when it stops.
    """
    configured = os.environ.get(METRICS_DIR_ENV)
    if configured:
        folder = Path(configured)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
        return None
    folder = Path(tempfile.mkdtemp(prefix="lrc-metrics-"))
    os.environ[METRICS_DIR_ENV] = str(folder)
    return folder


def raw_problem(status: int, detail: str) -> bytes:
    """A complete HTTP/1.1 problem+json response that closes the connection."""
    reason, slug, title = _REASONS[status]
    body = json.dumps(
        {"type": TYPE_BASE + slug, "title": title, "status": status, "detail": detail},
        ensure_ascii=False,
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        f"content-type: {PROBLEM_JSON}\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    ).encode()
    return head + body


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with deadlines for the head and the body, and size limits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self._head_timeout = settings.header_timeout_seconds
        self._body_timeout = settings.body_timeout_seconds
        self._max_head = settings.max_header_bytes
        self._max_body = settings.max_body_bytes
        self._deadline: asyncio.TimerHandle | None = None
        self._in_head = True
        self._head_bytes = 0
        self._parsed_head = 0
        self._body_bytes = 0

    # -- deadlines ------------------------------------------------------------------------------

    def _arm(self, seconds: float, phase: str) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired, phase)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self, phase: str) -> None:
        self._deadline = None
        self._refuse(408, f"the request {phase} did not arrive in time")

    def _refuse(self, status: int, detail: str) -> None:
        """Answer ``status`` unless a response has begun, then close the connection."""
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is None or cycle.response_complete or not cycle.response_started:
            if cycle is not None and not cycle.response_complete:
                cycle.response_started = True  # the app's own answer, if any, is dropped
                cycle.disconnected = True
                cycle.message_event.set()
            self.transport.write(raw_problem(status, detail))
        self.transport.close()

    # -- uvicorn's hooks ----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self._head_timeout, "head")

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > self._max_head:
            self._refuse(431, f"the request head is over {self._max_head} bytes")

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4)
        super().on_header(name, value)

    def _count_head(self, size: int) -> None:
        # The parsed head, counted as it is parsed: a head that arrives in one piece is judged
        # before the request reaches the app (data_received judges one that never ends).
        self._parsed_head += size
        if self._parsed_head > self._max_head and not self.transport.is_closing():
            self._refuse(431, f"the request head is over {self._max_head} bytes")

    # The parser goes on through the rest of a chunk after a refusal closed the transport: the
    # callbacks below then do nothing.

    def on_message_begin(self) -> None:
        if self.transport.is_closing():
            return
        super().on_message_begin()
        self._in_head = True
        self._parsed_head = 0
        self._body_bytes = 0
        if self._deadline is None:  # a later request on a kept-alive connection
            self._arm(self._head_timeout, "head")

    def on_headers_complete(self) -> None:
        if self.transport.is_closing():
            return
        self._in_head = False
        self._head_bytes = 0
        length = dict(self.headers).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self._max_body:
            self._disarm()
            self._refuse(413, f"the request body is over {self._max_body} bytes")
            return
        super().on_headers_complete()
        self._arm(self._body_timeout, "body")

    def on_body(self, body: bytes) -> None:
        if self.transport.is_closing():
            return
        self._body_bytes += len(body)
        if self._body_bytes > self._max_body:
            self._disarm()
            self._refuse(413, f"the request body is over {self._max_body} bytes")
            return
        super().on_body(body)

    def on_message_complete(self) -> None:
        self._disarm()
        if self.transport.is_closing():
            return
        super().on_message_complete()

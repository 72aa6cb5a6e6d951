"""Request ids, structured JSON logs and Prometheus metrics.

One pure ASGI middleware does all three, because Starlette's ``BaseHTTPMiddleware`` costs a
noticeable share of throughput on small requests. Logs carry method, path (never the query
string: it may hold an ID number), status, duration and request id — never bodies or headers.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from typing import Any

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lrc_api.core.redaction import redact, redact_value

REQUEST_ID_HEADER = "x-request-id"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

REQUESTS = Counter(
    "lrc_http_requests_total",
    "HTTP requests by method, route and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "lrc_http_request_duration_seconds",
    "HTTP request duration by method and route",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)

access_log = logging.getLogger("lrc_api.access")

_CHILDREN: dict[tuple[str, str, int], tuple[Any, Any]] = {}

_JSON_TYPES = (str, int, float, bool, type(None), dict, list, tuple)

_STD_ATTRS = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STD_ATTRS and not key.startswith("_") and key != "color_message":
                out[key] = value if isinstance(value, _JSON_TYPES) else str(value)
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: a traceback's locals and messages can carry personal data.
            out["error_type"] = record.exc_info[0].__name__
        # Whatever a caller logged (a path with an ID number in it, a library's message), the
        # line leaves with ID numbers and phones masked; the request id is ours or was checked.
        request_id = out.pop("request_id", None)
        out = redact_value(out)
        if request_id is not None:
            out["request_id"] = request_id
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send every log record to stderr as JSON."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # uvicorn's access log and httpx's request log print query strings (an ID number may be in
    # one); our access log does not.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("httpx").setLevel(logging.WARNING)


class ObservabilityMiddleware:
    """Assigns the request id, logs the request, and records metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = None
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                candidate = value.decode("latin-1")
                # A client's id is echoed in headers, bodies and logs: never one holding a
                # number that looks like an ID number or a phone.
                if _VALID_REQUEST_ID.match(candidate) and redact(candidate) == candidate:
                    request_id = candidate
                break
        if request_id is None:
            request_id = os.urandom(16).hex()
        scope.setdefault("state", {})["request_id"] = request_id
        status_holder = [500]
        started = time.perf_counter()
        header = (REQUEST_ID_HEADER.encode(), request_id.encode())

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = message["status"]
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            route_path = getattr(route, "path", None) or "unmatched"
            method = scope["method"]
            key = (method, route_path, status_holder[0])
            children = _CHILDREN.get(key)
            if children is None:  # labels() costs a lock and a lookup: keep the children
                children = (
                    REQUESTS.labels(method, route_path, str(key[2])),
                    LATENCY.labels(method, route_path),
                )
                _CHILDREN[key] = children
            children[0].inc()
            children[1].observe(elapsed)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "request",
                    extra={
                        "request_id": request_id,
                        "method": method,
                        "path": scope["path"],
                        "route": route_path,
                        "status": status_holder[0],
                        "duration_ms": round(elapsed * 1000, 2),
                    },
                )

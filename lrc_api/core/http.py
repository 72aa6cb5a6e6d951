"""RFC 9110 semantics kept in one place, so no router repeats them.

- **Methods** (§9.1, §10.2.1): ``OPTIONS`` answers 204 with ``Allow`` naming every method the
  path has (:func:`lrc_api.core.routes.allowed_methods`, which the 405 handler uses too);
  ``HEAD`` is served wherever ``GET`` is, without the body (§9.3.2).
- **Conditional GET** (§13): every 200 answer to ``GET``/``HEAD`` carries an ``ETag``: the
  record's version where the router set one (``"3"``), otherwise a hash of the body (views,
  lists, packs), so a mobile client revalidates anything it read. ``If-None-Match`` naming the
  current tag (weak comparison, §8.8.3.2) or ``*`` answers 304 without the body;
  ``If-Match`` naming none of it (strong comparison) answers 412 (§13.2.2 order).

Writes evaluate ``If-Match`` against the stored version in :mod:`lrc_api.core.concurrency`
instead, where the comparison and the update are one conditional statement. Streamed bodies
(more than one body message) are passed through unchanged: hashing them would mean holding
them whole.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lrc_api.core.errors import PROBLEM_JSON, TYPE_BASE, PreconditionFailed
from lrc_api.core.routes import allowed_methods

_ENTITY_TAG = re.compile(r'\s*(W/)?("[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)')
"""One entity-tag of a list (RFC 9110 §8.8.3): optional weakness flag, then the quoted tag."""

_NOT_MODIFIED_KEEPS = frozenset(
    {b"etag", b"cache-control", b"content-location", b"date", b"expires", b"vary"}
)
"""Headers a 304 carries over from the 200 it stands for (RFC 9110 §15.4.5)."""


def entity_tags(header: str) -> tuple[bool, list[tuple[bool, str]]] | None:
    """Parse ``If-Match``/``If-None-Match``: ``(is_star, [(weak, '"tag"'), …])``.

    ``None`` when the value is not ``*`` nor a list of entity-tags (RFC 9110 §13.1.1-2).
    """
    value = header.strip()
    if value == "*":
        return True, []
    tags: list[tuple[bool, str]] = []
    pos = 0
    while pos < len(value):
        match = _ENTITY_TAG.match(value, pos)
        if match is None or match.end() == pos:
            return None
        tags.append((match.group(1) is not None, match.group(2)))
        pos = match.end()
    return (False, tags) if tags else None


def body_etag(body: bytes) -> str:
    """A strong ETag for a body: a 128-bit BLAKE2b digest, so equal bytes give equal tags."""
    digest = hashlib.blake2b(body, digest_size=16).digest()
    return '"' + base64.urlsafe_b64encode(digest).decode().rstrip("=") + '"'


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class HttpSemanticsMiddleware:
    """Allow, OPTIONS and HEAD for every path; ETags and conditional answers for every GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "GET":
            await self._get(scope, receive, send, head=False)
        elif method == "HEAD":
            allowed = allowed_methods(scope)
            if allowed is not None and "GET" in allowed:
                inner = {**scope, "method": "GET"}
                await self._get(inner, receive, send, head=True)
                if "route" in inner:  # the access log and metrics label by route
                    scope["route"] = inner["route"]
            else:
                await self.app(scope, receive, send)  # 405: Allow from the error handler
        elif method == "OPTIONS":
            allowed = allowed_methods(scope)
            if allowed is None:
                await self.app(scope, receive, send)
                return
            await send(
                {
                    "type": "http.response.start",
                    "status": 204,
                    "headers": [(b"allow", ", ".join(allowed).encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
        else:  # writes pass untouched: the hot path pays one comparison
            await self.app(scope, receive, send)

    async def _get(self, scope: Scope, receive: Receive, send: Send, *, head: bool) -> None:
        if_none_match = _header(scope, b"if-none-match")
        if_match = _header(scope, b"if-match")
        held: list[Message] = []
        state = {"mode": "decide"}  # decide → pass (send as is) | drop (body already answered)

        async def answer(start: Message, tag: str) -> None:
            verdict = _evaluate(tag, if_match, if_none_match)
            if verdict == 304:
                headers = [(k, v) for k, v in start.get("headers", []) if k in _NOT_MODIFIED_KEEPS]
                await send({"type": "http.response.start", "status": 304, "headers": headers})
                await send({"type": "http.response.body", "body": b""})
                state["mode"] = "drop"
            elif verdict == 412:
                await _precondition_failed(scope, send, tag)
                state["mode"] = "drop"
            else:
                await send(start)
                state["mode"] = "pass"

        async def sender(message: Message) -> None:
            mode = state["mode"]
            if mode == "drop":
                return
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    state["mode"] = "pass"
                    await send(message)
                    return
                headers = message.get("headers", [])
                tag = next((v for k, v in headers if k == b"etag"), None)
                if tag is not None:
                    await answer(message, tag.decode("latin-1"))
                elif not any(k == b"content-length" for k, _ in headers):
                    # A streamed answer (a file export) has no length up front: send its head at
                    # once rather than hold it for a hash of a body that is not one message.
                    state["mode"] = "pass"
                    await send(message)
                else:
                    held.append(message)  # the tag is the body's hash: wait for the body
                return
            if mode == "pass":
                await send(_bodiless(message) if head else message)
                return
            # mode == decide with a held start: this is the first body message.
            start = held.pop()
            if message["type"] != "http.response.body" or message.get("more_body", False):
                # streamed (or an extension such as pathsend): no hash, no conditional answer
                state["mode"] = "pass"
                await send(start)
                await send(_bodiless(message) if head else message)
                return
            body = message.get("body", b"")
            tag = body_etag(body)
            start["headers"] = [*start.get("headers", []), (b"etag", tag.encode())]
            await answer(start, tag)
            if state["mode"] == "pass":
                await send(_bodiless(message) if head else message)

        await self.app(scope, receive, sender)


def _bodiless(message: Message) -> Message:
    """A body message of a HEAD answer: the same, without the bytes (RFC 9110 §9.3.2)."""
    if message["type"] == "http.response.body":
        return {**message, "body": b""}
    return message


def _evaluate(tag: str, if_match: str | None, if_none_match: str | None) -> int:
    """200, 304 or 412 for a representation tagged ``tag`` (RFC 9110 §13.2.2 order)."""
    if if_match is not None:
        parsed = entity_tags(if_match)
        if parsed is None:
            return 412
        star, tags = parsed
        if not star and not any(not weak and t == tag for weak, t in tags):
            return 412
    if if_none_match is not None:
        parsed = entity_tags(if_none_match)
        if parsed is not None:
            star, tags = parsed
            bare = tag[2:] if tag.startswith("W/") else tag
            if star or any(t == bare for _weak, t in tags):
                return 304
    return 200


async def _precondition_failed(scope: Scope, send: Send, tag: str) -> None:
    body: dict[str, Any] = {
        "type": TYPE_BASE + PreconditionFailed.slug,
        "title": PreconditionFailed.title,
        "status": 412,
        "instance": scope["path"],
        "detail": f"the representation's ETag is {tag}; your If-Match names none of it",
    }
    request_id = scope.get("state", {}).get("request_id")
    if request_id:
        body["request_id"] = request_id
    payload = json.dumps(body, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 412,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(payload)).encode()),
                (b"etag", tag.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})

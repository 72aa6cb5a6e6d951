"""Text in the query string is single-line text, refused with a 422 naming the parameter otherwise.

Request bodies refuse control characters field by field (:mod:`lrc_api.core.text`); a query
parameter would reach the database with them instead — PostgreSQL cannot even compare a text
holding NUL — so every query parameter is held to the same rule here, once, before routing,
and the OpenAPI document states it as the ``pattern`` of every string query parameter
(:func:`lrc_api.core.openapi.finish`).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from lrc_api.core.errors import FieldError, InvalidInput, problem_response
from lrc_api.core.text import SINGLE_LINE_PATTERN

_REFUSED = re.compile("[" + SINGLE_LINE_PATTERN[3:-3] + "]")
"""A character :data:`SINGLE_LINE_PATTERN` refuses (its class, taken from the pattern itself)."""

MESSAGE = "a query parameter is single-line text: control characters and line separators refused"


class QueryTextMiddleware:
    """Refuse a query string whose values hold a character a single-line text may not."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if raw:
            bad = [
                name
                for name, value in parse_qsl(
                    raw.decode("utf-8", "replace"), keep_blank_values=True, errors="replace"
                )
                if _REFUSED.search(value) or _REFUSED.search(name)
            ]
            if bad:
                errors = [FieldError(field=n, message=MESSAGE) for n in bad]
                response = problem_response(
                    Request(scope),
                    status=InvalidInput.status,
                    slug=InvalidInput.slug,
                    title=InvalidInput.title,
                    detail=f"{errors[0].field}: {MESSAGE}",
                    errors=errors,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

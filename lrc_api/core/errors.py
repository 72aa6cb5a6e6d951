"""RFC 9457 problem details: the one way every error leaves the service.

Errors are classes that carry their HTTP status (as in Polar). Raise a :class:`Problem`
subclass from a service or router; the handlers installed by :func:`install_handlers` turn it,
request-validation errors, rules-engine input errors and any unhandled exception into
``application/problem+json`` — the last without a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from lrc_api.core.redaction import redact, redact_value
from lrc_api.core.routes import allowed_methods
from lrc_rules.errors import MissingParameterError, RuleInputError, UnknownPolicyError

log = logging.getLogger("lrc_api.errors")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://lrc.example.cn/problems/"


class FieldError(BaseModel):
    """One field that failed, with the rule it broke."""

    field: str = Field(description="Dotted path of the field, e.g. `events[2].occurred_on`.")
    message: str = Field(description="What is wrong, in plain words.")
    rule: str | None = Field(None, description="The rule or clause the value breaks, if any.")


class ProblemDetail(BaseModel):
    """RFC 9457 problem details as this service sends them."""

    type: str = Field(description="Stable URI naming the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="HTTP status code.")
    detail: str | None = Field(None, description="What happened in this case.")
    instance: str | None = Field(None, description="The request path.")
    request_id: str | None = Field(None, description="The request id (also in X-Request-ID).")
    errors: list[FieldError] | None = Field(None, description="Per-field errors, for validation.")


class Problem(Exception):
    """An error with an HTTP status, rendered as problem+json."""

    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Sequence[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.errors = list(errors) if errors else None
        self.headers = headers or {}
        self.extra = extra or {}


class BadRequest(Problem):
    """400: the request cannot be understood as sent (e.g. a cursor this service never issued)."""

    status = 400
    slug = "bad-request"
    title = "请求有误 (bad request)"

    @classmethod
    def on(cls, field: str, message: str) -> BadRequest:
        """A 400 naming one field."""
        return cls(f"{field}: {message}", errors=[FieldError(field=field, message=message)])


class InvalidInput(Problem):
    """422: the request is well-formed but a value breaks a rule."""

    status = 422
    slug = "validation-error"
    title = "输入有误 (invalid input)"

    @classmethod
    def on(cls, field: str, message: str, rule: str | None = None) -> InvalidInput:
        """A 422 naming one field."""
        return cls(
            f"{field}: {message}", errors=[FieldError(field=field, message=message, rule=rule)]
        )


class NotFound(Problem):
    """404: no such record (or not visible to the caller)."""

    status = 404
    slug = "not-found"
    title = "未找到 (not found)"


class Conflict(Problem):
    """409: the request conflicts with the record's current state."""

    status = 409
    slug = "conflict"
    title = "冲突 (conflict)"


class PreconditionFailed(Problem):
    """412: If-Match does not match the record's current version."""

    status = 412
    slug = "precondition-failed"
    title = "版本不一致 (precondition failed)"


class PreconditionRequired(Problem):
    """428: an update needs If-Match."""

    status = 428
    slug = "precondition-required"
    title = "需要 If-Match (precondition required)"


class Unauthorized(Problem):
    """401: no valid credentials."""

    status = 401
    slug = "unauthorized"
    title = "未认证 (unauthorized)"


class Forbidden(Problem):
    """403: authenticated, but the principal lacks the right."""

    status = 403
    slug = "forbidden"
    title = "无权限 (forbidden)"


class TooManyRequests(Problem):
    """429: slow down."""

    status = 429
    slug = "too-many-requests"
    title = "请求过多 (too many requests)"


class ServiceUnavailable(Problem):
    """503: a dependency (the database) is not ready."""

    status = 503
    slug = "service-unavailable"
    title = "服务不可用 (service unavailable)"


_STATUS_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


_STANDARD_MEMBERS = frozenset({"type", "title", "status", "detail", "instance", "request_id"})
"""Members of every problem body that an ``extra`` cannot override."""


def problem_response(
    request: Request,
    *,
    status: int,
    slug: str,
    title: str,
    detail: str | None = None,
    errors: Sequence[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """Build the problem+json response (the one builder every handler uses).

    Everything but the request id passes through :func:`~lrc_api.core.redaction.redact_value`:
    a path or a message that carries an ID number or a phone (``/v1/coordinators/3708…``,
    ``sort=139…``) leaves masked, whichever handler raised it.
    """
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "instance": request.url.path,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = [e.model_dump(exclude_none=True) for e in errors]
    if extra:
        # Extension members never replace the standard ones (RFC 9457 §3.1): a handler's
        # ``status`` meaning "the case's status" must not turn the HTTP status into a word.
        body.update({k: v for k, v in extra.items() if k not in _STANDARD_MEMBERS})
    body = redact_value(body)
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    if headers:
        headers = {k: redact(v) for k, v in headers.items()}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _loc_to_field(loc: Sequence[Any]) -> str:
    parts = [p for p in loc if p not in ("body", "query", "path", "header")] or list(loc)
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or "body"


def validation_field_errors(exc: RequestValidationError) -> list[FieldError]:
    """Pydantic errors as field errors (without echoing the input: it may hold personal data)."""
    out = []
    for err in exc.errors():
        message = str(err.get("msg", "invalid"))
        if err.get("type") == "string_unicode":  # pydantic's words for an unpaired surrogate
            message = "must be valid Unicode text: it holds an unpaired surrogate"
        out.append(FieldError(field=_loc_to_field(err.get("loc", ())), message=message))
    return out


def _lacks_if_match(exc: RequestValidationError) -> bool:
    return any(
        err.get("type") == "missing" and tuple(err.get("loc", ()))[:2] == ("header", "If-Match")
        for err in exc.errors()
    )


def install_handlers(app: FastAPI) -> None:
    """Make every error a problem+json response."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            request,
            status=exc.status,
            slug=exc.slug,
            title=exc.title,
            detail=exc.detail,
            errors=exc.errors,
            headers=exc.headers,
            extra=exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        if _lacks_if_match(exc):  # RFC 6585: a write that must be conditional is 428, not 422
            return problem_response(
                request,
                status=PreconditionRequired.status,
                slug=PreconditionRequired.slug,
                title=PreconditionRequired.title,
                detail="send If-Match with the ETag of the record you read",
                errors=[FieldError(field="If-Match", message="required")],
            )
        errors = validation_field_errors(exc)
        return problem_response(
            request,
            status=422,
            slug="validation-error",
            title=InvalidInput.title,
            detail="; ".join(f"{e.field}: {e.message}" for e in errors),
            errors=errors,
        )

    @app.exception_handler(RuleInputError)
    async def _rule_input(request: Request, exc: RuleInputError) -> JSONResponse:
        err = FieldError(field=exc.field, message=exc.message, rule=exc.rule)
        return problem_response(
            request,
            status=422,
            slug="validation-error",
            title=InvalidInput.title,
            detail=f"{exc.field}: {exc.message}",
            errors=[err],
        )

    @app.exception_handler(UnknownPolicyError)
    async def _unknown_policy(request: Request, exc: UnknownPolicyError) -> JSONResponse:
        msg = f"unknown policy pack {exc.policy_id!r}; known: {', '.join(exc.known)}"
        return problem_response(
            request,
            status=422,
            slug="unknown-policy",
            title=InvalidInput.title,
            detail=msg,
            errors=[FieldError(field="policy", message=msg)],
        )

    @app.exception_handler(MissingParameterError)
    async def _missing_parameter(request: Request, exc: MissingParameterError) -> JSONResponse:
        msg = str(exc)
        return problem_response(
            request,
            status=422,
            slug="policy-lacks-parameter",
            title=InvalidInput.title,
            detail=msg,
            errors=[FieldError(field="policy", message=msg, rule=exc.path)],
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        headers = dict(exc.headers or {})
        if status == 405:  # every method of the path, not only the first route's
            allowed = allowed_methods(request.scope)
            if allowed is not None:
                headers = {k: v for k, v in headers.items() if k.lower() != "allow"}
                headers["Allow"] = ", ".join(allowed)
        return problem_response(
            request,
            status=status,
            slug=f"http-{status}",
            title=_STATUS_TITLES.get(status, "Error"),
            detail=str(exc.detail) if exc.detail else None,
            headers=headers,
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # Services check uniqueness first and name the field; this is the net under a race
        # between two writers. The transaction was rolled back: nothing was half-written.
        log.info("integrity conflict", extra={"path": request.url.path})
        return problem_response(
            request,
            status=409,
            slug="conflict",
            title=Conflict.title,
            detail="the write conflicts with a record written at the same time; read and retry",
        )

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> JSONResponse:
        return problem_response(
            request,
            status=422,
            slug="validation-error",
            title=InvalidInput.title,
            detail="a value cannot be stored: a number out of range or a NUL character in a text",
        )

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> JSONResponse:
        return problem_response(
            request,
            status=422,
            slug="validation-error",
            title=InvalidInput.title,
            detail="a number is too large",
        )

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect) -> JSONResponse:
        # The client went away (or was cut off for sending too slowly) before its body arrived:
        # nobody reads this answer, and it is no fault of the service.
        log.info("client disconnected", extra={"path": request.url.path})
        return problem_response(
            request, status=400, slug="bad-request", title=BadRequest.title, detail="incomplete"
        )

    @app.exception_handler(Exception)
    async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
        # Log the type only: exception messages can carry request data (personal data).
        log.error(
            "unhandled error",
            extra={"error_type": type(exc).__name__, "path": request.url.path},
        )
        return problem_response(
            request,
            status=500,
            slug="internal-error",
            title="Internal server error",
            detail="An unexpected error occurred; quote the request id when reporting it.",
        )


def problem(description: str) -> dict[str, Any]:
    """An OpenAPI response entry for a problem+json answer (for ``responses=`` declarations)."""
    return {
        "model": ProblemDetail,
        "description": description,
        "content": {
            PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}},
        },
    }


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: problem("Bad request (problem+json)"),
    401: problem("No valid token (problem+json, with WWW-Authenticate)"),
    403: problem("The token lacks a scope or the record is outside your region"),
    404: problem("Not found, or not visible to you"),
    409: problem("Conflicts with the record's state or a unique value"),
    412: problem("If-Match names a version that is no longer current"),
    422: problem("Invalid input: problem+json naming each field and rule"),
    428: problem("If-Match is required"),
    429: problem("Too many requests"),
}
"""The problem+json answers every operation may give, declared app-wide in the OpenAPI."""

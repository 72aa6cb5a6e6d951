"""``Idempotency-Key`` on POST: a retried request gets the first response, never a second row.

The key, the caller, a fingerprint of the request and the response are stored in the same
transaction as the write. Same key and same request → the stored response again (with
``Idempotent-Replayed: true``); same key and another request → 422. Two concurrent requests with
one key: the second's commit hits the unique constraint, rolls back, and replays the first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from fastapi import Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import JSON, Column, UniqueConstraint, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from lrc_api.core.concurrency import etag
from lrc_api.core.errors import Conflict, InvalidInput
from lrc_api.core.models import UtcDateTime, utcnow
from lrc_api.core.principal import Principal
from lrc_api.core.unit_of_work import commit, discard

MAX_KEY_LENGTH = 200
"""Longest Idempotency-Key accepted."""


class IdempotencyRecord(SQLModel, table=True):
    """A POST already answered under an Idempotency-Key."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("subject", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=200)
    key: str = Field(max_length=MAX_KEY_LENGTH)
    fingerprint: str = Field(max_length=64)
    status_code: int
    response: Any = Field(sa_column=Column(JSON, nullable=False))
    headers: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


def idempotency_key(
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        description="Any unique string (a UUID); a retry with the same key returns the first response.",
    ),
) -> str | None:
    """FastAPI dependency: the request's Idempotency-Key, checked for length."""
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= MAX_KEY_LENGTH:
        raise InvalidInput.on("Idempotency-Key", f"must be 1–{MAX_KEY_LENGTH} characters")
    return idempotency_key


Outcome = tuple[int, BaseModel, dict[str, str]]
"""What a write returns: status code, body, extra headers (ETag, Location)."""


def _fingerprint(method: str, path: str, body: BaseModel | None) -> str:
    payload = body.model_dump_json() if body is not None else ""
    return hashlib.sha256(f"{method} {path}\n{payload}".encode()).hexdigest()


def _replay(record: IdempotencyRecord) -> JSONResponse:
    return JSONResponse(
        record.response,
        status_code=record.status_code,
        headers={**record.headers, "Idempotent-Replayed": "true"},
    )


def _find(session: Session, subject: str, key: str) -> IdempotencyRecord | None:
    return session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.subject == subject, IdempotencyRecord.key == key
        )
    ).first()


def _lock_key(session: Session, subject: str, key: str) -> None:
    # Same-key requests queue behind each other until the first commits, so the second one
    # finds the stored answer instead of writing again. SQLite writers are serialised already.
    if session.get_bind().dialect.name == "postgresql":
        digest = hashlib.sha256(f"{subject}\x00{key}".encode()).digest()
        lock = int.from_bytes(digest[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})


def run_idempotent(
    *,
    session: Session,
    principal: Principal,
    key: str | None,
    method: str,
    path: str,
    body: BaseModel | None,
    write: Callable[[], Outcome],
) -> JSONResponse:
    """Run ``write`` once per (caller, key) and commit; replay the stored answer on a retry."""
    fingerprint = _fingerprint(method, path, body)
    if key is not None:
        _lock_key(session, principal.subject, key)
        found = _find(session, principal.subject, key)
        if found is not None:
            if found.fingerprint != fingerprint:
                raise InvalidInput.on(
                    "Idempotency-Key",
                    "was already used for a different request; use a new key for a new request",
                )
            return _replay(found)
    try:
        status, payload, headers = write()
    except IntegrityError:
        # A concurrent writer took a unique value (a code, a number) between our check and insert.
        session.rollback()
        discard(session)
        raise Conflict(
            "the record conflicts with one written at the same time; read and retry"
        ) from None
    content = jsonable_encoder(payload)
    if key is not None:
        session.add(
            IdempotencyRecord(
                subject=principal.subject,
                key=key,
                fingerprint=fingerprint,
                status_code=status,
                response=content,
                headers=headers,
            )
        )
    try:
        commit(session)
    except IntegrityError:
        session.rollback()
        discard(session)
        found = _find(session, principal.subject, key) if key is not None else None
        if found is not None and found.fingerprint == fingerprint:
            return _replay(found)
        raise Conflict("the write conflicts with a record written at the same time") from None
    return JSONResponse(content, status_code=status, headers=headers)


def create_idempotent(
    *,
    session: Session,
    principal: Principal,
    key: str | None,
    request: Request,
    body: BaseModel,
    create: Callable[[], Any],
    show: Callable[[Any], BaseModel],
) -> JSONResponse:
    """The POST that creates a record: 201 with its ETag and Location, once per Idempotency-Key."""

    def write() -> Outcome:
        row = create()
        location = f"{request.url.path.rstrip('/')}/{row.id}"
        return 201, show(row), {"ETag": etag(row.version), "Location": location}

    return run_idempotent(
        session=session,
        principal=principal,
        key=key,
        method="POST",
        path=request.url.path,
        body=body,
        write=write,
    )

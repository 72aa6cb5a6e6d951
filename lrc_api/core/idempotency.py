"""``Idempotency-Key`` on POST: a retried request gets the first response, never a second row.

The caller, a keyed hash of the key, a keyed fingerprint of the request and the response are
stored in the same transaction as the write. Same key and same request → the stored response
again (with ``Idempotent-Replayed: true``); same key and another request → 422. Two concurrent
requests with one key: the second's commit hits the unique constraint, rolls back, and replays
the first.

No personal data at rest in clear: the stored response (a created coordinator, shown unmasked to
a caller with ``pii:read``) is encrypted with the personal-data keys (``core.pii``, AES-256-GCM);
the key and the fingerprint are HMACs, so neither can be reversed by trying ID numbers. A record
answers for ``LRC_IDEMPOTENCY_HOURS`` (24 h): afterwards the key is free again, and expired
records are deleted — by the writes themselves (at most every few minutes per process, through
an index) and by ``lrc purge``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from fastapi import Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Text, UniqueConstraint, delete, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from lrc_api.core import pii
from lrc_api.core.concurrency import etag
from lrc_api.core.errors import Conflict, InvalidInput
from lrc_api.core.models import UtcDateTime, utcnow
from lrc_api.core.principal import Principal
from lrc_api.core.settings import get_settings
from lrc_api.core.unit_of_work import commit, discard

MAX_KEY_LENGTH = 200
"""Longest Idempotency-Key accepted."""

SEALED_FIELD = "idempotency_record.response"
"""Associated data of the encrypted responses (a ciphertext moved elsewhere does not open)."""

PURGE_EVERY_SECONDS = 300
"""How often (at most, per process) a write also deletes expired records."""


class IdempotencyRecord(SQLModel, table=True):
    """A POST already answered under an Idempotency-Key (its response encrypted)."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("subject", "key_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=200)
    key_hash: str = Field(max_length=64)
    fingerprint: str = Field(max_length=64)
    status_code: int
    sealed: str = Field(sa_type=Text)
    """``{"body": …, "headers": …}`` as JSON, encrypted (``core.pii.encrypt``)."""
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)


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
    return pii.keyed_digest(f"{method} {path}\n{payload}", purpose="idempotency.fingerprint")


def _same_request(
    found: IdempotencyRecord, fingerprint: str, method: str, path: str, body: BaseModel | None
) -> bool:
    if found.fingerprint == fingerprint:
        return True
    # Records written before migration 0007 carry a plain SHA-256 fingerprint; they expire
    # within LRC_IDEMPOTENCY_HOURS of the upgrade, and this branch with them.
    payload = body.model_dump_json() if body is not None else ""
    legacy = hashlib.sha256(f"{method} {path}\n{payload}".encode()).hexdigest()
    return found.fingerprint == legacy


def _key_hash(subject: str, key: str) -> str:
    return pii.keyed_digest(f"{subject}\x00{key}", purpose="idempotency.key")


def _seal(content: Any, headers: dict[str, str]) -> str:
    plain = json.dumps({"body": content, "headers": headers}, ensure_ascii=False)
    return pii.encrypt(plain, field=SEALED_FIELD)


def _replay(record: IdempotencyRecord) -> JSONResponse:
    opened = json.loads(pii.decrypt(record.sealed, field=SEALED_FIELD))
    return JSONResponse(
        opened["body"],
        status_code=record.status_code,
        headers={**opened["headers"], "Idempotent-Replayed": "true"},
    )


def window() -> dt.timedelta:
    """How long a stored answer is replayed (``LRC_IDEMPOTENCY_HOURS``)."""
    return dt.timedelta(hours=get_settings().idempotency_hours)


def _find(session: Session, subject: str, key_hash: str) -> IdempotencyRecord | None:
    found = session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.subject == subject, IdempotencyRecord.key_hash == key_hash
        )
    ).first()
    if found is not None and found.created_at < utcnow() - window():
        # Expired: the key is free again (and the old answer goes, so it is not replayed).
        session.delete(found)
        session.flush()
        return None
    return found


def purge_expired(session: Session, now: dt.datetime | None = None) -> int:
    """Delete the records older than the window (no commit); returns how many went."""
    cutoff = (now or utcnow()) - window()
    result = session.execute(
        delete(IdempotencyRecord).where(col(IdempotencyRecord.created_at) < cutoff)
    )
    return int(getattr(result, "rowcount", 0) or 0)


_last_purge = [0.0]


def _purge_now_and_then(session: Session) -> None:
    # Cheap (an index range) and rare; the write's transaction holds the lock anyway.
    if time.monotonic() - _last_purge[0] >= PURGE_EVERY_SECONDS:
        _last_purge[0] = time.monotonic()
        purge_expired(session)


def _lock_key(session: Session, subject: str, key_hash: str) -> None:
    # Same-key requests queue behind each other until the first commits, so the second one
    # finds the stored answer instead of writing again. SQLite writers are serialised already.
    if session.get_bind().dialect.name == "postgresql":
        lock = int(key_hash[:16], 16) - (1 << 63)
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
    key_hash = _key_hash(principal.subject, key) if key is not None else None
    if key_hash is not None:
        _lock_key(session, principal.subject, key_hash)
        found = _find(session, principal.subject, key_hash)
        if found is not None:
            if not _same_request(found, fingerprint, method, path, body):
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
    if key_hash is not None:
        _purge_now_and_then(session)
        session.add(
            IdempotencyRecord(
                subject=principal.subject,
                key_hash=key_hash,
                fingerprint=fingerprint,
                status_code=status,
                sealed=_seal(content, headers),
            )
        )
    try:
        commit(session)
    except IntegrityError:
        session.rollback()
        discard(session)
        found = _find(session, principal.subject, key_hash) if key_hash is not None else None
        if found is not None and _same_request(found, fingerprint, method, path, body):
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

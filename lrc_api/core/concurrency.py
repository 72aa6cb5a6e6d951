"""ETags and If-Match: no lost updates.

Every versioned record's ETag is its version (``"3"``). PATCH and DELETE need ``If-Match``
(428 without it, 412 when it is stale); the write itself is a conditional UPDATE
(``… WHERE id = :id AND version = :expected``), so of two concurrent PATCHes carrying the same
ETag exactly one changes a row and the other gets 412.
"""

from __future__ import annotations

from typing import Any

from fastapi import Header
from sqlalchemy import update
from sqlmodel import Session

from lrc_api.core.errors import PreconditionFailed, PreconditionRequired
from lrc_api.core.models import utcnow


def etag(version: int) -> str:
    """The ETag header value of a record at ``version``."""
    return f'"{version}"'


def if_match(
    if_match: str | None = Header(
        None,
        alias="If-Match",
        description="The ETag of the record you read; required for PATCH and DELETE.",
    ),
) -> int:
    """FastAPI dependency: the version named by If-Match (428 when absent, 412 when malformed)."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired("send If-Match with the ETag of the record you read")
    raw = if_match.strip()
    if raw.startswith("W/"):
        raw = raw[2:]
    raw = raw.strip('"')
    if not raw.isdigit():
        raise PreconditionFailed(f"If-Match {if_match!r} is not an ETag of this service")
    return int(raw)


def conditional_update(
    session: Session, row: Any, *, expected_version: int, changes: dict[str, Any]
) -> None:
    """Apply ``changes`` to ``row`` only if it is still at ``expected_version``; bump the version."""
    model = type(row)
    if row.version != expected_version:
        raise PreconditionFailed(
            f"the record is at version {row.version}, your If-Match names {expected_version}; "
            "read it again and retry"
        )
    values = {**changes, "version": expected_version + 1, "updated_at": utcnow()}
    result = session.execute(
        update(model)
        .where(model.id == row.id, model.version == expected_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise PreconditionFailed("the record changed meanwhile; read it again and retry")
    session.refresh(row)

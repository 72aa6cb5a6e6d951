"""ETags and If-Match: no lost updates.

Every versioned record's ETag is its version (``"3"``). PATCH and DELETE need ``If-Match``
(428 without it, 412 when it names no current tag, RFC 9110 §13.1.1 with strong comparison:
``*`` holds for any existing record, a list holds when one of its tags is current); the write
itself is a conditional UPDATE
(``… WHERE id = :id AND version = :expected``), so of two concurrent PATCHes carrying the same
ETag exactly one changes a row and the other gets 412.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Header
from sqlalchemy import update
from sqlmodel import Session

from lrc_api.core.errors import PreconditionFailed
from lrc_api.core.http import entity_tags
from lrc_api.core.models import utcnow


def etag(version: int) -> str:
    """The ETag header value of a record at ``version``."""
    return f'"{version}"'


IF_MATCH_PATTERN = r'^\s*(\*|(W/)?"[\x21\x23-\x7e]*"(\s*,\s*(W/)?"[\x21\x23-\x7e]*")*)\s*$'
"""``If-Match`` as RFC 9110 §13.1.1 writes it: ``*`` or a list of entity-tags (ASCII)."""


@dataclass(frozen=True)
class IfMatch:
    """The ``If-Match`` precondition of a write, compared strongly (RFC 9110 §13.1.1, §8.8.3.2).

    ``*`` holds for any current record; otherwise one of the strong tags must equal the record's
    ETag character for character: a weak tag (``W/"2"``) never matches, nor does ``"02"``.
    """

    any: bool
    tags: frozenset[str]

    @classmethod
    def exact(cls, version: int) -> IfMatch:
        """The precondition "still at ``version``" (for writes made inside the service)."""
        return cls(any=False, tags=frozenset({etag(version)}))

    def matches(self, version: int) -> bool:
        """Whether a record at ``version`` meets the precondition."""
        return self.any or etag(version) in self.tags

    def require(self, version: int, what: str = "record") -> int:
        """``version`` if the precondition holds for it; 412 naming both tags otherwise."""
        if not self.matches(version):
            raise PreconditionFailed(
                f"the {what} is at ETag {etag(version)}, which your If-Match does not name "
                "(weak W/ tags never match a write); read it again and retry"
            )
        return version


def if_match(
    if_match: str = Header(
        alias="If-Match",
        pattern=IF_MATCH_PATTERN,
        max_length=1024,
        description='The ETag of the record you read (`"3"`), a list of them, or `*`; compared '
        "strongly (a weak `W/` tag never matches). Required: 428 without it, 412 when no tag "
        "is current.",
    ),
) -> IfMatch:
    """FastAPI dependency: the parsed If-Match (its absence is turned into 428 by the handler)."""
    parsed = entity_tags(if_match)
    if parsed is None:  # the pattern admits only what parses; kept for callers outside FastAPI
        raise PreconditionFailed("If-Match is not `*` nor a list of entity-tags")
    star, tags = parsed
    return IfMatch(any=star, tags=frozenset(t for weak, t in tags if not weak))


def conditional_update(
    session: Session, row: Any, *, expected: IfMatch, changes: dict[str, Any]
) -> None:
    """Apply ``changes`` to ``row`` only if ``expected`` holds for it, atomically; bump the version.

    The precondition is checked against the version read, and the UPDATE is conditional on that
    same version, so a write that slipped in between is caught (412) rather than overwritten.
    """
    model = type(row)
    expected_version = expected.require(row.version)
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

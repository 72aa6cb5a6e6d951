"""Field types shared by request models: record ids that fit the id columns, and clean text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import Path
from pydantic import AfterValidator, Field

from lrc_api.core.redaction import find_personal_data

MAX_ID = 2_147_483_647
"""Largest record id (the id columns are 32-bit integers on PostgreSQL)."""

RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A reference to a stored record in a body or query: 1 to MAX_ID."""


def path_id(what: str) -> object:
    """A path parameter holding a record id (1 to MAX_ID), described for the OpenAPI."""
    return Path(ge=1, le=MAX_ID, description=f"{what} id.")


def _no_personal_data(value: str) -> str:
    found = find_personal_data(value)
    if found is not None:
        # The message names what was found, never the value (error bodies and logs are masked
        # anyway, but a message should not need that net).
        raise ValueError(
            f"holds {found} in clear; personal data goes only into the fields made for it "
            "(id_number, phone), which are stored encrypted — leave it out or write it masked "
            "(e.g. 139****0894)"
        )
    return value


FreeText = Annotated[str, AfterValidator(_no_personal_data)]
"""Free text a person writes (a note, a summary, a name): refused while it holds a valid citizen
ID number or mobile number in clear (``core.redaction.find_personal_data``).

Why refuse instead of masking: a silent change of what someone wrote is worse than a clear 422,
and the record, the audit log (which keeps the record before and after) and the change feed's
readers would all hold the clear value otherwise (个人信息保护法 第六条, 最小必要).
"""


def check_nested_text(items: Sequence[Any] | None, attrs: Sequence[str]) -> None:
    """Refuse personal data in free-text attributes of nested items (evidence names, numbers).

    For models shared by requests and responses, where :data:`FreeText` would also check what
    is read back: call it from a ``field_validator`` of the request model. The ValueError names
    the item and attribute (``[2].name``), never the value.
    """
    for i, item in enumerate(items or ()):
        for attr in attrs:
            value = getattr(item, attr, None)
            found = find_personal_data(value) if isinstance(value, str) else None
            if found is not None:
                raise ValueError(
                    f"[{i}].{attr} holds {found} in clear; personal data goes only into the "
                    "fields made for it (id_number, phone), which are stored encrypted"
                )

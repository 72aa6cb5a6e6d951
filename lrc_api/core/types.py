"""Field types shared by request models: record ids that fit the id columns, and clean text."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import Field

MAX_ID = 2_147_483_647
"""Largest record id (the id columns are 32-bit integers on PostgreSQL)."""

RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A reference to a stored record in a body or query: 1 to MAX_ID."""


def path_id(what: str) -> object:
    """A path parameter holding a record id (1 to MAX_ID), described for the OpenAPI."""
    return Path(ge=1, le=MAX_ID, description=f"{what} id.")

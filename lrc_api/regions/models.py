"""The region table: a tree with a materialised path for subtree queries."""

from __future__ import annotations

from sqlmodel import Field

from lrc_api.core.models import Versioned

REGION_KINDS = (
    "county",
    "district",
    "township",
    "subdistrict",
    "park",
    "community",
    "village",
    "domain",
)
"""Kinds of region: 县, 区, 乡镇, 街道, 园区, 社区, 村, and 行业领域专班 (domain task force)."""


class Region(Versioned, table=True):
    """A node of the administrative tree; ``path`` is ``/1/4/9/`` (ids from the root)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200, index=True)
    kind: str = Field(max_length=20, index=True)
    parent_id: int | None = Field(default=None, foreign_key="region.id", index=True)
    path: str = Field(default="/", max_length=400, index=True)

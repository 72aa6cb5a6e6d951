"""The region tree (行政区划与领域): the table every record hangs on, and what points at it.

The tree sits in ``core`` because scoping (``core.scope``) reads it for every request: the
``regions`` domain above holds its HTTP, schemas and writes, never the table itself.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Field, SQLModel

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
    """A node of the administrative tree; ``path`` is ``/1/4/9/`` (ids from the root).

    Ids are never reused, even after a delete (AUTOINCREMENT on SQLite; PostgreSQL sequences
    never go back): a principal or a synchronised copy still naming a deleted region must not
    find a new region under that id.
    """

    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200, index=True)
    kind: str = Field(max_length=20, index=True)
    parent_id: int | None = Field(default=None, foreign_key="region.id", index=True)
    path: str = Field(default="/", max_length=400, index=True)
    policy: str | None = Field(default=None, max_length=64)
    """Policy pack bound to this region and its subtree (null: inherited from the parent, and
    the deployment's default at the root)."""

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this region itself, read from ``path``."""
        return [int(x) for x in self.path.strip("/").split("/") if x]


def find_region(session: Any, value: str) -> Region | None:
    """The region a console option names: by its code (``370830``), else by its id.

    Every ``lrc`` command's ``--region`` reads it so, as ``lrc import coordinators`` always did:
    an operator knows the 行政区划代码, not the database's ids. A code wins over an id.
    """
    from sqlmodel import select

    region = session.exec(select(Region).where(Region.code == value)).first()
    if region is None and value.isdigit():
        region = session.get(Region, int(value))
    return region


def region_dependents() -> list[tuple[Any, Any]]:
    """Every (table, column) that points at a region, except the tree's own parent link.

    Read from the metadata, so it names every table the process has loaded (the app and the
    migrations load all of them) without this module importing the domains above it.
    """
    return [
        (table, column)
        for table in SQLModel.metadata.sorted_tables
        if table.name != "region"
        for column in table.columns
        for fk in column.foreign_keys
        if fk.column.table.name == "region"
    ]


def owned_tables(owner_column: str) -> list[Any]:
    """Tables whose rows belong to an owner through ``owner_column`` and carry a ``region_id``.

    Such rows copy their owner's region so scoping stays one column (activities and assessments
    of a coordinator); read from the metadata, as :func:`region_dependents`.
    """
    return [
        table
        for table in SQLModel.metadata.sorted_tables
        if owner_column in table.columns and "region_id" in table.columns
    ]


FEED_FOLLOWS = "feed_follows"
"""Table ``info`` key naming the column by which a table's rows follow an owner row across
regions in the change feed (a case's timeline entries follow the case)."""


def feed_followers(owner_table: str) -> list[tuple[Any, Any]]:
    """(table, column) of the tables whose rows follow a row of ``owner_table`` in the feed.

    They carry no region of their own: the change feed shows them in their owner's region, so
    when the owner moves they move too. Declared with ``info={FEED_FOLLOWS: "<column>"}``.
    """
    out = []
    for table in SQLModel.metadata.sorted_tables:
        name = table.info.get(FEED_FOLLOWS)
        if name is None:
            continue
        column = table.columns[name]
        if any(fk.column.table.name == owner_table for fk in column.foreign_keys):
            out.append((table, column))
    return out

"""What the demo's parts hand each other: the regions, enterprises, coordinators and principals
made so far, the demo year, and the few values every part writes alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lrc_api.coordinators.models import Coordinator
from lrc_api.core.principal import ROLE_SCOPES, Principal
from lrc_api.core.region_tree import Region
from lrc_api.enterprises.models import Enterprise

DEMO_YEAR = 2025
"""The year the demo's records fill: a whole year, so every quarter, the annual ranking and the
gold selection have their data, and nothing depends on the day the demo is loaded (the early
warning's signals excepted: risk is judged today, see ``lrc_api.demo.risk``)."""


def day(month: int, dom: int, year: int = DEMO_YEAR) -> dt.date:
    """A day of the demo year."""
    return dt.date(year, month, dom)


def evidence(name: str, slug: str) -> list[dict[str, Any]]:
    """One piece of evidence (佐证材料) for a demo record: a named file and a made-up digest."""
    return [{"name": name, "uri": f"demo://evidence/{slug}", "sha256": "0" * 64}]


def office(subject: str, role: str, region: Region | None) -> Principal:
    """A principal acting as a demo office (its audit entries name ``subject``)."""
    return Principal(
        subject=subject,
        kind="user",
        role=role,
        region_id=None if region is None else region.id,
        scopes=ROLE_SCOPES[role],
    )


@dataclass
class Member:
    """A demo coordinator with what the other parts need to give it work."""

    row: Coordinator
    region_key: str
    enterprise_key: str | None
    qualified: bool
    joined_on: dt.date

    @property
    def id(self) -> int:
        """The coordinator's id."""
        return self.row.id or 0


@dataclass
class World:
    """The records made so far, by the demo's own keys (``nanzhan``, ``pujin`` …)."""

    regions: dict[str, Region] = field(default_factory=dict)
    enterprises: dict[str, Enterprise] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)

    def region(self, key: str) -> Region:
        """A region by its demo key."""
        return self.regions[key]

    def under(self, *keys: str) -> list[Member]:
        """The coordinators whose region is one of ``keys`` (enterprise ones included)."""
        return [m for m in self.members if m.region_key in keys]

    def in_jurisdiction(self, root: str) -> list[Member]:
        """The coordinators of a jurisdiction's subtree (``wenshang`` or ``minhang``)."""
        path = self.regions[root].path
        return [m for m in self.members if self.regions[m.region_key].path.startswith(path)]

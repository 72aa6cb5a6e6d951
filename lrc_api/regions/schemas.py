"""Request and response models of regions."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import not_null
from lrc_api.core.text import RequestModel
from lrc_api.core.types import FreeText, RecordId

RegionKind = TypeAliasType(
    "RegionKind",
    Literal[
        "county", "district", "township", "subdistrict", "park", "community", "village", "domain"
    ],
)


class RegionBase(RequestModel):
    """Fields common to region writes."""


class RegionCreate(RegionBase):
    """A new region."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"code": "370830103", "name": "南站镇", "kind": "township", "parent_id": 1}
            ]
        }
    )

    code: str = Field(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="Unique code (e.g. the administrative division code 370830).",
    )
    name: FreeText = Field(
        min_length=1, max_length=200, description="Name, e.g. 汶上县 or 浦锦街道."
    )
    kind: RegionKind = Field(
        description="county, district, township, subdistrict, park, community, village, or domain (行业领域专班)."
    )
    parent_id: RecordId | None = Field(
        None, description="Parent region; null only for a root (admins only)."
    )
    policy: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="Policy pack bound to this region and its subtree (e.g. `pujin-2024`); "
        "null inherits the parent's, and the deployment's default at the root.",
    )


class RegionUpdate(RegionBase):
    """Changes to a region (all optional); moving it changes its subtree's place too."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "南站镇", "policy": "wenshang-2024"}]}
    )

    code: str | None = Field(
        None,
        json_schema_extra=not_null,
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="New unique code.",
    )
    name: FreeText | None = Field(
        None, json_schema_extra=not_null, min_length=1, max_length=200, description="New name."
    )
    kind: RegionKind | None = Field(None, json_schema_extra=not_null, description="New kind.")
    parent_id: RecordId | None = Field(None, description="New parent (moves the subtree).")
    policy: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="Policy pack bound to this region and its subtree; null removes the binding "
        "(the parent's pack applies again).",
    )


class RegionRead(BaseModel):
    """A region as stored, with the policy pack that applies to its records."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 2,
                    "code": "370830103",
                    "name": "南站镇",
                    "kind": "township",
                    "parent_id": 1,
                    "path": "/1/2/",
                    "policy": None,
                    "effective_policy": "wenshang-2024",
                    "version": 1,
                    "created_at": "2025-10-10T02:46:00Z",
                    "updated_at": "2025-10-10T02:46:00Z",
                }
            ]
        }
    )

    id: int = Field(description="Region id.")
    code: str = Field(description="Unique code.")
    name: str = Field(description="Name.")
    kind: RegionKind = Field(description="Kind of region.")
    parent_id: RecordId | None = Field(description="Parent region id.")
    path: str = Field(description="Ids from the root, e.g. /1/4/9/.")
    policy: str | None = Field(
        description="Pack bound to this region itself (null: inherited from above)."
    )
    effective_policy: str = Field(
        description="Pack every computation on this region's records uses: the deepest binding "
        "on its path, else the deployment's default."
    )
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="Created (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")

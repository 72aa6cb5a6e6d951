"""Response models of the audit log and the change feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AuditRead(BaseModel):
    """One audited write."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="Entry id (increasing).")
    at: dt.datetime = Field(description="When (UTC).")
    actor: str = Field(description="Principal that wrote (user:… or client:…).")
    action: str = Field(description="create, update, delete, transition, review …")
    entity: str = Field(description="Kind of record: region, enterprise, coordinator, case …")
    entity_id: int = Field(description="Record id.")
    region_id: int | None = Field(description="Region of the record.")
    request_id: str | None = Field(description="Request id of the write.")
    before: dict[str, Any] | None = Field(description="Record before (personal data masked).")
    after: dict[str, Any] | None = Field(description="Record after (personal data masked).")


class AuditPage(BaseModel):
    """A page of audit entries."""

    items: list[AuditRead] = Field(description="Entries, oldest first.")
    next_after: int | None = Field(
        description="Pass as `after` for the next page; null at the end."
    )


class ChangeRead(BaseModel):
    """One committed change."""

    model_config = ConfigDict(from_attributes=True)

    seq: int = Field(description="Position in commit order; poll with after=<last seq>.")
    at: dt.datetime = Field(description="Commit time (UTC).")
    entity: str = Field(description="Kind of record.")
    entity_id: int = Field(description="Record id.")
    op: str = Field(description="create, update or delete.")
    version: int = Field(description="Record version after the change.")
    region_id: int | None = Field(
        description="The region the record is in after the change (for the removal a move "
        "writes, the region it left; for a region, the region itself); null for records "
        "outside the region tree. Always a region the caller can see."
    )


class ChangePage(BaseModel):
    """A page of the change feed."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "seq": 1,
                            "at": "2025-10-10T02:46:00Z",
                            "entity": "region",
                            "entity_id": 1,
                            "op": "create",
                            "version": 1,
                            "region_id": 1,
                        },
                        {
                            "seq": 2,
                            "at": "2025-10-10T02:46:00Z",
                            "entity": "region",
                            "entity_id": 2,
                            "op": "create",
                            "version": 1,
                            "region_id": 2,
                        },
                    ],
                    "next_after": 2,
                }
            ]
        }
    )

    items: list[ChangeRead] = Field(description="Changes in commit order.")
    next_after: int = Field(
        description="Pass as `after` next time (the last seq seen, or your `after`)."
    )

"""Request and response models of quarterly assessments (基本得分)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from lrc_api.core.schemas import not_null
from lrc_api.core.text import RequestModel
from lrc_api.core.types import FreeText, RecordId

BaseScore = Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)]
"""A base score: a JSON number from 0 up to the policy pack's maximum (30 under wenshang-2024)."""


class AssessmentCreate(RequestModel):
    """A quarterly base score (基本得分) for a coordinator."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "coordinator_id": 12,
                    "year": 2025,
                    "quarter": 3,
                    "base_score": 26.5,
                    "note": "日常工作扎实，政策掌握熟练",
                }
            ]
        }
    )

    coordinator_id: RecordId = Field(description="The coordinator assessed (not yourself).")
    year: int = Field(ge=1, le=9998, description="Calendar year.")
    quarter: int = Field(ge=1, le=4, description="Quarter: 1 = January–March … 4; begun already.")
    base_score: BaseScore = Field(
        description="基本得分: 0 to the pack's `scoring.base.max` (30 under wenshang-2024, 附件1 8.3)."
    )
    note: FreeText | None = Field(None, max_length=500, description="The assessor's remarks.")


class AssessmentUpdate(RequestModel):
    """Changes to an assessment (all optional); you become its assessor."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"base_score": 27, "note": "复核后上调0.5分"}]}
    )

    base_score: BaseScore | None = Field(
        None, json_schema_extra=not_null, description="New base score (0 to the pack's max)."
    )
    note: FreeText | None = Field(
        None, max_length=500, description="New remarks; null clears them."
    )


class AssessmentRead(BaseModel):
    """An assessment as stored."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "coordinator_id": 1,
                    "region_id": 2,
                    "year": 2025,
                    "quarter": 3,
                    "base_score": 26.5,
                    "assessor": "user:county-admin",
                    "note": "日常工作扎实，政策掌握熟练",
                    "import_id": None,
                    "source": None,
                    "version": 1,
                    "created_at": "2025-10-10T02:46:01Z",
                    "updated_at": "2025-10-10T02:46:01Z",
                }
            ]
        },
        from_attributes=True,
    )

    id: int = Field(description="Assessment id.")
    coordinator_id: int = Field(description="The coordinator assessed.")
    region_id: int = Field(description="The coordinator's region (scoping).")
    year: int = Field(description="Calendar year.")
    quarter: int = Field(description="Quarter 1–4.")
    base_score: int | float = Field(description="基本得分.")
    assessor: str = Field(description="Who gave the score (principal subject).")
    note: str | None = Field(description="The assessor's remarks.")
    import_id: int | None = Field(
        None, description="The ledger import that recorded it (台账导入), if one did."
    )
    source: str | None = Field(
        None, description="For an imported base score: the file, sheet and cell it came from."
    )
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="Created (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")

"""Request and response models of enterprises."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from lrc_api.core.schemas import not_null
from lrc_api.core.text import RequestModel
from lrc_api.core.types import FreeText, RecordId


class EnterpriseCreate(RequestModel):
    """A new enterprise."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "region_id": 2,
                    "uscc": "91370830MA3C5K7Q2P",
                    "name": "汶上县鲁泰纺织服装有限公司",
                    "industry": "industry",
                    "employees": 320,
                    "revenue_10k_yuan": 18500,
                    "total_assets_10k_yuan": 12600,
                }
            ]
        }
    )

    region_id: RecordId = Field(description="Region the enterprise is registered in.")
    uscc: str = Field(
        min_length=18,
        max_length=18,
        description="Unified social credit code (GB 32100), 18 characters.",
    )
    name: FreeText = Field(min_length=1, max_length=200, description="Registered name.")
    industry: str = Field(
        min_length=1,
        max_length=40,
        description="Industry key of the 2017 size table (e.g. industry, retail, construction).",
    )
    employees: int | None = Field(None, ge=0, le=10_000_000, description="从业人员 (persons).")
    revenue_10k_yuan: float | None = Field(None, ge=0, le=1e12, description="营业收入 (万元).")
    total_assets_10k_yuan: float | None = Field(None, ge=0, le=1e12, description="资产总额 (万元).")


class EnterpriseUpdate(RequestModel):
    """Changes to an enterprise (all optional); the size class is recomputed."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"employees": 356, "revenue_10k_yuan": 21300}]}
    )

    region_id: RecordId | None = Field(
        None, json_schema_extra=not_null, description="New region (inside your region)."
    )
    name: FreeText | None = Field(
        None, json_schema_extra=not_null, min_length=1, max_length=200, description="New name."
    )
    industry: str | None = Field(
        None,
        json_schema_extra=not_null,
        min_length=1,
        max_length=40,
        description="New industry key.",
    )
    employees: int | None = Field(None, ge=0, le=10_000_000, description="从业人员 (persons).")
    revenue_10k_yuan: float | None = Field(None, ge=0, le=1e12, description="营业收入 (万元).")
    total_assets_10k_yuan: float | None = Field(None, ge=0, le=1e12, description="资产总额 (万元).")


class EnterpriseRead(BaseModel):
    """An enterprise as stored, with its size class."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "region_id": 2,
                    "uscc": "91370830MA3C5K7Q2P",
                    "name": "汶上县鲁泰纺织服装有限公司",
                    "industry": "industry",
                    "employees": 320,
                    "revenue_10k_yuan": 18500.0,
                    "total_assets_10k_yuan": 12600.0,
                    "size": "medium",
                    "version": 1,
                    "created_at": "2025-10-10T02:46:00Z",
                    "updated_at": "2025-10-10T02:46:00Z",
                }
            ]
        },
        from_attributes=True,
    )

    id: int = Field(description="Enterprise id.")
    region_id: RecordId = Field(description="Region id.")
    uscc: str = Field(description="Unified social credit code.")
    name: str = Field(description="Name.")
    industry: str = Field(description="Industry key.")
    employees: int | None = Field(description="从业人员.")
    revenue_10k_yuan: float | None = Field(description="营业收入 (万元).")
    total_assets_10k_yuan: float | None = Field(description="资产总额 (万元).")
    size: str | None = Field(
        description="large, medium, small or micro (统计上大中小微型企业划分办法 2017); null while an indicator the industry needs is missing."
    )
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="Created (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")

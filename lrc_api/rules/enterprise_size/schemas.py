"""Request and response models of the enterprise-size calculator (统计上大中小微型企业划分)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import JsonInt, PolicyId, TraceStep
from lrc_api.core.text import RequestModel

Size = TypeAliasType("EnterpriseSize", Literal["large", "medium", "small", "micro"])
"""Size class: 大型, 中型, 小型, 微型."""

INDUSTRY_DESCRIPTION = (
    "Industry key of the 2017 table: agriculture, industry, construction, wholesale, retail, "
    "transport, warehousing, postal, accommodation, catering, information_transmission, "
    "software_it, real_estate_development, property_management, leasing_business_services, "
    "other (GET /v1/rules/enterprise-size/industries lists the pack's keys and names)."
)
"""How the request describes `industry` (the keys come from the pack, so it is a string)."""


class EnterpriseMetricsIn(RequestModel):
    """An enterprise's industry and indicators; give those its industry row uses."""

    model_config = ConfigDict(extra="forbid")

    industry: str = Field(min_length=1, max_length=64, description=INDUSTRY_DESCRIPTION)
    employees: JsonInt | None = Field(
        None, strict=True, ge=0, le=10_000_000, description="从业人员 X: persons employed."
    )
    revenue_10k_yuan: float | None = Field(
        None, ge=0, le=1e12, allow_inf_nan=False, description="营业收入 Y: operating revenue, 万元."
    )
    total_assets_10k_yuan: float | None = Field(
        None, ge=0, le=1e12, allow_inf_nan=False, description="资产总额 Z: total assets, 万元."
    )


class EnterpriseSizeRequest(EnterpriseMetricsIn):
    """An enterprise to classify, and optionally the policy pack to use."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"industry": "industry", "employees": 320, "revenue_10k_yuan": 18500}]
        }
    )

    policy: PolicyId = None


class EnterpriseSizeResponse(BaseModel):
    """The size class and the table row that decided it."""

    policy: str = Field(description="The policy pack used.")
    rules_version: str = Field(description="Version of the rules code.")
    size: Size = Field(description="Size class.")
    industry: str = Field(description="Industry key of the row used.")
    industry_name: str = Field(description="Name of the row, e.g. 工业.")
    trace: list[TraceStep] = Field(description="The steps of the classification, in order.")


class IndustryOut(BaseModel):
    """One row of the size table."""

    key: str = Field(description="Industry key to send as `industry`.")
    name: str = Field(description="Industry name as the table gives it.")
    indicators: list[str] = Field(description="Indicators the row needs.")


class IndustriesResponse(BaseModel):
    """The industries the pack's size table has."""

    policy: str = Field(description="The policy pack used.")
    industries: list[IndustryOut] = Field(description="Rows of the table, sorted by key.")

"""Request and response models of the staffing-minimum calculator (人员配备)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import IsoDate, JsonInt, PolicyId, TraceStep
from lrc_api.core.text import RequestModel
from lrc_api.rules.enterprise_size.schemas import EnterpriseMetricsIn, Size
from lrc_rules.staffing import StaffingResult

EnterpriseLoad = TypeAliasType("EnterpriseLoad", Literal["many", "few"])
"""Whether a park or township has many or few enterprises (企业较多/较少), which sets its minimum."""

UnitKind = TypeAliasType(
    "StaffingUnitKind",
    Literal["enterprise", "park", "township", "subdistrict", "community", "village"],
)
"""Kind of unit: 企业, 工业园区, 乡镇, 街道, 社区, 村."""

Count = JsonInt | None
"""A head count, when known."""


class StaffingUnitIn(RequestModel):
    """One unit of the region; give what its kind needs under the pack (the error names it)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(
        min_length=1, max_length=100, description="The unit's id (unique in the request)."
    )
    kind: UnitKind = Field(description="Kind of unit.")
    coordinators: JsonInt = Field(strict=True, ge=0, le=100_000, description="Coordinators it has.")
    size: Size | None = Field(None, description="Enterprise size class, if known.")
    metrics: EnterpriseMetricsIn | None = Field(
        None, description="Enterprise indicators, classified when no size is given."
    )
    enterprise_count: Count = Field(
        None, strict=True, ge=0, le=10_000_000, description="Enterprises in a park or township."
    )
    enterprise_load: EnterpriseLoad | None = Field(
        None, description="Whether a park or township has many (企业数较多) or few enterprises."
    )
    qualified: Count = Field(
        None, strict=True, ge=0, le=100_000, description="Staff qualified in coordination (资质)."
    )
    platform_covered: bool | None = Field(
        None, strict=True, description="A micro enterprise covered by the township platform."
    )
    existing_inspection_assistants: Count = Field(
        None, strict=True, ge=0, le=100_000, description="Existing 劳动保障监察协管员 (Minhang)."
    )
    existing_mediators: Count = Field(
        None, strict=True, ge=0, le=100_000, description="Existing 劳动争议调解员 (Minhang)."
    )
    approved_headcount: Count = Field(
        None,
        strict=True,
        ge=0,
        le=100_000,
        description="Headcount the district approved (核定人数, Minhang 二(一)3); a minimum there.",
    )


class StaffingRequest(RequestModel):
    """The units of a region and the pack whose minimums apply."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "policy": "zhejiang-2023",
                    "units": [
                        {
                            "id": "鲁泰纺织",
                            "kind": "enterprise",
                            "coordinators": 1,
                            "metrics": {
                                "industry": "industry",
                                "employees": 1200,
                                "revenue_10k_yuan": 50000,
                            },
                        },
                        {
                            "id": "南站镇工业园区",
                            "kind": "park",
                            "coordinators": 2,
                            "enterprise_load": "many",
                        },
                        {"id": "后楼村", "kind": "village", "coordinators": 0},
                    ],
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    as_of: IsoDate | None = Field(
        None, description="Day whose pack values apply (YYYY-MM-DD); needed for dated targets."
    )
    units: list[StaffingUnitIn] = Field(min_length=1, max_length=10_000, description="The units.")


class UnitStaffingOut(BaseModel):
    """One unit's requirement and shortfall."""

    id: str = Field(description="The unit's id.")
    kind: UnitKind = Field(description="Kind of unit.")
    size: Size | None = Field(description="Enterprise size used (given or classified).")
    required: int = Field(description="Coordinators required (the highest applicable minimum).")
    actual: int = Field(description="Coordinators it has.")
    shortfall: int = Field(description="Coordinators missing (0 when met or platform-covered).")
    qualified_required: int | None = Field(
        description="Qualified staff required, if a rule sets it."
    )
    qualified_recommended: int | None = Field(description="Qualified staff recommended, if set.")
    qualified_actual: int | None = Field(description="Qualified staff it has (when required).")
    qualified_shortfall: int | None = Field(description="Qualified staff missing (when required).")
    met_by_platform: bool = Field(
        description="Requirement met by the township platform's coverage."
    )
    citation: str | None = Field(description="Document and clause of the binding minimum.")
    notes: list[str] = Field(description="Each minimum that applied, and remarks.")


class StaffingResponse(BaseModel):
    """Every unit's staffing and the region's totals."""

    policy: str = Field(description="The policy pack used.")
    rules_version: str = Field(description="Version of the rules code.")
    units: list[UnitStaffingOut] = Field(description="Units in request order.")
    total_required: int = Field(description="Sum of required coordinators.")
    total_actual: int = Field(description="Sum of coordinators present.")
    total_shortfall: int = Field(description="Sum of the shortfalls.")
    total_qualified_shortfall: int = Field(description="Sum of the qualified-staff shortfalls.")
    trace: list[TraceStep] = Field(description="The steps of the assessment, in order.")

    @classmethod
    def of(cls, result: StaffingResult) -> StaffingResponse:
        """The response form of a staffing assessment by lrc_rules."""
        return cls(
            policy=result.policy,
            rules_version=result.rules_version,
            units=[
                UnitStaffingOut(
                    id=u.id,
                    kind=u.kind,  # type: ignore[arg-type]
                    size=u.size,  # type: ignore[arg-type]
                    required=u.required,
                    actual=u.actual,
                    shortfall=u.shortfall,
                    qualified_required=u.qualified_required,
                    qualified_recommended=u.qualified_recommended,
                    qualified_actual=u.qualified_actual,
                    qualified_shortfall=u.qualified_shortfall,
                    met_by_platform=u.met_by_platform,
                    citation=str(u.citation) if u.citation else None,
                    notes=list(u.notes),
                )
                for u in result.units
            ],
            total_required=result.total_required,
            total_actual=result.total_actual,
            total_shortfall=result.total_shortfall,
            total_qualified_shortfall=result.total_qualified_shortfall,
            trace=[TraceStep(**s.as_dict()) for s in result.trace],
        )

"""Request and response models of the staffing basis records and the region staffing view."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import CitationOut, IsoDate, TraceStep
from lrc_api.core.text import RequestModel
from lrc_api.core.types import FreeText, RecordId
from lrc_api.rules.staffing.schemas import EnterpriseLoad as RulesEnterpriseLoad

EnterpriseLoad = RulesEnterpriseLoad
"""Whether an area has many (企业数较多) or few (企业数较少) enterprises, 浙人社发〔2023〕18号 二(一):
the calculator's named enumeration, so clients get one type for both."""

StaffingStatus = TypeAliasType(
    "StaffingStatus", Literal["assessed", "incomplete", "not_applicable"]
)
"""assessed; incomplete (inputs missing: ``required`` is a lower bound, ``missing`` says what to
record); not_applicable (the unit's pack sets no minimum for it)."""

Headcount = int | None


class StaffingBasisCreate(RequestModel):
    """What a township, sub-district or park's staffing is judged on, from a day on."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "region_id": 3,
                    "effective_from": "2025-01-01",
                    "approved_headcount": 6,
                    "approval_ref": "汶人社字〔2025〕3号",
                    "existing_inspection_assistants": 2,
                    "existing_mediators": 3,
                    "enterprise_load": "many",
                    "note": "南站镇工业园区企业较多，按核定人数配备",
                }
            ]
        }
    )

    region_id: RecordId = Field(description="The township, sub-district or park (in your region).")
    effective_from: IsoDate = Field(
        description="Day these figures hold from (e.g. the day the district approved them); the "
        "latest one on or before a day is the one that counts."
    )
    approved_headcount: Headcount = Field(
        None,
        ge=0,
        le=100_000,
        description="Coordinators the district bureau approved for it (核定人数, 闵人社发〔2023〕55号 "
        "二(一)3); under a pack that makes it binding it is a minimum.",
    )
    approval_ref: str | None = Field(
        None, min_length=1, max_length=100, description="The approval's document number, if any."
    )
    existing_inspection_assistants: Headcount = Field(
        None,
        ge=0,
        le=100_000,
        description="Labor-inspection assistants it had (现有从事劳动保障监察协管工作人员), 二(一)3.",
    )
    existing_mediators: Headcount = Field(
        None,
        ge=0,
        le=100_000,
        description="Dispute mediators it had (现有从事调解工作人员); with the assistants, a floor.",
    )
    enterprise_load: EnterpriseLoad | None = Field(
        None,
        description="Whether it has many or few enterprises (浙人社发〔2023〕18号 二(一)); left out, the "
        "pack's threshold over its stored enterprises decides.",
    )
    note: FreeText | None = Field(None, max_length=500, description="Remarks.")


class StaffingBasisUpdate(RequestModel):
    """Changes to a staffing basis (all optional; null clears a figure)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"approved_headcount": 7, "approval_ref": "汶人社字〔2025〕11号"},
                {"enterprise_load": None, "note": "企业数按库内企业由政策包阈值判定"},
            ]
        }
    )

    effective_from: IsoDate | None = Field(None, description="New first day.")
    approved_headcount: Headcount = Field(None, ge=0, le=100_000, description="核定人数.")
    approval_ref: FreeText | None = Field(None, min_length=1, max_length=100, description="文号.")
    existing_inspection_assistants: Headcount = Field(
        None, ge=0, le=100_000, description="Existing labor-inspection assistants."
    )
    existing_mediators: Headcount = Field(
        None, ge=0, le=100_000, description="Existing dispute mediators."
    )
    enterprise_load: EnterpriseLoad | None = Field(None, description="many or few.")
    note: FreeText | None = Field(None, max_length=500, description="Remarks.")


class StaffingBasisRead(BaseModel):
    """A staffing basis as stored."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="Staffing basis id.")
    region_id: int = Field(description="The township, sub-district or park.")
    effective_from: dt.date = Field(description="Day the figures hold from.")
    approved_headcount: int | None = Field(description="核定人数.")
    approval_ref: str | None = Field(description="The approval's document number.")
    existing_inspection_assistants: int | None = Field(
        description="Existing inspection assistants."
    )
    existing_mediators: int | None = Field(description="Existing dispute mediators.")
    enterprise_load: EnterpriseLoad | None = Field(description="many or few enterprises.")
    note: str | None = Field(description="Remarks.")
    created_by: str = Field(description="Who recorded it.")
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="Recorded (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")


# --- the view -----------------------------------------------------------------------------------


class MinimumOut(BaseModel):
    """One minimum that applies to a unit."""

    rule: str = Field(
        description="Which: enterprise, area, community, township_floor, "
        "approved_headcount, qualified_minimum or headcount."
    )
    required: int = Field(description="Coordinators it requires.")
    citation: CitationOut = Field(description="Where it is written.")
    note: str = Field(description="How it applied, e.g. 'medium enterprise: at least 2'.")


class QualifiedOut(BaseModel):
    """Staff qualified in labor-relations coordination (有劳动关系协调资质: hold a certificate)."""

    actual: int = Field(description="Coordinators of the unit holding a certificate.")
    required: int | None = Field(description="Qualified staff required, where a rule sets it.")
    recommended: int | None = Field(description="Qualified staff recommended, where set.")
    shortfall: int | None = Field(description="Qualified staff missing (when required).")
    citation: CitationOut | None = Field(description="The rule that requires them.")


class CoverageOut(BaseModel):
    """Enterprise coverage (按企业数量比例, 浙人社发〔2023〕18号 三(一)) of an area or a roll-up."""

    enterprises: int = Field(description="Enterprises stored in it.")
    enterprises_covered: int = Field(
        description="Of them, with a coordinator of their own or, micro ones, the platform's cover."
    )
    coordinators: int = Field(description="Active coordinators in it (every kind).")
    coordinators_per_enterprise: float | None = Field(
        description="Coordinators per enterprise (4 places); null without enterprises."
    )
    share_covered: float | None = Field(description="enterprises_covered / enterprises.")
    citation: CitationOut | None = Field(description="The clause that uses the measure, if any.")
    note: str = Field(description="How to read it.")


class UnitStaffingRead(BaseModel):
    """One unit (an enterprise, park, township, sub-district, community or village)."""

    id: str = Field(description="`enterprise:<id>` or `region:<id>`.")
    kind: str = Field(description="enterprise, park, township, subdistrict, community or village.")
    name: str = Field(description="The enterprise's or region's name.")
    region_id: int = Field(description="The region it lies in (itself for a region unit).")
    enterprise_id: int | None = Field(description="For an enterprise unit: the enterprise.")
    policy: str = Field(description="The pack judged under (the region's, or the one named).")
    status: StaffingStatus = Field(description="assessed, incomplete or not_applicable.")
    size: str | None = Field(description="Enterprise size class used.")
    required: int | None = Field(
        description="Coordinators required (the highest minimum); a lower bound when incomplete; "
        "null when the pack sets no minimum."
    )
    actual: int = Field(description="Active coordinators attached to the unit.")
    shortfall: int | None = Field(description="required − actual, at least 0; null when no rule.")
    citation: CitationOut | None = Field(description="The binding minimum's clause.")
    minimums: list[MinimumOut] = Field(description="Every minimum that applied.")
    qualified: QualifiedOut = Field(description="Qualified staff: actual, required, shortfall.")
    met_by_platform: bool = Field(
        description="A micro enterprise without a coordinator covered by its area's platform."
    )
    coverage: CoverageOut | None = Field(description="For a park or township: enterprise coverage.")
    missing: list[str] = Field(description="What to record for a complete answer, and where.")
    notes: list[str] = Field(description="Each minimum that applied, and remarks.")


class RollupRead(BaseModel):
    """A region's units added up (the region asked for, and each park and township in it)."""

    region_id: int = Field(description="The region.")
    name: str = Field(description="Its name.")
    kind: str = Field(description="Its kind.")
    policy: str = Field(description="Its pack.")
    units: int = Field(description="Units in it.")
    incomplete: int = Field(description="Of them, incomplete (required is then a lower bound).")
    required: int = Field(description="Sum of the units' required coordinators.")
    actual: int = Field(description="Sum of the units' coordinators.")
    shortfall: int = Field(description="Sum of the units' shortfalls.")
    qualified_required: int = Field(description="Sum of qualified staff required.")
    qualified_actual: int = Field(description="Qualified coordinators in its units.")
    qualified_shortfall: int = Field(description="Sum of the qualified-staff shortfalls.")
    coverage: CoverageOut = Field(description="Enterprise coverage over the whole region.")


class RegionStaffingRead(BaseModel):
    """A region's staffing (人员配备) from its stored records, per unit and rolled up."""

    region_id: int = Field(description="The region asked for.")
    region_name: str = Field(description="Its name.")
    as_of: dt.date = Field(description="The day judged (today): pack values and bases in force.")
    policy: str = Field(description="The region's pack (or the one the request named).")
    rules_version: str = Field(description="Version of the rules engine.")
    applicable: bool = Field(
        description="Whether any unit's pack sets staffing minimums; false: see reason."
    )
    reason: str | None = Field(description="Why nothing is required, when applicable is false.")
    units: list[UnitStaffingRead] = Field(
        description="Enterprises, then areas and communities, by id."
    )
    rollups: list[RollupRead] = Field(
        description="The region asked for first, then each park, township and sub-district in it."
    )
    trace: list[TraceStep] = Field(description="The rules' steps, per pack, in order.")

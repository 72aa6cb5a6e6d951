"""Request and response models of coordinators (one 台账 row each)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import IsoDate, not_null
from lrc_api.core.text import RequestModel
from lrc_api.core.types import FreeText, RecordId, check_nested_text
from lrc_api.rules.money.schemas import EmploymentIdentity
from lrc_api.rules.qualification.schemas import CertificateKind, EducationLevel, EducationStatus

CoordinatorType = TypeAliasType(
    "CoordinatorType",
    Literal[
        "enterprise_fulltime",
        "township",
        "park_building_district",
        "community",
        "labor_inspection_grid",
        "industry_association",
        "legal_services",
        "project_wage_officer",
        "department",
        "other",
    ],
)
"""协调员类型: enterprise full-time, township, park/building/district, community, labor-inspection grid, industry association, legal services, project wage officer, department, other."""

CoordinatorStatus = TypeAliasType("CoordinatorStatus", Literal["active", "left"])
"""在岗 (active) or 离岗 (left): a coordinator who left keeps the ledger row."""


class Certificate(BaseModel):
    """A qualification certificate (职业资格/技能等级证书): level 1–4, or a 预备技师 certificate."""

    model_config = ConfigDict(extra="forbid")

    level: int | None = Field(
        None,
        ge=1,
        le=4,
        description="Level 4 (四级) … 1 (一级); null for a preparatory-technician certificate.",
    )
    kind: CertificateKind = Field(
        "level", description="`level`, or `preparatory_technician` (预备技师)."
    )
    obtained_on: IsoDate = Field(description="Date obtained.")
    number: str | None = Field(None, max_length=60, description="Certificate number.")

    @model_validator(mode="after")
    def _level_matches_kind(self) -> Certificate:
        if self.kind == "level" and self.level is None:
            raise ValueError("a level certificate needs `level` (1–4)")
        if self.kind == "preparatory_technician" and self.level is not None:
            raise ValueError("a preparatory-technician certificate has no `level`")
        return self


class CertificateInput(Certificate, RequestModel):
    """A certificate as a request sends it: clean text only (``Certificate`` also reads old rows)."""


class CoordinatorCreate(RequestModel):
    """A new coordinator (a new ledger row)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "region_id": 2,
                    "name": "王秀兰",
                    "id_number": "370830198805123625",
                    "phone": "13905378812",
                    "coordinator_type": "township",
                    "employment_identity": "community_worker",
                    "education_level": "bachelor",
                    "education_status": "graduated",
                    "major_related": True,
                    "work_unit": "南站镇劳动保障事务所",
                    "post": "劳动关系协调员",
                    "labor_work_started_on": "2016-03-01",
                    "joined_on": "2019-05-20",
                    "certificates": [
                        {
                            "level": 3,
                            "kind": "level",
                            "obtained_on": "2021-11-15",
                            "number": "S000037080005213000123",
                        }
                    ],
                    "note": "联系南站镇工业园区企业",
                }
            ]
        }
    )

    region_id: RecordId = Field(description="Region (乡镇/街道/领域) the coordinator belongs to.")
    enterprise_id: RecordId | None = Field(
        None, description="Enterprise, for enterprise coordinators."
    )
    name: FreeText = Field(min_length=1, max_length=100, description="姓名.")
    id_number: str = Field(
        min_length=15,
        max_length=18,
        description="身份证号码 (GB 11643, 18 characters); stored encrypted.",
    )
    phone: str | None = Field(
        None,
        min_length=11,
        max_length=11,
        description="联系方式: mainland mobile number; stored encrypted.",
    )
    coordinator_type: CoordinatorType = Field(description="协调员类型.")
    employment_identity: EmploymentIdentity = Field(
        description="Employment identity (for the case subsidy)."
    )
    education_level: EducationLevel = Field(description="学历.")
    education_status: EducationStatus = Field(
        "graduated", description="Graduated, graduating this year, or enrolled."
    )
    major_related: bool = Field(
        False, description="Whether the major is this or a related one (本专业或相关专业)."
    )
    work_unit: FreeText = Field(min_length=1, max_length=200, description="工作单位.")
    post: FreeText | None = Field(None, max_length=100, description="职务.")
    labor_work_started_on: IsoDate | None = Field(
        None, description="Start of labor-relations work (从事协调劳动关系工作年限 is derived)."
    )
    certificates: list[CertificateInput] = Field(
        default_factory=list, max_length=20, description="Certificates held."
    )
    joined_on: IsoDate | None = Field(None, description="Date joined the team.")
    note: FreeText | None = Field(None, max_length=500, description="备注.")

    @field_validator("certificates")
    @classmethod
    def _no_personal_data_in_numbers(cls, v: list[CertificateInput]) -> list[CertificateInput]:
        check_nested_text(v, ("number",))
        return v


class CoordinatorUpdate(RequestModel):
    """Changes to a coordinator (all optional). `status: left` needs `left_on`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"status": "left", "left_on": "2025-06-30", "note": "调任县人社局"}]
        }
    )

    region_id: RecordId | None = Field(
        None, json_schema_extra=not_null, description="New region (inside your region)."
    )
    enterprise_id: RecordId | None = Field(None, description="New enterprise.")
    name: FreeText | None = Field(
        None, json_schema_extra=not_null, min_length=1, max_length=100, description="姓名."
    )
    id_number: str | None = Field(
        None, json_schema_extra=not_null, min_length=15, max_length=18, description="身份证号码."
    )
    phone: str | None = Field(None, min_length=11, max_length=11, description="Mobile number.")
    coordinator_type: CoordinatorType | None = Field(
        None, json_schema_extra=not_null, description="协调员类型."
    )
    employment_identity: EmploymentIdentity | None = Field(
        None, json_schema_extra=not_null, description="Employment identity."
    )
    education_level: EducationLevel | None = Field(
        None, json_schema_extra=not_null, description="学历."
    )
    education_status: EducationStatus | None = Field(
        None, json_schema_extra=not_null, description="Education status."
    )
    major_related: bool | None = Field(
        None, json_schema_extra=not_null, description="Major is this or a related one."
    )
    work_unit: FreeText | None = Field(
        None, json_schema_extra=not_null, min_length=1, max_length=200, description="工作单位."
    )
    post: FreeText | None = Field(None, max_length=100, description="职务.")
    labor_work_started_on: IsoDate | None = Field(
        None, description="Start of labor-relations work."
    )
    certificates: list[CertificateInput] | None = Field(
        None, max_length=20, description="Certificates held (replaces the list)."
    )
    status: CoordinatorStatus | None = Field(
        None, json_schema_extra=not_null, description="active or left."
    )
    joined_on: IsoDate | None = Field(None, description="Date joined.")
    left_on: IsoDate | None = Field(None, description="Date left (with status left).")
    note: FreeText | None = Field(None, max_length=500, description="备注.")

    @field_validator("certificates")
    @classmethod
    def _no_personal_data_in_numbers(
        cls, v: list[CertificateInput] | None
    ) -> list[CertificateInput] | None:
        check_nested_text(v, ("number",))
        return v


class CoordinatorRead(BaseModel):
    """A coordinator; `id_number` and `phone` are masked unless you hold `pii:read`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "region_id": 2,
                    "enterprise_id": None,
                    "name": "王秀兰",
                    "id_number": "370830********3625",
                    "phone": "139****8812",
                    "pii_masked": True,
                    "coordinator_type": "township",
                    "employment_identity": "community_worker",
                    "education_level": "bachelor",
                    "education_status": "graduated",
                    "major_related": True,
                    "work_unit": "南站镇劳动保障事务所",
                    "post": "劳动关系协调员",
                    "labor_work_started_on": "2016-03-01",
                    "labor_work_years": 10,
                    "certificates": [
                        {
                            "level": 3,
                            "kind": "level",
                            "obtained_on": "2021-11-15",
                            "number": "S000037080005213000123",
                        }
                    ],
                    "status": "active",
                    "joined_on": "2019-05-20",
                    "left_on": None,
                    "note": "联系南站镇工业园区企业",
                    "version": 1,
                    "created_at": "2025-10-10T02:46:00Z",
                    "updated_at": "2025-10-10T02:46:00Z",
                }
            ]
        }
    )

    id: int = Field(description="Coordinator id.")
    region_id: RecordId = Field(description="Region id.")
    enterprise_id: RecordId | None = Field(description="Enterprise id.")
    name: str = Field(description="姓名.")
    id_number: str = Field(
        description="身份证号码, masked (first 6 + 8 stars + last 4) without pii:read."
    )
    phone: str | None = Field(
        description="Mobile number, masked (first 3 + 4 stars + last 4) without pii:read."
    )
    pii_masked: bool = Field(description="Whether id_number and phone are masked in this response.")
    coordinator_type: CoordinatorType = Field(description="协调员类型.")
    employment_identity: EmploymentIdentity = Field(description="Employment identity.")
    education_level: EducationLevel = Field(description="学历.")
    education_status: str = Field(description="Education status.")
    major_related: bool = Field(description="Major is this or a related one.")
    work_unit: str = Field(description="工作单位.")
    post: str | None = Field(description="职务.")
    labor_work_started_on: dt.date | None = Field(description="Start of labor-relations work.")
    labor_work_years: int | None = Field(
        description="从事协调劳动关系工作年限: full years from the start until today."
    )
    certificates: list[Certificate] = Field(description="Certificates held.")
    status: CoordinatorStatus = Field(description="active or left.")
    joined_on: dt.date | None = Field(description="Date joined.")
    left_on: dt.date | None = Field(description="Date left.")
    note: str | None = Field(description="备注.")
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="Created (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")

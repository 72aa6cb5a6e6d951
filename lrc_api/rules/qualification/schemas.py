"""Request and response models of the qualification-level calculator (职业资格等级申报条件)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import IsoDate, JsonInt, PolicyId, TraceStep
from lrc_api.core.text import RequestModel
from lrc_rules import qualification

EducationLevel = TypeAliasType("EducationLevel", Literal[qualification.EDUCATION_LEVELS])  # type: ignore[valid-type]
"""Highest education: 初中及以下, 高中, 中等职业学校, 技工学校, 高级技工学校, 技师学院, 高等职业学校,
大学专科, 大学本科, 硕士研究生, 博士研究生."""

CertificateKind = TypeAliasType("CertificateKind", Literal["level", "preparatory_technician"])
"""A level certificate (职业技能等级证书 四级…一级) or a 预备技师 certificate."""

EducationStatus = TypeAliasType("EducationStatus", Literal["graduated", "graduating", "enrolled"])
"""Holds the diploma; in-school graduating student (在校应届毕业生); still a student (在校生)."""

Requirement = TypeAliasType(
    "QualificationRequirement",
    Literal["education", "major_related", "diploma", "enrollment", "certificate", "work_time"],
)
"""What a clause can lack."""


class EducationIn(RequestModel):
    """The person's highest education (学历)."""

    model_config = ConfigDict(extra="forbid")

    level: EducationLevel = Field(description="Education level (school or degree).")
    major_related: bool = Field(
        strict=True, description="Whether the major is this or a related one (本专业或相关专业)."
    )
    status: EducationStatus = Field(description="Graduated, graduating this year, or enrolled.")


class CertificateIn(RequestModel):
    """A certificate held: its `level` (1–4), or kind `preparatory_technician`; and its date."""

    model_config = ConfigDict(extra="forbid")

    level: JsonInt | None = Field(
        None,
        strict=True,
        ge=1,
        le=4,
        description="Level 1–4 (职业资格/技能等级证书: 4 = 四级/中级工).",
    )
    kind: CertificateKind | None = Field(
        None, description="`level` (default) or `preparatory_technician` (预备技师证书, no level)."
    )
    obtained_on: IsoDate = Field(description="Date obtained (YYYY-MM-DD); not after `as_of`.")


class WorkPeriodIn(RequestModel):
    """A period of work in this or a related occupation (本职业或相关职业)."""

    model_config = ConfigDict(extra="forbid")

    start: IsoDate = Field(description="First day of work (YYYY-MM-DD).")
    end: IsoDate | None = Field(
        None, description="Last day (inclusive); empty while still working."
    )


class QualificationRequest(RequestModel):
    """A person's education, certificates and work history, as of a day."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "as_of": "2025-09-01",
                    "education": {
                        "level": "bachelor",
                        "major_related": True,
                        "status": "graduated",
                    },
                    "certificates": [{"level": 3, "obtained_on": "2021-11-15"}],
                    "work_periods": [{"start": "2016-03-01"}],
                }
            ]
        },
        extra="forbid",
    )

    policy: PolicyId = None
    as_of: IsoDate = Field(description="The day to judge on (YYYY-MM-DD); open periods run to it.")
    education: EducationIn = Field(description="Highest education.")
    certificates: list[CertificateIn] = Field(
        default_factory=list, max_length=50, description="Certificates held."
    )
    work_periods: list[WorkPeriodIn] = Field(
        default_factory=list,
        max_length=500,
        description="Periods of work; overlapping periods count once.",
    )


class MissingOut(BaseModel):
    """One thing a clause lacks."""

    clause: str = Field(description="The clause, e.g. `5.2(4)`.")
    requirement: Requirement = Field(description="What kind of thing is missing.")
    detail: str = Field(description="What is missing, in words (e.g. how many more days of work).")


class ClauseOut(BaseModel):
    """Whether one clause of 附件1 §5 holds."""

    clause: str = Field(description="The clause, e.g. `5.2(4)`.")
    met: bool = Field(description="Whether it holds on `as_of`.")
    detail: str = Field(description="Why, in words.")
    missing: list[MissingOut] = Field(description="What it lacks (empty when met).")
    earliest_met_on: dt.date | None = Field(
        description="When only work time is missing and work goes on: the first day it holds."
    )


class LevelOut(BaseModel):
    """One qualification level and whether the person may apply for it."""

    level: int = Field(description="Level number: 4 (lowest) … 1 (highest).")
    name: str = Field(description="Name of the level, e.g. 劳动关系协调员（国家职业资格四级）.")
    eligible: bool = Field(description="Whether any clause of the level holds.")
    clauses: list[ClauseOut] = Field(description="Every clause of the level.")
    missing: list[MissingOut] = Field(description="What the clauses lack (empty when eligible).")
    earliest_eligible_on: dt.date | None = Field(
        description="When only work time is missing and work goes on: the first day of eligibility."
    )


class WorkTimeOut(BaseModel):
    """Years of work as calendar years: whole years and remaining days, and all days worked."""

    years: int = Field(
        description="Whole calendar years (a period ends the day before its anniversary)."
    )
    days: int = Field(
        description=(
            "Days beyond the whole years (separate periods: their remainders added, every "
            "`qualification.days_per_year` of them one more year)."
        )
    )
    total_days: int = Field(description="All days of work (overlaps once, inclusive).")


class QualificationResponse(BaseModel):
    """Levels 4 … 1 and the highest level the person may apply for."""

    policy: str = Field(description="The policy pack used.")
    rules_version: str = Field(description="Version of the rules code.")
    as_of: dt.date = Field(description="The day judged on.")
    work_days: int = Field(description="Days of work counted (overlaps once, inclusive).")
    work_time: WorkTimeOut = Field(
        description="Years of work as calendar years (民法典 第二百零二条), as the pack adds them up."
    )
    levels: list[LevelOut] = Field(description="Levels 4, 3, 2, 1 in that order.")
    highest_eligible_level: int | None = Field(
        description="The smallest eligible level number (1 is highest), or null."
    )
    trace: list[TraceStep] = Field(description="The steps of the evaluation, in order.")

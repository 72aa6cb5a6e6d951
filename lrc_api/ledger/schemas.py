"""Response models of the ledger (台账)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

LEDGER_ROWS = (
    "基本得分",
    "开展宣传",
    "成功调解",
    "劳动管理",
    "预防风险",
    "刊发经验",
    "减分",
    "得分合计",
)
"""The eight score rows of each coordinator in 附件2, in the form's order."""


class LedgerQuarter(BaseModel):
    """One quarter column of a coordinator's block (附件2 量化赋分管理)."""

    quarter: int = Field(description="1–4.")
    base: float | None = Field(
        description="基本得分; null when no assessment was given (未评定 in the files)."
    )
    assessed: bool = Field(description="Whether an assessor gave the base score for this quarter.")
    publicity: int = Field(description="开展宣传 points.")
    mediation: int = Field(description="成功调解 points.")
    management: int = Field(description="劳动管理 points.")
    risk: int = Field(description="预防风险 points.")
    publication: int = Field(description="刊发经验 points.")
    deduction: int = Field(description="减分 (positive number subtracted).")
    total: float = Field(
        description="得分合计: base + bonus − deduction (a quarter not assessed counts base 0)."
    )


class LedgerEntry(BaseModel):
    """One coordinator's block of the ledger."""

    seq: int = Field(description="序号.")
    coordinator_id: int = Field(description="Coordinator id.")
    region_id: int = Field(description="Region id.")
    policy: str = Field(description="Policy pack that scored this coordinator (its region's).")
    name: str = Field(description="姓名.")
    id_number: str = Field(description="身份证号码 (masked without pii:read).")
    coordinator_type: str = Field(description="协调员类型.")
    education: str = Field(description="学历.")
    work_unit_and_post: str = Field(description="工作单位及职务.")
    labor_work_years: int | None = Field(description="从事协调劳动关系工作年限.")
    phone: str | None = Field(description="联系方式 (masked without pii:read).")
    note: str | None = Field(description="备注.")
    quarters: list[LedgerQuarter] = Field(description="The four quarters.")
    annual_total: float = Field(description="Sum of the four quarterly totals.")


class Ledger(BaseModel):
    """The 台账 of a region for a year."""

    title: str = Field(description="Form title, e.g. 汶上县劳动关系协调员动态管理台账.")
    region_id: int | None = Field(
        description="Region of the ledger: the one asked for, else the caller's own region "
        "(null: a global caller's ledger of everything it may see)."
    )
    region_name: str = Field(description="乡镇(街道、领域).")
    year: int = Field(description="Year of the quarterly scores.")
    as_of: dt.date = Field(description="Date of the ledger (年 月 日).")
    policy: str = Field(
        description="Policy pack of the ledger's region (or the one asked for); each entry names "
        "the pack that scored it."
    )
    rules_version: str = Field(description="Rules version that scored it.")
    pii_masked: bool = Field(description="Whether ID numbers and phones are masked.")
    entries: list[LedgerEntry] = Field(description="One block per coordinator.")

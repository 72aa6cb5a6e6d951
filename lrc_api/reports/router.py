"""HTTP for the reports: the weekly case report (JSON, and its xlsx file) and the case-subsidy
ledger."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Depends, Query, Response
from sqlmodel import Session

from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.openapi import file_response
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID
from lrc_api.reports import export, service, subsidies
from lrc_api.reports.schemas import SubsidyLedger, WeeklyCaseReport
from lrc_api.stats.router import period

router = APIRouter(prefix="/v1/reports", tags=["reports"], responses=PROBLEM_RESPONSES)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


REGION = Query(
    None,
    ge=1,
    le=MAX_ID,
    description="Region whose subtree is reported (default: your own region; required for a "
    "caller without one).",
)
WEEK = Query(
    None,
    min_length=8,
    max_length=8,
    description="ISO week, e.g. 2025-W40 (default: this week).",
)
LIMIT = Query(
    200, ge=1, le=1000, description="Most near-deadline cases listed (their total is given)."
)


def _xlsx(report: WeeklyCaseReport) -> Response:
    name = f"cases-{report.region_id}-{report.week}.xlsx"
    return Response(
        export.to_xlsx(report),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/cases",
    response_model=WeeklyCaseReport,
    summary="The campaign's weekly case report (案件信息周报)",
)
def read_case_report(
    region_id: int | None = REGION,
    week: str | None = WEEK,
    # Kept for links and scripts written before /v1/reports/cases/export, but not in the
    # contract: one operation, one return type, or generated clients parse a workbook as JSON.
    format: Literal["json", "xlsx"] = Query(
        "json", include_in_schema=False, description="json, or xlsx (Chinese headers)."
    ),
    limit: int = LIMIT,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("cases:read")),
) -> Response:
    """闵人社发〔2022〕34号 四(一)2: 在办案件数, 先行调解率 and 结案率 per township for the week and
    the year to date, under the region's pack — and first (三) the open cases whose main deadline
    is past or within the pack's warning window. A coordinator sees its own cases only. The same
    report as a workbook: `GET /v1/reports/cases/export`."""
    report = service.weekly_report(
        session=session, principal=principal, region_id=region_id, week=week, limit=limit
    )
    if format == "xlsx":
        return _xlsx(report)
    return Response(report.model_dump_json(by_alias=True), media_type="application/json")


@router.get(
    "/cases/export",
    response_class=Response,
    summary="The campaign's weekly case report (案件信息周报) as an xlsx workbook",
    responses=file_response(
        [XLSX],
        description="The report of `GET /v1/reports/cases` as a workbook with Chinese headers: "
        "the sheet 临近审限案件 (near-deadline cases first, 三) and the sheet 案件信息周报 (the "
        "figures per township and the total); every cell plain text or a number, never a "
        "formula; named `cases-<region>-<week>.xlsx`.",
    ),
)
def export_case_report(
    region_id: int | None = REGION,
    week: str | None = WEEK,
    limit: int = LIMIT,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("cases:read")),
) -> Response:
    """The weekly case report of `GET /v1/reports/cases` (闵人社发〔2022〕34号 四(一)2, 三) as an
    xlsx file: the same figures, near-deadline cases and scope (a coordinator sees its own cases
    only)."""
    report = service.weekly_report(
        session=session, principal=principal, region_id=region_id, week=week, limit=limit
    )
    return _xlsx(report)


@router.get(
    "/subsidies",
    response_model=SubsidyLedger,
    summary="The case-subsidy ledger (以案定补)",
)
def read_subsidies(
    region_id: int | None = Query(
        None,
        ge=1,
        le=MAX_ID,
        description="Region whose cases are counted (default: your own region; required for a caller without one).",
    ),
    dates: tuple[dt.date, dt.date] = Depends(period),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("cases:read", "coordinators:read")),
) -> SubsidyLedger:
    """闵人社发〔2023〕55号 二(三)2(1): per coordinator the qualifying cases concluded in the period,
    whether the coordinator may receive the subsidy, the amount at the pack's rate (never cut),
    and the totals against the project's targets and budget line. A coordinator sees its own line."""
    return subsidies.subsidy_ledger(
        session=session, principal=principal, region_id=region_id, start=dates[0], end=dates[1]
    )

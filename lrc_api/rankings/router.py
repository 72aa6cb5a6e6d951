"""HTTP for the annual ranking and gold selection: JSON, and the xlsx file with Chinese headers."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic_core import to_json
from sqlmodel import Session

from lrc_api.core.bulk import gc_paused
from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.openapi import file_response
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID
from lrc_api.rankings import export, service
from lrc_api.rankings.schemas import Rankings

router = APIRouter(prefix="/v1/rankings", tags=["rankings"], responses=PROBLEM_RESPONSES)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


YEAR = Query(ge=2000, le=2100, description="The year to rank.")
REGION = Query(
    None,
    ge=1,
    le=MAX_ID,
    description="Region whose subtree is ranked (default: yours; required without one).",
)
GOLD_QUOTA = Query(
    None,
    ge=0,
    le=100_000,
    description="Gold places; left out, only eligibility is decided (the documents fix none).",
)
POLICY = Query(
    None,
    min_length=1,
    max_length=64,
    description="Score and rank everyone under this pack instead of their regions' (what-if).",
)
READERS = require_scopes("coordinators:read", "assessments:read")


def _xlsx(ranking: dict[str, Any], year: int) -> Response:
    with gc_paused():
        content = export.to_xlsx(ranking)
    name = f"rankings-{ranking['region_id']}-{year}.xlsx"
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "",
    response_model=Rankings,
    summary="Annual ranking and gold selection (金牌劳动关系协调员评选) from stored scores",
)
def read_rankings(
    year: int = YEAR,
    region_id: int | None = REGION,
    gold_quota: int | None = GOLD_QUOTA,
    policy: str | None = POLICY,
    # Kept for links and scripts written before /v1/rankings/export, but not in the contract:
    # one operation, one return type, or generated clients parse a workbook as JSON.
    format: Literal["json", "xlsx"] = Query(
        "json", include_in_schema=False, description="json, or xlsx (Chinese headers)."
    ),
    session: Session = Depends(get_session),
    principal: Principal = Depends(READERS),
) -> Response:
    """Annual totals from the stored quarterly scorecards (base scores and approved activities,
    附件1 8.2–8.3), shared ranks, gold eligibility (no work error in the year), gold places in
    rank order when ``gold_quota`` is given, and job-adjustment recommendations (2 or more work
    errors), each with its reasons; the applied annual rules in ``trace``. A coordinator sees its
    own entry only. The same ranking as a workbook: `GET /v1/rankings/export`."""
    ranking = service.build_rankings(
        session=session,
        principal=principal,
        region_id=region_id,
        year=year,
        gold_quota=gold_quota,
        policy_id=policy,
    )
    if format == "xlsx":
        return _xlsx(ranking, year)
    # Plain data in the Rankings schema's shape, from checked sources: straight to JSON.
    return Response(to_json(ranking), media_type="application/json")


@router.get(
    "/export",
    response_class=Response,
    summary="Annual ranking and gold selection as an xlsx workbook (Chinese headers)",
    responses=file_response(
        [XLSX],
        description="The ranking of `GET /v1/rankings` as a workbook: one row per coordinator in "
        "rank order (排名, 年度得分, 金牌评选资格, 建议调整工作岗位 and the reasons), every cell "
        "plain text or a number, never a formula; named `rankings-<region>-<year>.xlsx`.",
    ),
)
def export_rankings(
    year: int = YEAR,
    region_id: int | None = REGION,
    gold_quota: int | None = GOLD_QUOTA,
    policy: str | None = POLICY,
    session: Session = Depends(get_session),
    principal: Principal = Depends(READERS),
) -> Response:
    """The ranking of `GET /v1/rankings` as an xlsx file with Chinese headers: the same
    coordinators, totals, ranks, gold eligibility and places, job-adjustment recommendations
    and scope (a coordinator sees its own row only)."""
    ranking = service.build_rankings(
        session=session,
        principal=principal,
        region_id=region_id,
        year=year,
        gold_quota=gold_quota,
        policy_id=policy,
    )
    return _xlsx(ranking, year)

"""HTTP for the annual ranking and gold selection: JSON, or xlsx with Chinese headers."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic_core import to_json
from sqlmodel import Session

from lrc_api.core.bulk import gc_paused
from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID
from lrc_api.rankings import export, service
from lrc_api.rankings.schemas import Rankings

router = APIRouter(prefix="/v1/rankings", tags=["rankings"], responses=PROBLEM_RESPONSES)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "",
    response_model=Rankings,
    summary="Annual ranking and gold selection (金牌劳动关系协调员评选) from stored scores",
    responses={200: {"content": {XLSX: {}}, "description": "JSON, or xlsx"}},
)
def read_rankings(
    year: int = Query(ge=2000, le=2100, description="The year to rank."),
    region_id: int | None = Query(
        None,
        ge=1,
        le=MAX_ID,
        description="Region whose subtree is ranked (default: yours; required without one).",
    ),
    gold_quota: int | None = Query(
        None,
        ge=0,
        le=100_000,
        description="Gold places; left out, only eligibility is decided (the documents fix none).",
    ),
    policy: str | None = Query(
        None,
        min_length=1,
        max_length=64,
        description="Score and rank everyone under this pack instead of their regions' (what-if).",
    ),
    format: Literal["json", "xlsx"] = Query("json", description="json, or xlsx (Chinese headers)."),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("coordinators:read", "assessments:read")),
) -> Response:
    """Annual totals from the stored quarterly scorecards (base scores and approved activities,
    附件1 8.2–8.3), shared ranks, gold eligibility (no work error in the year), gold places in
    rank order when ``gold_quota`` is given, and job-adjustment recommendations (2 or more work
    errors), each with its reasons; the applied annual rules in ``trace``. A coordinator sees its
    own entry only."""
    ranking = service.build_rankings(
        session=session,
        principal=principal,
        region_id=region_id,
        year=year,
        gold_quota=gold_quota,
        policy_id=policy,
    )
    if format == "xlsx":
        with gc_paused():
            content = export.to_xlsx(ranking)
        name = f"rankings-{ranking['region_id']}-{year}.xlsx"
        return Response(
            content,
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    # Plain data in the Rankings schema's shape, from checked sources: straight to JSON.
    return Response(to_json(ranking), media_type="application/json")

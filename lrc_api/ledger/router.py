"""HTTP for the ledger (台账): JSON, or the official layout as xlsx or csv."""

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
from lrc_api.ledger import export, service
from lrc_api.ledger.schemas import Ledger

router = APIRouter(prefix="/v1/ledger", tags=["ledger"], responses=PROBLEM_RESPONSES)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "",
    response_model=Ledger,
    summary="The dynamic ledger (动态管理台账) of a region for a year",
    responses={200: {"content": {XLSX: {}, "text/csv": {}}, "description": "JSON, xlsx or csv"}},
)
def read_ledger(
    year: int = Query(ge=2000, le=2100, description="Year of the quarterly scores."),
    region_id: int | None = Query(
        None,
        ge=1,
        le=MAX_ID,
        description="Region whose subtree the ledger covers (default: all you may see).",
    ),
    format: Literal["json", "xlsx", "csv"] = Query(
        "json", description="json, or the 附件2 layout as xlsx or csv."
    ),
    include_left: bool = Query(False, description="Include coordinators who have left."),
    policy: str | None = Query(
        None,
        min_length=1,
        max_length=64,
        description="Policy pack that scores (default: the deployment's).",
    ),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("coordinators:read")),
) -> Response:
    """Coordinators of the region with the eight score rows per quarter (附件2); ID numbers masked without pii:read."""
    ledger = service.build_ledger(
        session=session,
        principal=principal,
        region_id=region_id,
        year=year,
        policy_id=policy,
        include_left=include_left,
    )
    name = f"ledger-{ledger['region_id'] or 'all'}-{year}"
    if format == "xlsx":
        with gc_paused():
            content = export.to_xlsx(ledger)
        return Response(
            content,
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    if format == "csv":
        return Response(
            export.to_csv(ledger),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    # Plain data in the Ledger schema's shape, from checked sources: straight to JSON.
    return Response(to_json(ledger), media_type="application/json")

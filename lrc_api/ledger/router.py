"""HTTP for the ledger (台账): JSON, or the official layout as xlsx or csv."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic_core import to_json
from sqlmodel import Session
from typing_extensions import TypeAliasType

from lrc_api.core.bulk import gc_paused
from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.openapi import file_response
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.ledger import export, service
from lrc_api.ledger.schemas import Ledger

router = APIRouter(prefix="/v1/ledger", tags=["ledger"], responses=PROBLEM_RESPONSES)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LedgerFileFormat = TypeAliasType("LedgerFileFormat", Literal["xlsx", "csv"])
"""The 附件2 layout as an Excel workbook (xlsx) or as UTF-8 comma-separated text (csv)."""


@router.get(
    "", response_model=Ledger, summary="The dynamic ledger (动态管理台账) of a region for a year"
)
def read_ledger(
    year: int = Query(ge=2000, le=2100, description="Year of the quarterly scores."),
    region_id: int | None = Query(
        None, description="Region whose subtree the ledger covers (default: all you may see)."
    ),
    # Kept for links and scripts written before /v1/ledger/export, but not in the contract:
    # one operation, one return type, or generated clients parse a workbook as JSON.
    format: Literal["json", "xlsx", "csv"] = Query(
        "json", include_in_schema=False, description="json, or the 附件2 layout as xlsx or csv."
    ),
    include_left: bool = Query(False, description="Include coordinators who have left."),
    policy: str | None = Query(
        None, description="Policy pack that scores (default: the deployment's)."
    ),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("coordinators:read")),
) -> Response:
    """Coordinators of the region with the eight score rows per quarter (附件2); ID numbers masked without pii:read.

    The same ledger as a file: `GET /v1/ledger/export?format=xlsx|csv`.
    """
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


@router.get(
    "/export",
    response_class=Response,
    summary="The dynamic ledger (动态管理台账) as the 附件2 file, xlsx or csv",
    responses=file_response(
        [XLSX, "text/csv"],
        description="The ledger in the 附件2 layout: an xlsx workbook, or UTF-8 csv.",
    ),
)
def export_ledger(
    year: Annotated[int, Query(ge=2000, le=2100, description="Year of the quarterly scores.")],
    format: Annotated[LedgerFileFormat, Query(description="xlsx (Excel) or csv (UTF-8).")],
    region_id: int | None = Query(
        None, description="Region whose subtree the ledger covers (default: all you may see)."
    ),
    include_left: bool = Query(False, description="Include coordinators who have left."),
    policy: str | None = Query(
        None, description="Policy pack that scores (default: the deployment's)."
    ),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("coordinators:read")),
) -> Response:
    """The ledger of `GET /v1/ledger` as a file named `ledger-<region>-<year>.<format>`.

    Same rows, scores and masking (ID numbers masked without pii:read); printable on A4 landscape.
    """
    return read_ledger(
        year=year,
        region_id=region_id,
        format=format,
        include_left=include_left,
        policy=policy,
        session=session,
        principal=principal,
    )

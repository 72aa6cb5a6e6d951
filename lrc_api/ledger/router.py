"""HTTP for the ledger (台账): JSON, or the official 附件2 layout as a streamed xlsx or csv file."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic_core import to_json
from sqlmodel import Session
from typing_extensions import TypeAliasType

from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.openapi import file_response
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID
from lrc_api.ledger import service
from lrc_api.ledger.csv_file import csv_chunks
from lrc_api.ledger.schemas import Ledger
from lrc_api.ledger.streaming import Producer, stream
from lrc_api.ledger.workbook import xlsx_chunks

router = APIRouter(prefix="/v1/ledger", tags=["ledger"], responses=PROBLEM_RESPONSES)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"

LedgerFileFormat = TypeAliasType("LedgerFileFormat", Literal["xlsx", "csv"])
"""The 附件2 layout as an Excel workbook (xlsx) or as UTF-8 comma-separated text (csv)."""

YEAR = Query(ge=2000, le=2100, description="Year of the quarterly scores.")
REGION = Query(
    None,
    ge=1,
    le=MAX_ID,
    description="Region whose subtree the ledger covers (default: your own region; for a "
    "global caller, all it may see).",
)
INCLUDE_LEFT = Query(False, description="Include coordinators who have left.")
POLICY = Query(
    None,
    min_length=1,
    max_length=64,
    description="Policy pack that scores everyone (default: each region's own pack).",
)


def _disposition(ledger: dict[str, Any], year: int, ext: str) -> str:
    region = ledger["region_id"] or "all"
    local = f"{ledger['region_name']}劳动关系协调员动态管理台账-{year}.{ext}"
    return f"attachment; filename=\"ledger-{region}-{year}.{ext}\"; filename*=UTF-8''{quote(local)}"


def _file(
    request: Request, session: Session, ledger: dict[str, Any], year: int, ext: str
) -> StreamingResponse:
    """The ledger as a file, streamed as it is written; a disconnect stops the writer."""
    session.close()  # everything is read: give the connection back before the long write
    producer: Producer = partial(xlsx_chunks if ext == "xlsx" else csv_chunks, ledger)
    return StreamingResponse(
        stream(request.receive, producer),
        media_type=XLSX if ext == "xlsx" else "text/csv; charset=utf-8",
        headers={"Content-Disposition": _disposition(ledger, year, ext)},
    )


@router.get(
    "", response_model=Ledger, summary="The dynamic ledger (动态管理台账) of a region for a year"
)
def read_ledger(
    request: Request,
    year: int = YEAR,
    region_id: int | None = REGION,
    # Kept for links and scripts written before /v1/ledger/export, but not in the contract:
    # one operation, one return type, or generated clients parse a workbook as JSON.
    format: Literal["json", "xlsx", "csv"] = Query(
        "json", include_in_schema=False, description="json, or the 附件2 layout as xlsx or csv."
    ),
    include_left: bool = INCLUDE_LEFT,
    policy: str | None = POLICY,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("coordinators:read")),
) -> Response:
    """Coordinators of the region with the eight score rows per quarter (附件2).

    ID numbers and phones are masked without `pii:read`; a coordinator sees its own row only.
    A quarter without an assessment has `base: null, assessed: false` (未评定 in the files).
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
    if format != "json":
        return _file(request, session, ledger, year, format)
    # Plain data in the Ledger schema's shape, from checked sources: straight to JSON.
    return Response(to_json(ledger), media_type="application/json")


@router.get(
    "/export",
    response_class=Response,
    summary="The dynamic ledger (动态管理台账) as the 附件2 file, xlsx or csv",
    responses=file_response(
        [XLSX, CSV],
        description="The ledger in the 附件2 layout: an xlsx workbook (A4 landscape, ready to "
        "print) or a csv file (UTF-8 with BOM), streamed. The file name names the region and "
        "year (`filename` in ASCII, `filename*` in UTF-8 with the region's name).",
    ),
)
def export_ledger(
    request: Request,
    year: Annotated[int, YEAR],
    format: Annotated[LedgerFileFormat, Query(description="xlsx (Excel) or csv (UTF-8).")],
    region_id: int | None = REGION,
    include_left: bool = INCLUDE_LEFT,
    policy: str | None = POLICY,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("coordinators:read")),
) -> Response:
    """The ledger of `GET /v1/ledger` as a file: the same rows, scores and masking, 未评定 for a
    quarter without an assessment, every cell plain text (never a formula); the work stops if
    the client goes away."""
    ledger = service.build_ledger(
        session=session,
        principal=principal,
        region_id=region_id,
        year=year,
        policy_id=policy,
        include_left=include_left,
    )
    return _file(request, session, ledger, year, format)

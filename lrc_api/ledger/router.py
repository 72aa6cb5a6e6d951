"""HTTP for the ledger (台账): JSON, or the official layout as a streamed xlsx or csv file."""

from __future__ import annotations

from functools import partial
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic_core import to_json
from sqlmodel import Session

from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
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

_FILE = {"schema": {"type": "string", "format": "binary"}}
_DISPOSITION = {
    "Content-Disposition": {
        "description": "attachment; the file name names the region and year "
        "(`filename` in ASCII, `filename*` in UTF-8 with the region's name).",
        "schema": {"type": "string"},
    }
}


def _disposition(ledger: dict[str, object], year: int, ext: str) -> str:
    region = ledger["region_id"] or "all"
    local = f"{ledger['region_name']}劳动关系协调员动态管理台账-{year}.{ext}"
    return f"attachment; filename=\"ledger-{region}-{year}.{ext}\"; filename*=UTF-8''{quote(local)}"


@router.get(
    "",
    response_model=Ledger,
    summary="The dynamic ledger (动态管理台账) of a region for a year",
    responses={
        200: {
            "description": "JSON, or the 附件2 layout as an xlsx workbook (A4 landscape, ready "
            "to print) or a csv file (UTF-8 with BOM), streamed.",
            "content": {XLSX: _FILE, CSV: _FILE},
            "headers": _DISPOSITION,
        }
    },
)
def read_ledger(
    request: Request,
    year: int = Query(ge=2000, le=2100, description="Year of the quarterly scores."),
    region_id: int | None = Query(
        None,
        ge=1,
        le=MAX_ID,
        description="Region whose subtree the ledger covers (default: your own region; for a "
        "global caller, all it may see).",
    ),
    format: Literal["json", "xlsx", "csv"] = Query(
        "json", description="json, or the 附件2 layout as xlsx or csv."
    ),
    include_left: bool = Query(False, description="Include coordinators who have left."),
    policy: str | None = Query(
        None,
        min_length=1,
        max_length=64,
        description="Policy pack that scores everyone (default: each region's own pack).",
    ),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("coordinators:read")),
) -> Response:
    """Coordinators of the region with the eight score rows per quarter (附件2).

    ID numbers and phones are masked without `pii:read`; a coordinator sees its own row only.
    A quarter without an assessment is 未评定 in the files (`base: null, assessed: false` in
    JSON). The files are streamed as they are written; the work stops if the client goes away.
    """
    ledger = service.build_ledger(
        session=session,
        principal=principal,
        region_id=region_id,
        year=year,
        policy_id=policy,
        include_left=include_left,
    )
    if format == "json":
        # Plain data in the Ledger schema's shape, from checked sources: straight to JSON.
        return Response(to_json(ledger), media_type="application/json")
    session.close()  # everything is read: give the connection back before the long write

    producer: Producer = partial(xlsx_chunks if format == "xlsx" else csv_chunks, ledger)
    return StreamingResponse(
        stream(request.receive, producer),
        media_type=XLSX if format == "xlsx" else "text/csv; charset=utf-8",
        headers={"Content-Disposition": _disposition(ledger, year, format)},
    )

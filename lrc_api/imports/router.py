"""HTTP for ledger imports: ``POST /v1/imports/coordinators`` (multipart upload)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlmodel import Session
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from lrc_api.core.db import get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES, Problem, problem
from lrc_api.core.openapi import DECLARED_SCHEMAS
from lrc_api.core.principal import Principal
from lrc_api.core.schemas import not_null
from lrc_api.core.security import require_scopes
from lrc_api.core.settings import get_settings
from lrc_api.core.text import printable
from lrc_api.core.unit_of_work import commit
from lrc_api.imports import service
from lrc_api.imports.reader import TooLarge, UnsupportedFile
from lrc_api.imports.schemas import ImportForm, ImportReport

router = APIRouter(prefix="/v1/imports", tags=["imports"], responses=PROBLEM_RESPONSES)

# Rows are matched to stored coordinators by ID number: a search by ID number, which needs
# pii:read as GET /v1/coordinators?id_number= does. Without it, a validate run of a file of
# guesses (a masked number leaves only the birth date to guess) would read back whose it is.
_writer = require_scopes("coordinators:write", "pii:read")
_FORM_OVERHEAD = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BadForm(Problem):
    """400: the multipart body cannot be parsed."""

    status = 400
    slug = "bad-request"
    title = "请求格式错误 (malformed request)"


@dataclass
class Upload:
    """The file and the form fields of an import request."""

    content: bytes
    file_name: str
    form: ImportForm


def _form_schema() -> dict[str, Any]:
    schema = ImportForm.model_json_schema(ref_template="#/components/schemas/{model}")
    # Its enumerations are named components (ImportMode, ImportConflict) of the document.
    DECLARED_SCHEMAS.update(schema.pop("$defs", {}))
    for prop in schema["properties"].values():
        not_null(prop)  # a form field is left out, never sent as null
    properties = {
        "file": {
            "type": "string",
            "format": "binary",
            "description": "The ledger: an .xlsx in the 附件2 layout (title, header rows, eight "
            "rows per coordinator, merged cells) or flat (one row per coordinator), or a .csv "
            "(UTF-8 or GB 18030).",
        },
        **schema["properties"],
    }
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file", *schema.get("required", [])],
                        "properties": properties,
                        "additionalProperties": False,
                    },
                    "encoding": {"file": {"contentType": f"{XLSX}, text/csv"}},
                    "examples": {
                        "validate": {
                            "summary": "Check 南站镇's 附件2 workbook, write nothing",
                            "value": {
                                "file": "(the bytes of 南站镇2025年劳动关系协调员台账.xlsx)",
                                "region_id": 3,
                                "mode": "validate",
                            },
                        },
                        "commit": {
                            "summary": "Then write it, updating coordinators already stored",
                            "value": {
                                "file": "(the bytes of 南站镇2025年劳动关系协调员台账.xlsx)",
                                "region_id": 3,
                                "mode": "commit",
                                "on_conflict": "update",
                                "year": 2025,
                            },
                        },
                    },
                }
            },
        }
    }


async def read_upload(request: Request, principal: Principal = Depends(_writer)) -> Upload:
    """The upload, read with a size cap: refused as soon as it passes the cap (413)."""
    settings = get_settings()
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UnsupportedFile(
            "expected multipart/form-data with the ledger file in the field `file`"
        )
    limit = settings.import_max_bytes + _FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"file: at most {settings.import_max_bytes:,} bytes")

    async def capped() -> Any:
        received = 0
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                raise TooLarge(f"file: at most {settings.import_max_bytes:,} bytes")
            yield chunk

    parser = MultiPartParser(
        request.headers, capped(), max_files=1, max_fields=10, max_part_size=4096
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise BadForm(f"the multipart body cannot be read: {exc.message}") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise RequestValidationError(
                [{"type": "missing", "loc": ("body", "file"), "msg": "a file is required"}]
            )
        fields = {k: v for k, v in form.items() if k != "file" and isinstance(v, str)}
        try:
            options = ImportForm.model_validate(fields)
        except ValidationError as exc:
            errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
            raise RequestValidationError(errors) from None
        content = await upload.read()
        name = printable(PurePosixPath((upload.filename or "ledger").replace("\\", "/")).name)
        return Upload(content, name[:200] or "ledger", options)
    finally:
        await form.close()


@router.post(
    "/coordinators",
    response_model=ImportReport,
    summary="Import coordinators from a ledger file (台账导入)",
    openapi_extra=_form_schema(),
    responses={
        413: problem(
            "The file, its unpacked parts, its rows or the cells its sheets span exceed the "
            "import's limits"
        ),
        415: problem("Not a spreadsheet: expected an .xlsx workbook or a .csv file"),
    },
)
def import_coordinators(
    upload: Upload = Depends(read_upload),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(_writer),
) -> JSONResponse:
    """Check a ledger file and, with `mode=commit`, write its coordinators and quarterly scores.

    Headers are found by name (身份证号码 or 身份证号, 联系方式 or 联系电话, full-width or not);
    every row is checked (ID number GB 11643, phone, 协调员类型 and 学历 by their Chinese names,
    dates) and all errors come back at once with sheet, row, column and reason. While any row
    is wrong nothing is written (422 on commit), unless `partial=true`. Rows are matched to
    stored coordinators by ID number (through its keyed hash); the same file twice changes
    nothing. Scores (基本得分 … 减分) become assessments and approved activities marked
    imported, with the cell they came from; importing them needs `assessments:write` and
    `activities:review` too. Needs `coordinators:write` and `pii:read` (matching by ID number
    is a search by ID number).
    """
    form = upload.form
    report = service.import_coordinators(
        session=session,
        principal=principal,
        content=upload.content,
        options=service.ImportOptions(
            region_id=form.region_id,
            mode=form.mode,
            on_conflict=form.on_conflict,
            partial=form.partial,
            year=form.year,
            file_name=upload.file_name,
        ),
    )
    if report["committed"]:
        commit(session)
    return JSONResponse(ImportReport.model_validate(report).model_dump(mode="json"))

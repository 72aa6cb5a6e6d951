"""HTTP for quarterly assessments (基本得分): give, read, list, change, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from lrc_api.assessments import service
from lrc_api.assessments.schemas import (
    AssessmentCreate,
    AssessmentRead,
    AssessmentUpdate,
)
from lrc_api.core.concurrency import IfMatch, etag, if_match
from lrc_api.core.db import get_session, get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.idempotency import create_idempotent, idempotency_key
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_query, sort_query
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID
from lrc_api.core.unit_of_work import commit

router = APIRouter(tags=["assessments"], responses=PROBLEM_RESPONSES)


def _read(row: object) -> AssessmentRead:
    out = AssessmentRead.model_validate(row)
    if isinstance(out.base_score, float) and out.base_score.is_integer():
        out.base_score = int(out.base_score)
    return out


@router.post(
    "/v1/assessments", status_code=201, response_model=AssessmentRead, summary="Give a base score"
)
def create_assessment(
    body: AssessmentCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("assessments:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Give a coordinator a quarter's base score (基本得分); one per coordinator and quarter."""

    return create_idempotent(
        session=session,
        principal=principal,
        key=key,
        request=request,
        body=body,
        create=lambda: service.create(session=session, principal=principal, data=body),
        show=lambda row: _read(row),
    )


@router.get("/v1/assessments", response_model=Page[AssessmentRead], summary="List assessments")
def list_assessments(
    coordinator_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only this coordinator's assessments."
    ),
    year: int | None = Query(None, ge=1, le=9998, description="Only this year."),
    quarter: int | None = Query(None, ge=1, le=4, description="Only this quarter (1–4)."),
    region_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only assessments of this region exactly."
    ),
    within: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only this region's subtree (itself included)."
    ),
    assessor: str | None = Query(
        None, max_length=200, description="Only those given by this principal subject."
    ),
    sort: str | None = sort_query(service.SORTABLE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("assessments:read")),
) -> Page[AssessmentRead]:
    """Assessments in your subtree, filtered, one page at a time."""
    rows, next_cursor = service.list_assessments(
        session=session,
        principal=principal,
        coordinator_id=coordinator_id,
        year=year,
        quarter=quarter,
        region_id=region_id,
        within=within,
        assessor=assessor,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[AssessmentRead](items=[_read(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/v1/assessments/{assessment_id}", response_model=AssessmentRead, summary="Read an assessment"
)
def read_assessment(
    assessment_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Assessment id.")],
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("assessments:read")),
) -> AssessmentRead:
    """One assessment (404 outside your subtree); the ETag header is its version."""
    row = service.get(session=session, principal=principal, assessment_id=assessment_id)
    response.headers["ETag"] = etag(row.version)
    return _read(row)


@router.patch(
    "/v1/assessments/{assessment_id}", response_model=AssessmentRead, summary="Change an assessment"
)
def update_assessment(
    assessment_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Assessment id.")],
    body: AssessmentUpdate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("assessments:write")),
) -> AssessmentRead:
    """Change a base score or its note; needs If-Match (428 without, 412 when stale)."""
    row = service.update_assessment(
        session=session,
        principal=principal,
        assessment_id=assessment_id,
        expected=expected,
        data=body,
    )
    commit(session)
    response.headers["ETag"] = etag(row.version)
    return _read(row)


@router.delete("/v1/assessments/{assessment_id}", status_code=204, summary="Delete an assessment")
def delete_assessment(
    assessment_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Assessment id.")],
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("assessments:write")),
) -> Response:
    """Delete an assessment (the audit log keeps it); needs If-Match."""
    service.delete(
        session=session,
        principal=principal,
        assessment_id=assessment_id,
        expected=expected,
    )
    commit(session)
    return Response(status_code=204)

"""HTTP for activities: record, read, list, change while pending, review, withdraw."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from lrc_api.activities import service
from lrc_api.activities.schemas import (
    ActivityCreate,
    ActivityKind,
    ActivityRead,
    ActivityUpdate,
    ReviewRequest,
    ReviewState,
)
from lrc_api.core.concurrency import IfMatch, etag, if_match
from lrc_api.core.db import get_session, get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.idempotency import Outcome, create_idempotent, idempotency_key, run_idempotent
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_query, sort_query
from lrc_api.core.principal import Principal
from lrc_api.core.schemas import IsoDate
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID
from lrc_api.core.unit_of_work import commit

router = APIRouter(prefix="/v1/activities", tags=["activities"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=ActivityRead, summary="Record an activity")
def create_activity(
    body: ActivityCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("activities:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Record what a coordinator did; it waits for review before it can score."""

    return create_idempotent(
        session=session,
        principal=principal,
        key=key,
        request=request,
        body=body,
        create=lambda: service.create(session=session, principal=principal, data=body),
        show=lambda row: ActivityRead.model_validate(row),
    )


@router.get("", response_model=Page[ActivityRead], summary="List activities")
def list_activities(
    coordinator_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only this coordinator's activities."
    ),
    kind: ActivityKind | None = Query(None, description="Only this kind."),
    review: ReviewState | None = Query(None, description="Only this review state."),
    occurred_from: IsoDate | None = Query(None, description="Only on or after this date."),
    occurred_to: IsoDate | None = Query(None, description="Only on or before this date."),
    region_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only activities of this region exactly."
    ),
    within: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only this region's subtree (itself included)."
    ),
    enterprise_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only those concerning this enterprise."
    ),
    case_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only those of this case."),
    sort: str | None = sort_query(service.SORTABLE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("activities:read")),
) -> Page[ActivityRead]:
    """Activities in your subtree (a coordinator: its own), filtered, one page at a time."""
    rows, next_cursor = service.list_activities(
        session=session,
        principal=principal,
        coordinator_id=coordinator_id,
        kind=kind,
        review=review,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        region_id=region_id,
        within=within,
        enterprise_id=enterprise_id,
        case_id=case_id,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[ActivityRead](
        items=[ActivityRead.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get("/{activity_id}", response_model=ActivityRead, summary="Read an activity")
def read_activity(
    activity_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Activity id.")],
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("activities:read")),
) -> ActivityRead:
    """One activity (404 outside your subtree); the ETag header is its version."""
    row = service.get(session=session, principal=principal, activity_id=activity_id)
    response.headers["ETag"] = etag(row.version)
    return ActivityRead.model_validate(row)


@router.patch("/{activity_id}", response_model=ActivityRead, summary="Change a pending activity")
def update_activity(
    activity_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Activity id.")],
    body: ActivityUpdate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("activities:write")),
) -> ActivityRead:
    """Change an activity still pending review; needs If-Match (409 once reviewed)."""
    row = service.update_activity(
        session=session,
        principal=principal,
        activity_id=activity_id,
        expected=expected,
        data=body,
    )
    commit(session)
    response.headers["ETag"] = etag(row.version)
    return ActivityRead.model_validate(row)


@router.post(
    "/{activity_id}/review", response_model=ActivityRead, summary="Approve or reject an activity"
)
def review_activity(
    activity_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Activity id.")],
    body: ReviewRequest,
    request: Request,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("activities:review")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Approve or reject a pending activity someone else recorded; needs If-Match."""

    def write() -> Outcome:
        row = service.review(
            session=session,
            principal=principal,
            activity_id=activity_id,
            expected=expected,
            data=body,
        )
        return 200, ActivityRead.model_validate(row), {"ETag": etag(row.version)}

    return run_idempotent(
        session=session,
        principal=principal,
        key=key,
        method="POST",
        path=request.url.path,
        body=body,
        write=write,
    )


@router.delete("/{activity_id}", status_code=204, summary="Withdraw an activity")
def delete_activity(
    activity_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Activity id.")],
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("activities:write")),
) -> Response:
    """Withdraw an activity (soft delete, kept for the audit); needs If-Match."""
    service.delete(session=session, principal=principal, activity_id=activity_id, expected=expected)
    commit(session)
    return Response(status_code=204)

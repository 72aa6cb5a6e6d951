"""HTTP for cases: record, read, list, change, move through the status machine, timeline, deadlines.

Cases are history: there is no DELETE (405), and timeline entries are never changed or deleted.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from lrc_api.cases import read, service
from lrc_api.cases.models import Case
from lrc_api.cases.schemas import (
    MAX_ID,
    CaseCreate,
    CaseDeadlinesRead,
    CaseEventCreate,
    CaseEventRead,
    CaseRead,
    CaseSource,
    CaseStatus,
    CaseUpdate,
    IgnoredEvent,
    TransitionRequest,
)
from lrc_api.core.concurrency import IfMatch, etag, if_match
from lrc_api.core.db import get_session, get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES, problem
from lrc_api.core.idempotency import Outcome, create_idempotent, idempotency_key, run_idempotent
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_query, sort_query
from lrc_api.core.principal import Principal
from lrc_api.core.schemas import IsoDate
from lrc_api.core.security import require_scopes
from lrc_api.core.unit_of_work import commit
from lrc_api.rules.deadlines.schemas import (
    CitationOut,
    DeadlineOut,
    PendingOut,
    Procedure,
    TraceStep,
)

CaseId = Annotated[int, Path(ge=1, le=MAX_ID, description="Case id.")]
"""The case named in the path."""

router = APIRouter(prefix="/v1/cases", tags=["cases"], responses=PROBLEM_RESPONSES)


def _read_one(session: Session, principal: Principal, case: Case) -> CaseRead:
    return read.to_read(session, principal, [case])[0]


@router.post("", status_code=201, response_model=CaseRead, summary="Record a case")
def create_case(
    body: CaseCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("cases:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Record a case in your region; it starts as received, numbered if no number is given."""

    return create_idempotent(
        session=session,
        principal=principal,
        key=key,
        request=request,
        body=body,
        create=lambda: service.create(session=session, principal=principal, data=body),
        show=lambda case: _read_one(session, principal, case),
    )


@router.get("", response_model=Page[CaseRead], summary="List cases")
def list_cases(
    status: CaseStatus | None = Query(None, description="Only cases in this status."),
    procedure: Procedure | None = Query(None, description="Only this procedure."),
    source: CaseSource | None = Query(None, description="Only this source."),
    region_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only cases of this region."),
    within: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only cases of this region's subtree."
    ),
    enterprise_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only cases against this employer."
    ),
    coordinator_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only cases this coordinator is on."
    ),
    received_from: IsoDate | None = Query(None, description="Received on or after this day."),
    received_to: IsoDate | None = Query(None, description="Received on or before this day."),
    collective: bool | None = Query(None, description="Only collective (or only other) cases."),
    number: str | None = Query(None, max_length=60, description="Exact case number."),
    overdue: bool | None = Query(
        None,
        description="true: open cases with a deadline overdue today (next_due_on before today), "
        "the morning work list; false: the others. An indexed filter: pages are full.",
    ),
    due_before: IsoDate | None = Query(
        None, description="Only open cases whose next due date is before this day."
    ),
    sort: str | None = sort_query(
        service.SORTABLE,
        note="due_on is the next due date: such a list holds only the cases that have one.",
    ),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("cases:read")),
) -> Page[CaseRead]:
    """Cases in your subtree, filtered, one page at a time."""
    filters = {
        "status": status,
        "procedure": procedure,
        "source": source,
        "region_id": region_id,
        "within": within,
        "enterprise_id": enterprise_id,
        "coordinator_id": coordinator_id,
        "received_from": received_from,
        "received_to": received_to,
        "collective": collective,
        "number": number,
    }
    rows, next_cursor = service.list_cases(
        session=session,
        principal=principal,
        filters=filters,
        overdue=overdue,
        due_before=due_before,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[CaseRead](items=read.to_read(session, principal, rows), next_cursor=next_cursor)


@router.get("/{case_id}", response_model=CaseRead, summary="Read a case")
def read_case(
    case_id: CaseId,
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("cases:read")),
) -> CaseRead:
    """One case (404 outside your subtree); the ETag header is its version."""
    case = service.get(session=session, principal=principal, case_id=case_id)
    response.headers["ETag"] = etag(case.version)
    return _read_one(session, principal, case)


@router.patch("/{case_id}", response_model=CaseRead, summary="Change a case")
def update_case(
    case_id: CaseId,
    body: CaseUpdate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("cases:write")),
) -> CaseRead:
    """Change a case's fields; needs If-Match (428 without, 412 when stale)."""
    case = service.update_case(
        session=session,
        principal=principal,
        case_id=case_id,
        expected=expected,
        data=body,
    )
    read = _read_one(session, principal, case)
    commit(session)
    response.headers["ETag"] = etag(case.version)
    return read


@router.post(
    "/{case_id}/transition",
    response_model=CaseRead,
    summary="Move a case to another status",
    responses={409: problem("Not allowed from the current status (`allowed` lists targets)")},
)
def transition_case(
    case_id: CaseId,
    body: TransitionRequest,
    request: Request,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("cases:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Move the case along the status machine; needs If-Match; 409 names the allowed targets."""

    def write() -> Outcome:
        case = service.transition(
            session=session,
            principal=principal,
            case_id=case_id,
            expected=expected,
            data=body,
        )
        return 200, _read_one(session, principal, case), {"ETag": etag(case.version)}

    # A retried transition with the same key answers as the first did, not 412.
    return run_idempotent(
        session=session,
        principal=principal,
        key=key,
        method="POST",
        path=request.url.path,
        body=body,
        write=write,
    )


@router.post(
    "/{case_id}/events",
    status_code=201,
    response_model=CaseEventRead,
    summary="Add an entry to a case's timeline",
    responses={409: problem("The case's status does not allow this event")},
)
def add_event(
    case_id: CaseId,
    body: CaseEventCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("cases:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """Append a timeline entry; suspension_start/suspension_end also move the status."""

    def write() -> Outcome:
        event = service.add_event(session=session, principal=principal, case_id=case_id, data=body)
        return 201, CaseEventRead.model_validate(event), {}

    return run_idempotent(
        session=session,
        principal=principal,
        key=key,
        method="POST",
        path=request.url.path,
        body=body,
        write=write,
    )


@router.get("/{case_id}/events", response_model=Page[CaseEventRead], summary="A case's timeline")
def list_events(
    case_id: CaseId,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("cases:read")),
) -> Page[CaseEventRead]:
    """The case's timeline in order (seq 1, 2, …), one page at a time."""
    rows, next_cursor = service.list_events(
        session=session, principal=principal, case_id=case_id, limit=limit, cursor=cursor
    )
    return Page[CaseEventRead](
        items=[CaseEventRead.model_validate(e) for e in rows], next_cursor=next_cursor
    )


@router.get(
    "/{case_id}/deadlines", response_model=CaseDeadlinesRead, summary="A case's deadlines today"
)
def case_deadlines(
    case_id: CaseId,
    policy: str | None = Query(
        None, min_length=1, max_length=64, description="Policy pack; default: the deployment's."
    ),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("cases:read")),
) -> CaseDeadlinesRead:
    """Every statutory deadline of the case today, computed by the rules engine from its timeline."""
    result, timeline, today, overdue = service.deadlines(
        session=session, principal=principal, case_id=case_id, policy_id=policy
    )
    return CaseDeadlinesRead(
        case_id=case_id,
        as_of=today,
        policy=result.policy,
        rules_version=result.rules_version,
        procedure=result.procedure,  # type: ignore[arg-type]
        deadlines=[
            DeadlineOut.model_validate(
                {
                    "key": d.key,
                    "due_on": d.due_on,
                    "basis": d.basis,
                    "days": d.days,
                    "counts_from": d.counts_from,
                    "citation": CitationOut.of(d.citation),
                    "status": d.status,
                    "provisional": d.provisional,
                    "done_on": d.done_on,
                    "extension_days": d.extension_days,
                    "excluded_days": d.excluded_days,
                    "suspended": d.suspended,
                    "extension": d.extension,
                }
            )
            for d in result.deadlines
        ],
        pending=[
            PendingOut.model_validate(
                {"key": p.key, "waiting_for": p.waiting_for, "citation": CitationOut.of(p.citation)}
            )
            for p in result.pending
        ],
        collective=result.collective,
        overdue=overdue,
        provisional=result.provisional,
        warnings=list(result.warnings),
        ignored_events=[
            IgnoredEvent(seq=seq, kind=kind, reason=reason)
            for seq, kind, reason in timeline.ignored
        ],
        trace=[TraceStep(**s.as_dict()) for s in result.trace],
    )

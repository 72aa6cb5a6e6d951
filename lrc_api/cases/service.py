"""Queries and writes of cases, their assignments and timelines (no HTTP; never commits)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from lrc_api.cases import workflow
from lrc_api.cases.due import refresh, timelines
from lrc_api.cases.models import Case, CaseAssignment, CaseEvent
from lrc_api.cases.schemas import (
    Assignment,
    CaseCreate,
    CaseEventCreate,
    CaseUpdate,
    TransitionRequest,
)
from lrc_api.coordinators.models import Coordinator
from lrc_api.core.calendar import get_calendar
from lrc_api.core.concurrency import IfMatch, conditional_update
from lrc_api.core.errors import Conflict, FieldError, InvalidInput, NotFound
from lrc_api.core.models import today as china_today
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.policies import region_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import (
    apply_scope,
    in_scope,
    own_coordinator_only,
    require_visible,
    require_writable_region,
)
from lrc_api.core.unit_of_work import record, record_rows_move, snapshot
from lrc_api.enterprises.models import Enterprise
from lrc_rules.deadlines import CaseDeadlines
from lrc_rules.errors import MissingParameterError

SORTABLE = {
    "received_on": Case.received_on,
    "number": Case.number,
    "id": Case.id,
    "created_at": Case.created_at,
    "due_on": Case.next_due_on,
}
"""Fields a case list can be sorted by (``due_on``: the stored next due date of an open case)."""

COLLECTIVE_PARAMETER = "deadlines.collective.min_workers"
"""Pack parameter: fewest workers that make a dispute collective (办案规则 第五条)."""


def _today() -> dt.date:
    # The day in China, as every other view and check reads it: between 00:00 and 08:00 there
    # the UTC date is still yesterday, which would refuse a case received this morning as "in
    # the future" and compute deadlines (and overdue) a day late.
    return china_today()


# --- reads ---------------------------------------------------------------------------------------


def get(*, session: Session, principal: Principal, case_id: int, lock: bool = False) -> Case:
    """A case the principal may see (404 otherwise); ``lock`` holds its row until the commit."""
    stmt = select(Case).where(Case.id == case_id)
    if lock:
        # Serialises writers of one case's timeline on PostgreSQL; SQLite writers already are.
        stmt = stmt.with_for_update()
    case = session.exec(stmt).first()
    if case is None:
        raise NotFound(f"case {case_id} not found")
    require_visible(session, principal, case.region_id, f"case {case_id}")
    if own_coordinator_only(principal) and not _works_on(session, principal, case_id):
        raise NotFound(f"case {case_id} not found")
    return case


def _assigned_to(principal: Principal) -> Any:
    """The ids of the cases the principal's own coordinator is assigned to (a subquery)."""
    return select(CaseAssignment.case_id).where(
        CaseAssignment.coordinator_id == principal.coordinator_id
    )


def _works_on(session: Session, principal: Principal, case_id: int) -> bool:
    stmt = _assigned_to(principal).where(CaseAssignment.case_id == case_id)
    return session.exec(stmt).first() is not None


def visible(*, session: Session, principal: Principal, case_id: int) -> bool:
    """Whether the case exists and the principal may read it (for references in other bodies).

    A coordinator principal reads only the cases it is assigned to (lead or assistant): a case is
    its own data in the sense of ``core.scope.own_coordinator_only``.
    """
    case = session.get(Case, case_id)
    if case is None or not in_scope(session, principal, case.region_id):
        return False
    return not own_coordinator_only(principal) or _works_on(session, principal, case_id)


def assignments_of(session: Session, case_ids: Iterable[int]) -> dict[int, list[CaseAssignment]]:
    """The assignments of each case (lead first), in one query."""
    out: dict[int, list[CaseAssignment]] = defaultdict(list)
    ids = list(case_ids)
    if ids:
        stmt = select(CaseAssignment).where(col(CaseAssignment.case_id).in_(ids))
        for row in session.exec(stmt.order_by(col(CaseAssignment.id))):
            out[row.case_id].append(row)
    for rows in out.values():
        rows.sort(key=lambda a: a.role != "lead")
    return out


def list_cases(
    *,
    session: Session,
    principal: Principal,
    filters: dict[str, Any],
    overdue: bool | None,
    due_before: dt.date | None = None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[Case], str | None]:
    """Cases in the principal's subtree matching the filters, one full page.

    ``overdue``, ``due_before`` and ``sort=due_on`` read the stored next due date of each open
    case (``next_due_on``, kept by every write and by ``lrc cases recompute-deadlines``) through
    its index: ``overdue=true`` is ``next_due_on < today``, ``due_before=D`` is
    ``next_due_on < D``. Concluded cases have no next due date, so they are never overdue, and a
    list sorted by ``due_on`` holds only the cases that have one.
    """
    stmt = apply_scope(session, principal, select(Case), Case.region_id)
    if own_coordinator_only(principal):
        stmt = stmt.where(col(Case.id).in_(_assigned_to(principal)))
    for name in ("status", "procedure", "source", "region_id", "enterprise_id", "collective"):
        if filters.get(name) is not None:
            stmt = stmt.where(getattr(Case, name) == filters[name])
    if filters.get("number"):
        stmt = stmt.where(Case.number == filters["number"].strip())
    if filters.get("within") is not None:
        root = session.get(Region, filters["within"])
        subtree = select(Region.id).where(col(Region.path).startswith(root.path if root else "/-/"))
        stmt = stmt.where(col(Case.region_id).in_(subtree))
    if filters.get("coordinator_id") is not None:
        assigned = select(CaseAssignment.case_id).where(
            CaseAssignment.coordinator_id == filters["coordinator_id"]
        )
        stmt = stmt.where(col(Case.id).in_(assigned))
    if filters.get("received_from") is not None:
        stmt = stmt.where(Case.received_on >= filters["received_from"])
    if filters.get("received_to") is not None:
        stmt = stmt.where(Case.received_on <= filters["received_to"])
    due = col(Case.next_due_on)
    today = _today()
    if overdue is True:
        stmt = stmt.where(due < today)
    elif overdue is False:
        stmt = stmt.where(or_(due.is_(None), due >= today))
    if due_before is not None:
        stmt = stmt.where(due < due_before)
    spec = parse_sort(sort, SORTABLE, "id")
    if spec.column is Case.next_due_on:
        # Keyset pages compare (due, id) row values, which NULL would break: sorted by due date,
        # the list is the cases that have one.
        stmt = stmt.where(due.is_not(None))
    return paginate(session, stmt, spec=spec, id_column=Case.id, limit=limit, cursor=cursor)


def list_events(
    *, session: Session, principal: Principal, case_id: int, limit: int, cursor: str | None
) -> tuple[Sequence[CaseEvent], str | None]:
    """A case's timeline in seq order, one page."""
    get(session=session, principal=principal, case_id=case_id)
    spec = parse_sort(None, {"seq": CaseEvent.seq}, "seq")
    stmt = select(CaseEvent).where(CaseEvent.case_id == case_id)
    return paginate(session, stmt, spec=spec, id_column=CaseEvent.id, limit=limit, cursor=cursor)


def _timeline(session: Session, case_id: int) -> list[CaseEvent]:
    return timelines(session, [case_id]).get(case_id, [])


def deadlines(
    *, session: Session, principal: Principal, case_id: int, policy_id: str | None
) -> tuple[CaseDeadlines, workflow.RuleTimeline, dt.date, bool]:
    """The case's deadlines today under a pack, the timeline used, today, and whether overdue."""
    case = get(session=session, principal=principal, case_id=case_id)
    events = _timeline(session, case_id)
    today = _today()
    result, timeline = workflow.deadlines_of(
        case, events, region_policy(session, case.region_id, policy_id), get_calendar(), today
    )
    overdue = case.status in workflow.OPEN and any(d.status == "overdue" for d in result.deadlines)
    return result, timeline, today, overdue


# --- checks that need the database (all run before any write) -----------------------------------


def _check_enterprise(session: Session, principal: Principal, enterprise_id: int | None) -> None:
    if enterprise_id is None:
        return
    row = session.get(Enterprise, enterprise_id)
    if row is None or row.deleted_at is not None or not in_scope(session, principal, row.region_id):
        raise InvalidInput.on("enterprise_id", f"unknown enterprise {enterprise_id}")


def _check_number(
    session: Session, principal: Principal, number: str, except_id: int | None = None
) -> None:
    if workflow.GENERATED_NUMBER.match(number):
        raise InvalidInput.on(
            "number", "numbers like LRC-<year>-<id> are given by the service; leave number out"
        )
    clash = session.exec(select(Case.id, Case.region_id).where(Case.number == number)).first()
    if clash is not None and clash[0] != except_id:
        if in_scope(session, principal, clash[1]):
            message = f"case number {number!r} is already used by case {clash[0]}"
        else:  # unique across the deployment; a case outside the caller's subtree is not named
            message = f"case number {number!r} is already used outside your region"
        raise Conflict(
            f"number: {message}", errors=[FieldError(field="number", message=message, rule=None)]
        )


def _check_assignments(
    session: Session, principal: Principal, wanted: Sequence[Assignment], keep: set[int]
) -> None:
    """Each coordinator once, at most one lead, each known and in scope; new ones active."""
    seen: set[int] = set()
    lead: int | None = None
    for i, a in enumerate(wanted):
        where = f"assignments[{i}]"
        if a.coordinator_id in seen:
            raise InvalidInput.on(f"{where}.coordinator_id", "lists the same coordinator twice")
        seen.add(a.coordinator_id)
        if a.role == "lead":
            if lead is not None:
                raise InvalidInput.on(
                    f"{where}.role", f"a case has at most one lead (assignments[{lead}] is one)"
                )
            lead = i
        row = session.get(Coordinator, a.coordinator_id)
        if (
            row is None
            or row.deleted_at is not None
            or not in_scope(session, principal, row.region_id)
        ):
            raise InvalidInput.on(
                f"{where}.coordinator_id", f"unknown coordinator {a.coordinator_id}"
            )
        if a.coordinator_id not in keep and row.status != "active":
            raise InvalidInput.on(
                f"{where}.coordinator_id", f"coordinator {a.coordinator_id} has left"
            )


def _collective(session: Session, region_id: int, worker_count: int, received_on: dt.date) -> bool:
    policy = region_policy(session, region_id)
    try:
        minimum = policy.typed(COLLECTIVE_PARAMETER, received_on, int)
    except MissingParameterError:
        raise InvalidInput.on(
            "received_on",
            f"before the rules of pack {policy.id!r} apply ({policy.cite(COLLECTIVE_PARAMETER)})",
        ) from None
    return worker_count >= minimum


def _claims(claims: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"type": c.type, "amount": None if c.amount is None else str(c.amount)} for c in claims]


# --- writes --------------------------------------------------------------------------------------


def _snapshot(session: Session, case: Case) -> dict[str, Any]:
    assigned = assignments_of(session, [case.id or 0]).get(case.id or 0, [])
    return snapshot(
        case, assignments=[{"coordinator_id": a.coordinator_id, "role": a.role} for a in assigned]
    )


def _audit(
    session: Session,
    principal: Principal,
    case: Case,
    *,
    entity: str = "case",
    row: Any = None,
    before: dict[str, Any] | None = None,
) -> None:
    """Audit a case write (``row`` None) or a new timeline entry ``row``."""
    record(
        session=session,
        principal=principal,
        action="create" if row is not None or before is None else "update",
        entity=entity,
        entity_id=(row if row is not None else case).id or 0,
        version=1 if row is not None else case.version,
        region_id=case.region_id,
        before=before,
        after=snapshot(row) if row is not None else _snapshot(session, case),
    )


def _set_assignments(session: Session, case_id: int, wanted: Sequence[Assignment]) -> None:
    for old in session.exec(select(CaseAssignment).where(CaseAssignment.case_id == case_id)):
        session.delete(old)
    session.flush()  # the old lead goes before a new one meets the one-lead index
    for a in wanted:
        session.add(CaseAssignment(case_id=case_id, coordinator_id=a.coordinator_id, role=a.role))
    session.flush()


def create(*, session: Session, principal: Principal, data: CaseCreate) -> Case:
    """Record a new case (status ``received``) with its coordinators; number given or generated."""
    require_writable_region(session, principal, data.region_id)
    values = data.model_dump(exclude={"assignments", "claims", "number"})
    workflow.check_dates(values, _today(), None)
    workflow.check_matter(data.procedure, data.matter)
    _check_enterprise(session, principal, data.enterprise_id)
    if data.number is not None:
        _check_number(session, principal, data.number)
    _check_assignments(session, principal, data.assignments, keep=set())
    case = Case(
        **values,
        number=data.number or f"pending:{uuid.uuid4().hex}",
        claims=_claims(data.claims),
        collective=_collective(session, data.region_id, data.worker_count, data.received_on),
        created_by=principal.subject,
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    if data.number is None:
        case.number = workflow.generated_number(case.received_on, case.id)
    _set_assignments(session, case.id, data.assignments)
    refresh(session=session, case=case, today=_today())
    _audit(session, principal, case)
    return case


NOT_NULL = (
    "number",
    "region_id",
    "source",
    "categories",
    "worker_count",
    "claims",
    "received_on",
    "assignments",
)
"""Fields a PATCH may leave out but not set to null."""


def update_case(
    *,
    session: Session,
    principal: Principal,
    case_id: int,
    expected: IfMatch,
    data: CaseUpdate,
) -> Case:
    """Change a case's editable fields (If-Match); the collective flag follows the worker count."""
    case = get(session=session, principal=principal, case_id=case_id, lock=True)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    for name in NOT_NULL:
        if name in changes and changes[name] is None:
            raise InvalidInput.on(name, "cannot be null")
    if "accepted_on" in changes and changes["accepted_on"] is None and case.status != "received":
        raise InvalidInput.on("accepted_on", f"a {case.status} case keeps its day of acceptance")
    if "region_id" in changes:
        require_writable_region(session, principal, changes["region_id"])
    merged = {**case.model_dump(), **changes}
    first = min((ev.on for ev in _timeline(session, case_id)), default=None)
    workflow.check_dates(merged, _today(), first)
    workflow.check_matter(case.procedure, merged["matter"])
    if "enterprise_id" in changes:
        _check_enterprise(session, principal, changes["enterprise_id"])
    if "number" in changes and changes["number"] != case.number:
        _check_number(session, principal, changes["number"], except_id=case_id)
    wanted = data.assignments if changes.pop("assignments", None) is not None else None
    if wanted is not None:
        current = {a.coordinator_id for a in assignments_of(session, [case_id]).get(case_id, [])}
        _check_assignments(session, principal, wanted, keep=current)
    if "claims" in changes:
        changes["claims"] = _claims(data.claims or [])
    changes["collective"] = _collective(
        session, merged["region_id"], merged["worker_count"], merged["received_on"]
    )
    before = _snapshot(session, case)
    old_region = case.region_id
    conditional_update(session, case, expected=expected, changes=changes)
    if wanted is not None:
        _set_assignments(session, case_id, wanted)
    if case.region_id != old_region:
        # The case and its timeline leave the old region's followers and join the new one's.
        record_rows_move(
            session=session,
            table=Case.__table__,  # type: ignore[attr-defined]
            where=col(Case.id) == case_id,
            old_path=_path(session, old_region),
            new_path=_path(session, case.region_id),
            old_region=old_region,
            new_region=case.region_id,
        )
    refresh(session=session, case=case, today=_today())
    _audit(session, principal, case, before=before)
    return case


def _path(session: Session, region_id: int) -> str:
    region = session.get(Region, region_id)
    return region.path if region is not None else f"/{region_id}/"


def _entry(principal: Principal, case: Case, seq: int, **fields: Any) -> CaseEvent:
    return CaseEvent(case_id=case.id or 0, seq=seq, actor=principal.subject, **fields)


def _next_seq(session: Session, case_id: int) -> int:
    stmt = select(func.max(CaseEvent.seq)).where(CaseEvent.case_id == case_id)
    return int(session.exec(stmt).one() or 0) + 1


def _append(session: Session, principal: Principal, case: Case, entry: CaseEvent) -> CaseEvent:
    session.add(entry)
    session.flush()
    _audit(session, principal, case, entity="case_event", row=entry)
    return entry


def _move(
    session: Session,
    principal: Principal,
    case: Case,
    to: str,
    on: dt.date,
    note: str | None,
    conclusion: str | None = None,
) -> None:
    """Change the status (conditional on the version read) and write the status_changed entry;
    entering a concluding status records the conclusion and its day, and the stored due dates
    follow."""
    changes: dict[str, Any] = {"status": to}
    if to == "accepted" and case.accepted_on is None:
        changes["accepted_on"] = on
    if to == "closed":
        changes["closed_on"] = on
    if to in workflow.CONCLUDED:
        changes["conclusion"] = conclusion
        changes["concluded_on"] = on
    before = _snapshot(session, case)
    conditional_update(session, case, expected=IfMatch.exact(case.version), changes=changes)
    seq = _next_seq(session, case.id or 0)
    entry = _entry(principal, case, seq, kind=workflow.STATUS_CHANGED, on=on, status=to, note=note)
    _append(session, principal, case, entry)
    refresh(session=session, case=case, today=_today())
    _audit(session, principal, case, before=before)


def transition(
    *,
    session: Session,
    principal: Principal,
    case_id: int,
    expected: IfMatch,
    data: TransitionRequest,
) -> Case:
    """Move a case along the status machine (409 naming the allowed targets otherwise).

    Suspending and resuming also write ``suspension_start``/``suspension_end`` to the timeline,
    so the award clock stops exactly when the status says it does.
    """
    case = get(session=session, principal=principal, case_id=case_id, lock=True)
    expected.require(case.version, "case")
    workflow.check_transition(case.status, data.to, procedure=case.procedure)
    conclusion = workflow.check_conclusion(case.procedure, data.to, data.conclusion)
    events, today = _timeline(session, case_id), _today()
    on = data.on or today
    workflow.check_status_day(case, events, on, today)
    clock = {"suspended": "suspension_start"}.get(data.to)
    if case.status == "suspended" and data.to == "in_progress":
        clock = "suspension_end"
    if clock is not None:
        entry = _entry(principal, case, _next_seq(session, case_id), kind=clock, on=on)
        workflow.check_new_event(case, events, entry, region_policy(session, case.region_id), today)
        _append(session, principal, case, entry)
    _move(session, principal, case, data.to, on, data.note, conclusion)
    return case


def add_event(
    *, session: Session, principal: Principal, case_id: int, data: CaseEventCreate
) -> CaseEvent:
    """Append an entry to the case's timeline; suspension events also move the status."""
    case = get(session=session, principal=principal, case_id=case_id, lock=True)
    events, today = _timeline(session, case_id), _today()
    move = workflow.check_event(case, events, data.kind, data.on, data.days, data.note, today)
    fields = data.model_dump()
    entry = _entry(principal, case, _next_seq(session, case_id), **fields)
    workflow.check_new_event(case, events, entry, region_policy(session, case.region_id), today)
    _append(session, principal, case, entry)
    if move is not None:
        _move(session, principal, case, move[1], data.on, data.note)
    else:
        refresh(session=session, case=case, today=_today())
    return entry

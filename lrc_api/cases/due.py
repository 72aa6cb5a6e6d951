"""Each case's stored deadline columns: what they hold, how a write keeps them, how to redo them.

Lists and reports filter and sort by dates in SQL (the morning work list, the weekly report's
cases near their limit, the KPIs' on time or late), so a case stores what its deadlines say —
``next_due_on``/``next_due_key`` and ``main_due_on`` while open, ``timeliness`` once concluded —
computed by ``lrc_rules.deadlines`` under its region's pack. Every write of a case refreshes them
in its own transaction (:func:`refresh`); :func:`recompute` redoes them in batches after a change
no write sees (a calendar file, a region bound to another pack): ``lrc cases recompute-deadlines``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from lrc_api.cases.models import Case, CaseEvent
from lrc_api.cases.workflow import MAIN_DEADLINE, OPEN, deadlines_of
from lrc_api.core.calendar import get_calendar
from lrc_api.core.errors import InvalidInput, NotFound
from lrc_api.core.policies import bound_policy_ids, region_policy, resolve_policy
from lrc_api.core.region_tree import Region
from lrc_rules.calendar import WorkCalendar
from lrc_rules.case_outcomes import timeliness_of
from lrc_rules.policies import Policy


@dataclass(frozen=True, slots=True)
class DueState:
    """What a case stores of its deadlines so lists and reports can filter in SQL.

    While open: the earliest due date among its running deadlines (not met, clock not stopped)
    with its key, and its main deadline's due date. Once concluded: whether it concluded by its
    main deadline (``on_time``/``late``; None when that deadline had not started).
    """

    next_due_on: dt.date | None
    next_due_key: str | None
    main_due_on: dt.date | None
    timeliness: str | None

    def as_changes(self) -> dict[str, Any]:
        """The stored columns."""
        return {
            "next_due_on": self.next_due_on,
            "next_due_key": self.next_due_key,
            "main_due_on": self.main_due_on,
            "timeliness": self.timeliness,
        }


NOTHING_DUE = DueState(None, None, None, None)
"""A case whose deadlines its pack cannot compute, or a concluded one without a judgment."""


def due_state(
    case: Case,
    events: Sequence[CaseEvent],
    policy: Policy,
    calendar: WorkCalendar,
    as_of: dt.date,
) -> DueState:
    """The stored deadline columns of a case on ``as_of`` (lrc_rules.deadlines).

    A running deadline's due date does not depend on ``as_of`` (only a stopped clock's does, and
    those are left out), so an open case is overdue on any later day exactly when
    ``next_due_on`` is before it: the SQL filter of the work list. A case the pack cannot compute
    (e.g. a hotline case under a pack without local closure limits) stores nothing.
    """
    try:
        result, _ = deadlines_of(case, events, policy, calendar, as_of)
    except InvalidInput:
        return NOTHING_DUE
    main_key = MAIN_DEADLINE[case.procedure]
    main = next((d for d in result.deadlines if d.key == main_key), None)
    if case.status not in OPEN:
        return DueState(None, None, None, timeliness_of(main.status if main else None))
    running = [d for d in result.deadlines if d.done_on is None and not d.suspended]
    # min() keeps the first of equal dates: the procedure's own order of deadlines.
    nxt = min(running, key=lambda d: d.due_on, default=None)
    main_due = main.due_on if main is not None and main in running else None
    return DueState(nxt.due_on if nxt else None, nxt.key if nxt else None, main_due, None)


def timelines(session: Session, case_ids: Sequence[int]) -> dict[int, list[CaseEvent]]:
    """The timeline of each case, in seq order: one query."""
    out: dict[int, list[CaseEvent]] = defaultdict(list)
    if case_ids:
        stmt = select(CaseEvent).where(col(CaseEvent.case_id).in_(case_ids))
        for ev in session.exec(stmt.order_by(col(CaseEvent.case_id), col(CaseEvent.seq))):
            out[ev.case_id].append(ev)
    return out


def refresh(*, session: Session, case: Case, today: dt.date) -> None:
    """Store the case's next and main due dates (or its timeliness once concluded), computed
    from its timeline under its region's pack: in the transaction of the write that changed it.

    Derived values: the version (ETag) does not change for them.
    """
    state = due_state(
        case,
        timelines(session, [case.id or 0]).get(case.id or 0, []),
        region_policy(session, case.region_id),
        get_calendar(),
        today,
    )
    for name, value in state.as_changes().items():
        setattr(case, name, value)
    session.flush()


def recompute(
    *,
    session: Session,
    region_id: int | None,
    include_concluded: bool,
    after_id: int,
    batch: int,
    today: dt.date,
) -> tuple[int, int, int | None]:
    """Recompute the stored deadline columns of up to ``batch`` cases with id > ``after_id``.

    For after a calendar file changes or a region's pack is rebound (or changes meaning): open
    cases get their next and main due dates again, and with ``include_concluded`` concluded ones
    their timeliness. Three queries a batch (cases, their timelines, their regions' packs), then
    one UPDATE for the rows that changed. Returns (cases read, rows changed, the last id read or
    None when done). Derived columns only: no version bump, no audit entry.
    """
    stmt = select(Case).where(Case.id > after_id)  # type: ignore[operator]
    if not include_concluded:
        stmt = stmt.where(col(Case.status).in_(OPEN))
    if region_id is not None:
        root = session.get(Region, region_id)
        if root is None:
            raise NotFound(f"region {region_id} not found")
        subtree = select(Region.id).where(col(Region.path).startswith(root.path))
        stmt = stmt.where(col(Case.region_id).in_(subtree))
    cases = list(session.exec(stmt.order_by(col(Case.id)).limit(batch)))
    if not cases:
        return 0, 0, None
    events = timelines(session, [c.id for c in cases if c.id is not None])
    regions = session.exec(select(Region).where(col(Region.id).in_({c.region_id for c in cases})))
    packs = bound_policy_ids(session, list(regions))
    calendar = get_calendar()
    changed: list[dict[str, Any]] = []
    for case in cases:
        state = due_state(
            case,
            events.get(case.id or 0, []),
            resolve_policy(packs[case.region_id]),
            calendar,
            today,
        )
        values = state.as_changes()
        if any(getattr(case, k) != v for k, v in values.items()):
            changed.append({"id": case.id, **values})
    if changed:
        # One bulk UPDATE by primary key (executemany), no version bump.
        session.execute(update(Case), changed, execution_options={"synchronize_session": False})
    return len(cases), len(changed), cases[-1].id

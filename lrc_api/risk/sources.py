"""Where an enterprise's early-warning signals come from: stored cases, risk reports, other systems.

- **Cases** against the enterprise (``case.enterprise_id``), on the day received: a ``wage_clue``
  case is a ``wage_arrears_clue``, a ``hotline`` case a ``hotline_complaint``, any other a
  ``dispute`` — a ``collective_dispute`` when the case is collective (≥ 10 workers, 办案规则
  第五条, the case's ``collective`` flag). The value is the case's worker count.
- **Overdue cases**: a case still open with a deadline past due counts as ``overdue_case`` on the
  day assessed — a standing condition, not an event. For the previous window it is judged the
  same way on that window's last day, from the timeline entries up to then.
- **Risk reports**: a coordinator's ``risk_report`` activity (pay cut, layoff, closure) with its
  evidence, on the day it happened, sized by ``workers_affected``; pending and approved reports
  count (a report is urgent, 汶政字〔2024〕59号 附件1 7.4), rejected or withdrawn ones do not.
- **Signals** other systems recorded (``risk_signal``).

One enterprise is read row by row with references (``case:12``, ``activity:9``, ``signal:40``);
many enterprises are read as counted groups for :func:`lrc_rules.early_warning.summarize`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import String, func, or_, type_coerce
from sqlmodel import Session, col, select

from lrc_api.activities.models import Activity
from lrc_api.cases import workflow
from lrc_api.cases.models import Case, CaseEvent
from lrc_api.core.calendar import get_calendar
from lrc_api.core.errors import InvalidInput
from lrc_api.core.policies import bound_policy_ids, resolve_policy
from lrc_api.core.region_tree import Region
from lrc_api.signals.models import RiskSignal
from lrc_rules.early_warning import Signal
from lrc_rules.early_warning_parameters import WarningParameters

CASE_KINDS = {"wage_clue": "wage_arrears_clue", "hotline": "hotline_complaint"}
"""Signal kind of a case by procedure; every other procedure is a (collective) dispute."""


def case_kind(procedure: str, collective: bool) -> str:
    """The signal kind a case against the enterprise gives."""
    kind = CASE_KINDS.get(procedure, "dispute")
    return "collective_dispute" if kind == "dispute" and collective else kind


def first_day(params: WarningParameters, as_of: dt.date) -> dt.date:
    """The first day of the previous window: older signals play no part."""
    return as_of - dt.timedelta(days=2 * params.window_days - 1)


def previous_end(params: WarningParameters, as_of: dt.date) -> dt.date:
    """The last day of the previous window."""
    return as_of - dt.timedelta(days=params.window_days)


def _overdue_on(case: Case, events: list[CaseEvent], day: dt.date, packs: dict[int, str]) -> bool:
    """Whether the case was still open on ``day`` with a deadline past due, from its timeline
    up to that day (today's status for today)."""
    if case.received_on > day or (case.closed_on is not None and case.closed_on <= day):
        return False
    # The status then is read from the timeline: every status change wrote an entry.
    upto = [e for e in events if e.on <= day]
    if workflow.concluded_on(upto) is not None:
        return False
    try:
        result, _ = workflow.deadlines_of(
            case, upto, resolve_policy(packs[case.region_id]), get_calendar(), day
        )
    except InvalidInput:
        return False  # a case the pack cannot compute counts as not overdue (as the case list)
    return any(d.status == "overdue" for d in result.deadlines)


def overdue_cases(
    session: Session, case_filter: Any, days: Iterable[dt.date]
) -> dict[dt.date, list[Case]]:
    """For each of ``days``, the cases matching ``case_filter`` that were overdue then."""
    days = sorted(set(days))
    stmt = select(Case).where(
        case_filter,
        col(Case.received_on) <= days[-1],
        or_(col(Case.closed_on).is_(None), col(Case.closed_on) > days[0]),
    )
    cases = list(session.exec(stmt))
    out: dict[dt.date, list[Case]] = {d: [] for d in days}
    if not cases:
        return out
    ids = [c.id for c in cases if c.id is not None]
    events: dict[int, list[CaseEvent]] = defaultdict(list)
    for ev in session.exec(
        select(CaseEvent)
        .where(col(CaseEvent.case_id).in_(ids))
        .order_by(col(CaseEvent.case_id), col(CaseEvent.seq))
    ):
        events[ev.case_id].append(ev)
    regions = session.exec(select(Region).where(col(Region.id).in_({c.region_id for c in cases})))
    packs = bound_policy_ids(session, list(regions))
    for case in cases:
        for day in days:
            if _overdue_on(case, events[case.id or 0], day, packs):
                out[day].append(case)
    return out


# --- one enterprise, signal by signal --------------------------------------------------------------


def enterprise_signals(
    session: Session, enterprise_id: int, params: WarningParameters, as_of: dt.date
) -> list[Signal]:
    """Every signal of one enterprise in the current and previous window, with references."""
    start = first_day(params, as_of)
    units = {k: r.unit for k, r in params.kinds.items()}

    def sized(kind: str, value: float | None) -> float | None:
        # A kind measured in no unit (or unknown to the pack) carries no value.
        return value if units.get(kind) is not None else None

    out: list[Signal] = []
    for s in session.exec(
        select(RiskSignal).where(
            RiskSignal.enterprise_id == enterprise_id,
            col(RiskSignal.observed_on) >= start,
            col(RiskSignal.observed_on) <= as_of,
        )
    ):
        out.append(Signal(s.kind, s.observed_on, s.value, 1, f"signal:{s.id}"))
    for c in session.exec(
        select(Case).where(
            Case.enterprise_id == enterprise_id,
            col(Case.received_on) >= start,
            col(Case.received_on) <= as_of,
        )
    ):
        kind = case_kind(c.procedure, c.collective)
        out.append(Signal(kind, c.received_on, sized(kind, c.worker_count), 1, f"case:{c.id}"))
    for a in session.exec(
        _reports().where(Activity.enterprise_id == enterprise_id, *_between(start, as_of))
    ):
        kind = a.risk_kind or ""
        out.append(
            Signal(kind, a.occurred_on, sized(kind, a.workers_affected), 1, f"activity:{a.id}")
        )
    overdue = overdue_cases(
        session, Case.enterprise_id == enterprise_id, (as_of, previous_end(params, as_of))
    )
    for day, cases in overdue.items():
        out.extend(Signal("overdue_case", day, None, 1, f"case:{c.id}") for c in cases)
    return out


def _reports() -> Any:
    return select(Activity).where(
        Activity.kind == "risk_report",
        col(Activity.deleted_at).is_(None),
        Activity.review != "rejected",
        col(Activity.risk_kind).is_not(None),
    )


def _between(start: dt.date, end: dt.date) -> tuple[Any, Any]:
    return col(Activity.occurred_on) >= start, col(Activity.occurred_on) <= end


# --- many enterprises, as counted groups ----------------------------------------------------------


def region_rows(session: Session, enterprise_ids: Any, start: dt.date, as_of: dt.date) -> list[Any]:
    """Counted signal groups ``(enterprise, kind, day, value, count)`` of the enterprises of
    ``enterprise_ids`` (a subquery), from stored signals, cases and risk reports observed from
    ``start`` to ``as_of`` (overdue cases: :func:`overdue_cases`)."""
    # Core rows, not ORM results: the stored signals give hundreds of thousands of groups, taken
    # as the driver returns them.
    conn = session.connection()
    stored = (
        select(
            RiskSignal.enterprise_id,
            RiskSignal.kind,
            # The day as the driver gives it (SQLite: ISO text, PostgreSQL: a date): the rules
            # take either, and memoise per day, so 500,000 rows are not parsed one by one.
            type_coerce(RiskSignal.observed_on, String),
            RiskSignal.value,
            func.count(),
        )
        .where(
            col(RiskSignal.enterprise_id).in_(enterprise_ids),
            col(RiskSignal.observed_on) >= start,
            col(RiskSignal.observed_on) <= as_of,
        )
        .group_by(
            RiskSignal.enterprise_id, RiskSignal.kind, RiskSignal.observed_on, RiskSignal.value
        )
        # In the index's order (free on SQLite; PostgreSQL would hash): the rules sum a run of
        # one enterprise's kind in local variables.
        .order_by(RiskSignal.enterprise_id, RiskSignal.kind)
    )
    out: list[Any] = conn.execute(stored).all()
    cases = (
        select(
            Case.enterprise_id,
            Case.procedure,
            Case.collective,
            Case.received_on,
            Case.worker_count,
            func.count(),
        )
        .where(
            col(Case.enterprise_id).in_(enterprise_ids),
            col(Case.received_on) >= start,
            col(Case.received_on) <= as_of,
        )
        .group_by(
            Case.enterprise_id, Case.procedure, Case.collective, Case.received_on, Case.worker_count
        )
    )
    for ent, procedure, collective, day, workers, n in conn.execute(cases):
        out.append((ent, case_kind(procedure, collective), day, float(workers), n))
    reports = (
        select(
            Activity.enterprise_id,
            Activity.risk_kind,
            Activity.occurred_on,
            Activity.workers_affected,
            func.count(),
        )
        .where(
            Activity.kind == "risk_report",
            col(Activity.deleted_at).is_(None),
            Activity.review != "rejected",
            col(Activity.risk_kind).is_not(None),
            col(Activity.enterprise_id).in_(enterprise_ids),
            *_between(start, as_of),
        )
        .group_by(
            Activity.enterprise_id,
            Activity.risk_kind,
            Activity.occurred_on,
            Activity.workers_affected,
        )
    )
    for ent, kind, day, workers, n in conn.execute(reports):
        out.append((ent, kind, day, None if workers is None else float(workers), n))
    return out

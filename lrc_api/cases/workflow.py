"""The case status machine, which timeline events a case accepts, and its deadlines via lrc_rules.

No database here: the service loads rows and calls these functions; they raise the service's
problem classes (409 for a move the status machine forbids, 422 for a bad value).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from lrc_api.cases.models import Case, CaseEvent
from lrc_api.core.errors import Conflict, FieldError, InvalidInput
from lrc_rules.calendar import WorkCalendar
from lrc_rules.case_timeline import ALLOWED_EVENTS, EVENT_KINDS, build_timeline, check_inputs
from lrc_rules.deadlines import CaseDeadlines, CaseInput, case_deadlines
from lrc_rules.deadlines import CaseEvent as RuleEvent
from lrc_rules.errors import RuleInputError
from lrc_rules.policies import Policy

STATUSES = (
    "received",
    "accepted",
    "in_progress",
    "suspended",
    "mediated",
    "awarded",
    "withdrawn",
    "transferred",
    "closed",
)
"""Every status a case can be in, in the order a case usually moves through them."""

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("accepted", "withdrawn", "transferred"),
    "accepted": ("in_progress", "withdrawn", "transferred"),
    "in_progress": ("suspended", "mediated", "awarded", "withdrawn", "transferred"),
    "suspended": ("in_progress", "withdrawn"),
    "mediated": ("closed",),
    "awarded": ("closed",),
    "withdrawn": ("closed",),
    "transferred": ("closed",),
    "closed": (),
}
"""The allowed moves: from each status, the statuses a case may go to next."""

CONCLUDED = frozenset({"mediated", "awarded", "withdrawn", "transferred"})
"""Statuses that end the handling of a case (closing it is then paperwork)."""

OPEN = frozenset({"received", "accepted", "in_progress", "suspended"})
"""Statuses of a case still being handled: the only ones whose deadlines can be overdue."""

STATUS_EVENTS: dict[str, tuple[str, str]] = {
    "suspension_start": ("in_progress", "suspended"),
    "suspension_end": ("suspended", "in_progress"),
}
"""Timeline events that move the status: kind → (status it needs, status it leads to)."""

STATUS_CHANGED = "status_changed"
"""The timeline entry the service writes for every status change (not posted by clients)."""

MATTER_PROCEDURES = ("wage_clue", "hotline")
"""Procedures whose cases name a kind of matter (their local closure limits differ by it)."""

MAIN_DEADLINE: dict[str, str] = {
    "mediation": "mediation_end",
    "enterprise_mediation": "mediation_end",
    "arbitration": "award",
    "inspection": "investigation",
    "wage_clue": "closure",
    "hotline": "closure",
}
"""The deadline that concluding a case meets, per procedure (the day of its conclusion)."""

GENERATED_NUMBER = re.compile(r"^LRC-\d{4}-\d{6,}$")
"""Case numbers the service gives out (``LRC-<year of receipt>-<id>``); clients may not use them."""


def generated_number(received_on: dt.date, case_id: int) -> str:
    """The number the service gives a case that came without one: unique because the id is."""
    return f"LRC-{received_on.year}-{case_id:06d}"


def allowed_targets(status: str) -> tuple[str, ...]:
    """Where a case in ``status`` may move next."""
    return TRANSITIONS.get(status, ())


def check_transition(status: str, to: str, *, field: str = "to") -> None:
    """409 naming the allowed targets (``allowed`` member) unless ``status`` → ``to`` is legal."""
    allowed = allowed_targets(status)
    if to in allowed:
        return
    targets = ", ".join(allowed) or "none (the case is closed)"
    message = f"a {status} case cannot move to {to}; it may move to: {targets}"
    raise Conflict(
        f"{field}: {message}",
        errors=[FieldError(field=field, message=message, rule=None)],
        extra={"case_status": status, "allowed": list(allowed)},
    )


def _conflict(field: str, message: str, case: Case) -> NoReturn:
    raise Conflict(
        f"{field}: {message}",
        errors=[FieldError(field=field, message=message, rule=None)],
        extra={"case_status": case.status, "allowed": list(allowed_targets(case.status))},
    )


def accepted_kinds(procedure: str) -> frozenset[str]:
    """Event kinds a case of ``procedure`` accepts: those its deadlines react to, plus
    suspension (it drives the status of any case) and notes."""
    return ALLOWED_EVENTS[procedure] | {"suspension_start", "suspension_end", "note"}


def concluded_on(events: Sequence[CaseEvent]) -> dt.date | None:
    """The day the case was concluded (mediated, awarded, withdrawn or transferred), if it was."""
    for ev in events:
        if ev.kind == STATUS_CHANGED and ev.status in CONCLUDED:
            return ev.on
    return None


# --- value checks (pure; the service runs them before any write) ---------------------------------


def not_future(value: dt.date | None, field: str, today: dt.date) -> None:
    """422 on ``field`` when the date lies after ``today``."""
    if value is not None and value > today:
        raise InvalidInput.on(field, f"{value.isoformat()} is in the future")


def check_dates(values: Mapping[str, Any], today: dt.date, first_entry: dt.date | None) -> None:
    """Receipt not in the future nor after the first timeline entry; later dates not before it."""
    received: dt.date = values["received_on"]
    not_future(received, "received_on", today)
    for name in ("accepted_on", "filed_on", "closed_on"):
        value = values.get(name)
        not_future(value, name, today)
        if value is not None and value < received:
            raise InvalidInput.on(name, f"is before received_on ({received.isoformat()})")
    if first_entry is not None and received > first_entry:
        raise InvalidInput.on(
            "received_on", f"is after the first timeline entry ({first_entry.isoformat()})"
        )


def check_matter(procedure: str, matter: str | None) -> None:
    """Wage-clue and hotline cases name their kind of matter (local limits differ); others not."""
    if procedure in MATTER_PROCEDURES and matter is None:
        raise InvalidInput.on("matter", f"required for a {procedure} case")
    if procedure not in MATTER_PROCEDURES and matter is not None:
        raise InvalidInput.on("matter", "only wage_clue and hotline cases have a kind of matter")


def check_status_day(case: Case, events: Sequence[CaseEvent], on: dt.date, today: dt.date) -> None:
    """A status change is dated between receipt (or the previous change) and today."""
    not_future(on, "on", today)
    if on < case.received_on:
        raise InvalidInput.on("on", f"is before received_on ({case.received_on.isoformat()})")
    last = max((ev.on for ev in events if ev.kind == STATUS_CHANGED), default=None)
    if last is not None and on < last:
        raise InvalidInput.on("on", f"is before the previous status change ({last.isoformat()})")


def check_event(
    case: Case,
    events: Sequence[CaseEvent],
    kind: str,
    on: dt.date,
    days: int | None,
    note: str | None,
    today: dt.date,
) -> tuple[str, str] | None:
    """Whether the case takes this timeline entry now; returns the status move it causes, if any.

    422 for a kind the procedure does not take or a bad date/days/note; 409 when the status does
    not allow it (``allowed`` lists the statuses the case may move to).
    """
    if kind not in accepted_kinds(case.procedure):
        accepted = ", ".join(sorted(accepted_kinds(case.procedure)))
        raise InvalidInput.on("kind", f"does not apply to a {case.procedure} case ({accepted})")
    if case.status not in OPEN and kind not in ("note", "award_received"):
        _conflict("kind", f"a {case.status} case takes only notes and award_received", case)
    if kind == "note" and not note:
        raise InvalidInput.on("note", "a note needs its text")
    if kind == "extension" and days is None:
        raise InvalidInput.on("days", "an extension needs the days granted")
    if kind != "extension" and days is not None:
        raise InvalidInput.on("days", "only an extension has days")
    if on < case.received_on:
        raise InvalidInput.on("on", f"is before received_on ({case.received_on.isoformat()})")
    if kind != "hearing_scheduled":
        not_future(on, "on", today)
    move = STATUS_EVENTS.get(kind)
    if move is not None:
        if case.status != move[0]:
            _conflict("kind", f"{kind} needs a {move[0]} case; this one is {case.status}", case)
        check_status_day(case, events, on, today)
    return move


@dataclass(frozen=True, slots=True)
class RuleTimeline:
    """The events handed to the deadline rules, with the seq of each, and those left out."""

    events: tuple[RuleEvent, ...]
    seqs: tuple[int, ...]
    ignored: tuple[tuple[int, str, str], ...]


def rule_timeline(procedure: str, events: Sequence[CaseEvent]) -> RuleTimeline:
    """The timeline entries the deadlines of ``procedure`` react to, in seq order.

    Notes and status changes never count; a suspension counts only where the procedure's
    deadlines stop for it (arbitration, 办案规则 第四十六条) and is reported as ignored elsewhere.
    """
    relevant = ALLOWED_EVENTS[procedure]
    kept: list[RuleEvent] = []
    seqs: list[int] = []
    ignored: list[tuple[int, str, str]] = []
    for ev in sorted(events, key=lambda e: e.seq):
        if ev.kind in relevant:
            kept.append(RuleEvent(ev.kind, ev.on, ev.days))
            seqs.append(ev.seq)
        elif ev.kind in EVENT_KINDS:
            ignored.append((ev.seq, ev.kind, f"the {procedure} deadlines do not react to it"))
    return RuleTimeline(tuple(kept), tuple(seqs), tuple(ignored))


def _case_input(
    case: Case, timeline: RuleTimeline, as_of: dt.date, done: dict[str, dt.date]
) -> CaseInput:
    return CaseInput(
        procedure=case.procedure,
        received_on=case.received_on,
        as_of=as_of,
        accepted_on=case.accepted_on,
        filed_on=case.filed_on,
        events=timeline.events,
        done=done,
        matter=case.matter,
        worker_count=case.worker_count,
    )


def _stored_field(field: str, seqs: Sequence[int]) -> str:
    """Rename ``events[i]…`` of the rules' input to the index of that entry in GET …/events."""
    m = re.match(r"^events\[(\d+)\](.*)$", field)
    if m is None:
        return field
    return f"events[{seqs[int(m.group(1))] - 1}]{m.group(2)}"


def check_new_event(
    case: Case,
    events: Sequence[CaseEvent],
    new: CaseEvent,
    policy: Policy,
    as_of: dt.date,
) -> None:
    """Refuse (422 on ``kind``, ``on`` or ``days``) an event the deadline rules could not use:
    a second extension, one over the pack's maximum, an end before its start, …"""
    timeline = rule_timeline(case.procedure, [*events, new])
    if new.seq not in timeline.seqs:
        return
    try:
        build_timeline(_case_input(case, timeline, as_of, {}), policy)
    except RuleInputError as exc:
        m = re.match(r"^events\[(\d+)\](?:\.(\w+))?$", exc.field)
        if m is None:
            raise InvalidInput.on(exc.field, exc.message, rule=exc.rule) from None
        suffix = m.group(2) or ("kind" if new.kind == "extension" else "on")
        is_new = timeline.seqs[int(m.group(1))] == new.seq
        message = (
            exc.message if is_new else f"conflicts with timeline entry {exc.field}: {exc.message}"
        )
        field = suffix if is_new else ("kind" if new.kind == "extension" else "on")
        raise InvalidInput.on(
            field, _stored_message(message, timeline.seqs), rule=exc.rule
        ) from None


def _stored_message(message: str, seqs: Sequence[int]) -> str:
    return re.sub(r"events\[(\d+)\]", lambda m: f"events[{seqs[int(m.group(1))] - 1}]", message)


def done_deadlines(case: Case, events: Sequence[CaseEvent]) -> dict[str, dt.date]:
    """The main deadline of a concluded case is met on the day of its conclusion.

    Only when the deadline has started: an arbitration award counts from acceptance, an
    inspection's investigation from filing.
    """
    day = concluded_on(events)
    if day is None:
        return {}
    key = MAIN_DEADLINE[case.procedure]
    if key == "award" and case.accepted_on is None:
        return {}
    if key == "investigation" and case.filed_on is None:
        return {}
    return {key: day}


def deadlines_of(
    case: Case,
    events: Sequence[CaseEvent],
    policy: Policy,
    calendar: WorkCalendar,
    as_of: dt.date,
) -> tuple[CaseDeadlines, RuleTimeline]:
    """Every deadline of a stored case on ``as_of`` (lrc_rules.deadlines), and the timeline used.

    A stored value the rules refuse is a 422 naming the field (events by their index in
    ``GET /v1/cases/{id}/events``).
    """
    timeline = rule_timeline(case.procedure, events)
    case_in = _case_input(case, timeline, as_of, done_deadlines(case, events))
    try:
        check_inputs(case_in)
        return case_deadlines(case_in, policy, calendar), timeline
    except RuleInputError as exc:
        raise InvalidInput.on(
            _stored_field(exc.field, timeline.seqs),
            _stored_message(exc.message, timeline.seqs),
            rule=exc.rule,
        ) from None


def has_overdue(
    case: Case,
    events: Sequence[CaseEvent],
    policy: Policy,
    calendar: WorkCalendar,
    as_of: dt.date,
) -> bool:
    """Whether an open case has a deadline past due on ``as_of`` (never for concluded cases).

    A case the pack cannot compute (e.g. a hotline case under a pack without local closure
    limits) counts as not overdue.
    """
    if case.status not in OPEN:
        return False
    try:
        result, _ = deadlines_of(case, events, policy, calendar, as_of)
    except InvalidInput:
        return False
    return any(d.status == "overdue" for d in result.deadlines)

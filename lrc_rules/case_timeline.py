"""Case inputs for the deadline rules: procedures, events, and the checks a timeline must pass.

:func:`check_inputs` and :func:`build_timeline` turn a :class:`CaseInput` into a validated,
date-sorted :class:`Timeline` (suspension and public-notice intervals paired, each extension
checked against the pack's maximum and against the one-per-period rule), raising :class:`RuleInputError` on the request field at fault
(``events[3]``, ``events[3].days``, ``done.award`` …). :mod:`lrc_rules.deadlines` computes from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from lrc_rules.calendar import check_date
from lrc_rules.errors import RuleInputError
from lrc_rules.policies import Policy

PROCEDURES = (
    "mediation",
    "enterprise_mediation",
    "arbitration",
    "inspection",
    "wage_clue",
    "hotline",
)
"""Procedures the engine knows (调解, 企业调解, 仲裁, 劳动保障监察, 欠薪线索, 12345 热线)."""

RESTART_KINDS = (
    "party_added",
    "materials_completed",
    "claims_amended",
    "counterclaim_merged",
    "transferred_in",
)
"""Events from whose day the award period counts again (办案规则 第四十六条(一)–(五))."""

EVENT_KINDS = (
    *RESTART_KINDS,
    "suspension_start",
    "suspension_end",
    "public_notice_start",
    "public_notice_end",
    "extension",
    "respondent_served",
    "hearing_scheduled",
    "award_received",
)
"""Case events the deadlines react to."""

MATTERS = ("consultation", "help", "complaint", "complex")
"""Kinds of wage-clue / hotline matter, each with its own local closure limit."""

ALLOWED_EVENTS: dict[str, frozenset[str]] = {
    "mediation": frozenset(),
    "enterprise_mediation": frozenset({"extension"}),
    "arbitration": frozenset(EVENT_KINDS),
    "inspection": frozenset({"extension"}),
    "wage_clue": frozenset(),
    "hotline": frozenset(),
}
"""Which events each procedure accepts; any other is an input error, never silently ignored."""

KEYS: dict[str, tuple[str, ...]] = {
    "mediation": ("mediation_end",),
    "enterprise_mediation": ("mediation_end",),
    "arbitration": (
        "acceptance_decision",
        "serve_respondent",
        "defence_due",
        "hearing_notice",
        "award",
        "sue_after_award",
        "revoke_final_award",
    ),
    "inspection": ("complaint_acceptance", "investigation"),
    "wage_clue": ("closure",),
    "hotline": ("closure",),
}
"""The deadline keys of each procedure (also the keys ``done`` may name)."""

EXTENDS: dict[str, tuple[str, str]] = {
    "enterprise_mediation": ("mediation_end", "deadlines.enterprise_mediation.extension_max"),
    "arbitration": ("award", "deadlines.arbitration.award_extension_max"),
    "inspection": ("investigation", "deadlines.inspection.investigation_extension_max"),
}
"""Which deadline an extension lengthens, and the pack parameter that caps it."""

PAIRS = {"suspension_end": "suspension_start", "public_notice_end": "public_notice_start"}
"""Each end event and the start event it closes."""


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One event of the case timeline: its kind, the day it happened, and days (extensions)."""

    kind: str
    on: dt.date
    days: int | None = None


@dataclass(frozen=True, slots=True)
class CaseInput:
    """A case's dates and events; ``done`` maps deadline keys to the day each was met."""

    procedure: str
    received_on: dt.date
    as_of: dt.date
    accepted_on: dt.date | None = None
    filed_on: dt.date | None = None
    events: tuple[CaseEvent, ...] = ()
    done: Mapping[str, dt.date] = field(default_factory=dict)
    matter: str | None = None
    worker_count: int | None = None


@dataclass(slots=True)
class Timeline:
    """A case's validated, date-sorted events (with request indices) and what they establish."""

    events: list[tuple[int, CaseEvent]]
    intervals: list[tuple[str, dt.date, dt.date | None]]
    extension: tuple[int, CaseEvent] | None = None
    extensions: list[tuple[int, CaseEvent]] = field(default_factory=list)
    served: dt.date | None = None
    hearing: dt.date | None = None
    award_received: dt.date | None = None
    warnings: list[str] = field(default_factory=list)


# --- validation --------------------------------------------------------------------------------


def check_inputs(case: CaseInput) -> None:
    """Check the case's own fields (procedure, dates, matter, done keys) before its events."""
    if case.procedure not in PROCEDURES:
        raise RuleInputError("procedure", f"unknown procedure; one of {', '.join(PROCEDURES)}")
    for name in ("received_on", "as_of", "accepted_on", "filed_on"):
        value = getattr(case, name)
        if value is not None:
            check_date(value, name)
    if case.as_of < case.received_on:
        raise RuleInputError("as_of", "is before received_on")
    for name in ("accepted_on", "filed_on"):
        value = getattr(case, name)
        if value is not None and value < case.received_on:
            raise RuleInputError(name, "is before received_on")
        if value is not None and value > case.as_of:
            raise RuleInputError(name, "is after as_of")
    if case.procedure in ("wage_clue", "hotline"):
        if case.matter not in MATTERS:
            raise RuleInputError(
                "matter", f"required for {case.procedure}: one of {', '.join(MATTERS)}"
            )
    elif case.matter is not None:
        raise RuleInputError("matter", "only wage_clue and hotline cases have a kind of matter")
    if case.worker_count is not None and case.worker_count < 1:
        raise RuleInputError("worker_count", "must be at least 1")
    for key, done_on in case.done.items():
        check_date(done_on, f"done.{key}")
        if key not in KEYS[case.procedure]:
            known = ", ".join(KEYS[case.procedure])
            raise RuleInputError(
                f"done.{key}", f"not a deadline of {case.procedure}; one of {known}"
            )
        if done_on < case.received_on or done_on > case.as_of:
            raise RuleInputError(f"done.{key}", "must lie between received_on and as_of")


def build_timeline(case: CaseInput, policy: Policy) -> Timeline:
    """Validate and sort the events, pair start/end intervals, check the extensions.

    An extension belongs to the period it was granted in: one per period, and a restart of the
    award period (办案规则 第四十六条, :data:`RESTART_KINDS`) opens a new period that may have its
    own. ``tl.extension`` is the last extension in date order (the one of the current period when
    no restart followed it); ``tl.extensions`` lists them all.
    """
    allowed = ALLOWED_EVENTS[case.procedure]
    for i, ev in enumerate(case.events):
        where = f"events[{i}]"
        if ev.kind not in EVENT_KINDS:
            raise RuleInputError(f"{where}.kind", f"unknown event; one of {', '.join(EVENT_KINDS)}")
        if ev.kind not in allowed:
            accepted = ", ".join(sorted(allowed)) or "none"
            raise RuleInputError(
                f"{where}.kind",
                f"{ev.kind} does not apply to {case.procedure} (accepted: {accepted})",
            )
        check_date(ev.on, f"{where}.on")
        if ev.on < case.received_on:
            raise RuleInputError(f"{where}.on", "is before received_on")
        if ev.on > case.as_of and ev.kind != "hearing_scheduled":
            raise RuleInputError(
                f"{where}.on", "is after as_of (only a hearing may be in the future)"
            )
        if ev.kind != "extension" and ev.days is not None:
            raise RuleInputError(f"{where}.days", "only an extension has days")
    # Same-day start and end are in order whichever way the request lists them.
    ordered = sorted(enumerate(case.events), key=lambda p: (p[1].on, p[1].kind in PAIRS))
    tl = Timeline(events=ordered, intervals=[])
    open_: dict[str, dt.date] = {}
    for i, ev in ordered:
        where = f"events[{i}]"
        if ev.kind in ("suspension_start", "public_notice_start"):
            if ev.kind in open_:
                raise RuleInputError(where, f"{ev.kind} while the previous one has not ended")
            open_[ev.kind] = ev.on
        elif ev.kind in PAIRS:
            start_kind = PAIRS[ev.kind]
            if start_kind not in open_:
                raise RuleInputError(where, f"{ev.kind} without an earlier {start_kind}")
            tl.intervals.append((start_kind.removesuffix("_start"), open_.pop(start_kind), ev.on))
        elif ev.kind == "extension":
            check_extension(case, policy, tl, i, ev)
            tl.extension = (i, ev)
            tl.extensions.append((i, ev))
        elif ev.kind in RESTART_KINDS:
            tl.extension = None  # a new award period: the earlier extension stays with the old one
        elif ev.kind == "respondent_served":
            if tl.served is None:
                tl.served = ev.on
            else:
                tl.warnings.append("several respondent_served events: the first one is used")
        elif ev.kind == "award_received":
            if tl.award_received is not None:
                raise RuleInputError(where, "award_received given twice")
            tl.award_received = ev.on
    for kind, start in open_.items():
        tl.intervals.append((kind.removesuffix("_start"), start, None))
    # A rescheduled hearing replaces the earlier one: the last in the request counts.
    hearings = [ev.on for ev in case.events if ev.kind == "hearing_scheduled"]
    tl.hearing = hearings[-1] if hearings else None
    return tl


def check_extension(case: CaseInput, policy: Policy, tl: Timeline, i: int, ev: CaseEvent) -> None:
    """One extension per period, with days between 1 and the pack's maximum for the procedure."""
    where = f"events[{i}]"
    if tl.extension is not None:
        raise RuleInputError(
            where,
            f"a second extension of the same period (the first is events[{tl.extension[0]}]); "
            "only one is allowed",
        )
    if ev.days is None or ev.days < 1:
        raise RuleInputError(f"{where}.days", "an extension needs days ≥ 1")
    path = EXTENDS[case.procedure][1]
    limit = policy.typed(path, case.received_on, int)
    if ev.days > limit:
        raise RuleInputError(
            f"{where}.days",
            f"extension of {ev.days} days exceeds the maximum of {limit} ({policy.cite(path)})",
            rule=path,
        )

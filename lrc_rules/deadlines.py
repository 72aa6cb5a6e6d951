"""Statutory case deadlines (法定办案期限) for a labor-dispute, inspection, clue or hotline case.

Given a case's dates and its timeline of events, :func:`case_deadlines` computes every deadline the
procedure sets, with its citation, its due date on the real working-day calendar, and its status on
``as_of``. Lengths, bases and citations come from the policy pack (``deadlines.*``); the calendar
from :class:`lrc_rules.calendar.WorkCalendar`.

Events (``kind``): ``party_added``, ``materials_completed``, ``claims_amended``,
``counterclaim_merged``, ``transferred_in`` (restart the award clock, 办案规则 第四十六条(一)–(五));
``suspension_start``/``suspension_end``, ``public_notice_start``/``public_notice_end`` (excluded
from the award clock, 第四十六条(六)); ``extension`` with ``days`` (one only, within the pack's
maximum); ``respondent_served`` (starts ``defence_due``); ``hearing_scheduled`` (its ``on`` is the
hearing date; ``hearing_notice`` is due 5 working days before it); ``award_received`` (the day the
party receives the award: starts ``sue_after_award`` and ``revoke_final_award``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lrc_rules import RULES_VERSION
from lrc_rules.calendar import CalendarAnswer, WorkCalendar, check_date
from lrc_rules.case_timeline import (
    EVENT_KINDS,
    EXTENDS,
    MATTERS,
    PROCEDURES,
    RESTART_KINDS,
    CaseEvent,
    CaseInput,
    Timeline,
    build_timeline,
    check_inputs,
)
from lrc_rules.errors import RuleInputError
from lrc_rules.periods import Exclusion, PeriodEnd, period_end
from lrc_rules.policies import Policy
from lrc_rules.trace import Citation, Step, TraceBuilder

__all__ = [
    "EVENT_KINDS",
    "MATTERS",
    "PROCEDURES",
    "CaseDeadlines",
    "CaseEvent",
    "CaseInput",
    "Deadline",
    "PendingDeadline",
    "case_deadlines",
]


@dataclass(frozen=True, slots=True)
class Deadline:
    """One computed deadline: due date, how it was counted, its citation and status on as_of."""

    key: str
    due_on: dt.date
    basis: str
    days: int
    counts_from: dt.date
    citation: Citation
    status: str
    provisional: bool
    done_on: dt.date | None = None
    extension_days: int = 0
    excluded_days: int = 0
    suspended: bool = False
    extension: str | None = None
    """``applied``, ``late`` (granted after the period ran out: not applied), ``dropped_by_restart``
    (granted for a period a restart ended), or None without an extension."""


@dataclass(frozen=True, slots=True)
class PendingDeadline:
    """A deadline of the procedure that has not started yet, and the fact it waits for."""

    key: str
    waiting_for: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class CaseDeadlines:
    """All deadlines of a case, those not yet started, flags and the explanation trace."""

    procedure: str
    deadlines: tuple[Deadline, ...]
    pending: tuple[PendingDeadline, ...]
    collective: bool | None
    provisional: bool
    warnings: tuple[str, ...]
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


def case_deadlines(case: CaseInput, policy: Policy, calendar: WorkCalendar) -> CaseDeadlines:
    """Every deadline of ``case`` under ``policy`` on ``calendar``, with status on ``case.as_of``.

    劳动争议调解仲裁法 第十四条、第二十九条、第三十条、第三十五条、第四十三条、第四十八至五十条;
    劳动人事争议仲裁办案规则 第四十五条、第四十六条、第八十条; 企业劳动争议协商调解规定 第二十六条;
    劳动保障监察条例 第十七条; 关于实施《劳动保障监察条例》若干规定 第十八条; local closure limits.
    """
    check_inputs(case)
    timeline = build_timeline(case, policy)
    tb = TraceBuilder()
    on = case.received_on
    window = policy.typed("deadlines.status.due_soon_working_days", on, int)
    ctx = _Context(case, policy, calendar, timeline, tb, window)
    builder = _BUILDERS[case.procedure]
    builder(ctx)
    for key in case.done:
        if key not in ctx.produced:
            raise RuleInputError(
                f"done.{key}", "this deadline has not started (it waits for a date or an event)"
            )
    collective = _collective(case, policy, tb)
    warnings = list(dict.fromkeys([*timeline.warnings, *ctx.warnings]))
    return CaseDeadlines(
        procedure=case.procedure,
        deadlines=tuple(ctx.deadlines),
        pending=tuple(ctx.pending),
        collective=collective,
        provisional=any(d.provisional for d in ctx.deadlines),
        warnings=tuple(warnings),
        policy=policy.id,
        rules_version=RULES_VERSION,
        trace=tb.freeze(),
    )


# --- computing -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    case: CaseInput
    policy: Policy
    calendar: WorkCalendar
    tl: Timeline
    tb: TraceBuilder
    window: int
    deadlines: list[Deadline] = field(default_factory=list)
    pending: list[PendingDeadline] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    produced: set[str] = field(default_factory=set)

    def rule(self, path: str) -> tuple[int, str, Citation]:
        raw: Any = self.policy.value(path, self.case.received_on)
        return int(raw["days"]), str(raw["basis"]), self.policy.cite(path)

    def count(self, start: dt.date, days: int, basis: str) -> CalendarAnswer:
        if basis == "working_days":
            return self.calendar.add_working_days(start, days)
        return self.calendar.add_calendar_days(start, days, roll_forward=True)

    def wait(self, key: str, path: str, waiting_for: str) -> None:
        self.pending.append(PendingDeadline(key, waiting_for, self.policy.cite(path)))
        self.tb.add(key, self.policy.cite(path), {"waiting_for": waiting_for}, "not started")

    def emit(
        self,
        key: str,
        path: str,
        start: dt.date,
        *,
        implied_done: dt.date | None = None,
        extra: int = 0,
        excluded: int = 0,
        suspended: bool = False,
        answer: CalendarAnswer | None = None,
        rule: tuple[int, str, Citation] | None = None,
        detail: Mapping[str, Any] | None = None,
        extension: str | None = None,
    ) -> Deadline:
        days, basis, citation = rule or self.rule(path)
        if answer is None:
            answer = self.count(start, days + extra + excluded, basis)
        done_on = self.case.done.get(key, implied_done)
        status = _status(self.calendar, answer.date, done_on, self.case.as_of, self.window)
        if suspended and status in ("overdue", "due_soon"):
            status = "open"  # the clock is stopped: the due date moves day by day
        deadline = Deadline(
            key=key,
            due_on=answer.date,
            basis=basis,
            days=days + extra,
            counts_from=start,
            citation=citation,
            status=status,
            provisional=answer.provisional,
            done_on=done_on,
            extension_days=extra,
            excluded_days=excluded,
            suspended=suspended,
            extension=extension,
        )
        self.deadlines.append(deadline)
        self.produced.add(key)
        self.warnings.extend(answer.warnings)
        inputs: dict[str, Any] = {"counts_from": start.isoformat(), "days": days, "basis": basis}
        inputs.update(detail or {})
        if extra:
            inputs["extension_days"] = extra
        if excluded:
            inputs["excluded_days"] = excluded
        if done_on is not None:
            inputs["done_on"] = done_on.isoformat()
        outcome = {"due_on": answer.date.isoformat(), "status": status}
        self.tb.add(key, citation, inputs, outcome)
        return deadline

    def period(
        self, start: dt.date, days: int, basis: str, exclusions: tuple[Exclusion, ...] = ()
    ) -> PeriodEnd:
        """The end of a period of ``days`` from ``start``, with its excluded days (one arithmetic
        for every period: :func:`lrc_rules.periods.period_end`)."""
        if basis == "working_days":
            if exclusions:  # no working-day period of the statutes has exclusions
                raise RuleInputError("events", "a working-day period has no excluded days")
            answer = self.calendar.add_working_days(start, days)
            return PeriodEnd(answer.date, answer.date, 0, False, (), *_flags(answer))
        check_date(start, "counts_from")
        return period_end(
            self.calendar,
            start=start,
            last_day=start + dt.timedelta(days=days),
            exclusions=exclusions,
            as_of=self.case.as_of,
        )


def _flags(answer: CalendarAnswer) -> tuple[bool, tuple[str, ...]]:
    return answer.provisional, answer.warnings


def _status(
    calendar: WorkCalendar, due: dt.date, done: dt.date | None, as_of: dt.date, window: int
) -> str:
    if done is not None:
        return "met" if done <= due else "late"
    if as_of > due:
        return "overdue"
    if calendar.working_days_between(as_of, due).days <= window:
        return "due_soon"
    return "open"


def _mediation(ctx: _Context) -> None:
    ctx.emit("mediation_end", "deadlines.mediation.mediation_end", ctx.case.received_on)


def _enterprise_mediation(ctx: _Context) -> None:
    path = "deadlines.enterprise_mediation.mediation_end"
    if ctx.case.accepted_on is None:
        raise RuleInputError("accepted_on", "enterprise mediation counts from acceptance: required")
    _extended(ctx, "mediation_end", path, ctx.case.accepted_on, extension=ctx.tl.extension)


def _extended(
    ctx: _Context,
    key: str,
    path: str,
    start: dt.date,
    *,
    extension: tuple[int, CaseEvent] | None,
    dropped: tuple[int, CaseEvent] | None = None,
    exclusions: tuple[Exclusion, ...] = (),
    exclusion_path: str | None = None,
) -> None:
    """A deadline that one extension may lengthen — only when it was granted in time.

    An extension belongs to the period it was granted in (办案规则 第四十五条: 延期 of a period that is
    still running): one dated after the due date it would extend does not rescue the deadline (the
    due date stays, the result says the extension came late); ``dropped`` is an extension of an
    earlier period that a restart ended (it does not carry into the new period).
    """
    days, basis, _ = ctx.rule(path)
    plain = ctx.period(start, days, basis, exclusions)
    extra, state = 0, None
    if dropped is not None:
        state = "dropped_by_restart"
        ctx.warnings.append(
            f"the extension of {key} granted on {dropped[1].on.isoformat()} belonged to the period "
            "before the restart: it does not carry into the new period"
        )
    if extension is not None:
        ext_path = EXTENDS[ctx.case.procedure][1]
        ev = extension[1]
        inputs = {"on": ev.on.isoformat(), "days": ev.days, "due_without": plain.due_on.isoformat()}
        if ev.on <= plain.due_on:
            extra, state = int(ev.days or 0), "applied"
            ctx.tb.add(f"{key}.extension", ctx.policy.cite(ext_path), inputs, "extended once")
        else:
            state = "late"
            ctx.warnings.append(
                f"the extension of {key} was granted on {ev.on.isoformat()}, after the period had "
                f"run out on {plain.due_on.isoformat()}: it came late and does not extend it"
            )
            ctx.tb.add(
                f"{key}.extension",
                ctx.policy.cite(ext_path),
                inputs,
                "came late (after the period ran out): not applied",
            )
    end = ctx.period(start, days + extra, basis, exclusions) if extra else plain
    if exclusion_path is not None:
        cite = ctx.policy.cite(exclusion_path)
        for eff in end.effects:
            ex = eff.exclusion
            inputs = {
                "kind": ex.kind,
                "start": ex.start.isoformat(),
                "end": None if ex.end is None else ex.end.isoformat(),
            }
            if eff.applied is not None:
                inputs["applied_to"] = eff.applied
            ctx.tb.add(f"{key}.exclusion", cite, inputs, eff.reason)
    if end.running:
        ctx.warnings.append(
            f"the {key} clock is stopped (suspension or public notice not ended): "
            "its due date moves one day for each further day"
        )
    ctx.emit(
        key,
        path,
        start,
        extra=extra,
        excluded=end.excluded_days,
        suspended=end.running,
        answer=CalendarAnswer(end.due_on, end.provisional, end.warnings),
        extension=state,
        detail={"counted_last_day": end.counted_last_day.isoformat()} if exclusions else None,
    )


def _arbitration(ctx: _Context) -> None:
    case, tl = ctx.case, ctx.tl
    restart_cite = ctx.policy.cite("deadlines.arbitration.award_restarts")
    receipt = case.received_on
    for _, ev in tl.events:
        if ev.kind == "materials_completed" and ev.on > receipt:
            receipt = ev.on
            ctx.tb.add(
                "acceptance_decision.receipt_moved",
                restart_cite,
                {"on": ev.on.isoformat()},
                "receipt date moves to the day the materials were completed",
            )
    ctx.emit(
        "acceptance_decision",
        "deadlines.arbitration.acceptance_decision",
        receipt,
        implied_done=case.accepted_on,
    )
    if case.accepted_on is None:
        ctx.wait("serve_respondent", "deadlines.arbitration.serve_respondent", "accepted_on")
        ctx.wait("award", "deadlines.arbitration.award", "accepted_on")
    else:
        ctx.emit(
            "serve_respondent",
            "deadlines.arbitration.serve_respondent",
            case.accepted_on,
            implied_done=tl.served,
        )
    if tl.served is None:
        ctx.wait("defence_due", "deadlines.arbitration.defence_due", "respondent_served event")
    else:
        ctx.emit("defence_due", "deadlines.arbitration.defence_due", tl.served)
    if tl.hearing is None:
        ctx.wait(
            "hearing_notice", "deadlines.arbitration.hearing_notice", "hearing_scheduled event"
        )
    else:
        days, _, _ = ctx.rule("deadlines.arbitration.hearing_notice")
        ctx.emit(
            "hearing_notice",
            "deadlines.arbitration.hearing_notice",
            tl.hearing,
            answer=ctx.calendar.add_working_days(tl.hearing, -days),
        )
    if case.accepted_on is not None:
        _award(ctx, case.accepted_on)
    for key in ("sue_after_award", "revoke_final_award"):
        path = f"deadlines.after_award.{key}"
        if tl.award_received is None:
            ctx.wait(key, path, "award_received event")
        else:
            ctx.emit(key, path, tl.award_received)


def _award(ctx: _Context, accepted_on: dt.date) -> None:
    """调解仲裁法 第四十三条 + 办案规则 第四十五条、第四十六条: 45 days from acceptance, restarted
    by 追加当事人/补正材料/增加变更请求/反申请合并/移送管辖, excluding 中止审理 and 公告送达 days.

    「仲裁庭裁决劳动争议案件，应当自劳动争议仲裁委员会受理仲裁申请之日起四十五日内结束。案情复杂需要延期的，
    经劳动争议仲裁委员会主任批准，可以延期并书面通知当事人，但是延长期限不得超过十五日。」The excluded days
    and the roll-over compose as :mod:`lrc_rules.periods` says; an extension belongs to its period.
    """
    path = "deadlines.arbitration.award"
    on = ctx.case.received_on
    # Looked up only when the case has such events: the rule (办案规则 2017) may postdate the case.
    kinds = {ev.kind for _, ev in ctx.tl.events}
    restarts: set[str] = set()
    exclusions: set[str] = set()
    if kinds & set(RESTART_KINDS):
        restarts = set(ctx.policy.value("deadlines.arbitration.award_restarts", on))
    if ctx.tl.intervals:
        exclusions = set(ctx.policy.value("deadlines.arbitration.award_exclusions", on))
    start = accepted_on
    extension: tuple[int, CaseEvent] | None = None
    dropped: tuple[int, CaseEvent] | None = None
    for i, ev in ctx.tl.events:
        if ev.kind in restarts and ev.on >= start:
            start = ev.on
            if extension is not None:
                dropped, extension = extension, None
            ctx.tb.add(
                "award.restart",
                ctx.policy.cite("deadlines.arbitration.award_restarts"),
                {"event": ev.kind, "on": ev.on.isoformat()},
                "award period counts again from this day",
            )
        elif ev.kind == "extension":
            extension, dropped = (i, ev), None
    spans = tuple(Exclusion(kind, s, e) for kind, s, e in ctx.tl.intervals if kind in exclusions)
    _extended(
        ctx,
        "award",
        path,
        start,
        extension=extension,
        dropped=dropped,
        exclusions=spans,
        exclusion_path="deadlines.arbitration.award_exclusions",
    )


def _inspection(ctx: _Context) -> None:
    case = ctx.case
    ctx.emit(
        "complaint_acceptance",
        "deadlines.inspection.complaint_acceptance",
        case.received_on,
        implied_done=case.filed_on,
    )
    path = "deadlines.inspection.investigation"
    if case.filed_on is None:
        ctx.wait("investigation", path, "filed_on")
    else:
        _extended(ctx, "investigation", path, case.filed_on, extension=ctx.tl.extension)


def _local_closure(ctx: _Context) -> None:
    case = ctx.case
    path = f"deadlines.{case.procedure}.closure"
    if not ctx.policy.has(path):
        raise RuleInputError(
            "policy",
            f"pack {ctx.policy.id!r} sets no local closure limit for {case.procedure} "
            "(local rules, not statute); name a pack that does, e.g. minhang-2023",
            rule=path,
        )
    limits: Mapping[str, Any] = ctx.policy.value(path, case.received_on)
    days = int(limits[str(case.matter)])
    rule = (days, "working_days", ctx.policy.cite(path))
    ctx.emit("closure", path, case.received_on, rule=rule, detail={"matter": case.matter})


_BUILDERS = {
    "mediation": _mediation,
    "enterprise_mediation": _enterprise_mediation,
    "arbitration": _arbitration,
    "inspection": _inspection,
    "wage_clue": _local_closure,
    "hotline": _local_closure,
}


def _collective(case: CaseInput, policy: Policy, tb: TraceBuilder) -> bool | None:
    if case.worker_count is None:
        return None
    path = "deadlines.collective.min_workers"
    minimum = policy.typed(path, case.received_on, int)
    collective = case.worker_count >= minimum
    tb.add(
        "collective",
        policy.cite(path),
        {"worker_count": case.worker_count, "min": minimum},
        "collective dispute: file and hear with priority" if collective else "not collective",
    )
    return collective

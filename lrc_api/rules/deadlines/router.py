"""HTTP for the case-deadline, limitation and final-award calculators."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter

from lrc_api.core.calendar import get_calendar
from lrc_api.core.policies import resolve_policy
from lrc_api.rules.deadlines.schemas import (
    CaseDeadlinesIn,
    CaseDeadlinesOut,
    CitationOut,
    ClaimOutcomeOut,
    DeadlineOut,
    FinalAwardIn,
    FinalAwardOut,
    LimitationIn,
    LimitationOut,
    PendingOut,
    TraceStep,
)
from lrc_rules.deadlines import CaseEvent, CaseInput, case_deadlines
from lrc_rules.final_award import Claim, final_award
from lrc_rules.limitation import LimitationInput, Suspension, limitation
from lrc_rules.trace import Step

router = APIRouter(tags=["rules: deadlines"])


def _trace(steps: Iterable[Step]) -> list[TraceStep]:
    return [TraceStep(**s.as_dict()) for s in steps]


@router.post(
    "/case-deadlines", response_model=CaseDeadlinesOut, summary="Statutory deadlines of a case"
)
def post_case_deadlines(body: CaseDeadlinesIn) -> CaseDeadlinesOut:
    """Compute every deadline of the case with its citation and status on as_of."""
    policy = resolve_policy(body.policy)
    case = CaseInput(
        procedure=body.procedure,
        received_on=body.received_on,
        as_of=body.as_of,
        accepted_on=body.accepted_on,
        filed_on=body.filed_on,
        events=tuple(CaseEvent(e.kind, e.on, e.days) for e in body.events),
        done={str(k): v for k, v in body.done.items()},
        matter=body.matter,
        worker_count=body.worker_count,
    )
    result = case_deadlines(case, policy, get_calendar())
    return CaseDeadlinesOut(
        policy=result.policy,
        rules_version=result.rules_version,
        procedure=body.procedure,
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
        provisional=result.provisional,
        warnings=list(result.warnings),
        trace=_trace(result.trace),
    )


@router.post("/limitation", response_model=LimitationOut, summary="Arbitration limitation period")
def post_limitation(body: LimitationIn) -> LimitationOut:
    """When the one-year arbitration limitation period expires (调解仲裁法 第二十七条)."""
    policy = resolve_policy(body.policy)
    case = LimitationInput(
        knew_on=body.knew_on,
        claim_type=body.claim_type,
        as_of=body.as_of,
        interruptions=tuple(body.interruptions),
        suspensions=tuple(Suspension(s.start, s.end) for s in body.suspensions),
        employment_ended_on=body.employment_ended_on,
    )
    result = limitation(case, policy, get_calendar())
    return LimitationOut.model_validate(
        {
            "policy": result.policy,
            "rules_version": result.rules_version,
            "expires_on": result.expires_on,
            "status": result.status,
            "runs_from": result.runs_from,
            "claim_type": body.claim_type,
            "provisional": result.provisional,
            "warnings": list(result.warnings),
            "trace": _trace(result.trace),
        }
    )


@router.post("/final-award", response_model=FinalAwardOut, summary="Final-award (一裁终局) test")
def post_final_award(body: FinalAwardIn) -> FinalAwardOut:
    """Which claim items of an award are final (调解仲裁法 第四十七条)."""
    policy = resolve_policy(body.policy)
    result = final_award(
        body.decided_on,
        [Claim(c.type, c.awarded_amount) for c in body.claims],
        policy,
        body.monthly_minimum_wage,
    )
    return FinalAwardOut(
        policy=result.policy,
        rules_version=result.rules_version,
        decided_on=result.decided_on,
        monthly_minimum_wage=_num(result.monthly_minimum_wage),
        threshold=_num(result.threshold),
        claims=[
            ClaimOutcomeOut.model_validate(
                {
                    "type": c.type,
                    "awarded_amount": _num(c.awarded_amount),
                    "final": c.final,
                    "threshold": _num(c.threshold),
                    "reason": c.reason,
                    "citation": CitationOut.of(c.citation),
                }
            )
            for c in result.claims
        ],
        trace=_trace(result.trace),
    )


def _num(value: object) -> float | None:
    return None if value is None else float(str(value))

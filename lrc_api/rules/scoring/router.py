"""HTTP for the quarterly scorecard and the annual gold selection (HTTP only: rules in lrc_rules)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic_core import to_json

from lrc_api.core.policies import resolve_policy
from lrc_api.core.schemas import TraceStep, json_body, json_body_openapi, trace_payload
from lrc_api.rules.scoring.schemas import (
    AnnualRankingRequest,
    AnnualRankingResponse,
    RankedCoordinatorOut,
    ScorecardRequest,
    ScorecardResponse,
)
from lrc_rules.gold import AnnualInput, CoordinatorYear, annual_ranking
from lrc_rules.scoring import ScorecardInput, ScoringEvent, score_quarter
from lrc_rules.trace import Step

router = APIRouter(tags=["rules: scoring"])


def _number(value: float) -> float:
    # JSON 28 arrives as 28.0: keep whole scores whole so the answer reads 98, not 98.0.
    return int(value) if value.is_integer() else value


def _trace(steps: tuple[Step, ...]) -> list[TraceStep]:
    return [TraceStep(**s.as_dict()) for s in steps]


@router.post(
    "/scorecard",
    response_model=ScorecardResponse,
    summary="Quarterly scorecard (季度量化计分)",
    openapi_extra=json_body_openapi(ScorecardRequest),
)
async def scorecard(request: Request) -> Response:
    """Score one coordinator's quarter: base + capped bonus − deductions, with the trace."""
    # The hottest endpoint: the body is validated from bytes in one pass (json_body), and the
    # rules' own result is serialised directly (pydantic-core's encoder) instead of building
    # and re-validating response models. Both schemas are still declared and the schemathesis
    # run checks them.
    body = json_body(ScorecardRequest, await request.body())
    policy = resolve_policy(body.policy)
    events = tuple(
        ScoringEvent(e.kind, e.occurred_on, tuple(e.evidence), e.media_level) for e in body.events
    )
    card = score_quarter(
        ScorecardInput(body.year, body.quarter, _number(body.base_score), events), policy
    )
    payload = {
        "policy": card.policy,
        "rules_version": card.rules_version,
        "year": card.year,
        "quarter": card.quarter,
        "base_score": card.base_score,
        "categories": [
            {"category": c.category, "count": c.count, "points": c.points, "cap": c.cap}
            for c in card.categories
        ],
        "bonus": card.bonus,
        "deduction": card.deduction,
        "total": card.total,
        "errors_minor": card.errors_minor,
        "errors_major": card.errors_major,
        "ignored_events": [
            {"index": e.index, "reason": e.reason, "detail": e.detail} for e in card.ignored_events
        ],
        "trace": trace_payload(card.trace),
    }
    return Response(to_json(payload), media_type="application/json")


@router.post("/annual-ranking", summary="Annual ranking and gold selection (金牌劳动关系协调员)")
def annual(body: AnnualRankingRequest) -> AnnualRankingResponse:
    """Rank a year's coordinators, decide gold eligibility, gold places and job adjustments."""
    policy = resolve_policy(body.policy)
    coordinators = tuple(
        CoordinatorYear(c.id, tuple(_number(q) for q in c.quarters), c.errors_minor, c.errors_major)
        for c in body.coordinators
    )
    result = annual_ranking(AnnualInput(body.year, body.gold_quota, coordinators), policy)
    return AnnualRankingResponse(
        policy=result.policy,
        rules_version=result.rules_version,
        year=result.year,
        gold_quota=result.gold_quota,
        ranking=[
            RankedCoordinatorOut(
                id=r.id,
                rank=r.rank,
                annual_total=r.annual_total,
                work_errors=r.work_errors,
                gold_eligible=r.gold_eligible,
                gold=r.gold,
                job_adjustment_recommended=r.job_adjustment_recommended,
                reasons=list(r.reasons),
            )
            for r in result.ranking
        ],
        trace=_trace(result.trace),
    )

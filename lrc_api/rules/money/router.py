"""HTTP for the money calculators: case subsidy, pay parity, township budget floor."""

from __future__ import annotations

from fastapi import APIRouter

from lrc_api.core.policies import resolve_policy
from lrc_api.core.schemas import TraceStep
from lrc_api.rules.money.schemas import (
    BudgetFloorIn,
    BudgetFloorOut,
    PayParityIn,
    PayParityOut,
    SubsidyIn,
    SubsidyOut,
    num,
)
from lrc_rules.money import budget_floor, pay_parity, subsidy

router = APIRouter(tags=["rules: money"])


@router.post("/subsidy", response_model=SubsidyOut, summary="Case subsidy (以案定补)")
def post_subsidy(body: SubsidyIn) -> SubsidyOut:
    """Whether the coordinator may receive the case subsidy, and how much (rate × cases)."""
    policy = resolve_policy(body.policy)
    result = subsidy(body.employment_identity, body.cases, policy, body.amount_per_case, body.as_of)
    return SubsidyOut(
        policy=result.policy,
        rules_version=result.rules_version,
        eligible=result.eligible,
        cases=result.cases,
        amount_per_case=num(result.amount_per_case),
        cost_indicator_per_case=num(result.cost_indicator_per_case),
        amount=num(result.amount),
        reason=result.reason,
        warnings=list(result.warnings),
        trace=[TraceStep(**s.as_dict()) for s in result.trace],
    )


@router.post("/pay-parity", response_model=PayParityOut, summary="Coordinator pay parity")
def post_pay_parity(body: PayParityIn) -> PayParityOut:
    """Coordinator pay against 80 % of community-worker pay within two years, then parity."""
    policy = resolve_policy(body.policy)
    r = pay_parity(body.coordinator_average, body.community_worker_average, body.as_of, policy)
    return PayParityOut.model_validate(
        {
            "policy": r.policy,
            "rules_version": r.rules_version,
            "percent": float(r.percent),
            "floor_percent": float(r.floor_percent),
            "floor_by": r.floor_by,
            "parity_percent": float(r.parity_percent),
            "outcome": r.outcome,
            "trace": [TraceStep(**s.as_dict()) for s in r.trace],
        }
    )


@router.post("/budget-floor", response_model=BudgetFloorOut, summary="Township budget floor")
def post_budget_floor(body: BudgetFloorIn) -> BudgetFloorOut:
    """Whether a township's annual work budget reaches the floor (300,000 元)."""
    policy = resolve_policy(body.policy)
    r = budget_floor(body.annual_budget, policy, body.as_of)
    return BudgetFloorOut(
        policy=r.policy,
        rules_version=r.rules_version,
        meets=r.meets,
        floor=float(r.floor),
        shortfall=float(r.shortfall),
        trace=[TraceStep(**s.as_dict()) for s in r.trace],
    )

"""HTTP for the service-obligations calendar (HTTP only: rules in lrc_rules.obligations)."""

from __future__ import annotations

from fastapi import APIRouter

from lrc_api.core.policies import resolve_policy
from lrc_api.core.schemas import TraceStep
from lrc_api.rules.obligations.schemas import ObligationOut, ObligationsRequest, ObligationsResponse
from lrc_rules.obligations import (
    ActivityRecord,
    EnterpriseCoordinator,
    ObligationsInput,
    calendar,
)

router = APIRouter(tags=["rules: obligations"])


@router.post("/obligations", summary="Service obligations calendar (工作机制)")
def obligations(body: ObligationsRequest) -> ObligationsResponse:
    """Each obligation the pack sets over the period, with due date and done/late/missed/open."""
    policy = resolve_policy(body.policy)
    inp = ObligationsInput(
        period_start=body.period_start,
        period_end=body.period_end,
        as_of=body.as_of,
        enterprise_coordinators=tuple(
            EnterpriseCoordinator(e.id, e.enterprise_id) for e in body.enterprise_coordinators
        ),
        task_forces=tuple(body.task_forces),
        activities=tuple(
            ActivityRecord(a.kind, a.on, a.coordinator_id, a.target_id, a.days, a.evaluated)
            for a in body.activities
        ),
    )
    result = calendar(inp, policy)
    return ObligationsResponse(
        policy=result.policy,
        rules_version=result.rules_version,
        obligations=[
            ObligationOut(
                obligation=o.obligation,
                activity=o.activity,  # type: ignore[arg-type]
                target_id=o.target_id,
                window_start=o.window_start,
                window_end=o.window_end,
                due_on=o.due_on,
                status=o.status,  # type: ignore[arg-type]
                required=o.required,
                count=o.count,
                fulfilled_by=o.fulfilled_by,
                fulfilled_on=o.fulfilled_on,
                citation=str(o.citation),
                detail=o.detail,
            )
            for o in result.obligations
        ],
        done=result.done,
        late=result.late,
        missed=result.missed,
        open=result.open,
        trace=[TraceStep(**s.as_dict()) for s in result.trace],
    )

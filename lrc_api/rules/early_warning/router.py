"""HTTP for the early-warning calculator (HTTP only: rules in lrc_rules.early_warning)."""

from __future__ import annotations

from fastapi import APIRouter

from lrc_api.core.policies import resolve_policy
from lrc_api.rules.early_warning.schemas import EarlyWarningRequest, RiskAssessmentOut
from lrc_rules.early_warning import Signal, assess

router = APIRouter(tags=["rules: early warning"])


@router.post(
    "/early-warning",
    response_model=RiskAssessmentOut,
    summary="Labor-dispute risk of an enterprise from its signals (劳资矛盾智慧预警)",
)
def early_warning(body: EarlyWarningRequest) -> RiskAssessmentOut:
    """Level (green/yellow/orange/red), score, dimensions, drivers, trend and a Chinese
    explanation of an enterprise's risk from signals you send; nothing is stored.

    Every weight, cap, decay and threshold is a parameter of the pack (`early_warning.*`, a
    Choice of the platform with status `local_practice`). A signal of a kind the pack does not
    know, dated after `as_of` or before both windows is listed under `ignored`; a bad value is
    a 422 naming `signals[i].value`.
    """
    policy = resolve_policy(body.policy)
    signals = [Signal(s.kind, s.observed_on, s.value, s.count, s.ref) for s in body.signals]
    return RiskAssessmentOut.of(assess(signals, policy, body.as_of))

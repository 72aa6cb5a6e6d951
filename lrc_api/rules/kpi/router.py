"""HTTP for the KPI (考核指标) and project-target (绩效目标) calculators."""

from __future__ import annotations

from fastapi import APIRouter

from lrc_api.core.policies import resolve_policy
from lrc_api.core.schemas import CitationOut, TraceStep
from lrc_api.rules.kpi.schemas import IndicatorOut, KpiIn, KpiOut, TargetOut, TargetsIn, TargetsOut
from lrc_rules.kpi import evaluate_targets, kpi

router = APIRouter(tags=["rules: kpi"])


@router.post("/kpi", response_model=KpiOut, summary="Performance indicators against targets")
def post_kpi(body: KpiIn) -> KpiOut:
    """Rates from a period's counts against the pack's KPI targets (minhang-2022)."""
    policy = resolve_policy(body.policy)
    result = kpi(body.counts.model_dump(), policy, body.as_of)
    return KpiOut(
        policy=result.policy,
        rules_version=result.rules_version,
        indicators=[
            IndicatorOut.model_validate(
                {
                    "key": i.key,
                    "rate": i.rate,
                    "target": i.target,
                    "comparator": i.comparator,
                    "met": i.met,
                    "numerator": i.numerator,
                    "denominator": i.denominator,
                    "formula": i.formula,
                    "citation": CitationOut.of(i.citation),
                }
            )
            for i in result.indicators
        ],
        warnings=list(result.warnings),
        trace=[TraceStep(**s.as_dict()) for s in result.trace],
    )


@router.post("/kpi/targets", response_model=TargetsOut, summary="Project targets: met or not")
def post_targets(body: TargetsIn) -> TargetsOut:
    """Measured values against the pack's project targets (pujin-2024)."""
    policy = resolve_policy(body.policy)
    result = evaluate_targets(body.measured, policy, body.as_of)
    return TargetsOut(
        policy=result.policy,
        rules_version=result.rules_version,
        targets=[
            TargetOut.model_validate(
                {
                    "metric": t.metric,
                    "label": t.label,
                    "comparator": t.comparator,
                    "value": t.value,
                    "unit": t.unit,
                    "measured": t.measured,
                    "outcome": t.outcome,
                    "citation": CitationOut.of(t.citation),
                    "exceeded": t.exceeded,
                }
            )
            for t in result.targets
        ],
        trace=[TraceStep(**s.as_dict()) for s in result.trace],
    )

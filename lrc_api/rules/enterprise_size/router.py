"""HTTP for the enterprise-size calculator (HTTP only: rules in lrc_rules.enterprise_size)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from lrc_api.core.policies import resolve_policy
from lrc_api.core.schemas import TraceStep
from lrc_api.rules.enterprise_size.schemas import (
    EnterpriseSizeRequest,
    EnterpriseSizeResponse,
    IndustriesResponse,
    IndustryOut,
)
from lrc_rules.enterprise_size import (
    EnterpriseMetrics,
    classify,
    industry_names,
    required_indicators,
)

router = APIRouter(tags=["rules: enterprise size"])


@router.post("/enterprise-size", summary="Enterprise size class (大中小微型企业划分)")
def enterprise_size(body: EnterpriseSizeRequest) -> EnterpriseSizeResponse:
    """Classify an enterprise as large, medium, small or micro by the 2017 table."""
    policy = resolve_policy(body.policy)
    metrics = EnterpriseMetrics(
        body.industry, body.employees, body.revenue_10k_yuan, body.total_assets_10k_yuan
    )
    result = classify(metrics, policy)
    return EnterpriseSizeResponse(
        policy=result.policy,
        rules_version=result.rules_version,
        size=result.size,  # type: ignore[arg-type]
        industry=result.industry,
        industry_name=result.industry_name,
        trace=[TraceStep(**s.as_dict()) for s in result.trace],
    )


@router.get("/enterprise-size/industries", summary="Industries of the size table")
def industries(
    policy: str | None = Query(
        None, max_length=64, description="Policy pack id; default: the deployment's."
    ),
) -> IndustriesResponse:
    """List the industry keys (and names, indicators) the pack's size table has."""
    pack = resolve_policy(policy)
    return IndustriesResponse(
        policy=pack.id,
        industries=[
            IndustryOut(key=k, name=name, indicators=list(required_indicators(pack, k)))
            for k, name in industry_names(pack).items()
        ],
    )

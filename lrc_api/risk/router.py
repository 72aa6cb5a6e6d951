"""HTTP for the risk views: an enterprise's risk, a region's ranking."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from lrc_api.core.bulk import gc_paused
from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_query
from lrc_api.core.principal import Principal
from lrc_api.core.schemas import IsoDate
from lrc_api.core.security import require_scopes
from lrc_api.core.types import path_id
from lrc_api.risk import service
from lrc_api.risk.schemas import (
    AlertBrief,
    DimensionCounts,
    EnterpriseRiskOut,
    LevelCounts,
    RankedEnterpriseOut,
    RegionRiskOut,
)
from lrc_api.rules.early_warning.schemas import Level, RiskAssessmentOut
from lrc_rules import RULES_VERSION

router = APIRouter(tags=["risk"], responses=PROBLEM_RESPONSES)

AS_OF = Query(None, description="Day to assess (YYYY-MM-DD, not in the future); default today.")


@router.get(
    "/v1/enterprises/{enterprise_id}/risk",
    response_model=EnterpriseRiskOut,
    summary="An enterprise's labor-dispute risk (劳资矛盾预警)",
)
def enterprise_risk(
    enterprise_id: Annotated[int, path_id("Enterprise")],
    as_of: IsoDate | None = AS_OF,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("risk:read")),
) -> EnterpriseRiskOut:
    """Level, score, dimensions, drivers, trend and explanation from the enterprise's stored
    signals — cases against it, coordinators' risk reports, other systems' signals — under its
    region's pack; 404 outside your region."""
    enterprise, result, alert = service.enterprise_risk(
        session=session, principal=principal, enterprise_id=enterprise_id, as_of=as_of
    )
    base = RiskAssessmentOut.of(result).model_dump()
    return EnterpriseRiskOut(
        **base,
        enterprise_id=enterprise.id or 0,
        enterprise_name=enterprise.name,
        region_id=enterprise.region_id,
        open_alert=None
        if alert is None
        else AlertBrief(
            id=alert.id or 0, level=alert.level, state=alert.state, opened_on=alert.opened_on
        ),  # type: ignore[arg-type]
    )


@router.get(
    "/v1/regions/{region_id}/risk",
    response_model=RegionRiskOut,
    summary="A region's enterprises ranked by risk, with counts per level and dimension",
)
def region_risk(
    region_id: Annotated[int, path_id("Region")],
    as_of: IsoDate | None = AS_OF,
    level: Level | None = Query(None, description="Only enterprises at this level in items."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("risk:read")),
) -> RegionRiskOut:
    """Every enterprise of the region's subtree assessed under its own region's pack, ranked
    (highest level first, then score); counts per level and per dimension over all of them;
    404 outside your region."""
    with gc_paused():
        view = service.region_risk(
            session=session,
            principal=principal,
            region_id=region_id,
            as_of=as_of,
            level=level,
            limit=limit,
            cursor=cursor,
        )
        items = []
        for r in view.items:
            s = r.summary()
            alert = view.alerts.get(r.enterprise_id)
            items.append(
                RankedEnterpriseOut(
                    enterprise_id=r.enterprise_id,
                    name=r.name,
                    region_id=r.region_id,
                    policy=r.policy,
                    level=s.level,  # type: ignore[arg-type]
                    score=s.score,
                    dimension_levels=dict(zip(r.dimensions, s.dimension_levels, strict=True)),  # type: ignore[arg-type]
                    previous_score=s.previous_score,
                    delta=s.delta,
                    direction=s.direction,  # type: ignore[arg-type]
                    open_alert_id=alert.id if alert is not None else None,
                )
            )
        return RegionRiskOut(
            region_id=view.region_id,
            as_of=view.as_of,
            rules_version=RULES_VERSION,
            policies=view.policies,
            enterprises=view.enterprises,
            levels=LevelCounts(**view.levels),
            dimensions=[
                DimensionCounts(
                    dimension=d, name=view.dimension_names[d], levels=LevelCounts(**counts)
                )
                for d, counts in view.dimensions.items()
            ],
            items=items,
            next_cursor=view.next_cursor,
        )

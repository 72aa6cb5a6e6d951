"""HTTP for the scorecard view: a coordinator's quarterly scorecards of a year (季度量化计分)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from sqlmodel import Session

from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID
from lrc_api.scorecards import service
from lrc_api.scorecards.schemas import CoordinatorScorecards

# The view lives under /v1/coordinators, beside the records it reads.
router = APIRouter(tags=["assessments"], responses=PROBLEM_RESPONSES)


@router.get(
    "/v1/coordinators/{coordinator_id}/scorecards",
    tags=["coordinators"],
    response_model=CoordinatorScorecards,
    summary="A coordinator's quarterly scorecards of a year (季度量化计分)",
)
def coordinator_scorecards(
    coordinator_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Coordinator id.")],
    year: int = Query(ge=1, le=9998, description="Calendar year."),
    policy: str | None = Query(
        None, min_length=1, max_length=64, description="Policy pack id; default the deployment's."
    ),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("assessments:read")),
) -> CoordinatorScorecards:
    """Score each quarter from the stored base score and the approved activities, plus the year."""
    data = service.scorecards(
        session=session,
        principal=principal,
        coordinator_id=coordinator_id,
        year=year,
        policy_id=policy,
    )
    return CoordinatorScorecards.model_validate(data)

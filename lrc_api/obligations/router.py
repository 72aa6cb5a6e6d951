"""HTTP for the obligations view: due, done and missed, per unit, per coordinator, rolled up."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.models import today
from lrc_api.core.principal import Principal
from lrc_api.core.schemas import IsoDate
from lrc_api.core.security import require_scopes
from lrc_api.core.types import path_id
from lrc_api.obligations.schemas import RegionObligations
from lrc_api.obligations.service import region_obligations

router = APIRouter(prefix="/v1/regions", tags=["obligations"], responses=PROBLEM_RESPONSES)


@router.get(
    "/{region_id}/obligations",
    response_model=RegionObligations,
    summary="Service obligations due, done and missed (工作机制)",
)
def read_obligations(
    region_id: Annotated[int, path_id("Region")],
    from_: IsoDate | None = Query(
        None, alias="from", description="First day (YYYY-MM-DD); default 1 January this year."
    ),
    to: IsoDate | None = Query(None, description="Last day (YYYY-MM-DD); default today."),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("regions:read", "activities:read")),
) -> Any:
    """Each obligation the units' packs set over the period — monthly contact with each
    enterprise coordinator and quarterly on-site guidance (浙人社发〔2023〕18号 二(三)), quarterly
    training (闵人社发〔2023〕55号 二(三)5), the monthly report by the 20th and 以干代训 of at least
    two weeks with its evaluation (汶政字〔2024〕59号 三(四),(六)) — with its due date and whether
    approved activities did it in time, late, or not; per unit, per coordinator and rolled up.
    A unit whose pack sets none says so. A coordinator sees only what concerns them."""
    day = today()
    return region_obligations(
        session=session,
        principal=principal,
        region_id=region_id,
        period_start=from_ or dt.date(day.year, 1, 1),
        period_end=to or day,
        as_of=day,
    )

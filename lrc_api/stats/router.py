"""HTTP for the KPI view: a region's indicators from its stored cases."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from lrc_api.core.db import get_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.models import today
from lrc_api.core.principal import Principal
from lrc_api.core.schemas import IsoDate
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID
from lrc_api.stats import service
from lrc_api.stats.schemas import KpiRead

router = APIRouter(prefix="/v1/stats", tags=["stats"], responses=PROBLEM_RESPONSES)

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
# The document states the range as the years it allows (JSON Schema has no date minimum);
# the first and last days of the range are whole years.
YEARS_PATTERN = r"^(20[0-9][0-9]|2100)-"


def period(
    period_from: IsoDate | None = Query(
        None,
        alias="from",
        ge=FIRST_DAY,
        le=LAST_DAY,
        json_schema_extra={"pattern": YEARS_PATTERN},
        description="First day of the period (default: 1 January of `to`'s year).",
    ),
    period_to: IsoDate | None = Query(
        None,
        alias="to",
        ge=FIRST_DAY,
        le=LAST_DAY,
        json_schema_extra={"pattern": YEARS_PATTERN},
        description="Last day (default: today).",
    ),
) -> tuple[dt.date, dt.date]:
    """The period of a view: ``from`` … ``to`` inclusive, year to date by default."""
    end = period_to or today()
    return period_from or dt.date(end.year, 1, 1), end


@router.get(
    "/kpi",
    response_model=KpiRead,
    summary="Performance indicators (考核指标) of a region from its cases",
)
def read_kpi(
    region_id: int | None = Query(
        None,
        ge=1,
        le=MAX_ID,
        description="Region whose subtree is counted (default: your own region; required for a caller without one).",
    ),
    dates: tuple[dt.date, dt.date] = Depends(period),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("cases:read")),
) -> KpiRead:
    """闵人社发〔2022〕34号 二 under the region's pack: each indicator with its numerator,
    denominator, definition (the pack's Choice), target and whether met — per township
    (乡镇、街道、园区、领域) and rolled up. A coordinator sees its own cases' figures only."""
    return service.kpi_view(
        session=session, principal=principal, region_id=region_id, start=dates[0], end=dates[1]
    )

"""All rules calculators under ``/v1/rules``; access follows ``LRC_RULES_PUBLIC``."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.security import rules_gate
from lrc_api.rules.deadlines.router import router as deadlines
from lrc_api.rules.enterprise_size.router import router as enterprise_size
from lrc_api.rules.identifiers.router import router as identifiers
from lrc_api.rules.kpi.router import router as kpi
from lrc_api.rules.money.router import router as money
from lrc_api.rules.obligations.router import router as obligations
from lrc_api.rules.qualification.router import router as qualification
from lrc_api.rules.scoring.router import router as scoring
from lrc_api.rules.staffing.router import router as staffing

router = APIRouter(
    prefix="/v1/rules", responses=PROBLEM_RESPONSES, dependencies=[Depends(rules_gate)]
)
for sub in (
    scoring,
    identifiers,
    qualification,
    enterprise_size,
    staffing,
    obligations,
    deadlines,
    kpi,
    money,
):
    router.include_router(sub)

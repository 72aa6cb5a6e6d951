"""The rules calculators, each topic's router mounted under ``/v1/rules``.

Access follows ``LRC_RULES_PUBLIC``,
decided when the app is built (see ``lrc_api.main.create_app``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.rules.deadlines.router import router as deadlines
from lrc_api.rules.early_warning.router import router as early_warning
from lrc_api.rules.enterprise_size.router import router as enterprise_size
from lrc_api.rules.identifiers.router import router as identifiers
from lrc_api.rules.kpi.router import router as kpi
from lrc_api.rules.money.router import router as money
from lrc_api.rules.obligations.router import router as obligations
from lrc_api.rules.qualification.router import router as qualification
from lrc_api.rules.scoring.router import router as scoring
from lrc_api.rules.staffing.router import router as staffing

PREFIX = "/v1/rules"
"""Path prefix of every calculator."""

TAG = "rules"
"""The one tag of every calculator (its operation ids read ``rules-<path>``)."""

ROUTERS: tuple[APIRouter, ...] = (
    scoring,
    identifiers,
    qualification,
    enterprise_size,
    staffing,
    obligations,
    deadlines,
    kpi,
    money,
    early_warning,
)
"""The topic routers, scorecard first (the most called)."""


def add_to(app: FastAPI, dependencies: Sequence[Any]) -> None:
    """Add every calculator route to ``app`` itself, under :data:`PREFIX`.

    Why not ``include_router``: FastAPI (0.16x) keeps an included router as a matching layer of
    its own, which costs a noticeable share of a small request; these routes are the hottest, so
    they are added flat, with the same paths, models and responses.

    Every calculator is tagged ``rules`` and named after its path, so its operation id is
    ``rules-<path>`` (``rules-scorecard``, ``rules-annual-ranking``, ``rules-case-deadlines``):
    the paths are the names external systems already depend on (DESIGN.md).
    """
    for topic in ROUTERS:
        for route in topic.routes:
            assert isinstance(route, APIRoute), route
            app.add_api_route(
                PREFIX + route.path,
                route.endpoint,
                methods=sorted(route.methods),
                response_model=route.response_model,
                status_code=route.status_code,
                tags=[TAG],
                dependencies=[*dependencies, *route.dependencies],
                summary=route.summary,
                description=route.description,
                response_description=route.response_description,
                responses={**PROBLEM_RESPONSES, **route.responses},
                name=route.path.strip("/").replace("/", "_").replace("-", "_"),
                openapi_extra=route.openapi_extra,
                include_in_schema=route.include_in_schema,
            )

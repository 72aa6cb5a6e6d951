"""The ASGI application: ``lrc_api.main:app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from lrc_api import __version__
from lrc_api.activities.router import router as activities_router
from lrc_api.alerts.router import router as alerts_router
from lrc_api.assessments.router import router as assessments_router
from lrc_api.audit.router import router as audit_router
from lrc_api.auth.router import router as auth_router
from lrc_api.calendar.router import router as calendar_router
from lrc_api.cases.router import router as cases_router
from lrc_api.coordinators.router import router as coordinators_router
from lrc_api.core.errors import PROBLEM_RESPONSES, install_handlers
from lrc_api.core.health import router as health_router
from lrc_api.core.observability import ObservabilityMiddleware, configure_logging
from lrc_api.core.policies import get_registry
from lrc_api.core.schemas import JSON_BODY_MODELS
from lrc_api.core.security import rules_gate
from lrc_api.core.settings import Settings, get_settings
from lrc_api.enterprises.router import router as enterprises_router
from lrc_api.ledger.router import router as ledger_router
from lrc_api.policies.router import router as policies_router
from lrc_api.regions.router import router as regions_router
from lrc_api.risk import evaluation as early_warning
from lrc_api.risk.router import router as risk_router
from lrc_api.rules import router as rules
from lrc_api.signals.router import router as signals_router
from lrc_api.staffing.router import router as staffing_router


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Fail fast on bad settings or policy packs, before the first request."""
    settings = get_settings()
    configure_logging(settings.log_level)
    get_registry()
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application: error handlers, middleware, and every router.

    Access to the calculators, packs and calendar is fixed here from ``LRC_RULES_PUBLIC``: open,
    or behind a token with ``rules:evaluate`` (then the OpenAPI shows that requirement).
    """
    settings = settings or get_settings()
    app = FastAPI(
        title="LRC platform API",
        version=__version__,
        description=(
            "System of record and rules engine for labor relations coordinator "
            "(劳动关系协调员) teams: regions, enterprises, coordinators, activities, quarterly "
            "assessments and cases, with the rules of the source documents as calculators. "
            "Errors are RFC 9457 problem+json."
        ),
        lifespan=lifespan,
        responses=PROBLEM_RESPONSES,
        # One schema per model (no Claim-Input / Claim-Output pairs) keeps generated clients tidy.
        separate_input_output_schemas=False,
    )
    install_handlers(app)
    app.add_middleware(ObservabilityMiddleware)
    gate = [] if settings.rules_public else [Depends(rules_gate)]
    rules.add_to(app, gate)  # first: the hottest paths are matched first
    app.include_router(health_router)
    app.include_router(auth_router)
    # Packs and the calendar hold no personal data: they follow LRC_RULES_PUBLIC too.
    app.include_router(policies_router, dependencies=gate)
    app.include_router(calendar_router, dependencies=gate)
    app.include_router(regions_router)
    app.include_router(enterprises_router)
    app.include_router(coordinators_router)
    app.include_router(audit_router)
    app.include_router(activities_router)
    app.include_router(assessments_router)
    app.include_router(cases_router)
    app.include_router(ledger_router)
    app.include_router(staffing_router)
    app.include_router(signals_router)
    app.include_router(risk_router)
    app.include_router(alerts_router)
    early_warning.install()  # writes that touch an enterprise's signals re-assess it
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated document plus the schemas of bodies read with ``json_body``."""
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            separate_input_output_schemas=app.separate_input_output_schemas,
        )
        _, defs = models_json_schema(
            [(m, "validation") for m in JSON_BODY_MODELS],
            ref_template="#/components/schemas/{model}",
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in defs.get("$defs", {}).items():
            schemas.setdefault(name, schema)
        app.openapi_schema = document
    return app.openapi_schema


app = create_app()

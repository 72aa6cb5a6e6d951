"""The ASGI application: ``lrc_api.main:app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from lrc_api import __version__
from lrc_api.accounts.router import router as accounts_router
from lrc_api.activities.router import router as activities_router
from lrc_api.assessments.router import router as assessments_router
from lrc_api.audit.router import router as audit_router
from lrc_api.auth.router import router as auth_router
from lrc_api.calendar.router import router as calendar_router
from lrc_api.cases.router import router as cases_router
from lrc_api.coordinators.router import router as coordinators_router
from lrc_api.core.errors import PROBLEM_RESPONSES, install_handlers
from lrc_api.core.health import router as health_router
from lrc_api.core.http import HttpSemanticsMiddleware
from lrc_api.core.observability import ObservabilityMiddleware, configure_logging
from lrc_api.core.policies import get_registry
from lrc_api.core.schemas import JSON_BODY_MODELS
from lrc_api.core.security import rules_gate
from lrc_api.core.settings import Settings, get_settings
from lrc_api.enterprises.router import router as enterprises_router
from lrc_api.imports.router import router as imports_router
from lrc_api.ledger.router import router as ledger_router
from lrc_api.obligations.router import router as obligations_router
from lrc_api.policies.router import router as policies_router
from lrc_api.rankings.router import router as rankings_router
from lrc_api.regions.router import router as regions_router
from lrc_api.reports.router import router as reports_router
from lrc_api.rules import router as rules
from lrc_api.scorecards.router import router as scorecards_router
from lrc_api.staffing.router import router as staffing_router
from lrc_api.stats.router import router as stats_router
from lrc_api.vocabularies.router import router as vocabularies_router
from lrc_api.webhooks import dispatcher as webhook_dispatcher
from lrc_api.webhooks.router import router as webhooks_router


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Fail fast on bad settings or policy packs, before the first request; run this process's
    webhook dispatcher while serving (``LRC_WEBHOOK_DISPATCHER``)."""
    settings = get_settings()
    configure_logging(settings.log_level)
    get_registry()
    webhook_dispatcher.start_in_process()
    try:
        yield
    finally:
        webhook_dispatcher.stop_in_process()


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
    app.add_middleware(HttpSemanticsMiddleware)  # inside: the access log sees its 304s and 412s
    app.add_middleware(ObservabilityMiddleware)
    gate = [] if settings.rules_public else [Depends(rules_gate)]
    rules.add_to(app, gate)  # first: the hottest paths are matched first
    app.include_router(health_router)
    app.include_router(auth_router)
    # Packs and the calendar hold no personal data: they follow LRC_RULES_PUBLIC too.
    app.include_router(policies_router, dependencies=gate)
    app.include_router(calendar_router, dependencies=gate)
    app.include_router(vocabularies_router, dependencies=gate)
    app.include_router(regions_router)
    app.include_router(enterprises_router)
    app.include_router(coordinators_router)
    app.include_router(audit_router)
    app.include_router(activities_router)
    app.include_router(assessments_router)
    app.include_router(scorecards_router)
    app.include_router(cases_router)
    app.include_router(ledger_router)
    app.include_router(imports_router)
    app.include_router(staffing_router)
    app.include_router(webhooks_router)
    app.include_router(accounts_router)
    app.include_router(rankings_router)
    app.include_router(obligations_router)
    app.include_router(stats_router)
    app.include_router(reports_router)
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
        _standard_bounds(document)
        app.openapi_schema = document
    return app.openapi_schema


_BOUNDS = {
    "ge": ("minimum", "formatMinimum"),
    "le": ("maximum", "formatMaximum"),
    "gt": ("exclusiveMinimum", "formatExclusiveMinimum"),
    "lt": ("exclusiveMaximum", "formatExclusiveMaximum"),
}


def _standard_bounds(node: Any) -> None:
    """Write the bounds pydantic leaves as ``ge``/``le`` (a bounded type wrapped in a validator)
    as JSON Schema keywords: ``minimum``/``maximum`` for numbers, ``formatMinimum``/
    ``formatMaximum`` (as ajv-formats reads them) for dates, so clients and fuzzers see them.
    """
    if isinstance(node, dict):
        if "type" in node:
            for raw, (number, formatted) in _BOUNDS.items():
                if raw in node and not isinstance(node[raw], dict):
                    value = node.pop(raw)
                    node[number if isinstance(value, int | float) else formatted] = value
        for key, child in node.items():
            if key not in ("example", "examples", "default", "enum", "const"):
                _standard_bounds(child)
    elif isinstance(node, list):
        for child in node:
            _standard_bounds(child)


app = create_app()

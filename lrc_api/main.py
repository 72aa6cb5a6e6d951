"""The ASGI application: ``lrc_api.main:app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from lrc_api import __version__
from lrc_api.calendar.router import router as calendar_router
from lrc_api.core.errors import install_handlers
from lrc_api.core.health import router as health_router
from lrc_api.core.observability import ObservabilityMiddleware, configure_logging
from lrc_api.core.policies import get_registry
from lrc_api.core.settings import get_settings
from lrc_api.policies.router import router as policies_router
from lrc_api.rules.router import router as rules_router


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Fail fast on bad settings or policy packs, before the first request."""
    settings = get_settings()
    configure_logging(settings.log_level)
    get_registry()
    yield


def create_app() -> FastAPI:
    """Build the application: error handlers, middleware, and every router."""
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
    )
    install_handlers(app)
    app.add_middleware(ObservabilityMiddleware)
    app.include_router(health_router)
    app.include_router(policies_router)
    app.include_router(rules_router)
    app.include_router(calendar_router)
    return app


app = create_app()

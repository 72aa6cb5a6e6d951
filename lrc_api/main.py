"""The ASGI application: ``lrc_api.main:app``."""

from __future__ import annotations

from fastapi import FastAPI

from lrc_api import __version__
from lrc_api.calendar.router import router as calendar_router
from lrc_api.core.errors import install_handlers
from lrc_api.policies.router import router as policies_router
from lrc_api.rules.router import router as rules_router


def create_app() -> FastAPI:
    """Build the application: error handlers, middleware, and every router."""
    app = FastAPI(
        title="LRC platform API",
        version=__version__,
        description="System of record and rules engine for labor relations coordinator "
        "(劳动关系协调员) teams.",
    )
    install_handlers(app)
    app.include_router(policies_router)
    app.include_router(rules_router)
    app.include_router(calendar_router)
    return app


app = create_app()

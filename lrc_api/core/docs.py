"""API documentation that works offline: Swagger UI at ``/docs``, ReDoc at ``/redoc``.

Townships and district platforms often sit on government networks without Internet access,
where FastAPI's default pages stay blank (their scripts come from a public CDN). The scripts,
styles and icon here are the files bundled in the ``fastapi-offline`` package (Swagger UI 5,
ReDoc 2), served by the service itself. ReDoc's fonts are the system's (no web fonts are
loaded), and a Content-Security-Policy on both pages lets the browser reach only this service:
anything else a bundle might ask for (ReDoc's sidebar logo comes from its vendor's CDN) is
refused by the browser before it leaves the machine.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse

STATIC_URL = "/docs/static"
"""Where the bundled Swagger UI and ReDoc files are served."""

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # The pages' own start-up snippets are inline; every script file is ours.
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",  # ReDoc's search index runs in a worker made from a blob
        "frame-ancestors 'none'",
    ]
)
"""Only this service: the documentation never contacts another address."""

SWAGGER_UI_PARAMETERS: dict[str, Any] = {
    "displayOperationId": True,  # the ids generated clients use (`cases-list`)
    "validatorUrl": None,  # no badge fetched from an outside validator
    "defaultModelsExpandDepth": 0,
}
"""Swagger UI settings."""


def install_docs(app: FastAPI) -> None:
    """Serve ``/docs`` and ``/redoc`` (and their files) from this process, for ``app``."""
    static = files("fastapi_offline") / "static"
    app.mount(STATIC_URL, StaticFiles(directory=str(static)), name="docs-static")
    openapi_url = app.openapi_url or "/openapi.json"
    redirect_url = "/docs/oauth2-redirect"
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY}

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} — Swagger UI",
            swagger_js_url=f"{root}{STATIC_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC_URL}/favicon.png",
            oauth2_redirect_url=f"{root}{redirect_url}",
            swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
        )
        page.headers.update(headers)
        return page

    @app.get(redirect_url, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        page = get_swagger_ui_oauth2_redirect_html()
        page.headers.update(headers)
        return page

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} — ReDoc",
            redoc_js_url=f"{root}{STATIC_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{STATIC_URL}/favicon.png",
            with_google_fonts=False,
        )
        page.headers.update(headers)
        return page

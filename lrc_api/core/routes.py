"""Which methods a path has: the one answer ``Allow`` gives on 405 and OPTIONS (RFC 9110 §10.2.1).

Starlette's 405 names only the methods of the first route whose path matched, and a path often
has several routes (GET and POST on a list); this asks every route.
"""

from __future__ import annotations

from starlette.routing import Match
from starlette.types import Scope

_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_PROBED = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(scope: Scope) -> list[str] | None:
    """Every method the app's routes accept on the request's path, or None if no route has it.

    Asks the routes themselves (``matches`` with each method), so included and nested routers
    answer exactly as they would route the request.
    """
    router = getattr(scope.get("app"), "router", None)
    routes = getattr(router, "routes", ())
    found: set[str] = set()
    exists = False
    for method in _PROBED:
        probe = {**scope, "method": method}
        for route in routes:
            match, _child = route.matches(probe)
            if match == Match.FULL:
                found.add(method)
                exists = True
                break
            if match == Match.PARTIAL:
                exists = True
    if not exists:
        return None
    if "GET" in found:
        found.add("HEAD")
    found.add("OPTIONS")
    return [m for m in _METHOD_ORDER if m in found]

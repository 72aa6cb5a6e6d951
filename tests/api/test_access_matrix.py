"""Every operation of the OpenAPI document against three callers (issue 7's matrix).

- no token → 401 problem+json with ``WWW-Authenticate: Bearer``;
- a principal of the right region without the operation's scope → 403;
- a fully-scoped principal of *another* region → 404 for a record, no foreign rows in a list.

Operations open by design (health, metrics, token endpoint, and the rules calculators while
``LRC_RULES_PUBLIC`` is true) are listed in ``OPEN``; a new path parameter the fixture cannot fill
fails the test, so a new endpoint cannot slip past the matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.every_record import fill, make_records
from tests.factories import make_region

Headers = Callable[..., dict[str, str]]

OPEN_EXACT = {"/healthz", "/readyz", "/metrics", "/v1/auth/token"}
OPEN_PREFIXES = ("/v1/rules/", "/v1/policies", "/v1/calendar", "/v1/vocabularies")
"""Public while LRC_RULES_PUBLIC is true (the default); checked closed in test_auth.py."""


def _operations(client: TestClient) -> Iterator[tuple[str, str, dict[str, Any]]]:
    spec = client.app.openapi()  # type: ignore[attr-defined]
    for path, item in sorted(spec["paths"].items()):
        for method, op in item.items():
            if method in {"get", "post", "patch", "put", "delete"}:
                yield method.upper(), path, op


def _is_open(path: str) -> bool:
    return path in OPEN_EXACT or path.startswith(OPEN_PREFIXES)


@pytest.fixture(scope="module")
def world(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    """Records in region A (one of each kind a path names: ``tests/every_record.py``), and
    region B beside it."""
    admin = auth_headers("admin")
    county = make_region(client, admin)
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    region_b = make_region(client, admin)
    return {**make_records(client, admin, town["id"]), "region_b": region_b["id"]}


def _url(path: str, world: dict[str, Any]) -> str:
    return fill(path, world, "the access matrix")


BODIES = {
    "/v1/activities/{activity_id}/review": {"decision": "approved"},
    "/v1/cases/{case_id}/transition": {"to": "accepted"},
    "/v1/cases/{case_id}/events": {"kind": "note", "on": "2025-06-03", "note": "x"},
    "/v1/enterprises/{enterprise_id}/signals": {
        "source": "matrix",
        "source_id": "outsider-1",
        "kind": "layoff",
        "observed_on": "2025-06-03",
    },
    "/v1/alerts/{alert_id}/acknowledge": {"note": "x"},
    "/v1/alerts/{alert_id}/resolve": {"note": "x"},
}
"""Valid bodies for the sub-resource writes, so a refusal is about access, not validation."""


QUERY_VALUES = {"year": 2025, "format": "csv"}
"""Values for required query parameters."""


def _query(client: TestClient, method: str, path: str) -> dict[str, Any]:
    op = client.app.openapi()["paths"][path][method.lower()]  # type: ignore[attr-defined]
    params = {}
    for p in op.get("parameters", []):
        if p["in"] == "query" and p.get("required"):
            assert p["name"] in QUERY_VALUES, f"no value for required query {p['name']} of {path}"
            params[p["name"]] = QUERY_VALUES[p["name"]]
    return params


def _call(
    client: TestClient,
    method: str,
    path: str,
    url: str,
    headers: dict[str, str],
    world: dict[str, Any] | None = None,
) -> Any:
    if method != "GET":  # on a GET, If-Match is a precondition on the answer (412 if unmet)
        headers = {**headers, "If-Match": '"1"'}
    params = _query(client, method, path)
    op = client.app.openapi()["paths"][path][method.lower()]  # type: ignore[attr-defined]
    if "multipart/form-data" in op.get("requestBody", {}).get("content", {}):
        # An upload (a ledger import) into region A, so a refusal is about access.
        form = {"region_id": str((world or {}).get("region_id", 1))}
        files = {"file": ("ledger.csv", "姓名,身份证号码\n".encode(), "text/csv")}
        return client.request(method, url, params=params, data=form, files=files, headers=headers)
    if method in {"POST", "PATCH", "PUT"}:
        return client.request(
            method, url, params=params, json=BODIES.get(path, {}), headers=headers
        )
    return client.request(method, url, params=params, headers=headers)


def test_every_protected_operation_needs_a_token(client: TestClient, world: dict[str, Any]) -> None:
    checked = 0
    for method, path, _ in _operations(client):
        if _is_open(path):
            continue
        r = _call(client, method, path, _url(path, world), {})
        assert r.status_code == 401, f"{method} {path}: {r.status_code}"
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["www-authenticate"].startswith("Bearer"), f"{method} {path}"
        checked += 1
    assert checked >= 25


def test_every_protected_operation_needs_its_scope(
    client: TestClient, auth_headers: Headers, world: dict[str, Any]
) -> None:
    """A client of the right region holding no scope at all is refused with 403 everywhere."""
    nobody = auth_headers("integration", region_id=world["region_id"], scopes=set())
    for method, path, _ in _operations(client):
        if _is_open(path) or path == "/v1/auth/me":
            continue
        r = _call(client, method, path, _url(path, world), nobody)
        assert r.status_code == 403, f"{method} {path}: {r.status_code} {r.text[:200]}"


def test_another_regions_principal_cannot_reach_records(
    client: TestClient, auth_headers: Headers, world: dict[str, Any]
) -> None:
    """A region admin of B with every scope: A's records are 404, lists show none of A's rows."""
    from lrc_api.core.principal import SCOPES

    outsider = auth_headers("region_admin", region_id=world["region_b"], scopes=set(SCOPES))
    own_ids = {
        world[k]
        for k in (
            "enterprise_id",
            "coordinator_id",
            "activity_id",
            "assessment_id",
            "case_id",
            "signal_id",
            "alert_id",
        )
    }
    for method, path, _ in _operations(client):
        if _is_open(path) or path.startswith("/v1/auth"):
            continue
        url = _url(path, world)
        r = _call(client, method, path, url, outsider, world)
        if "{" in path:
            assert r.status_code == 404, f"{method} {path}: {r.status_code} {r.text[:200]}"
        elif method == "GET":
            assert r.status_code in (200, 422), f"{method} {path}: {r.status_code}"
            if r.status_code == 200 and r.headers["content-type"].startswith("application/json"):
                body = r.json()
                items = body.get("items", []) if isinstance(body, dict) else []
                leaked = [
                    i
                    for i in items
                    if isinstance(i, dict) and i.get("region_id") == world["region_id"]
                ]
                assert leaked == [], f"{method} {path} shows region A's rows to region B"
        else:
            # A create with an empty body fails validation before it could write anything.
            assert r.status_code in (403, 404, 422), f"{method} {path}: {r.status_code}"
    assert own_ids  # the world has records, so the 404s above are about scope, not absence


def test_calculators_policies_and_calendar_close_when_rules_are_not_public(
    client: TestClient,
    auth_headers: Headers,
    world: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """LRC_RULES_PUBLIC=false: every calculator, pack and calendar route needs rules:evaluate."""
    from lrc_api.core.settings import get_settings
    from lrc_api.main import create_app

    closed = TestClient(create_app(get_settings().model_copy(update={"rules_public": False})))
    world = {**world, "policy_id": "wenshang-2024", "year": 2025, "vocabulary_id": "case_status"}
    without = auth_headers("integration", region_id=world["region_id"], scopes={"cases:read"})
    checked = 0
    for method, path, _ in _operations(closed):
        if not path.startswith(OPEN_PREFIXES):
            continue
        url = _url(path, world)
        r = _call(closed, method, path, url, {})
        assert r.status_code == 401, f"{method} {path}: {r.status_code}"
        r = _call(closed, method, path, url, without)
        assert r.status_code == 403, f"{method} {path}: {r.status_code}"
        checked += 1
    assert checked >= 15

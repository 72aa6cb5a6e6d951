"""Schemathesis over the whole OpenAPI document: no 5xx, and every response fits its schema.

Runs as an admin (so the calls reach the services rather than stopping at 401) with a small
number of generated cases per operation, keeping the suite fast; a deeper run is
``LRC_FUZZ_EXAMPLES=200 .venv/bin/python -m pytest tests/api/test_fuzz.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from lrc_api.main import app

EXAMPLES = int(os.environ.get("LRC_FUZZ_EXAMPLES", "12"))

schema = schemathesis.openapi.from_asgi("/openapi.json", app)

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
"""No 5xx; only documented statuses and content types; bodies that fit their schemas."""


@pytest.fixture(scope="module")
def admin_headers(client: Any, auth_headers: Callable[..., dict[str, str]]) -> dict[str, str]:
    """An admin token for the generated calls (the client fixture migrates the database)."""
    return auth_headers("admin", subject="user:schemathesis")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_responses_match_the_schema(
    case: Any, admin_headers: dict[str, str]
) -> None:
    """Generated requests never get a 5xx, and every answer matches the documented schema."""
    headers = {**(case.headers or {}), **admin_headers}
    if case.method.upper() in {"PATCH", "DELETE"} or case.path.endswith(("/review", "/transition")):
        headers.setdefault("If-Match", '"1"')
    case.call_and_validate(headers=headers, checks=CHECKS)

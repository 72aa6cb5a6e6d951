"""Schemathesis over the whole OpenAPI document with every check (DESIGN.md, reliability).

Every check schemathesis has runs on every generated call: no 5xx; only documented statuses,
content types and headers; bodies that fit their schemas; schema-valid requests accepted and
schema-violating ones refused; a missing required header refused; ``Allow`` on 405 and OPTIONS
naming exactly the documented methods; and, in the stateful run, created records readable and
deleted ones gone. The statuses a schema-valid request may still get for reasons the document
cannot state are listed, each with its reason, in ``schemathesis.toml`` (also read by
``schemathesis run``). One more check is ours: a 422 for a schema-valid request must come from
a rule the document cannot state (a validator of ours, a service rule), never from a constraint
of the request model that the document does not show.

Runs as an admin (so the calls reach the services rather than stopping at 401) with a bounded
number of generated cases per operation, keeping the suite fast; a deeper run is
``LRC_FUZZ_EXAMPLES=200 .venv/bin/python -m pytest tests/api/test_fuzz.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import schemathesis
from fastapi.exceptions import RequestValidationError
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import Failure
from starlette.requests import Request
from starlette.responses import Response

from lrc_api.main import app

EXAMPLES = int(os.environ.get("LRC_FUZZ_EXAMPLES", "12"))
STATEFUL_STEPS = int(os.environ.get("LRC_FUZZ_STATEFUL_STEPS", "25"))

CONFIG = SchemathesisConfig.from_path(str(Path(__file__).parents[2] / "schemathesis.toml"))
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)

_MODEL_ERRORS: dict[str, list[str]] = {}
"""Request id → the pydantic error types of a 422 raised while validating the request."""

_OUR_RULES = frozenset({"value_error", "assertion_error"})
"""Error types of validators we wrote: rules the document cannot state (check digits, …)."""


@pytest.fixture(scope="module", autouse=True)
def _record_model_errors() -> Iterator[None]:
    """Note which 422s came from the request models, keyed by request id."""
    original = app.exception_handlers[RequestValidationError]

    async def noting(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        rid = getattr(request.state, "request_id", "")
        _MODEL_ERRORS[rid] = [str(e.get("type")) for e in exc.errors()]
        return await original(request, exc)  # type: ignore[no-any-return, misc]

    app.exception_handlers[RequestValidationError] = noting
    app.middleware_stack = None  # rebuilt on the next call, with the handler above
    yield
    app.exception_handlers[RequestValidationError] = original
    app.middleware_stack = None


class UndocumentedConstraint(Failure):
    """A schema-valid request refused by a model constraint the OpenAPI document does not show."""

    kind_title = "Schema-valid request refused by an undocumented model constraint"


def model_agrees_with_document(ctx: Any, response: Any, case: Any) -> bool | None:
    """A positive case refused with 422 must not be refused by a built-in model constraint."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code != 422:
        return None
    rid = response.headers.get("x-request-id", [""])[0]
    types = _MODEL_ERRORS.get(rid)
    if types and not set(types) <= _OUR_RULES:
        raise UndocumentedConstraint(
            operation=case.operation.label,
            message=f"422 from the request model ({', '.join(types)}): the document and the "
            "model disagree",
        )
    return None


@pytest.fixture(scope="module")
def admin_headers(client: Any, auth_headers: Callable[..., dict[str, str]]) -> dict[str, str]:
    """An admin token for the generated calls (the client fixture migrates the database)."""
    return auth_headers("admin", subject="user:schemathesis")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_check_on_every_operation(case: Any, admin_headers: dict[str, str]) -> None:
    """Every schemathesis check holds for generated requests to every operation."""
    headers = {**(case.headers or {}), **admin_headers}
    case.call_and_validate(headers=headers, additional_checks=[model_agrees_with_document])


# The stateful run chains the records' operations (create → read → change → delete) through the
# links schemathesis infers from field names; the stateless calculators are left out, since their
# external ids (a ranking's `id`, free text) would be taken for record ids.
StatefulBase = schema.exclude(path_regex="^/v1/(rules|calendar|policies)/").as_state_machine()


class APIWorkflow(StatefulBase):  # type: ignore[misc, valid-type]
    """Chains of calls following the document's links: create, read, change, delete."""

    headers: ClassVar[dict[str, str]] = {}

    def get_call_kwargs(self, case: Any) -> dict[str, Any]:
        return {"headers": {**(case.headers or {}), **self.headers}}

    def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
        super().validate_response(
            response, case, additional_checks=[model_agrees_with_document], **kwargs
        )


def test_stateful_workflows_hold_every_check(admin_headers: dict[str, str]) -> None:
    """Linked calls (a record created, then read, changed and deleted) pass every check."""
    APIWorkflow.headers = admin_headers
    APIWorkflow.run(
        settings=settings(
            max_examples=max(1, EXAMPLES // 3),
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )

"""Request and response pieces every rules endpoint shares: dates, pack ids, traces, citations."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Annotated, Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from lrc_rules.trace import Citation, Step


def _iso_date(value: Any) -> Any:
    # FastAPI validates parsed JSON in Python mode, where pydantic would also take numbers and
    # date-times: accept exactly YYYY-MM-DD text (and dates).
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("must be a real date written YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A calendar date given as YYYY-MM-DD."""

PolicyId = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=64,
        description="Policy pack id (e.g. `wenshang-2024`); default: the deployment's pack.",
    ),
]
"""The optional `policy` field of a rules request."""


class TraceStep(BaseModel):
    """One step of the explanation: the rule, its citation, the inputs it used and its outcome."""

    rule: str = Field(description="Name of the rule, e.g. `scoring.publicity`.")
    citation: str | None = Field(
        description="Document and clause, e.g. `汶政字〔2024〕59号 附件1 8.3`."
    )
    inputs: dict[str, Any] = Field(description="The values the rule used (parameters and counts).")
    outcome: Any = Field(description="What the rule decided.")


class CitationOut(BaseModel):
    """Where a rule or a number comes from, in fields and as one line of text."""

    doc: str = Field(description="Document number or name, e.g. `汶政字〔2024〕59号`.")
    part: str | None = Field(None, description="Part or annex, e.g. `附件1`.")
    clause: str | None = Field(None, description="Clause, e.g. `8.3`.")
    article: str | None = Field(None, description="Article of a statute, e.g. `第十四条`.")
    note: str | None = Field(None, description="The words of the source, or why a Choice was made.")
    text: str = Field(description="The citation as one line, as traces show it.")

    @classmethod
    def of(cls, c: Citation) -> CitationOut:
        """The response form of a rules-engine citation."""
        return cls(
            doc=c.doc, part=c.part, clause=c.clause, article=c.article, note=c.note, text=str(c)
        )


_TRACE_CACHE: dict[int, tuple[Step, dict[str, Any]]] = {}
_TRACE_CACHE_LIMIT = 8192


def trace_payload(steps: Iterable[Step]) -> list[dict[str, Any]]:
    """A rules trace as JSON-ready dicts (the `trace` of every rules response).

    The rules engine memoises and shares its common steps, so their rendering is cached by
    identity (the cache keeps the step alive, so an id is never reused while cached).
    """
    out = []
    cache = _TRACE_CACHE
    for step in steps:
        hit = cache.get(id(step))
        if hit is not None and hit[0] is step:
            out.append(hit[1])
            continue
        rendered = step.as_dict()
        if len(cache) >= _TRACE_CACHE_LIMIT:
            cache.clear()
        cache[id(step)] = (step, rendered)
        out.append(rendered)
    return out


M = TypeVar("M", bound=BaseModel)

JSON_BODY_MODELS: list[type[BaseModel]] = []
"""Request models parsed by :func:`json_body`; ``lrc_api.main`` adds their schemas to the OpenAPI."""


def json_body_openapi(model: type[BaseModel]) -> dict[str, Any]:
    """The ``openapi_extra`` of a route that reads its body with :func:`json_body`."""
    JSON_BODY_MODELS.append(model)
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


def json_body(model: type[M], raw: bytes) -> M:
    """Validate a JSON request body straight from bytes (pydantic-core parses and checks at once).

    For the hottest routes only: FastAPI would decode the JSON in Python and validate the
    objects after. Errors are raised as FastAPI's own, so they leave as the same 422 problem+json.
    """
    try:
        return model.model_validate_json(raw or b"null")
    except ValidationError as exc:
        failure = exc
    if failure.errors()[0]["type"] == "json_invalid":
        # The fast parser refuses an escaped unpaired surrogate ("\ud800") as invalid JSON, which
        # names no field: parse as FastAPI does, so the text check names the field instead.
        try:
            parsed = json.loads(raw, parse_constant=_no_constant)
            model.model_validate(parsed)
        except ValidationError as exc:
            failure = exc
        except ValueError:
            pass
    errors = [{**e, "loc": ("body", *e["loc"])} for e in failure.errors(include_url=False)]
    raise RequestValidationError(errors) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")

"""Request and response pieces every rules endpoint shares: dates, pack ids, traces, citations."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from typing_extensions import TypeAliasType

from lrc_rules.trace import Citation, Step

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
"""The days a request may name. The rules count years and months from the dates they are
given (民法典 第二百零一条's anniversaries, windows of months, deadlines): near the ends of
Python's calendar that arithmetic leaves it (as_of 9999-12-31 was a 500), and no labor
relation of this service starts before 1900 or is judged after 2199."""

DATE_PATTERN = r"^(19|20|21)[0-9][0-9]-"
"""The range as the contract states it (with ``format: date``)."""


def _iso_date(value: Any) -> Any:
    # FastAPI validates parsed JSON in Python mode, where pydantic would also take numbers and
    # date-times: accept exactly YYYY-MM-DD text (and dates).
    day = None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, str) and len(value) == 10:
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(value)
    if day is None:
        raise ValueError("must be a real date written YYYY-MM-DD")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"must be from {FIRST_DAY} to {LAST_DAY}")
    return day


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    # The range in the contract too, so a client's validator (and a fuzzer) knows it: a date
    # has no minimum in JSON Schema, so the years it allows (as the case deadlines' dates do).
    Field(json_schema_extra={"pattern": DATE_PATTERN}),
]
"""A calendar date given as YYYY-MM-DD, from :data:`FIRST_DAY` to :data:`LAST_DAY`."""


def _json_integer(value: Any) -> Any:
    # JSON Schema's "integer" is any number without a fractional part, 2025.0 included; a strict
    # int field would refuse that, while still refusing "2025" and true as it should.
    if type(value) is float and value.is_integer():
        return int(value)
    return value


JsonInt = Annotated[int, BeforeValidator(_json_integer)]
"""An integer as JSON Schema means it (``2025`` or ``2025.0``); use with ``strict=True``."""

MONEY_STRING_PATTERN = r"^([0-9]{1,12}(\.[0-9]{1,2})?|1000000000000(\.0{1,2})?)$"
"""An amount written as text: at most 10¹² 元 with at most two decimals."""


def _money_schema(schema: dict[str, Any]) -> None:
    # Say in the document what the model checks: at most two decimals, as a number or as text.
    for branch in schema.get("anyOf", []):
        if branch.get("type") == "number":
            branch["multipleOf"] = 0.01
        elif branch.get("type") == "string":
            branch["pattern"] = MONEY_STRING_PATTERN


Money = Annotated[
    Decimal,
    Field(
        ge=0,
        le=Decimal("1e12"),
        max_digits=16,
        decimal_places=2,
        allow_inf_nan=False,
        json_schema_extra=_money_schema,
    ),
]
"""An amount in 元 (a JSON number, or text such as ``"2740.50"``), 0 to 10¹², two decimals."""


class TrimmedInput(BaseModel):
    """A request body whose texts are trimmed *after* their documented checks.

    pydantic's ``str_strip_whitespace`` trims first, so a value of the documented length could be
    refused as too short and one too long accepted: the document and the model would disagree.
    Here the checks see what was sent, then the stored value is trimmed; a required text that
    is only whitespace is refused (422 naming the field).
    """

    model_config = ConfigDict(extra="forbid")

    keep_whitespace: ClassVar[frozenset[str]] = frozenset()
    """Fields taken exactly as sent (a password or a secret: a space in it is part of it)."""

    @field_validator("*", mode="after")
    @classmethod
    def _trim(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name in cls.keep_whitespace:
            return value
        if isinstance(value, str):
            trimmed = value.strip()
            if not trimmed and value and _required_text(cls, info.field_name):
                raise ValueError("must not be blank")
            return trimmed
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value]
        return value


def _required_text(model: type[BaseModel], name: str | None) -> bool:
    field = model.model_fields.get(name or "")
    return field is not None and any(getattr(m, "min_length", 0) for m in field.metadata)


def not_null(schema: dict[str, Any]) -> None:
    """``json_schema_extra`` of a PATCH field that may be left out but not set to null.

    The field stays ``T | None`` in Python (absent and null both arrive as None until the service
    looks at what was sent), and the document shows no null: the service refuses one with 422
    naming the field, as the document says.
    """
    branches = schema.get("anyOf")
    if not isinstance(branches, list):
        return
    kept = [b for b in branches if b != {"type": "null"}]
    if len(kept) == 1:
        del schema["anyOf"]
        schema.update({k: v for k, v in kept[0].items() if k not in schema})
    else:
        schema["anyOf"] = kept


PolicyId = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=64,
        description="Policy pack id (e.g. `wenshang-2024`); default: the deployment's pack.",
    ),
]
"""The optional `policy` field of a rules request."""


CitationStatus = TypeAliasType(
    "CitationStatus", Literal["verified", "unverified", "local_practice"]
)
"""How far a citation can be trusted (every citation of a pack carries one, RULES.md §0)."""


class TraceStep(BaseModel):
    """One step of the explanation: the rule, its citation, the inputs it used and its outcome."""

    rule: str = Field(description="Name of the rule, e.g. `scoring.publicity`.")
    citation: str | None = Field(
        description="Document and clause, e.g. `汶政字〔2024〕59号 附件1 8.3`."
    )
    citation_status: CitationStatus | None = Field(
        None,
        description=(
            "How far the citation can be trusted: `verified` (the document says it), "
            "`unverified` (to be checked), `local_practice` (no document sets it; replaceable)."
        ),
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
    status: CitationStatus = Field(
        description=(
            "`verified`: the cited document says it; `unverified`: cited from memory or second "
            "hand, to be checked; `local_practice`: no document in hand sets it (an engine "
            "choice or a platform default) — a deployment replaces it in its own pack."
        )
    )
    text: str = Field(description="The citation as one line, as traces show it.")

    @classmethod
    def of(cls, c: Citation) -> CitationOut:
        """The response form of a rules-engine citation."""
        return cls(
            doc=c.doc,
            part=c.part,
            clause=c.clause,
            article=c.article,
            note=c.note,
            status=c.status,  # type: ignore[arg-type]
            text=str(c),
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

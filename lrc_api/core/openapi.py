"""The contract as integrators' tools read it: operation ids, file bodies, the finished document.

District platforms and the mobile backend generate their clients from ``openapi/openapi.json``
(openapi-python-client, openapi-typescript, openapi-generator). These helpers make the document
read well to those tools *by construction*, so a new endpoint complies without extra work:

- :func:`operation_id` names every operation ``{tag}-{action}`` (``cases-list``,
  ``ledger-read``, ``auth-token``), so a generated client reads ``cases.list(...)``;
- :func:`file_response` and :func:`file_upload` declare files with their media types and
  ``format: binary``, so generated clients download and upload bytes instead of parsing JSON;
- :func:`finish` orders each operation's tags to match its id and drops schemas nothing uses.

``tests/api/test_contract.py`` checks the rules these helpers establish on the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from lrc_api.core.text import SINGLE_LINE_PATTERN

BINARY: dict[str, str] = {"type": "string", "format": "binary"}
"""The schema of a file's bytes (OpenAPI's ``format: binary``, read by every generator)."""

DECLARED_MODELS: list[type[BaseModel]] = []
"""Models of bodies declared with :func:`declared_body`; ``lrc_api.main`` adds their schemas."""

DECLARED_SCHEMAS: dict[str, dict[str, Any]] = {}
"""Hand-written component schemas (file uploads); ``lrc_api.main`` adds them to the document."""

_DEFAULT_ACTION = {"GET": "read", "POST": "create", "PUT": "replace", "PATCH": "update"}


def slug(text: str) -> str:
    """``rules: enterprise size`` → ``rules-enterprise-size``: lower case words joined by ``-``."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _noun_forms(tag: str) -> set[str]:
    """The words of a tag in plural and singular (``cases`` → cases, case)."""
    forms = set()
    for word in tag.split("-"):
        forms.add(word)
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
        elif word.endswith("s") and not word.endswith("ss"):
            forms.add(word[:-1])
    return forms


def operation_tag(route: APIRoute) -> str:
    """The tag an operation is named and grouped by: the route's own (last) tag.

    A route's own ``tags=`` follow its router's in FastAPI, so the last tag is the most specific
    choice (``/v1/coordinators/{id}/scorecards`` in the assessments router is tagged
    ``coordinators``). An untagged route yields ``untagged``, which the contract test refuses.
    """
    return slug(str(route.tags[-1])) if route.tags else "untagged"


def operation_id(route: APIRoute) -> str:
    """``{tag}-{action}``: the stable operation id of a route (FastAPI's ``generate_unique_id``).

    The action is the route's name (the endpoint function's, or ``name=``) in kebab case, without
    the tag's noun: ``list_cases`` under ``cases`` → ``cases-list``, ``read_ledger`` under
    ``ledger`` → ``ledger-read``, ``case_deadlines`` → ``cases-deadlines``. A name that is only the
    noun falls back to the method's verb (``read``, ``create``, ``update``, ``delete``).
    Renaming an endpoint function therefore renames its operation in every generated client; the
    contract test keeps a list of published ids that must not disappear.
    """
    tag = operation_tag(route)
    nouns = _noun_forms(tag)
    words = [w for w in slug(route.name).split("-") if w and w not in nouns]
    if not words:
        method = sorted(route.methods or {"GET"})[0]
        words = [_DEFAULT_ACTION.get(method, method.lower())]
    return f"{tag}-{'-'.join(words)}"


def file_response(
    media_types: Sequence[str], *, description: str, status: int = 200
) -> dict[int | str, dict[str, Any]]:
    """A ``responses=`` entry for an answer that is a file in one of ``media_types``.

    Each media type gets ``{type: string, format: binary}`` (not an empty JSON schema), and the
    ``Content-Disposition`` header is declared, so a generated client returns the bytes and the
    file name. Use it on a route whose answer is only a file (one return type per operation).
    """
    return {
        status: {
            "description": description,
            "content": {media_type: {"schema": dict(BINARY)} for media_type in media_types},
            "headers": {
                "Content-Disposition": {
                    "description": '`attachment; filename="…"`: the suggested file name '
                    "(ASCII; a name in other characters follows as `filename*=UTF-8''…`, "
                    "RFC 6266).",
                    "schema": {"type": "string"},
                }
            },
        }
    }


def file_upload(
    media_types: Sequence[str], *, name: str, description: str, field: str = "file"
) -> dict[str, Any]:
    """An ``openapi_extra`` declaring a ``multipart/form-data`` body with one required file.

    The body is the component schema ``name`` (e.g. ``CoordinatorImportUpload``): an object whose
    part ``field`` is ``{type: string, format: binary}``, and the part's ``encoding`` names the
    accepted ``media_types``. Generated clients then take a file object (openapi-python-client:
    ``File``; TypeScript: ``Blob``). Pass it as ``openapi_extra=`` on the route; being a
    ``$ref``, it replaces the body FastAPI would derive from ``UploadFile`` parameters.
    """
    DECLARED_SCHEMAS[name] = {
        "title": name,
        "type": "object",
        "required": [field],
        "properties": {field: {**BINARY, "description": description}},
    }
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {"$ref": f"#/components/schemas/{name}"},
                    "encoding": {field: {"contentType": ", ".join(media_types)}},
                }
            },
        }
    }


def declared_body(
    model: type[BaseModel],
    media_type: str,
    *,
    examples: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """An ``openapi_extra`` documenting the body as ``model`` although the route parses it itself.

    For a body whose contract is stricter or shaped differently from what the route reads, e.g.
    the token form: RFC 6749 wants missing fields answered ``invalid_request`` (400), so the
    route reads a lenient form, while the contract shows per grant what is required. The body is
    a ``$ref`` to ``model`` (so it replaces FastAPI's derived schema); ``examples`` are OpenAPI
    Example Objects (``{"name": {"summary": …, "value": …}}``).
    """
    DECLARED_MODELS.append(model)
    content: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
    if examples:
        content["examples"] = examples
    return {"requestBody": {"required": True, "content": {media_type: content}}}


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            yield ref.rsplit("/", 1)[1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def finish(document: dict[str, Any]) -> dict[str, Any]:
    """The last pass over the generated document, in place; returns it.

    - ``If-Match`` is a required header wherever an operation reads it.
    - Each operation's tags start with the tag of its id, so generators that group by the first
      tag (openapi-python-client) put ``coordinators-scorecards`` under ``coordinators``.
    - Component schemas that no operation reaches are dropped (FastAPI keeps the model of a form
      whose documented body was replaced, e.g. the token request), so clients carry no dead types.
    - A schema only ever sent (reached from 2xx responses, never from a request) lists every
      property as required: the service always writes every field (``null`` when empty), and
      generated clients then type them as present instead of "maybe unset".
    - Model examples get their ``null`` values back: FastAPI drops every ``None`` from the
      document, which would leave examples that their own schema refuses.
    """
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _single_line(parameter.get("schema", {}))
                if parameter.get("in") == "header" and parameter.get("name") == "If-Match":
                    # Read leniently so that its absence is answered 428 (RFC 6585) rather than
                    # 422; to clients it is simply required.
                    parameter["required"] = True
                    parameter["schema"] = {
                        **_string_variant(parameter.get("schema", {})),
                        "description": parameter.get(
                            "description", "The ETag of the record you read."
                        ),
                    }
            tags = operation.get("tags") or []
            named_by = [t for t in tags if operation["operationId"].startswith(slug(t) + "-")]
            if named_by:
                operation["tags"] = [named_by[-1], *[t for t in tags if t != named_by[-1]]]
    schemas = document.get("components", {}).get("schemas", {})
    for name, model in documented_models(schemas).items():
        extra = model.model_config.get("json_schema_extra")
        if isinstance(extra, dict) and "examples" in extra:
            schemas[name]["examples"] = to_jsonable_python(extra["examples"])
    outside = {k: v for k, v in document.items() if k != "components"}
    outside.update({k: v for k, v in document.get("components", {}).items() if k != "schemas"})
    for name in set(schemas) - _reached(schemas, _refs(outside)):
        del schemas[name]
    sent, received = [], []
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            received += [operation.get("requestBody"), operation.get("parameters")]
            sent += [r for s, r in operation.get("responses", {}).items() if s.startswith("2")]
    for name in _reached(schemas, _refs(sent)) - _reached(schemas, _refs(received)):
        properties = schemas[name].get("properties")
        if properties:
            schemas[name]["required"] = list(properties)
    return document


def _single_line(schema: dict[str, Any]) -> None:
    """State on a string query parameter what :mod:`lrc_api.core.query_text` refuses."""
    for variant in [schema, *schema.get("anyOf", [])]:
        if variant.get("type") == "string" and "pattern" not in variant and "enum" not in variant:
            variant["pattern"] = SINGLE_LINE_PATTERN


def _string_variant(schema: dict[str, Any]) -> dict[str, Any]:
    """The string branch of a header's schema (``anyOf: [string, null]`` when read leniently),
    keeping its ``pattern`` and ``maxLength`` so clients and fuzzers see what the service refuses.
    """
    for variant in [schema, *schema.get("anyOf", [])]:
        if variant.get("type") == "string":
            kept = ("type", "pattern", "maxLength", "minLength")
            return {k: variant[k] for k in kept if k in variant}
    return {"type": "string"}


def documented_models(schemas: dict[str, Any]) -> dict[str, type[BaseModel]]:
    """The service's pydantic models whose names are component schemas of the document."""
    found: dict[str, type[BaseModel]] = {}
    todo: list[type[BaseModel]] = [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("lrc_api.") and sub.__name__ in schemas:
                found[sub.__name__] = sub
    return found


def _reached(schemas: dict[str, Any], names: Iterator[str]) -> set[str]:
    """The component schemas ``names`` refer to, and those they refer to, transitively."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        todo.extend(_refs(schemas[name]))
    return seen

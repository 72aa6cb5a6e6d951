"""The OpenAPI contract reads well to the tools integrators generate clients with (issue 14 §2).

Each rule is checked on the whole document, so an endpoint added later either complies by
construction (``lrc_api.core.openapi``) or fails here with the operation and the fix named.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml
from fastapi import FastAPI, File, UploadFile
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from lrc_api.core.openapi import (
    DECLARED_SCHEMAS,
    documented_models,
    file_upload,
    finish,
    operation_id,
    slug,
)
from lrc_api.main import TAGS, app

ROOT = Path(__file__).resolve().parents[2]
DOC: dict[str, Any] = app.openapi()
SCHEMAS: dict[str, Any] = DOC["components"]["schemas"]
OPERATIONS: list[tuple[str, str, dict[str, Any]]] = [
    (method.upper(), path, op)
    for path, item in DOC["paths"].items()
    for method, op in item.items()
    if isinstance(op, dict) and "responses" in op
]

PUBLISHED_IDS = frozenset(
    [
        "activities-create",
        "activities-delete",
        "activities-list",
        "activities-read",
        "activities-review",
        "activities-update",
        "assessments-create",
        "assessments-delete",
        "assessments-list",
        "assessments-read",
        "assessments-update",
        "audit-read",
        "auth-me",
        "auth-token",
        "calendar-add-working-days",
        "calendar-year-view",
        "cases-add-event",
        "cases-create",
        "cases-deadlines",
        "cases-list",
        "cases-list-events",
        "cases-read",
        "cases-transition",
        "cases-update",
        "changes-list",
        "coordinators-create",
        "coordinators-delete",
        "coordinators-list",
        "coordinators-read",
        "coordinators-scorecards",
        "coordinators-update",
        "enterprises-create",
        "enterprises-delete",
        "enterprises-list",
        "enterprises-read",
        "enterprises-update",
        "ledger-export",
        "ledger-read",
        "operations-healthz",
        "operations-metrics",
        "operations-readyz",
        "policies-list",
        "policies-read",
        "regions-create",
        "regions-delete",
        "regions-list",
        "regions-read",
        "regions-update",
        "rules-annual-ranking",
        "rules-budget-floor",
        "rules-case-deadlines",
        "rules-enterprise-size",
        "rules-enterprise-size-industries",
        "rules-final-award",
        "rules-identifiers-validate",
        "rules-kpi",
        "rules-kpi-targets",
        "rules-limitation",
        "rules-obligations",
        "rules-pay-parity",
        "rules-qualification",
        "rules-scorecard",
        "rules-staffing",
        "rules-subsidy",
        "staffing-read",
    ]
)
"""Operation ids already published to integrators: generated clients call them by these names.

Add new ids freely; an id that disappears breaks every client built on it, so removing one from
this list is a deliberate, announced change.
"""

MAIN_RESPONSES = {
    "auth-token": "TokenResponse",
    "auth-me": "Me",
    "regions-read": "RegionRead",
    "enterprises-read": "EnterpriseRead",
    "coordinators-read": "CoordinatorRead",
    "activities-read": "ActivityRead",
    "assessments-read": "AssessmentRead",
    "cases-read": "CaseRead",
    "cases-add-event": "CaseEventRead",
    "cases-deadlines": "CaseDeadlinesRead",
    "coordinators-scorecards": "CoordinatorScorecards",
    "changes-list": "ChangePage",
    "rules-scorecard": "ScorecardResponse",
}
"""The answers integrators meet first, each with a worked example in the documentation."""

# JSON Schema 2020-12 (core, applicator, unevaluated, validation, meta-data, format, content)
# and the OpenAPI 3.1 base vocabulary; `x-…` extensions are allowed too.
KNOWN_KEYWORDS = frozenset(
    [
        "$schema",
        "$id",
        "$ref",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$vocabulary",
        "$comment",
        "$defs",
        "prefixItems",
        "items",
        "contains",
        "additionalProperties",
        "properties",
        "patternProperties",
        "dependentSchemas",
        "propertyNames",
        "if",
        "then",
        "else",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "unevaluatedItems",
        "unevaluatedProperties",
        "type",
        "const",
        "enum",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "required",
        "dependentRequired",
        "title",
        "description",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "examples",
        "format",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "discriminator",
        "xml",
        "externalDocs",
        "example",
    ]
)
_ONE = ("items", "contains", "additionalProperties", "propertyNames", "if", "then", "else", "not")
_ONE += ("unevaluatedItems", "unevaluatedProperties", "contentSchema")
_MANY = ("prefixItems", "allOf", "anyOf", "oneOf")
_MAP = ("properties", "patternProperties", "dependentSchemas", "$defs")


def _subschemas(schema: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object inside ``schema`` (itself first), with a readable location."""
    if not isinstance(schema, dict):
        return
    yield where, schema
    for key in _ONE:
        if key in schema:
            yield from _subschemas(schema[key], f"{where}/{key}")
    for key in _MANY:
        for i, sub in enumerate(schema.get(key, [])):
            yield from _subschemas(sub, f"{where}/{key}/{i}")
    for key in _MAP:
        for name, sub in schema.get(key, {}).items():
            yield from _subschemas(sub, f"{where}/{key}/{name}")


def _all_schemas() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema of the document: components, parameters, bodies, responses and headers."""
    for name, schema in SCHEMAS.items():
        yield from _subschemas(schema, f"#/components/schemas/{name}")
    for method, path, op in OPERATIONS:
        here = f"{method} {path}"
        for p in op.get("parameters", []):
            yield from _subschemas(p.get("schema"), f"{here} parameter {p['name']}")
        for media, content in op.get("requestBody", {}).get("content", {}).items():
            yield from _subschemas(content.get("schema"), f"{here} body {media}")
        for status, response in op["responses"].items():
            for media, content in response.get("content", {}).items():
                yield from _subschemas(content.get("schema"), f"{here} {status} {media}")
            for header, spec in response.get("headers", {}).items():
                yield from _subschemas(spec.get("schema"), f"{here} {status} header {header}")


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _validator(schema: dict[str, Any]) -> Any:
    """A 2020-12 validator of ``schema`` whose ``#/components/…`` references resolve."""
    return jsonschema_rs.Draft202012Validator(
        {**schema, "components": DOC["components"]}, validate_formats=True
    )


def test_operation_ids_are_tag_dash_action_and_unique() -> None:
    """`{tag}-{action}` in lower-case kebab, the tag being the operation's first; no duplicates."""
    ids = [op.get("operationId", "") for _, _, op in OPERATIONS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    bad = []
    for method, path, op in OPERATIONS:
        oid, tags = op.get("operationId", ""), op.get("tags") or []
        if not tags or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", oid):
            bad.append(f"{method} {path}: {oid!r} tags={tags}")
        elif not oid.startswith(slug(tags[0]) + "-"):
            bad.append(f"{method} {path}: {oid!r} does not start with its tag {tags[0]!r}")
    assert not bad, (
        "tag every route; name it by its action (see lrc_api.core.openapi):\n" + "\n".join(bad)
    )


def test_operation_ids_follow_the_route_names_and_examples_of_the_issue() -> None:
    """Ids come from the route's own tag and its name, as the issue's examples read."""
    ids = {(m, p): op["operationId"] for m, p, op in OPERATIONS}
    assert ids["GET", "/v1/cases"] == "cases-list"
    assert ids["GET", "/v1/ledger"] == "ledger-read"
    assert ids["POST", "/v1/auth/token"] == "auth-token"
    assert ids["GET", "/v1/coordinators/{coordinator_id}/scorecards"] == "coordinators-scorecards"
    assert ids["POST", "/v1/rules/case-deadlines"] == "rules-case-deadlines"

    def endpoint() -> None: ...

    def route(name: str, tags: list[str], method: str = "GET") -> APIRoute:
        return APIRoute("/x", endpoint, name=name, tags=list(tags), methods=[method])

    assert operation_id(route("list_cases", ["cases"])) == "cases-list"
    assert operation_id(route("case_deadlines", ["cases"])) == "cases-deadlines"
    assert operation_id(route("review_activity", ["activities"])) == "activities-review"
    assert operation_id(route("read_policy", ["policies"])) == "policies-read"
    # A route's own tag follows its router's: the last names it.
    assert (
        operation_id(route("coordinator_scorecards", ["assessments", "coordinators"]))
        == "coordinators-scorecards"
    )
    assert operation_id(route("cases", ["cases"], "POST")) == "cases-create"
    assert (
        operation_id(route("annual_ranking", ["rules: scoring"])) == "rules-scoring-annual-ranking"
    )
    assert operation_id(route("orphan", [])) == "untagged-orphan"


def test_published_operation_ids_stay() -> None:
    """No published operation id disappears (a rename breaks every generated client)."""
    ids = {op["operationId"] for _, _, op in OPERATIONS}
    assert not PUBLISHED_IDS - ids, f"operation ids gone: {sorted(PUBLISHED_IDS - ids)}"


def test_every_tag_is_described() -> None:
    """Each tag an operation uses has a description in the documentation (lrc_api.main.TAGS)."""
    used = {t for _, _, op in OPERATIONS for t in op.get("tags", [])}
    described = {t["name"] for t in TAGS if t.get("description")}
    assert not used - described, f"add these tags to lrc_api.main.TAGS: {sorted(used - described)}"


def test_every_operation_and_parameter_is_described() -> None:
    """A summary and a description per operation, a description per parameter."""
    bad = [
        f"{m} {p}" for m, p, op in OPERATIONS if not (op.get("summary") and op.get("description"))
    ]
    bad += [
        f"{m} {p} ?{prm['name']}"
        for m, p, op in OPERATIONS
        for prm in op.get("parameters", [])
        if not prm.get("description")
    ]
    assert not bad, bad


def test_every_property_is_described() -> None:
    """Every field of every schema says what it is (units, range and clause where they apply)."""
    bad = [
        f"{where}/{name}"
        for where, schema in _all_schemas()
        for name, prop in schema.get("properties", {}).items()
        if not (prop.get("description") or ("$ref" in prop and _resolve(prop).get("description")))
    ]
    assert not bad, bad


def test_no_keyword_json_schema_does_not_know() -> None:
    """Only JSON Schema 2020-12 and OpenAPI 3.1 keywords (pydantic's `ge`/`le` on dates were not)."""
    bad = [
        f"{where}: {key}"
        for where, schema in _all_schemas()
        for key in schema
        if key not in KNOWN_KEYWORDS and not key.startswith("x-")
    ]
    assert not bad, bad


def test_enumerations_are_named_component_schemas() -> None:
    """Every enumeration is a named component (`$ref`), so clients get one type per vocabulary.

    Declare a Literal as `X = TypeAliasType("X", Literal[...])` (typing_extensions) and use `X`.
    """
    inline = [
        where
        for where, schema in _all_schemas()
        if "enum" in schema and not re.fullmatch(r"#/components/schemas/[A-Za-z0-9]+", where)
    ]
    assert not inline, inline
    mangled = [name for name in SCHEMAS if "__" in name or not re.fullmatch(r"[A-Za-z0-9_]+", name)]
    assert not mangled, f"two models or enumerations share a name: {mangled}"


def test_token_form_marks_what_each_grant_requires() -> None:
    """`grant_type` always; username and password, or client id and secret (RFC 6749 §4.3, §4.4)."""
    body = DOC["paths"]["/v1/auth/token"]["post"]["requestBody"]
    assert body["required"] is True
    form = body["content"]["application/x-www-form-urlencoded"]
    grant = _resolve(form["schema"])
    assert grant["discriminator"]["propertyName"] == "grant_type"
    required = {
        _resolve(s)["properties"]["grant_type"]["const"]: set(_resolve(s)["required"])
        for s in grant["oneOf"]
    }
    assert required == {
        "password": {"grant_type", "username", "password"},
        "client_credentials": {"grant_type", "client_id", "client_secret"},
    }
    for name, example in form["examples"].items():
        assert _validator(form["schema"]).is_valid(example["value"]), name


def test_if_match_is_required_where_it_is_read() -> None:
    """PATCH and DELETE need If-Match (428 without): the contract says so, so clients ask for it."""
    for method, path, op in OPERATIONS:
        headers = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "header"}
        if method in {"PATCH", "DELETE"}:
            assert "If-Match" in headers, f"{method} {path}"
        if "If-Match" in headers:
            assert headers["If-Match"]["required"] is True, f"{method} {path}"
            assert headers["If-Match"]["schema"]["type"] == "string"


def test_answers_are_declared_with_their_media_types() -> None:
    """Every 2xx with a body declares it; a file is `format: binary` in its own media type."""
    bad = []
    for method, path, op in OPERATIONS:
        for status, response in op["responses"].items():
            if not status.startswith("2") or status == "204":
                continue
            content = response.get("content") or {}
            if not content:
                bad.append(f"{method} {path} {status}: no content declared")
            for media, spec in content.items():
                schema = spec.get("schema")
                if not schema:
                    bad.append(f"{method} {path} {status} {media}: empty schema")
                elif (
                    "json" not in media
                    and not media.startswith("text/plain")
                    and schema != {"type": "string", "format": "binary"}
                ):
                    bad.append(f"{method} {path} {status} {media}: not format binary")
    assert not bad, "declare files with lrc_api.core.openapi.file_response:\n" + "\n".join(bad)
    ledger = DOC["paths"]["/v1/ledger/export"]["get"]["responses"]["200"]["content"]
    assert set(ledger) == {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    }
    json_ledger = DOC["paths"]["/v1/ledger"]["get"]["responses"]["200"]["content"]
    assert set(json_ledger) == {"application/json"}  # one return type per operation


def test_python_client_settings_read_every_file_media_type_as_bytes() -> None:
    """openapi/openapi-python-client.yaml maps each binary media type to octet-stream."""
    overrides = yaml.safe_load(
        (ROOT / "openapi" / "openapi-python-client.yaml").read_text(encoding="utf-8")
    )["content_type_overrides"]
    binary = {
        media
        for _, _, op in OPERATIONS
        for part in [op.get("requestBody", {}), *op["responses"].values()]
        for media, spec in part.get("content", {}).items()
        if spec.get("schema", {}).get("format") == "binary"
    }
    assert binary and all(overrides.get(m) == "application/octet-stream" for m in binary), binary


def _body_examples() -> Iterator[tuple[str, str, dict[str, Any], Any]]:
    for _, _, op in OPERATIONS:
        for media, content in op.get("requestBody", {}).get("content", {}).items():
            schema = content.get("schema", {})
            examples = [e["value"] for e in content.get("examples", {}).values()]
            examples += [content["example"]] if "example" in content else []
            examples += _resolve(schema).get("examples", []) if schema else []
            yield f"{op['operationId']} {media}", media, schema, examples


def test_every_request_body_has_an_example() -> None:
    """Each request body shows at least one worked example (in the schema or the media type)."""
    bad = [where for where, _, _, examples in _body_examples() if not examples]
    assert not bad, "add json_schema_extra={'examples': [...]} to the model of:\n" + "\n".join(bad)


def test_main_responses_have_examples() -> None:
    """The answers integrators meet first carry a worked example."""
    ops = {op["operationId"]: op for _, _, op in OPERATIONS}
    for oid, name in MAIN_RESPONSES.items():
        ok = next(r for s, r in ops[oid]["responses"].items() if s.startswith("2"))
        schema = ok["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{name}"}, oid
        assert SCHEMAS[name].get("examples"), f"{name} ({oid}) has no example"


def test_examples_fit_their_schemas_and_models() -> None:
    """Every example validates against its JSON schema and, where a model parses it, the model.

    The model check reaches what JSON Schema cannot say: ID-number and credit-code check digits,
    one field required by another, dates in order.
    """
    models = documented_models(SCHEMAS)
    bad = []
    for name, schema in SCHEMAS.items():
        for i, example in enumerate(schema.get("examples", [])):
            errors = [e.message for e in _validator(schema).iter_errors(example)]
            if name in models:
                try:
                    TypeAdapter(models[name]).validate_json(json.dumps(example))
                except ValueError as exc:
                    errors.append(str(exc))
            bad += [f"{name} example {i}: {e}" for e in errors]
    for where, _, schema, examples in _body_examples():
        bad += [
            f"{where}: {e.message}"
            for example in examples
            for e in _validator(schema).iter_errors(example)
        ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    "path",
    sorted(p for p in DOC["paths"] if p.startswith("/v1/rules/") and "post" in DOC["paths"][p]),
)
def test_rules_examples_are_answered(client: TestClient, path: str) -> None:
    """The calculators' documented examples work as they stand (200)."""
    schema = DOC["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    for example in _resolve(schema)["examples"]:
        r = client.post(path, json=example)
        assert r.status_code == 200, r.text


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_ledger_export_answers_the_declared_file(
    client: TestClient, auth_headers: Callable[..., dict[str, str]]
) -> None:
    """`ledger-export` sends what it declares: the workbook or csv, named; json is refused."""
    headers = auth_headers("admin")
    for fmt, media in (("xlsx", XLSX), ("csv", "text/csv")):
        r = client.get(f"/v1/ledger/export?year=2025&format={fmt}", headers=headers)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == media
        # An ASCII name for every client, the region's Chinese name in `filename*` (RFC 6266 §4.3).
        assert re.fullmatch(
            rf'attachment; filename="ledger-\w+-2025\.{fmt}"; filename\*=UTF-8\'\'[%\w.-]+\.{fmt}',
            r.headers["content-disposition"],
        )
    r = client.get("/v1/ledger/export?year=2025&format=json", headers=headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "format"


def test_file_upload_declares_a_binary_part_and_replaces_the_derived_body() -> None:
    """The upload helper (for the coordinator import) yields a multipart body generators read."""
    demo = FastAPI(generate_unique_id_function=operation_id)

    @demo.post(
        "/v1/imports/coordinators",
        tags=["imports"],
        summary="Import coordinators",
        openapi_extra=file_upload(
            [XLSX, "text/csv"], name="CoordinatorImportUpload", description="附件2 workbook or csv."
        ),
    )
    def import_coordinators(file: UploadFile = File(...)) -> dict[str, int]:
        return {"rows": 0}

    doc = demo.openapi()
    doc["components"]["schemas"].update(DECLARED_SCHEMAS)
    finish(doc)
    op = doc["paths"]["/v1/imports/coordinators"]["post"]
    assert op["operationId"] == "imports-coordinators"
    body = op["requestBody"]["content"]["multipart/form-data"]
    assert body["schema"] == {"$ref": "#/components/schemas/CoordinatorImportUpload"}
    assert body["encoding"]["file"]["contentType"] == f"{XLSX}, text/csv"
    upload = doc["components"]["schemas"]["CoordinatorImportUpload"]
    assert upload["required"] == ["file"]
    assert upload["properties"]["file"]["format"] == "binary"
    assert not [n for n in doc["components"]["schemas"] if n.startswith("Body_")]

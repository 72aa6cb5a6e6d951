"""Clean text at input (issue 11 §1): control characters and unpaired surrogates are refused with a
422 naming the field, in every request body of every domain; line breaks only in free text."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from lrc_api.core.text import MULTILINE_FIELDS, RequestModel, printable, text_problem
from tests.factories import coordinator_body, make_coordinator, make_region

Headers = Callable[..., dict[str, str]]

REFUSED = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + [
    chr(c) for c in range(0x7F, 0xA0)
]
BREAKS = ["\t", "\n", "\r"]
BIDI = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
"""Embeddings, overrides and isolates: text that shows in another order than it is stored."""


def _post(client: TestClient, path: str, raw: str, headers: dict[str, str]) -> Any:
    # Raw JSON text, so escapes such as \\ud800 reach the server exactly as a client wrote them.
    return client.post(
        path, content=raw.encode(), headers={**headers, "Content-Type": "application/json"}
    )


def test_vertical_tab_in_work_unit_is_refused_naming_the_field(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    body = coordinator_body(town["id"], work_unit="县人社局\v劳动关系科")
    r = client.post("/v1/coordinators", json=body, headers=admin)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    (error,) = r.json()["errors"]
    assert error["field"] == "work_unit"
    assert "U+000B" in error["message"] and "县人社局" not in r.text  # the value is not echoed


def test_every_refused_character_is_refused_in_a_single_line_field(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    for ch in [*REFUSED, *BREAKS, "\ufffe", "\uffff"]:
        body = coordinator_body(town["id"], name=f"张{ch}三")
        r = client.post("/v1/coordinators", json=body, headers=admin)
        assert r.status_code == 422, (hex(ord(ch)), r.text)
        assert r.json()["errors"][0]["field"] == "name"


def test_bidirectional_controls_and_line_separators_are_refused_naming_the_field(
    client: TestClient, auth_headers: Headers
) -> None:
    """A name with U+202E (right-to-left override) prints reversed in the ledger an office
    signs ("Trojan Source"); U+2028 is a line break in a one-line field. Both were stored."""
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    for field, ch in [("name", c) for c in BIDI] + [("post", "\u2028"), ("name", "\u2029")]:
        body = coordinator_body(town["id"], **{field: f"张{ch}三"})
        r = client.post("/v1/coordinators", json=body, headers=admin)
        assert r.status_code == 422, (hex(ord(ch)), r.text)
        assert r.json()["errors"][0]["field"] == field
        assert f"U+{ord(ch):04X}" in r.json()["errors"][0]["message"]
    c = make_coordinator(client, admin, town["id"], note="第一段\u2029第二段")
    assert c["note"] == "第一段\u2029第二段"  # a free-text field may break its lines so
    r = client.post(
        "/v1/coordinators", json=coordinator_body(town["id"], note="附\u202e注"), headers=admin
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    assert printable("张\u202e三") == "张\ufffd三"  # a stored one prints as a visible mark


def test_line_breaks_only_in_free_text_fields(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    c = make_coordinator(client, admin, town["id"], note="第一行\r\n第二行\t附注")
    assert c["note"] == "第一行\r\n第二行\t附注"
    r = client.post(
        "/v1/coordinators",
        json=coordinator_body(town["id"], post="干事\n科长"),
        headers=admin,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "post"
    assert "line break" in r.json()["errors"][0]["message"]
    r = client.post(
        "/v1/coordinators", json=coordinator_body(town["id"], note="附\x0c注"), headers=admin
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"


def test_unpaired_surrogate_is_refused_naming_the_field(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    raw = json.dumps(coordinator_body(town["id"], name="张三"), ensure_ascii=True)
    raw = raw.replace("\\u5f20", "\\ud800")  # 张 → a lone high surrogate
    r = _post(client, "/v1/coordinators", raw, admin)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "name"
    assert "surrogate" in r.json()["errors"][0]["message"]


def test_nested_models_are_checked_with_their_path(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    c = make_coordinator(client, admin, town["id"])
    evidence = [{"name": "方案\x1b[2J.pdf", "uri": "s3://lrc/a.pdf", "sha256": "a" * 64}]
    r = client.post(
        "/v1/activities",
        json={
            "coordinator_id": c["id"],
            "kind": "publicity",
            "occurred_on": "2025-01-10",
            "evidence": evidence,
        },
        headers=admin,
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "evidence[0].name"


def test_bodies_read_from_bytes_name_the_field_too(client: TestClient) -> None:
    # POST /v1/rules/scorecard validates its body straight from bytes (core.schemas.json_body).
    raw = (
        '{"year": 2025, "quarter": 3, "base_score": 26, "events": [{"kind": "publicity", '
        '"occurred_on": "2025-08-01", "evidence": ["plan\\ud800.pdf"]}]}'
    )
    r = _post(client, "/v1/rules/scorecard", raw, {})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "events[0].evidence[0]"
    r = _post(client, "/v1/rules/scorecard", raw.replace("\\ud800", "\\u0007"), {})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "events[0].evidence[0]"


def _models() -> Iterator[type[BaseModel]]:
    stack: list[type[BaseModel]] = [BaseModel]
    while stack:
        cls = stack.pop()
        yield cls
        stack.extend(cls.__subclasses__())


def test_every_request_body_model_is_a_request_model(client: TestClient) -> None:
    """The check is decided in one place: every body model of every operation inherits it."""
    document = client.get("/openapi.json").json()
    by_name = {m.__name__: m for m in _models() if m.__module__.startswith("lrc_api.")}
    bodies = set()
    for operations in document["paths"].values():
        for operation in operations.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                ref = media.get("schema", {}).get("$ref")
                if ref:
                    bodies.add(ref.rsplit("/", 1)[-1])
    assert len(bodies) >= 30
    # A body documented by one model and read through another names it in ``read_as``.
    read = {name: getattr(by_name[name], "read_as", by_name[name]) for name in bodies}
    missing = sorted(name for name, model in read.items() if not issubclass(model, RequestModel))
    assert missing == []


@given(st.text(), st.sampled_from([*REFUSED, "\ud800", "\udfff", "\ufffe"]), st.text())
def test_any_refused_character_anywhere_is_named(before: str, bad: str, after: str) -> None:
    value = before + bad + after
    problem = text_problem(value)
    assert problem is not None
    first = next(i for i, ch in enumerate(value) if text_problem(ch) is not None)
    assert f"U+{ord(value[first]):04X} at position {first + 1}" in problem


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"))))
def test_clean_text_passes_and_prints_unchanged(value: str) -> None:
    for ch in ["\ufffe", "\uffff", "\u2028", "\u2029", *BIDI]:
        value = value.replace(ch, "")
    assert text_problem(value) is None
    assert printable(value) == value


@given(st.text())
def test_printable_makes_any_text_safe_for_a_workbook(value: str) -> None:
    out = printable(value)
    assert text_problem(out, multiline=True) is None
    out.encode("utf-8")  # no unpaired surrogate left
    assert len(out) == len(value)


def test_free_text_field_names_are_the_documented_ones() -> None:
    assert {"note", "description", "summary", "outcome", "reason"} <= MULTILINE_FIELDS

"""Query parameters are single-line text: a control character is a 422 naming the parameter,
never a database error (PostgreSQL cannot compare a text holding NUL), and the document says so."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from lrc_api.core.text import SINGLE_LINE_PATTERN

Headers = Callable[..., dict[str, str]]


@pytest.mark.parametrize("bad", ["%00", "%0A", "%1B", "%C2%85", "%E2%80%AE"])
def test_a_control_character_in_a_text_filter_is_422_naming_the_parameter(
    client: TestClient, auth_headers: Headers, bad: str
) -> None:
    r = client.get(f"/v1/enterprises?industry=d{bad}x", headers=auth_headers("admin"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in r.json()["errors"]] == ["industry"]


def test_chinese_text_in_a_filter_passes(client: TestClient, auth_headers: Headers) -> None:
    r = client.get("/v1/enterprises?name=%E9%B2%81%E6%B3%B0", headers=auth_headers("admin"))
    assert r.status_code == 200, r.text


def test_every_free_string_query_parameter_declares_the_single_line_pattern(
    client: TestClient,
) -> None:
    document = client.get("/openapi.json").json()
    missing = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                schema = parameter["schema"]
                for variant in [schema, *schema.get("anyOf", [])]:
                    free = "pattern" not in variant and "enum" not in variant
                    if variant.get("type") == "string" and free:
                        missing.append(f"{method.upper()} {path} ?{parameter['name']}")
    assert missing == []
    enterprises = document["paths"]["/v1/enterprises"]["get"]["parameters"]
    industry = next(p for p in enterprises if p["name"] == "industry")["schema"]
    assert SINGLE_LINE_PATTERN in [v.get("pattern") for v in [industry, *industry.get("anyOf", [])]]

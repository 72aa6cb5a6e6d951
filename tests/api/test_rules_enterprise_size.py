"""POST /v1/rules/enterprise-size — 国统字〔2017〕213号 附表 over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

URL = "/v1/rules/enterprise-size"


def test_industry_at_the_medium_bounds_is_medium(client: TestClient) -> None:
    r = client.post(URL, json={"industry": "industry", "employees": 300, "revenue_10k_yuan": 2000})
    assert r.status_code == 200
    data = r.json()
    assert (data["size"], data["industry"], data["industry_name"]) == ("medium", "industry", "工业")
    assert data["policy"] == "wenshang-2024" and data["rules_version"]
    assert (
        data["trace"][0]["citation"]
        == "统计上大中小微型企业划分办法（2017）（国统字〔2017〕213号） 附表 工业"
    )
    assert data["trace"][-1]["outcome"]["size"] == "medium"


@pytest.mark.parametrize(
    ("body", "size"),
    [
        ({"industry": "retail", "employees": 300, "revenue_10k_yuan": 20000}, "large"),
        (
            {"industry": "retail", "employees": 9, "revenue_10k_yuan": 20000},
            "micro",
        ),  # one indicator
        (
            {"industry": "construction", "revenue_10k_yuan": 300, "total_assets_10k_yuan": 300},
            "small",
        ),
        ({"industry": "other", "employees": 10}, "small"),
    ],
)
def test_classes_by_the_2017_table(client: TestClient, body: dict[str, Any], size: str) -> None:
    assert client.post(URL, json=body).json()["size"] == size


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"industry": "industry", "employees": 300}, "revenue_10k_yuan"),
        ({"industry": "construction", "revenue_10k_yuan": 1}, "total_assets_10k_yuan"),
        ({"industry": "bakery", "employees": 3}, "industry"),
        ({"industry": "other", "employees": -1}, "employees"),
        ({"industry": "other", "employees": 5, "policy": "nowhere"}, "policy"),
        ({"employees": 5}, "industry"),
    ],
)
def test_bad_input_is_422_problem_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    r = client.post(URL, json=body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["field"] == field


def test_unknown_industry_lists_the_keys(client: TestClient) -> None:
    message = client.post(URL, json={"industry": "bakery", "employees": 3}).json()["errors"][0][
        "message"
    ]
    assert "catering" in message and "software_it" in message


def test_industries_are_listed_with_names_and_indicators(client: TestClient) -> None:
    data = client.get(f"{URL}/industries").json()
    rows = {row["key"]: row for row in data["industries"]}
    assert len(rows) == 16
    assert rows["real_estate_development"] == {
        "key": "real_estate_development",
        "name": "房地产开发经营",
        "indicators": ["revenue_10k_yuan", "total_assets_10k_yuan"],
    }

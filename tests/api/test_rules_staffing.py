"""POST /v1/rules/staffing — 浙人社发〔2023〕18号 二(一), 闵人社发〔2023〕55号 二(一)3 over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

URL = "/v1/rules/staffing"
ZJ_UNITS: list[dict[str, Any]] = [
    {
        "id": "acme",
        "kind": "enterprise",
        "coordinators": 1,
        "metrics": {"industry": "industry", "employees": 1200, "revenue_10k_yuan": 50000},
    },
    {
        "id": "shop",
        "kind": "enterprise",
        "coordinators": 0,
        "size": "micro",
        "platform_covered": True,
    },
    {"id": "park", "kind": "park", "coordinators": 2, "enterprise_load": "many"},
    {"id": "v1", "kind": "village", "coordinators": 0},
]


def test_zhejiang_units_and_total_shortfall_2_1(client: TestClient) -> None:
    r = client.post(URL, json={"policy": "zhejiang-2023", "units": ZJ_UNITS})
    assert r.status_code == 200
    data = r.json()
    units = {u["id"]: u for u in data["units"]}
    assert (units["acme"]["size"], units["acme"]["required"], units["acme"]["shortfall"]) == (
        "large",
        2,
        1,
    )
    assert units["acme"]["citation"] == "浙人社发〔2023〕18号 二(一) 加强企业劳动关系协调员队伍建设"
    assert units["shop"]["met_by_platform"] and units["shop"]["shortfall"] == 0
    assert (units["park"]["required"], units["park"]["shortfall"]) == (4, 2)
    assert (units["v1"]["required"], units["v1"]["shortfall"]) == (1, 1)
    assert (data["total_required"], data["total_actual"], data["total_shortfall"]) == (8, 3, 4)
    assert data["policy"] == "zhejiang-2023" and data["trace"][-1]["rule"] == "total_shortfall"


def test_minhang_township_floor_and_qualified_staff_2_1_3(client: TestClient) -> None:
    unit = {
        "id": "t",
        "kind": "township",
        "coordinators": 8,
        "qualified": 0,
        "existing_inspection_assistants": 6,
        "existing_mediators": 4,
    }
    data = client.post(URL, json={"policy": "minhang-2023", "units": [unit]}).json()
    u = data["units"][0]
    assert (
        u["required"],
        u["shortfall"],
        u["qualified_required"],
        u["qualified_recommended"],
        u["qualified_shortfall"],
    ) == (
        10,
        2,
        1,
        2,
        1,
    )
    assert data["total_qualified_shortfall"] == 1


def test_pujin_full_coverage_from_2026(client: TestClient) -> None:
    unit = {
        "id": "pj",
        "kind": "subdistrict",
        "coordinators": 15,
        "qualified": 10,
        "existing_inspection_assistants": 9,
        "existing_mediators": 6,
    }
    data = client.post(
        URL, json={"policy": "pujin-2024", "as_of": "2026-01-01", "units": [unit]}
    ).json()
    assert (data["units"][0]["required"], data["units"][0]["qualified_shortfall"]) == (15, 5)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "policy": "zhejiang-2023",
                "units": [{"id": "t", "kind": "township", "coordinators": 1}],
            },
            "units[0].enterprise_load",
        ),
        (
            {
                "policy": "zhejiang-2023",
                "units": [
                    ZJ_UNITS[3],
                    {
                        "id": "e",
                        "kind": "enterprise",
                        "coordinators": 1,
                        "metrics": {"industry": "industry", "employees": 30},
                    },
                ],
            },
            "units[1].metrics.revenue_10k_yuan",
        ),
        (
            {
                "policy": "zhejiang-2023",
                "units": [{"id": "e", "kind": "enterprise", "coordinators": 1}],
            },
            "units[0].size",
        ),
        (
            {
                "policy": "minhang-2023",
                "units": [{"id": "t", "kind": "township", "coordinators": 1, "qualified": 1}],
            },
            "units[0].existing_inspection_assistants",
        ),
        (
            {
                "policy": "pujin-2024",
                "units": [
                    {
                        "id": "t",
                        "kind": "township",
                        "coordinators": 1,
                        "qualified": 1,
                        "existing_inspection_assistants": 0,
                        "existing_mediators": 0,
                    }
                ],
            },
            "as_of",
        ),
        (
            {
                "policy": "zhejiang-2023",
                "units": [{"id": "v", "kind": "village", "coordinators": -1}],
            },
            "units[0].coordinators",
        ),
        (
            {
                "policy": "zhejiang-2023",
                "units": [{"id": "v", "kind": "county", "coordinators": 1}],
            },
            "units[0].kind",
        ),
        ({"policy": "zhejiang-2023", "units": []}, "units"),
        (
            {"units": [{"id": "v", "kind": "village", "coordinators": 1}]},
            "policy",
        ),  # default pack has no staffing
    ],
)
def test_bad_input_is_422_problem_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    r = client.post(URL, json=body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["field"] == field

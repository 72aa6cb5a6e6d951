"""POST /v1/rules/obligations — 浙人社发〔2023〕18号 二(三), 汶政字〔2024〕59号 三(四)(六) over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

URL = "/v1/rules/obligations"
ZJ_BODY: dict[str, Any] = {
    "policy": "zhejiang-2023",
    "period_start": "2024-01-01",
    "period_end": "2024-03-31",
    "as_of": "2024-03-20",
    "enterprise_coordinators": [{"id": "ec1", "enterprise_id": "ent1"}],
    "activities": [
        {"kind": "contact", "on": "2024-01-09", "coordinator_id": "t1", "target_id": "ec1"},
        {"kind": "onsite_visit", "on": "2024-03-04", "coordinator_id": "t1", "target_id": "ent1"},
    ],
}


def test_a_month_with_no_contact_is_missed_zj_2_3(client: TestClient) -> None:
    r = client.post(URL, json=ZJ_BODY)
    assert r.status_code == 200
    data = r.json()
    contacts = [o for o in data["obligations"] if o["obligation"] == "enterprise_contact"]
    assert [(o["window_start"], o["due_on"], o["status"], o["fulfilled_by"]) for o in contacts] == [
        ("2024-01-01", "2024-01-31", "done", 0),
        ("2024-02-01", "2024-02-29", "missed", None),
        ("2024-03-01", "2024-03-31", "open", None),
    ]
    assert contacts[1]["citation"] == "浙人社发〔2023〕18号 二(三) 岗位责任制"
    [onsite] = [o for o in data["obligations"] if o["obligation"] == "onsite_guidance"]
    assert (onsite["target_id"], onsite["status"], onsite["fulfilled_on"]) == (
        "ent1",
        "done",
        "2024-03-04",
    )
    assert (data["done"], data["late"], data["missed"], data["open"]) == (
        2,
        0,
        1,
        2,
    )  # + county guidance open
    assert data["policy"] == "zhejiang-2023" and [s["rule"] for s in data["trace"]] == [
        "county_guidance",
        "enterprise_contact",
        "onsite_guidance",
    ]


def test_wenshang_report_late_and_short_placement_ws_3(client: TestClient) -> None:
    body = {
        "period_start": "2024-09-01",
        "period_end": "2024-09-30",
        "as_of": "2024-10-15",
        "task_forces": ["garment"],
        "activities": [
            {
                "kind": "monthly_report",
                "on": "2024-09-25",
                "coordinator_id": "l1",
                "target_id": "garment",
            },
            {"kind": "placement", "on": "2024-09-02", "coordinator_id": "ec7", "days": 10},
        ],
    }
    data = client.post(URL, json=body).json()
    assert data["policy"] == "wenshang-2024"
    got = {o["obligation"]: o for o in data["obligations"]}
    assert (got["monthly_report"]["status"], got["monthly_report"]["due_on"]) == (
        "late",
        "2024-09-20",
    )
    assert (
        got["placement"]["status"],
        got["placement"]["required"],
        got["placement"]["count"],
    ) == ("missed", 14, 10)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_end": "2023-12-31"}, "period_end"),
        ({"period_end": "2030-01-01"}, "period_end"),  # longer than 5 × 366 days
        (
            {
                "activities": [
                    {
                        "kind": "contact",
                        "on": "2024-04-01",
                        "coordinator_id": "t",
                        "target_id": "ec1",
                    }
                ]
            },
            "activities[0].on",
        ),
        (
            {"activities": [{"kind": "contact", "on": "2024-01-04", "coordinator_id": "t"}]},
            "activities[0].target_id",
        ),
        (
            {"activities": [{"kind": "phone", "on": "2024-01-04", "coordinator_id": "t"}]},
            "activities[0].kind",
        ),
        ({"policy": "national"}, "policy"),
    ],
)
def test_bad_input_is_422_problem_naming_the_field(
    client: TestClient, change: dict[str, Any], field: str
) -> None:
    r = client.post(URL, json={**ZJ_BODY, **change})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["field"] == field

"""What the obligations need from activity records (issue 12 §6): county guidance names the
coordinator guided (浙人社发〔2023〕18号 二(三)); a placement carries its overall evaluation
(综合评价, 汶政字〔2024〕59号 三(四)), and only a placement does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.factories import make_coordinator, make_region

Headers = Callable[..., dict[str, str]]


def _post(client: TestClient, admin: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post("/v1/activities", json=body, headers=admin)


def test_county_guidance_names_the_coordinator_guided_zj_2_3(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    bureau, ec = (
        make_coordinator(client, admin, town["id"]),
        make_coordinator(client, admin, town["id"]),
    )
    r = _post(
        client,
        admin,
        {
            "coordinator_id": bureau["id"],
            "kind": "county_guidance",
            "occurred_on": "2025-05-06",
            "target_coordinator_id": ec["id"],
        },
    )
    assert r.status_code == 201, r.text
    assert (r.json()["kind"], r.json()["target_coordinator_id"]) == ("county_guidance", ec["id"])


def test_a_placement_carries_its_evaluation_and_only_a_placement_ws_3_4(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    c = make_coordinator(client, admin, town["id"])
    base = {"coordinator_id": c["id"], "occurred_on": "2025-05-06"}
    r = _post(client, admin, {**base, "kind": "placement", "days": 14})
    assert r.status_code == 201 and r.json()["evaluation"] is None
    placed = r.json()
    r = client.patch(
        f"/v1/activities/{placed['id']}",
        json={"evaluation": "调解能力明显提升，评价良好"},
        headers={**admin, "If-Match": f'"{placed["version"]}"'},
    )
    assert r.status_code == 200 and r.json()["evaluation"] == "调解能力明显提升，评价良好"
    wrong = _post(client, admin, {**base, "kind": "publicity", "evaluation": "好"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "evaluation"
    empty = _post(client, admin, {**base, "kind": "placement", "days": 14, "evaluation": ""})
    assert empty.status_code == 422
    stray = _post(client, admin, {**base, "kind": "training", "target_coordinator_id": c["id"]})
    assert stray.status_code == 422
    assert stray.json()["errors"][0]["field"] == "target_coordinator_id"

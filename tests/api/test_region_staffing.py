"""GET /v1/regions/{id}/staffing: the staffing rules (浙人社发〔2023〕18号 二(一)) on stored records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.factories import make_coordinator, make_enterprise, make_region

Headers = Callable[..., dict[str, str]]


def _world(client: TestClient, admin: dict[str, str]) -> dict[str, Any]:
    county = make_region(client, admin)
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    community = make_region(client, admin, parent_id=town["id"], kind="community")
    medium = make_enterprise(client, admin, town["id"], employees=300, revenue_10k_yuan=2000)
    small = make_enterprise(client, admin, town["id"], employees=25, revenue_10k_yuan=400)
    unsized = make_enterprise(client, admin, town["id"], employees=None)
    make_coordinator(
        client,
        admin,
        town["id"],
        enterprise_id=medium["id"],
        certificates=[{"level": 4, "obtained_on": "2022-01-01"}],
    )
    make_coordinator(client, admin, town["id"])
    make_coordinator(client, admin, community["id"])
    return {
        "county": county,
        "town": town,
        "community": community,
        "medium": medium,
        "small": small,
        "unsized": unsized,
    }


def test_stored_units_against_the_zhejiang_minimums_2_1(
    client: TestClient, auth_headers: Headers
) -> None:
    """Large/medium ≥ 2, small/micro ≥ 1, township ≥ 4 with many enterprises, community ≥ 1."""
    admin = auth_headers("admin")
    w = _world(client, admin)
    r = client.get(
        f"/v1/regions/{w['county']['id']}/staffing",
        params={"policy": "zhejiang-2023", "many_enterprises_from": 3},
        headers=admin,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    units = {u["id"]: u for u in body["units"]}
    assert (
        units[f"enterprise:{w['medium']['id']}"]["required"],
        units[f"enterprise:{w['medium']['id']}"]["shortfall"],
    ) == (2, 1)
    assert (
        units[f"enterprise:{w['small']['id']}"]["required"],
        units[f"enterprise:{w['small']['id']}"]["actual"],
    ) == (1, 0)
    town = units[f"region:{w['town']['id']}"]
    assert (town["required"], town["actual"], town["shortfall"]) == (4, 1, 3)  # 3 enterprises: many
    assert units[f"region:{w['community']['id']}"]["shortfall"] == 0
    assert f"enterprise:{w['unsized']['id']}" not in units
    assert any(str(w["unsized"]["id"]) in s for s in body["skipped"])
    assert body["total_shortfall"] == 1 + 1 + 3 and body["policy"] == "zhejiang-2023"


def test_without_a_threshold_the_view_says_which_input_to_give(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    w = _world(client, admin)
    r = client.get(
        f"/v1/regions/{w['town']['id']}/staffing", params={"policy": "zhejiang-2023"}, headers=admin
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "many_enterprises_from"


def test_staffing_of_another_region_is_not_found(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    w = _world(client, admin)
    other = make_region(client, admin)
    outsider = auth_headers("region_admin", region_id=other["id"])
    r = client.get(
        f"/v1/regions/{w['town']['id']}/staffing",
        params={"policy": "zhejiang-2023"},
        headers=outsider,
    )
    assert r.status_code == 404

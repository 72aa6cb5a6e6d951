"""Each region under its own rules: a policy pack bound to a region holds for its subtree.

A deployment may serve several jurisdictions (汶上县 under wenshang-2024, 闵行区 under
minhang-2023, 浦锦街道 under pujin-2024); every computation on a stored record uses the pack of
the record's region, and the response names it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.factories import make_region, unique

Headers = Callable[..., dict[str, str]]


def _region(
    client: TestClient, admin: dict[str, str], parent_id: int | None, kind: str, **extra: Any
) -> Any:
    body = {"code": unique("P"), "name": "闵行区", "kind": kind, "parent_id": parent_id, **extra}
    return client.post("/v1/regions", json=body, headers=admin)


def test_binding_is_inherited_down_the_tree_and_overridden_deeper(
    client: TestClient, auth_headers: Headers
) -> None:
    """闵行区 → minhang-2023; 浦锦街道 binds pujin-2024; its community inherits pujin-2024."""
    admin = auth_headers("admin")
    district = _region(client, admin, None, "district", policy="minhang-2023").json()
    assert (district["policy"], district["effective_policy"]) == ("minhang-2023", "minhang-2023")
    town = _region(client, admin, district["id"], "subdistrict").json()
    assert (town["policy"], town["effective_policy"]) == (None, "minhang-2023")
    r = client.patch(
        f"/v1/regions/{town['id']}",
        json={"policy": "pujin-2024"},
        headers={**admin, "If-Match": f'"{town["version"]}"'},
    )
    assert r.status_code == 200, r.text
    community = make_region(client, admin, parent_id=town["id"], kind="community")
    assert community["effective_policy"] == "pujin-2024"
    listed = client.get("/v1/regions", params={"within": district["id"]}, headers=admin).json()
    assert {r["id"]: r["effective_policy"] for r in listed["items"]} == {
        district["id"]: "minhang-2023",
        town["id"]: "pujin-2024",
        community["id"]: "pujin-2024",
    }
    # Removing the binding makes the parent's pack apply again.
    town = client.get(f"/v1/regions/{town['id']}", headers=admin).json()
    r = client.patch(
        f"/v1/regions/{town['id']}",
        json={"policy": None},
        headers={**admin, "If-Match": f'"{town["version"]}"'},
    )
    assert (r.json()["policy"], r.json()["effective_policy"]) == (None, "minhang-2023")


def test_a_root_without_binding_uses_the_deployment_default(
    client: TestClient, auth_headers: Headers
) -> None:
    """No binding anywhere on the path: LRC_DEFAULT_POLICY (wenshang-2024 unless set)."""
    county = make_region(client, auth_headers("admin"))
    assert (county["policy"], county["effective_policy"]) == (None, "wenshang-2024")


def test_unknown_pack_is_422_naming_policy_and_writes_nothing(
    client: TestClient, auth_headers: Headers
) -> None:
    """A region cannot be bound to a pack the deployment does not load."""
    admin = auth_headers("admin")
    code = unique("P")
    body = {"code": code, "name": "某区", "kind": "district", "policy": "nope-2030"}
    r = client.post("/v1/regions", json=body, headers=admin)
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["policy"]
    assert client.get("/v1/regions", params={"code": code}, headers=admin).json()["items"] == []


def test_case_deadlines_use_the_pack_of_the_case_region(
    client: TestClient, auth_headers: Headers
) -> None:
    """A hotline complaint has a closure limit only under a Minhang pack (local rule): in a
    region bound to minhang-2023 the stored case answers without naming a pack, and says so."""
    admin = auth_headers("admin")
    district = _region(client, admin, None, "district", policy="minhang-2023").json()
    town = _region(client, admin, district["id"], "subdistrict").json()
    case = client.post(
        "/v1/cases",
        json={
            "region_id": town["id"],
            "source": "hotline_12345",
            "procedure": "hotline",
            "matter": "complaint",
            "categories": ["pay_compensation"],
            "worker_count": 1,
            "received_on": "2025-06-02",
        },
        headers=admin,
    )
    assert case.status_code == 201, case.text
    r = client.get(f"/v1/cases/{case.json()['id']}/deadlines", headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["policy"] == "minhang-2023"
    assert r.json()["deadlines"][0]["key"] == "closure"
    # An explicit pack still wins where the endpoint takes one.
    r = client.get(
        f"/v1/cases/{case.json()['id']}/deadlines",
        params={"policy": "wenshang-2024"},
        headers=admin,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "policy"

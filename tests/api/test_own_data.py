"""Each principal sees exactly its own (issue 13): coordinators see their own data in every view,
every reference in a body is checked against the caller's scope, conflicts outside the scope
name nothing, region ids are never reused, a region with accounts cannot be deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import (
    citizen_id,
    coordinator_body,
    make_case,
    make_coordinator,
    make_enterprise,
    make_region,
    unique,
    uscc,
)

Headers = Callable[..., dict[str, str]]
YEAR = 2025


@pytest.fixture
def admin(auth_headers: Headers) -> dict[str, str]:
    return auth_headers("admin")


@pytest.fixture
def world(client: TestClient, admin: dict[str, str], auth_headers: Headers) -> dict[str, Any]:
    """A township with two coordinators (one signed in as ``me``), each assessed and active,
    and a second township elsewhere with a case, an enterprise and a coordinator."""
    town = make_region(client, admin)
    other = make_region(client, admin)
    me, colleague = (make_coordinator(client, admin, town["id"]) for _ in range(2))
    stranger = make_coordinator(client, admin, other["id"])
    for c in (me, colleague):
        r = client.post(
            "/v1/assessments",
            json={"coordinator_id": c["id"], "year": YEAR, "quarter": 1, "base_score": 25},
            headers=admin,
        )
        assert r.status_code == 201, r.text
        r = client.post(
            "/v1/activities",
            json={"coordinator_id": c["id"], "kind": "contact", "occurred_on": "2025-02-03"},
            headers=admin,
        )
        assert r.status_code == 201, r.text
    return {
        "town": town,
        "other": other,
        "me": me,
        "colleague": colleague,
        "stranger": stranger,
        "my_case": make_case(
            client, admin, town["id"], assignments=[{"coordinator_id": me["id"], "role": "lead"}]
        ),
        "town_case": make_case(client, admin, town["id"]),
        "their_case": make_case(client, admin, other["id"]),
        "their_enterprise": make_enterprise(client, admin, other["id"]),
        "as_me": auth_headers("coordinator", region_id=town["id"], coordinator_id=me["id"]),
        "clerk": auth_headers("region_admin", region_id=town["id"]),
    }


def test_a_coordinator_reads_only_its_own_scorecards(
    client: TestClient, world: dict[str, Any]
) -> None:
    """The issue: ``GET /v1/coordinators/2/scorecards`` answered 200 for a colleague."""
    mine = client.get(
        f"/v1/coordinators/{world['me']['id']}/scorecards",
        params={"year": YEAR},
        headers=world["as_me"],
    )
    assert mine.status_code == 200 and mine.json()["coordinator_id"] == world["me"]["id"]
    theirs = client.get(
        f"/v1/coordinators/{world['colleague']['id']}/scorecards",
        params={"year": YEAR},
        headers=world["as_me"],
    )
    assert (
        theirs.status_code == 404 and theirs.headers["content-type"] == "application/problem+json"
    )


def test_a_coordinator_lists_only_its_own_assessments_and_activities(
    client: TestClient, world: dict[str, Any]
) -> None:
    """The issue: ``GET /v1/assessments`` listed colleagues' base scores."""
    me, colleague = world["me"]["id"], world["colleague"]["id"]
    for path in ("/v1/assessments", "/v1/activities"):
        items = client.get(path, params={"limit": 200}, headers=world["as_me"]).json()["items"]
        assert items and {i["coordinator_id"] for i in items} == {me}, path
        filtered = client.get(
            path, params={"coordinator_id": colleague}, headers=world["as_me"]
        ).json()
        assert filtered["items"] == [], path
    clerk_sees = client.get("/v1/assessments", params={"limit": 200}, headers=world["clerk"])
    assert {i["coordinator_id"] for i in clerk_sees.json()["items"]} == {me, colleague}
    theirs = next(i for i in clerk_sees.json()["items"] if i["coordinator_id"] == colleague)
    r = client.get(f"/v1/assessments/{theirs['id']}", headers=world["as_me"])
    assert r.status_code == 404


def test_a_coordinator_sees_its_own_ledger_row_and_the_cases_it_works_on(
    client: TestClient, world: dict[str, Any]
) -> None:
    ledger = client.get("/v1/ledger", params={"year": YEAR}, headers=world["as_me"]).json()
    assert [e["coordinator_id"] for e in ledger["entries"]] == [world["me"]["id"]]
    cases = client.get("/v1/cases", params={"limit": 200}, headers=world["as_me"]).json()
    assert [c["id"] for c in cases["items"]] == [world["my_case"]["id"]]
    for suffix in ("", "/events", "/deadlines"):
        r = client.get(f"/v1/cases/{world['town_case']['id']}{suffix}", headers=world["as_me"])
        assert r.status_code == 404, suffix


@pytest.mark.parametrize(
    ("field", "pick"),
    [
        ("case_id", lambda w: w["their_case"]["id"]),
        ("enterprise_id", lambda w: w["their_enterprise"]["id"]),
        ("target_coordinator_id", lambda w: w["stranger"]["id"]),
    ],
)
def test_every_reference_in_an_activity_is_checked_against_the_scope(
    client: TestClient, world: dict[str, Any], field: str, pick: Callable[[dict[str, Any]], int]
) -> None:
    """The issue: ``POST /v1/activities`` (and PATCH) accepted another region's ``case_id``."""
    kind = "contact" if field == "target_coordinator_id" else "mediation_other"
    body = {"coordinator_id": world["me"]["id"], "kind": kind, "occurred_on": "2025-03-03"}
    r = client.post("/v1/activities", json=body | {field: pick(world)}, headers=world["clerk"])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text
    made = client.post("/v1/activities", json=body, headers=world["clerk"]).json()
    r = client.patch(
        f"/v1/activities/{made['id']}",
        json={field: pick(world)},
        headers={**world["clerk"], "If-Match": f'"{made["version"]}"'},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text


def test_a_coordinator_links_only_cases_it_works_on(
    client: TestClient, world: dict[str, Any]
) -> None:
    body = {
        "coordinator_id": world["me"]["id"],
        "kind": "mediation_other",
        "occurred_on": "2025-03-03",
    }
    r = client.post(
        "/v1/activities", json=body | {"case_id": world["town_case"]["id"]}, headers=world["as_me"]
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "case_id"
    r = client.post(
        "/v1/activities", json=body | {"case_id": world["my_case"]["id"]}, headers=world["as_me"]
    )
    assert r.status_code == 201, r.text


def test_conflicts_outside_the_scope_reveal_neither_record_nor_id(
    client: TestClient, admin: dict[str, str], auth_headers: Headers, world: dict[str, Any]
) -> None:
    """The issue: an ID number existing in another region answered 409 "already exists (id 4)";
    the same for credit codes, region codes and case numbers."""
    clerk, other = world["clerk"], world["other"]
    stranger_id_number = citizen_id()
    theirs = make_coordinator(client, admin, other["id"], id_number=stranger_id_number)
    code, number, credit = unique("RC"), unique("汶劳人仲案字"), uscc()
    r = client.post(
        "/v1/regions",
        json={"code": code, "name": "外区", "kind": "community", "parent_id": other["id"]},
        headers=admin,
    )
    assert r.status_code == 201
    their_region = r.json()
    their_case = make_case(client, admin, other["id"], number=number)
    their_enterprise = make_enterprise(client, admin, other["id"], uscc=credit)
    attempts = [
        client.post(
            "/v1/coordinators",
            json=coordinator_body(world["town"]["id"], id_number=stranger_id_number),
            headers=clerk,
        ),
        client.post(
            "/v1/regions",
            json={"code": code, "name": "x", "kind": "community", "parent_id": world["town"]["id"]},
            headers=clerk,
        ),
        client.post(
            "/v1/cases",
            json={
                "region_id": world["town"]["id"],
                "number": number,
                "source": "walk_in",
                "procedure": "arbitration",
                "worker_count": 1,
                "received_on": "2025-06-02",
            },
            headers=clerk,
        ),
        client.post(
            "/v1/enterprises",
            json={
                "region_id": world["town"]["id"],
                "uscc": credit,
                "name": "x",
                "industry": "industry",
            },
            headers=clerk,
        ),
    ]
    hidden = [theirs["id"], their_region["id"], their_case["id"], their_enterprise["id"]]
    for r, other_id in zip(attempts, hidden, strict=True):
        assert r.status_code == 409, r.text
        assert "outside your region" in r.json()["detail"]
        assert f"id {other_id}" not in r.text and f"{other_id})" not in r.text
        assert f"case {other_id}" not in r.text and f"region {other_id}" not in r.text
    # Inside the caller's scope the conflict still names the record (so it can be found).
    r = client.post(
        "/v1/coordinators",
        json=coordinator_body(other["id"], id_number=stranger_id_number),
        headers=admin,
    )
    assert r.status_code == 409 and f"id {theirs['id']}" in r.json()["detail"]


def test_region_ids_are_never_reused(client: TestClient, admin: dict[str, str]) -> None:
    """The issue: on SQLite a deleted region's id went to the next region created, so a user
    bound to the deleted one silently gained it. AUTOINCREMENT (SQLite), sequences (PostgreSQL)."""
    parent = make_region(client, admin)
    doomed = make_region(client, admin, parent_id=parent["id"], kind="community")
    r = client.delete(f"/v1/regions/{doomed['id']}", headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 204
    reborn = make_region(client, admin, parent_id=parent["id"], kind="community")
    assert reborn["id"] > doomed["id"]


def test_assessment_ids_are_never_reused(
    client: TestClient, admin: dict[str, str], world: dict[str, Any]
) -> None:
    body = {"coordinator_id": world["stranger"]["id"], "year": YEAR, "quarter": 2, "base_score": 20}
    first = client.post("/v1/assessments", json=body, headers=admin).json()
    r = client.delete(f"/v1/assessments/{first['id']}", headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 204
    second = client.post("/v1/assessments", json=body, headers=admin).json()
    assert second["id"] > first["id"]


def test_a_region_bound_to_accounts_cannot_be_deleted_409_naming_them(
    client: TestClient, admin: dict[str, str]
) -> None:
    region = make_region(client, admin)
    user = client.post(
        "/v1/users",
        json={
            "username": unique("bound"),
            "role": "auditor",
            "region_id": region["id"],
            "password": "correct horse battery",
        },
        headers=admin,
    ).json()["user"]
    api_client = client.post(
        "/v1/api-clients",
        json={"name": "平台", "region_id": region["id"], "scopes": ["cases:read"]},
        headers=admin,
    ).json()["client"]
    r = client.delete(f"/v1/regions/{region['id']}", headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 409, r.text
    assert user["username"] in r.json()["detail"] and api_client["client_id"] in r.json()["detail"]
    assert sorted(r.json()["bound_accounts"]) == sorted(
        [f"user {user['username']}", f"API client {api_client['client_id']}"]
    )
    assert client.get(f"/v1/regions/{region['id']}", headers=admin).status_code == 200

"""The scorecard view (GET /v1/coordinators/{id}/scorecards): region scoping and own data only."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.factories import make_coordinator, make_region, unique

Headers = Callable[..., dict[str, str]]


def test_a_coordinator_reads_only_its_own_scorecards(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    me = make_coordinator(client, admin, town["id"])
    colleague = make_coordinator(client, admin, town["id"])
    viewer = auth_headers("coordinator", region_id=town["id"], coordinator_id=me["id"])
    own = client.get(
        f"/v1/coordinators/{me['id']}/scorecards", params={"year": 2025}, headers=viewer
    )
    assert own.status_code == 200 and own.json()["coordinator_id"] == me["id"]
    other = client.get(
        f"/v1/coordinators/{colleague['id']}/scorecards", params={"year": 2025}, headers=viewer
    )
    assert other.status_code == 404


def test_another_regions_principal_cannot_read_scorecards(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    c = make_coordinator(client, admin, town["id"])
    outsider = auth_headers("region_admin", region_id=make_region(client, admin)["id"])
    r = client.get(
        f"/v1/coordinators/{c['id']}/scorecards", params={"year": 2025}, headers=outsider
    )
    assert r.status_code == 404


def test_scorecards_use_the_pack_of_the_coordinators_region(
    client: TestClient, auth_headers: Headers
) -> None:
    """A coordinator of a region bound to a pack without a scorecard cannot be scored under it."""
    admin = auth_headers("admin")
    r = client.post(
        "/v1/regions",
        json={
            "code": unique("SCP"),
            "name": "上海某街道",
            "kind": "subdistrict",
            "policy": "pujin-2024",
        },
        headers=admin,
    )
    assert r.status_code == 201, r.text
    c = make_coordinator(client, admin, r.json()["id"])
    got = client.get(f"/v1/coordinators/{c['id']}/scorecards", params={"year": 2025}, headers=admin)
    assert got.status_code == 422 and "pujin-2024" in got.text
    named = client.get(
        f"/v1/coordinators/{c['id']}/scorecards",
        params={"year": 2025, "policy": "wenshang-2024"},
        headers=admin,
    )
    assert named.status_code == 200 and named.json()["policy"] == "wenshang-2024"


def test_the_scorecard_view_runs_the_same_queries_whatever_the_activities(
    client: TestClient, auth_headers: Headers
) -> None:
    """SQL plus lrc_rules, never a query per activity: 0 or 12 approved activities, same count."""
    from tests.api.query_count import count_queries

    admin = auth_headers("admin")
    reviewer = auth_headers("assessor", subject="user:scorecards-reviewer")
    town = make_region(client, admin, kind="township")
    quiet, busy = (
        make_coordinator(client, admin, town["id"]),
        make_coordinator(client, admin, town["id"]),
    )
    for month in range(1, 13):
        r = client.post(
            "/v1/activities",
            json={
                "coordinator_id": busy["id"],
                "kind": "publicity",
                "occurred_on": f"2025-{month:02d}-03",
                "evidence": [{"name": "p.pdf", "uri": "s3://x/p.pdf", "sha256": "d" * 64}],
            },
            headers=admin,
        )
        a = r.json()
        client.post(
            f"/v1/activities/{a['id']}/review",
            json={"decision": "approved"},
            headers={**reviewer, "If-Match": f'"{a["version"]}"'},
        )
    sizes = []
    for c in (quiet, busy):
        with count_queries() as q:
            r = client.get(
                f"/v1/coordinators/{c['id']}/scorecards", params={"year": 2025}, headers=admin
            )
        assert r.status_code == 200
        sizes.append(len(q))
    assert sizes[0] == sizes[1] and sizes[1] <= 8, q
    assert r.json()["annual_total"] == 4 * 15  # 3 publicity a quarter × 5, no base score stored

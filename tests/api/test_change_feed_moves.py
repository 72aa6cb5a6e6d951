"""The change feed tells the whole story (issue 13): a record moving between regions writes a
removal for the regions that lose it and a creation for those that gain it — for the record and
what moved with it — so a copy kept by replaying one region's feed stays exact.

The test is the issue's own: records in a small tree, then every kind of move (a coordinator
with its activities and assessments, an enterprise, a case with its timeline, a region with its
whole subtree under another parent), then for each region the feed is replayed from the start
and the copy it builds is compared with what that region's principal can read now.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lrc_api.core.principal import SCOPES
from tests.factories import make_case, make_coordinator, make_enterprise, make_region

Headers = Callable[..., dict[str, str]]

LISTS = {
    "region": "/v1/regions",
    "enterprise": "/v1/enterprises",
    "coordinator": "/v1/coordinators",
    "activity": "/v1/activities",
    "assessment": "/v1/assessments",
    "case": "/v1/cases",
}
"""Where a principal reads each kind of record the feed announces."""


def replay(client: TestClient, headers: dict[str, str]) -> dict[tuple[str, int], int]:
    """The copy a follower builds from the feed: (entity, id) → last version announced."""
    copy: dict[tuple[str, int], int] = {}
    after = 0
    while True:
        page = client.get("/v1/changes", params={"after": after, "limit": 200}, headers=headers)
        assert page.status_code == 200, page.text
        items = page.json()["items"]
        if not items:
            return copy
        for change in items:
            key = (change["entity"], change["entity_id"])
            if change["op"] == "delete":
                copy.pop(key, None)
            else:
                copy[key] = change["version"]
        after = page.json()["next_after"]


def _all(client: TestClient, headers: dict[str, str], path: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = client.get(path, params=params, headers=headers).json()
        out += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return out


def readable(client: TestClient, headers: dict[str, str]) -> dict[tuple[str, int], int]:
    """What the principal reads now: (entity, id) → version (timeline entries: version 1)."""
    now: dict[tuple[str, int], int] = {}
    for entity, path in LISTS.items():
        for row in _all(client, headers, path):
            now[(entity, row["id"])] = row["version"]
    for case_id in [i for (e, i) in list(now) if e == "case"]:
        for entry in _all(client, headers, f"/v1/cases/{case_id}/events"):
            now[("case_event", entry["id"])] = 1
    return now


def _patch(client: TestClient, headers: dict[str, str], path: str, body: dict[str, Any]) -> Any:
    current = client.get(path, headers=headers)
    assert current.status_code == 200, current.text
    r = client.patch(path, json=body, headers={**headers, "If-Match": current.headers["etag"]})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def tree(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    """County C with townships A and B; community R under A holding a coordinator (with an
    activity and an assessment), an enterprise and a case (with its timeline); a coordinator
    m in A with its own activity and assessment."""
    admin = auth_headers("admin")
    c = make_region(client, admin)
    a = make_region(client, admin, parent_id=c["id"], kind="township")
    b = make_region(client, admin, parent_id=c["id"], kind="township")
    r = make_region(client, admin, parent_id=a["id"], kind="community")
    k = make_coordinator(client, admin, r["id"])
    m = make_coordinator(client, admin, a["id"])
    for coordinator in (k, m):
        assert (
            client.post(
                "/v1/activities",
                json={
                    "coordinator_id": coordinator["id"],
                    "kind": "contact",
                    "occurred_on": "2025-02-03",
                },
                headers=admin,
            ).status_code
            == 201
        )
        assert (
            client.post(
                "/v1/assessments",
                json={
                    "coordinator_id": coordinator["id"],
                    "year": 2025,
                    "quarter": 1,
                    "base_score": 24,
                },
                headers=admin,
            ).status_code
            == 201
        )
    e = make_enterprise(client, admin, r["id"])
    case = make_case(
        client, admin, r["id"], assignments=[{"coordinator_id": k["id"], "role": "lead"}]
    )
    note = {"kind": "note", "on": "2025-06-03", "note": "来访登记"}
    assert (
        client.post(f"/v1/cases/{case['id']}/events", json=note, headers=admin).status_code == 201
    )
    followers = {
        name: auth_headers("region_admin", region_id=region["id"], scopes=set(SCOPES))
        for name, region in (("C", c), ("A", a), ("B", b), ("R", r))
    }
    return {
        "admin": admin,
        "C": c,
        "A": a,
        "B": b,
        "R": r,
        "k": k,
        "m": m,
        "e": e,
        "case": case,
        "followers": followers,
    }


def assert_copies_exact(client: TestClient, tree: dict[str, Any]) -> None:
    for name, headers in tree["followers"].items():
        copy, now = replay(client, headers), readable(client, headers)
        missing = sorted(set(now) - set(copy))
        stale = sorted(set(copy) - set(now))
        assert not missing and not stale, f"{name}: missing {missing}, left over {stale}"
        behind = {k: (copy[k], now[k]) for k in now if copy[k] != now[k]}
        assert not behind, f"{name}: versions behind {behind}"


def test_replaying_each_regions_feed_rebuilds_exactly_what_it_sees(
    client: TestClient, tree: dict[str, Any]
) -> None:
    admin, a, b, r = tree["admin"], tree["A"], tree["B"], tree["R"]
    assert_copies_exact(client, tree)  # before any move

    # A coordinator moves from A to B with its activity and assessment.
    _patch(client, admin, f"/v1/coordinators/{tree['m']['id']}", {"region_id": b["id"]})
    assert_copies_exact(client, tree)
    # An enterprise moves from R (under A) to B.
    _patch(client, admin, f"/v1/enterprises/{tree['e']['id']}", {"region_id": b["id"]})
    assert_copies_exact(client, tree)
    # A case moves up from R to A (R loses it, A keeps it), then over to B, with its timeline.
    case_url = f"/v1/cases/{tree['case']['id']}"
    _patch(client, admin, case_url, {"region_id": a["id"]})
    assert_copies_exact(client, tree)
    _patch(client, admin, case_url, {"region_id": b["id"]})
    assert_copies_exact(client, tree)
    # The community R moves from A to B with everything in it.
    _patch(client, admin, f"/v1/regions/{r['id']}", {"parent_id": b["id"]})
    assert_copies_exact(client, tree)
    # Life goes on after the moves: the copies follow the new owners.
    _patch(client, admin, f"/v1/coordinators/{tree['k']['id']}", {"post": "调解员"})
    assert_copies_exact(client, tree)
    # A region deleted: its ancestors' copies drop it too.
    spare = make_region(client, admin, parent_id=r["id"], kind="village")
    assert_copies_exact(client, tree)
    gone = client.delete(f"/v1/regions/{spare['id']}", headers={**admin, "If-Match": '"1"'})
    assert gone.status_code == 204
    assert_copies_exact(client, tree)

    a_copy = replay(client, tree["followers"]["A"])
    assert set(a_copy) == {("region", a["id"])}  # A kept nothing but itself
    b_copy = replay(client, tree["followers"]["B"])
    assert ("coordinator", tree["k"]["id"]) in b_copy and ("region", r["id"]) in b_copy


def test_a_move_tells_the_losing_side_a_removal_and_the_gaining_side_a_creation(
    client: TestClient, tree: dict[str, Any]
) -> None:
    """What each side reads for one coordinator move: A a delete, B a create then the update,
    the county that holds both an update only."""
    before = {n: _last_seq(client, h) for n, h in tree["followers"].items()}
    m = tree["m"]["id"]
    _patch(client, tree["admin"], f"/v1/coordinators/{m}", {"region_id": tree["B"]["id"]})

    def entries(name: str) -> list[dict[str, Any]]:
        page = client.get(
            "/v1/changes", params={"after": before[name]}, headers=tree["followers"][name]
        ).json()
        return list(page["items"])

    def seen(name: str) -> list[tuple[str, str]]:
        return [(c["entity"], c["op"]) for c in entries(name)]

    assert seen("A") == [
        ("coordinator", "delete"),
        ("activity", "delete"),
        ("assessment", "delete"),
    ]
    gained = [("coordinator", "create"), ("activity", "create"), ("assessment", "create")]
    updated = [("activity", "update"), ("assessment", "update"), ("coordinator", "update")]
    assert sorted(seen("B")) == sorted(gained + updated)
    assert sorted(seen("C")) == [
        ("activity", "update"),
        ("assessment", "update"),
        ("coordinator", "update"),
    ]
    assert seen("R") == []
    # Each entry names the region it concerns: the one left for A's removals, the new one else.
    assert {c["region_id"] for c in entries("A")} == {tree["A"]["id"]}
    assert {c["region_id"] for c in entries("B")} == {tree["B"]["id"]}
    assert {c["region_id"] for c in entries("C")} == {tree["B"]["id"]}


def _last_seq(client: TestClient, headers: dict[str, str]) -> int:
    after = 0
    while True:
        page = client.get(
            "/v1/changes", params={"after": after, "limit": 200}, headers=headers
        ).json()
        if not page["items"]:
            return after
        after = page["next_after"]


def test_the_coordinators_account_follows_and_its_tokens_end(
    client: TestClient, auth_headers: Headers, tree: dict[str, Any]
) -> None:
    """A coordinator user bound to the old region follows its coordinator to the new one; its
    token (which names the old region) stops working, so it signs in again into the new one."""
    m = tree["m"]
    as_m = auth_headers("coordinator", region_id=tree["A"]["id"], coordinator_id=m["id"])
    assert client.get(f"/v1/coordinators/{m['id']}", headers=as_m).status_code == 200
    _patch(client, tree["admin"], f"/v1/coordinators/{m['id']}", {"region_id": tree["B"]["id"]})
    r = client.get(f"/v1/coordinators/{m['id']}", headers=as_m)
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"

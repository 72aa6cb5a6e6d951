"""Activities through HTTP: lifecycle, review rules, ETags, idempotency, scoping, audit.

The review rules follow issue 6 ("a reviewer cannot approve their own") and RULES.md §1 ("only
approved activities count when scoring stored data"); evidence is the 佐证材料 of 附件1 8.3.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_case, make_coordinator, make_enterprise, make_region, unique

Headers = Callable[..., dict[str, str]]

DAY = "2025-05-12"
"""A date in a fully past quarter (2025 Q2) under wenshang-2024's scoring rules."""


def evidence(name: str = "宣传活动方案.pdf") -> dict[str, str]:
    """One evidence item with a real SHA-256 digest of its name."""
    return {
        "name": name,
        "uri": f"https://files.example.cn/{unique()}",
        "sha256": hashlib.sha256(name.encode()).hexdigest(),
    }


def problem(r: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """Assert a problem+json answer of ``status`` naming ``field``; return its body."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    if field is not None:
        assert field in [e["field"] for e in body.get("errors", [])], body
    return body


@pytest.fixture
def admin(auth_headers: Headers) -> dict[str, str]:
    """A global admin."""
    return auth_headers("admin")


@pytest.fixture
def world(client: TestClient, admin: dict[str, str], auth_headers: Headers) -> dict[str, Any]:
    """A county with a township, two coordinators there, an enterprise, and a reviewer."""
    county = make_region(client, admin)
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    return {
        "county": county,
        "town": town,
        "a": make_coordinator(client, admin, town["id"]),
        "b": make_coordinator(client, admin, town["id"]),
        "enterprise": make_enterprise(client, admin, town["id"]),
        "case": make_case(client, admin, town["id"]),
        "reviewer": auth_headers("assessor", region_id=county["id"]),
        "clerk": auth_headers("region_admin", region_id=town["id"]),
    }


def create(
    client: TestClient, headers: dict[str, str], coordinator_id: int, **extra: Any
) -> dict[str, Any]:
    """Record an activity (publicity with evidence unless told otherwise) and return it."""
    body = {
        "coordinator_id": coordinator_id,
        "kind": "publicity",
        "occurred_on": DAY,
        "evidence": [evidence()],
        **extra,
    }
    r = client.post("/v1/activities", json=body, headers=headers)
    assert r.status_code == 201, r.text
    assert r.headers["etag"] == f'"{r.json()["version"]}"'
    return dict(r.json())


def review(
    client: TestClient,
    headers: dict[str, str],
    activity: dict[str, Any],
    decision: str,
    **extra: Any,
) -> Any:
    """POST a review decision with the activity's current ETag."""
    return client.post(
        f"/v1/activities/{activity['id']}/review",
        json={"decision": decision, **extra},
        headers={**headers, "If-Match": f'"{activity["version"]}"'},
    )


def test_lifecycle_record_change_approve_withdraw_with_audit(
    client: TestClient, admin: dict[str, str], world: dict[str, Any]
) -> None:
    """Pending → changed (If-Match) → approved by another → final (409) → soft-deleted; audited."""
    a, clerk = world["a"], world["clerk"]
    act = create(
        client, clerk, a["id"], enterprise_id=world["enterprise"]["id"], description="园区宣传"
    )
    assert act["review"] == "pending" and act["region_id"] == world["town"]["id"]
    assert act["created_by"] and act["reviewer"] is None and act["version"] == 1
    assert act["evidence"][0]["sha256"] == hashlib.sha256("宣传活动方案.pdf".encode()).hexdigest()
    url = f"/v1/activities/{act['id']}"
    r = client.get(url, headers=clerk)
    assert r.status_code == 200 and r.headers["etag"] == '"1"' and r.json()["kind"] == "publicity"

    case_id = world["case"]["id"]
    r = client.patch(
        url,
        json={"kind": "risk_prevention", "case_id": case_id},
        headers={**clerk, "If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    assert r.json()["kind"] == "risk_prevention" and r.json()["case_id"] == case_id
    assert r.headers["etag"] == '"2"'

    r = review(client, world["reviewer"], r.json(), "approved")
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["review"] == "approved" and done["version"] == 3 and done["reviewed_at"]
    assert done["reviewer"] != done["created_by"] and r.headers["etag"] == '"3"'

    # A reviewed activity is final: no change, no second review.
    problem(
        client.patch(url, json={"description": "改"}, headers={**clerk, "If-Match": '"3"'}), 409
    )
    problem(review(client, world["reviewer"], done, "rejected", reason="重复"), 409)

    assert client.delete(url, headers={**clerk, "If-Match": '"3"'}).status_code == 204
    problem(client.get(url, headers=clerk), 404)
    listed = client.get("/v1/activities", params={"coordinator_id": a["id"]}, headers=clerk).json()
    assert act["id"] not in [x["id"] for x in listed["items"]]

    audit = client.get(
        "/v1/audit", params={"entity": "activity", "entity_id": act["id"]}, headers=admin
    ).json()["items"]
    assert [e["action"] for e in audit] == ["create", "update", "review", "delete"]
    assert audit[2]["before"]["review"] == "pending" and audit[2]["after"]["review"] == "approved"
    assert audit[3]["after"] is None


def test_reviewer_cannot_approve_own_activity_403(
    client: TestClient, auth_headers: Headers, world: dict[str, Any]
) -> None:
    """Issue 6: a reviewer cannot approve their own — neither its author nor its coordinator."""
    town = world["town"]["id"]
    author = auth_headers("region_admin", region_id=town, subject=f"user:{unique()}")
    act = create(client, author, world["a"]["id"])
    body = problem(review(client, author, act, "approved"), 403)
    assert "someone else" in body["detail"]
    # A reviewer who is the activity's coordinator (coordinator_id claim) cannot approve it either.
    himself = auth_headers("assessor", region_id=town, coordinator_id=world["a"]["id"])
    problem(review(client, himself, act, "approved"), 403)
    # Anyone else with activities:review may.
    assert review(client, world["reviewer"], act, "approved").status_code == 200


def test_rejection_needs_a_reason_422_and_is_final(
    client: TestClient, world: dict[str, Any]
) -> None:
    """A rejection says why (field `reason`); once rejected the activity cannot be edited (409)."""
    act = create(client, world["clerk"], world["a"]["id"])
    problem(review(client, world["reviewer"], act, "rejected"), 422, "reason")
    problem(review(client, world["reviewer"], act, "rejected", reason="   "), 422, "reason")
    r = review(client, world["reviewer"], act, "rejected", reason="佐证材料不是本次宣传的照片")
    assert r.status_code == 200 and r.json()["review"] == "rejected"
    assert r.json()["review_reason"] == "佐证材料不是本次宣传的照片"
    url = f"/v1/activities/{act['id']}"
    problem(
        client.patch(
            url, json={"description": "补"}, headers={**world["clerk"], "If-Match": '"2"'}
        ),
        409,
    )
    problem(review(client, world["reviewer"], r.json(), "approved"), 409)
    problem(
        client.post(
            f"{url}/review",
            json={"decision": "maybe"},
            headers={**world["reviewer"], "If-Match": '"2"'},
        ),
        422,
        "decision",
    )


def test_bad_input_is_422_naming_the_field(client: TestClient, world: dict[str, Any]) -> None:
    """Dates in the future, kind-specific fields, unknown references and bad evidence → 422."""
    clerk, a = world["clerk"], world["a"]["id"]
    base = {"coordinator_id": a, "kind": "publicity", "occurred_on": DAY}
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()

    def post(**change: Any) -> Any:
        return client.post("/v1/activities", json={**base, **change}, headers=clerk)

    problem(post(occurred_on=future), 422, "occurred_on")
    problem(post(kind="publication"), 422, "media_level")
    problem(post(media_level="municipal"), 422, "media_level")
    problem(post(kind="placement"), 422, "days")
    problem(post(days=3), 422, "days")
    problem(post(kind="placement", days=0), 422, "days")
    problem(post(target_coordinator_id=world["b"]["id"]), 422, "target_coordinator_id")
    problem(post(kind="contact", target_coordinator_id=a), 422, "target_coordinator_id")
    problem(post(kind="contact", target_coordinator_id=99_999_999), 422, "target_coordinator_id")
    problem(post(coordinator_id=99_999_999), 422, "coordinator_id")
    problem(post(enterprise_id=99_999_999), 422, "enterprise_id")
    problem(post(kind="dancing"), 422, "kind")
    problem(post(occurred_on="2025-02-30"), 422, "occurred_on")
    problem(post(evidence=[{**evidence(), "sha256": "abc"}]), 422, "evidence[0].sha256")
    problem(post(evidence=[{**evidence(), "uri": "no scheme"}]), 422, "evidence[0].uri")
    problem(post(surprise=1), 422, "surprise")
    problem(post(case_id=2**40), 422, "case_id")
    problem(client.get(f"/v1/activities/{2**70}", headers=clerk), 422, "activity_id")
    problem(client.get("/v1/activities", params={"within": 2**70}, headers=clerk), 422, "within")
    # The valid shapes of the same kinds pass.
    assert post(kind="publication", media_level="provincial").status_code == 201
    assert post(kind="placement", days=5).status_code == 201
    contact = post(kind="contact", target_coordinator_id=world["b"]["id"])
    assert (
        contact.status_code == 201 and contact.json()["target_coordinator_id"] == world["b"]["id"]
    )
    upper = post(evidence=[{**evidence(), "sha256": "AB" * 32}])
    assert upper.status_code == 201 and upper.json()["evidence"][0]["sha256"] == "ab" * 32
    # A PATCH is checked on the merged record: a publicity cannot carry a media level.
    act = create(client, clerk, a)
    url = f"/v1/activities/{act['id']}"
    problem(
        client.patch(url, json={"media_level": "national"}, headers={**clerk, "If-Match": '"1"'}),
        422,
        "media_level",
    )
    problem(
        client.patch(url, json={"occurred_on": future}, headers={**clerk, "If-Match": '"1"'}),
        422,
        "occurred_on",
    )
    problem(
        client.patch(url, json={"kind": None}, headers={**clerk, "If-Match": '"1"'}), 422, "kind"
    )
    assert client.get(url, headers=clerk).json()["version"] == 1  # nothing half-written


def test_if_match_required_428_and_stale_412(client: TestClient, world: dict[str, Any]) -> None:
    """PATCH, review and DELETE need If-Match: 428 without it, 412 when stale."""
    clerk, reviewer = world["clerk"], world["reviewer"]
    act = create(client, clerk, world["a"]["id"])
    url = f"/v1/activities/{act['id']}"
    problem(client.patch(url, json={"description": "x"}, headers=clerk), 428)
    problem(client.post(f"{url}/review", json={"decision": "approved"}, headers=reviewer), 428)
    problem(client.delete(url, headers=clerk), 428)
    assert (
        client.patch(
            url, json={"description": "x"}, headers={**clerk, "If-Match": '"1"'}
        ).status_code
        == 200
    )
    problem(client.patch(url, json={"description": "y"}, headers={**clerk, "If-Match": '"1"'}), 412)
    problem(review(client, reviewer, act, "approved"), 412)
    problem(client.delete(url, headers={**clerk, "If-Match": '"1"'}), 412)
    assert client.get(url, headers=clerk).json()["review"] == "pending"


def test_retried_post_with_idempotency_key_creates_one_row(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Idempotency-Key: the retry replays the first answer; another body under the key → 422."""
    clerk = world["clerk"]
    coordinator = make_coordinator(client, clerk, world["town"]["id"])
    key = unique("idem")
    body = {"coordinator_id": coordinator["id"], "kind": "training", "occurred_on": DAY}
    first = client.post("/v1/activities", json=body, headers={**clerk, "Idempotency-Key": key})
    again = client.post("/v1/activities", json=body, headers={**clerk, "Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    listed = client.get(
        "/v1/activities", params={"coordinator_id": coordinator["id"]}, headers=clerk
    )
    assert [x["id"] for x in listed.json()["items"]] == [first.json()["id"]]
    other = {**body, "kind": "onsite_visit"}
    problem(
        client.post("/v1/activities", json=other, headers={**clerk, "Idempotency-Key": key}),
        422,
        "Idempotency-Key",
    )


def test_coordinator_principal_records_and_sees_only_its_own(
    client: TestClient, auth_headers: Headers, world: dict[str, Any]
) -> None:
    """A principal with role coordinator works on its own coordinator_id only."""
    a, b, town = world["a"], world["b"], world["town"]["id"]
    me = auth_headers("coordinator", region_id=town, coordinator_id=a["id"])
    mine = create(client, me, a["id"])
    problem(
        client.post(
            "/v1/activities",
            json={"coordinator_id": b["id"], "kind": "contact", "occurred_on": DAY},
            headers=me,
        ),
        403,
    )
    theirs = create(client, world["clerk"], b["id"])
    problem(client.get(f"/v1/activities/{theirs['id']}", headers=me), 404)
    assert client.get(f"/v1/activities/{mine['id']}", headers=me).status_code == 200
    seen = client.get("/v1/activities", params={"within": town}, headers=me).json()["items"]
    assert {x["coordinator_id"] for x in seen} == {a["id"]}
    # Once approved, the coordinator cannot withdraw it; an administrator can.
    approved = review(client, world["reviewer"], mine, "approved").json()
    url = f"/v1/activities/{mine['id']}"
    problem(client.delete(url, headers={**me, "If-Match": f'"{approved["version"]}"'}), 403)
    # A coordinator principal lacks activities:review altogether.
    problem(review(client, me, theirs, "approved"), 403)
    assert (
        client.delete(
            url, headers={**world["clerk"], "If-Match": f'"{approved["version"]}"'}
        ).status_code
        == 204
    )


def test_region_scoping_other_region_sees_nothing(
    client: TestClient, admin: dict[str, str], auth_headers: Headers, world: dict[str, Any]
) -> None:
    """A region_admin of another county gets 404 on read, an empty list, 422 on create."""
    act = create(client, world["clerk"], world["a"]["id"])
    elsewhere = make_region(client, admin)
    stranger = auth_headers("region_admin", region_id=elsewhere["id"])
    url = f"/v1/activities/{act['id']}"
    problem(client.get(url, headers=stranger), 404)
    listed = client.get(
        "/v1/activities", params={"coordinator_id": world["a"]["id"]}, headers=stranger
    )
    assert listed.status_code == 200 and listed.json()["items"] == []
    problem(
        client.patch(url, json={"description": "x"}, headers={**stranger, "If-Match": '"1"'}), 404
    )
    problem(review(client, stranger, act, "approved"), 404)
    problem(client.delete(url, headers={**stranger, "If-Match": '"1"'}), 404)
    body = {"coordinator_id": world["a"]["id"], "kind": "training", "occurred_on": DAY}
    problem(client.post("/v1/activities", json=body, headers=stranger), 422, "coordinator_id")
    # The same county's admin sees it (the township is in its subtree).
    county_admin = auth_headers("region_admin", region_id=world["county"]["id"])
    assert client.get(url, headers=county_admin).status_code == 200


def test_list_filters_sort_and_cursor(client: TestClient, world: dict[str, Any]) -> None:
    """Filters on kind, review, dates, enterprise and case; sort=-occurred_on; keyset pages."""
    clerk, a = world["clerk"], world["a"]["id"]
    ent = world["enterprise"]["id"]
    made = [
        create(client, clerk, a, occurred_on="2025-04-01"),
        create(client, clerk, a, occurred_on="2025-04-15", kind="onsite_visit", enterprise_id=ent),
        create(
            client,
            clerk,
            a,
            occurred_on="2025-05-01",
            kind="mediation_other",
            case_id=world["case"]["id"],
        ),
        create(client, clerk, a, occurred_on="2025-06-30"),
    ]
    review(client, world["reviewer"], made[0], "approved")

    def ids(**params: Any) -> list[int]:
        r = client.get("/v1/activities", params={"coordinator_id": a, **params}, headers=clerk)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["items"]]

    assert ids(kind="publicity") == [made[0]["id"], made[3]["id"]]
    assert ids(review="approved") == [made[0]["id"]]
    assert ids(review="pending", kind="publicity") == [made[3]["id"]]
    assert ids(occurred_from="2025-04-10", occurred_to="2025-05-31") == [
        made[1]["id"],
        made[2]["id"],
    ]
    assert ids(enterprise_id=ent) == [made[1]["id"]]
    assert ids(case_id=world["case"]["id"]) == [made[2]["id"]]
    assert ids(region_id=world["town"]["id"]) == [m["id"] for m in made]
    assert ids(within=world["county"]["id"]) == [m["id"] for m in made]
    assert ids(sort="-occurred_on") == [m["id"] for m in reversed(made)]
    page = client.get(
        "/v1/activities",
        params={"coordinator_id": a, "sort": "occurred_on", "limit": 3},
        headers=clerk,
    ).json()
    assert [x["id"] for x in page["items"]] == [m["id"] for m in made[:3]] and page["next_cursor"]
    rest = client.get(
        "/v1/activities",
        params={
            "coordinator_id": a,
            "sort": "occurred_on",
            "limit": 3,
            "cursor": page["next_cursor"],
        },
        headers=clerk,
    ).json()
    assert [x["id"] for x in rest["items"]] == [made[3]["id"]] and rest["next_cursor"] is None
    problem(client.get("/v1/activities", params={"sort": "kind"}, headers=clerk), 422, "sort")
    problem(client.get("/v1/activities", params={"limit": 201}, headers=clerk), 422, "limit")
    problem(client.get("/v1/activities", params={"review": "maybe"}, headers=clerk), 422, "review")


def test_concurrent_reviews_with_one_etag_exactly_one_wins(
    client: TestClient, world: dict[str, Any], auth_headers: Headers
) -> None:
    """No lost update: of parallel reviews carrying the same ETag exactly one decides."""
    act = create(client, world["clerk"], world["a"]["id"])
    reviewers = [auth_headers("assessor", region_id=world["town"]["id"]) for _ in range(4)]
    results: list[int] = []
    barrier = threading.Barrier(4)

    def decide(i: int) -> None:
        barrier.wait()
        decision = "approved" if i % 2 else "rejected"
        results.append(review(client, reviewers[i], act, decision, reason="并发").status_code)

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 412, 412, 412]
    assert client.get(f"/v1/activities/{act['id']}", headers=world["clerk"]).json()["version"] == 2


def test_retried_review_with_idempotency_key_replays(
    client: TestClient, world: dict[str, Any]
) -> None:
    """A review retried under its Idempotency-Key gets the first answer, not a 412."""
    act = create(client, world["clerk"], world["a"]["id"])
    headers = {**world["reviewer"], "Idempotency-Key": unique("rev"), "If-Match": '"1"'}
    url = f"/v1/activities/{act['id']}/review"
    first = client.post(url, json={"decision": "approved"}, headers=headers)
    again = client.post(url, json={"decision": "approved"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert first.json()["version"] == 2 and first.headers["etag"] == '"2"'

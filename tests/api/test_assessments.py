"""Quarterly assessments and the stored-data scorecard view through HTTP.

Numbers are those of 汶政字〔2024〕59号 附件1 8.3 (pack wenshang-2024, in force from 2024-07-29):
基本得分满分30分; 宣传每次加5分、最多20分; 调解本单位、其他各最多10分; 刊发经验须市级以上媒体;
工作失误影响面较小每次减5分、较大每次减10分; 年内出现工作失误的取消金牌评选资格.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_coordinator, make_region, unique

Headers = Callable[..., dict[str, str]]

YEAR = 2025
"""A fully past year under wenshang-2024's scoring rules."""


def problem(r: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """Assert a problem+json answer of ``status`` naming ``field``; return its body."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    if field is not None:
        assert field in [e["field"] for e in body.get("errors", [])], body
    return body


def evidence(name: str) -> dict[str, str]:
    """One evidence item."""
    return {
        "name": name,
        "uri": f"https://files.example.cn/{unique()}",
        "sha256": hashlib.sha256(name.encode()).hexdigest(),
    }


@pytest.fixture
def admin(auth_headers: Headers) -> dict[str, str]:
    """A global admin."""
    return auth_headers("admin")


@pytest.fixture
def world(client: TestClient, admin: dict[str, str], auth_headers: Headers) -> dict[str, Any]:
    """A county, a township with a coordinator, an assessor and a township clerk."""
    county = make_region(client, admin)
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    return {
        "county": county,
        "town": town,
        "c": make_coordinator(client, admin, town["id"]),
        "assessor": auth_headers("assessor", region_id=county["id"]),
        "clerk": auth_headers("region_admin", region_id=town["id"]),
    }


def assess(
    client: TestClient,
    headers: dict[str, str],
    coordinator_id: int,
    quarter: int,
    score: float,
    year: int = YEAR,
    **extra: Any,
) -> Any:
    """POST an assessment and return the response."""
    body = {"coordinator_id": coordinator_id, "year": year, "quarter": quarter, "base_score": score}
    return client.post("/v1/assessments", json={**body, **extra}, headers=headers)


def test_lifecycle_create_read_change_delete_with_audit(
    client: TestClient, admin: dict[str, str], world: dict[str, Any], auth_headers: Headers
) -> None:
    """An assessor gives 28 (of 30, 附件1 8.3), another changes it to 25, then it is deleted."""
    c, assessor = world["c"], world["assessor"]
    r = assess(client, assessor, c["id"], 1, 28, note="日常工作扎实")
    assert r.status_code == 201, r.text
    row = r.json()
    assert row["base_score"] == 28 and row["region_id"] == world["town"]["id"]
    assert row["assessor"].startswith("user:test-assessor") and r.headers["etag"] == '"1"'
    url = f"/v1/assessments/{row['id']}"
    got = client.get(url, headers=world["clerk"])
    assert (
        got.status_code == 200
        and got.headers["etag"] == '"1"'
        and got.json()["note"] == "日常工作扎实"
    )

    other = auth_headers("assessor", region_id=world["town"]["id"], subject=f"user:{unique()}")
    r = client.patch(url, json={"base_score": 25.5}, headers={**other, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json()["base_score"] == 25.5 and r.json()["version"] == 2
    assert r.json()["assessor"] != row["assessor"] and r.json()["note"] == "日常工作扎实"

    listed = client.get(
        "/v1/assessments", params={"coordinator_id": c["id"], "year": YEAR}, headers=assessor
    ).json()["items"]
    assert [(x["id"], x["quarter"]) for x in listed] == [(row["id"], 1)]
    assert (
        client.get(
            "/v1/assessments", params={"coordinator_id": c["id"], "quarter": 2}, headers=assessor
        ).json()["items"]
        == []
    )

    assert client.delete(url, headers={**assessor, "If-Match": '"2"'}).status_code == 204
    problem(client.get(url, headers=assessor), 404)
    audit = client.get(
        "/v1/audit", params={"entity": "assessment", "entity_id": row["id"]}, headers=admin
    ).json()["items"]
    assert [e["action"] for e in audit] == ["create", "update", "delete"]
    assert audit[1]["before"]["base_score"] == 28 and audit[1]["after"]["base_score"] == 25.5
    # After the delete the quarter can be assessed again.
    assert assess(client, assessor, c["id"], 1, 20).status_code == 201


def test_one_assessment_per_coordinator_and_quarter_409(
    client: TestClient, world: dict[str, Any]
) -> None:
    """A second base score for the same coordinator and quarter is a conflict."""
    c, assessor = world["c"], world["assessor"]
    assert assess(client, assessor, c["id"], 2, 20).status_code == 201
    body = problem(assess(client, assessor, c["id"], 2, 21), 409)
    assert f"{YEAR} Q2" in body["detail"]
    assert assess(client, assessor, c["id"], 3, 21).status_code == 201


def test_concurrent_duplicate_assessments_one_row(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Parallel POSTs for one coordinator and quarter: one 201, the others 409, one row."""
    c, assessor = world["c"], world["assessor"]
    results: list[int] = []
    barrier = threading.Barrier(4)

    def post(i: int) -> None:
        barrier.wait()
        results.append(assess(client, assessor, c["id"], 4, 20 + i).status_code)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [201, 409, 409, 409]
    rows = client.get(
        "/v1/assessments", params={"coordinator_id": c["id"], "quarter": 4}, headers=assessor
    )
    assert len(rows.json()["items"]) == 1


def test_base_score_bounds_from_the_pack_8_3(client: TestClient, world: dict[str, Any]) -> None:
    """基本得分考核（满分30分）: 30 and 0 pass, 31 and −1 are 422 naming base_score."""
    c, assessor = world["c"], world["assessor"]
    body = problem(assess(client, assessor, c["id"], 1, 31), 422, "base_score")
    assert body["errors"][0]["rule"] == "scoring.base.max" and "30" in body["errors"][0]["message"]
    problem(assess(client, assessor, c["id"], 1, 30.5), 422, "base_score")
    problem(assess(client, assessor, c["id"], 1, -1), 422, "base_score")
    problem(assess(client, assessor, c["id"], 1, "28"), 422, "base_score")
    assert assess(client, assessor, c["id"], 1, 30).json()["base_score"] == 30
    assert assess(client, assessor, c["id"], 2, 0).json()["base_score"] == 0
    row = assess(client, assessor, c["id"], 3, 10).json()
    url = f"/v1/assessments/{row['id']}"
    problem(
        client.patch(url, json={"base_score": 31}, headers={**assessor, "If-Match": '"1"'}),
        422,
        "base_score",
    )
    problem(
        client.patch(url, json={"base_score": None}, headers={**assessor, "If-Match": '"1"'}),
        422,
        "base_score",
    )
    assert client.get(url, headers=assessor).json()["version"] == 1


def test_quarter_must_have_begun_and_rules_be_in_force(
    client: TestClient, world: dict[str, Any]
) -> None:
    """No base score for a quarter to come, nor for one before the scheme (from 2024-07-29)."""
    c, assessor = world["c"], world["assessor"]
    next_year = dt.date.today().year + 1
    problem(assess(client, assessor, c["id"], 1, 20, year=next_year), 422, "quarter")
    body = problem(assess(client, assessor, c["id"], 2, 20, year=2024), 422, "quarter")
    assert "2024-07-29" in body["detail"]
    assert assess(client, assessor, c["id"], 3, 20, year=2024).status_code == 201
    problem(assess(client, assessor, c["id"], 5, 20), 422, "quarter")
    problem(assess(client, assessor, 99_999_999, 1, 20), 422, "coordinator_id")
    problem(assess(client, assessor, c["id"], 1, 20, grade="A"), 422, "grade")


def test_coordinator_cannot_score_themself_403(
    client: TestClient, world: dict[str, Any], auth_headers: Headers
) -> None:
    """An assessor who is the coordinator (coordinator_id claim) cannot give or change its own score."""
    c = world["c"]
    himself = auth_headers("assessor", region_id=world["town"]["id"], coordinator_id=c["id"])
    problem(assess(client, himself, c["id"], 1, 30), 403)
    row = assess(client, world["assessor"], c["id"], 1, 10).json()
    url = f"/v1/assessments/{row['id']}"
    problem(client.patch(url, json={"base_score": 30}, headers={**himself, "If-Match": '"1"'}), 403)
    problem(client.delete(url, headers={**himself, "If-Match": '"1"'}), 403)
    # A plain coordinator lacks assessments:write.
    me = auth_headers("coordinator", region_id=world["town"]["id"], coordinator_id=c["id"])
    problem(assess(client, me, c["id"], 2, 30), 403)
    assert client.get(url, headers=me).json()["base_score"] == 10


def test_if_match_428_412_and_idempotent_post(client: TestClient, world: dict[str, Any]) -> None:
    """PATCH/DELETE need If-Match; a retried POST with one Idempotency-Key makes one row."""
    c, assessor = world["c"], world["assessor"]
    key = unique("idem")
    body = {"coordinator_id": c["id"], "year": YEAR, "quarter": 4, "base_score": 27}
    first = client.post("/v1/assessments", json=body, headers={**assessor, "Idempotency-Key": key})
    again = client.post("/v1/assessments", json=body, headers={**assessor, "Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert (
        first.json()["id"] == again.json()["id"] and again.headers["idempotent-replayed"] == "true"
    )
    rows = client.get(
        "/v1/assessments", params={"coordinator_id": c["id"]}, headers=assessor
    ).json()
    assert [x["id"] for x in rows["items"]] == [first.json()["id"]]
    url = f"/v1/assessments/{first.json()['id']}"
    problem(client.patch(url, json={"note": "x"}, headers=assessor), 428)
    problem(client.delete(url, headers=assessor), 428)
    problem(client.patch(url, json={"note": "x"}, headers={**assessor, "If-Match": '"9"'}), 412)
    problem(client.delete(url, headers={**assessor, "If-Match": '"9"'}), 412)
    assert client.get(url, headers=assessor).json()["version"] == 1


def test_region_scoping(
    client: TestClient, admin: dict[str, str], world: dict[str, Any], auth_headers: Headers
) -> None:
    """Another county's admin: 404 on read and scorecards, empty list, 422 on create."""
    c = world["c"]
    row = assess(client, world["assessor"], c["id"], 1, 20).json()
    stranger = auth_headers("region_admin", region_id=make_region(client, admin)["id"])
    url = f"/v1/assessments/{row['id']}"
    problem(client.get(url, headers=stranger), 404)
    problem(client.patch(url, json={"note": "x"}, headers={**stranger, "If-Match": '"1"'}), 404)
    problem(client.delete(url, headers={**stranger, "If-Match": '"1"'}), 404)
    assert (
        client.get("/v1/assessments", params={"coordinator_id": c["id"]}, headers=stranger).json()[
            "items"
        ]
        == []
    )
    problem(assess(client, stranger, c["id"], 2, 20), 422, "coordinator_id")
    problem(
        client.get(
            f"/v1/coordinators/{c['id']}/scorecards", params={"year": YEAR}, headers=stranger
        ),
        404,
    )


# --- the scorecard view ------------------------------------------------------------------------


def record(
    client: TestClient,
    clerk: dict[str, str],
    coordinator_id: int,
    kind: str,
    on: str,
    proof: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """Record an activity (with one piece of evidence unless ``proof`` is false)."""
    body = {
        "coordinator_id": coordinator_id,
        "kind": kind,
        "occurred_on": on,
        "evidence": [evidence(f"{kind}-{on}.jpg")] if proof else [],
        **extra,
    }
    r = client.post("/v1/activities", json=body, headers=clerk)
    assert r.status_code == 201, r.text
    return dict(r.json())


def approve(
    client: TestClient, reviewer: dict[str, str], activity: dict[str, Any]
) -> dict[str, Any]:
    """Approve an activity."""
    r = client.post(
        f"/v1/activities/{activity['id']}/review",
        json={"decision": "approved"},
        headers={**reviewer, "If-Match": f'"{activity["version"]}"'},
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def view(client: TestClient, headers: dict[str, str], coordinator_id: int, **params: Any) -> Any:
    """GET the scorecard view."""
    return client.get(
        f"/v1/coordinators/{coordinator_id}/scorecards", params=params, headers=headers
    )


def test_scorecards_count_only_approved_activities_and_cap_8_3(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Q2: 5 approved publicity → 20 (capped, 8.3); pending, withdrawn, unproven, county media don't."""
    c, clerk, assessor = world["c"]["id"], world["clerk"], world["assessor"]
    assert assess(client, assessor, c, 2, 28).status_code == 201
    publicity = [
        approve(client, assessor, record(client, clerk, c, "publicity", f"2025-0{m}-0{d}"))
        for m, d in ((4, 1), (4, 2), (5, 3), (5, 4), (6, 5))
    ]
    record(client, clerk, c, "mediation_other", "2025-05-20")  # pending: does not score
    withdrawn = approve(client, assessor, record(client, clerk, c, "risk_prevention", "2025-05-21"))
    assert (
        client.delete(
            f"/v1/activities/{withdrawn['id']}",
            headers={**clerk, "If-Match": f'"{withdrawn["version"]}"'},
        ).status_code
        == 204
    )
    unproven = approve(
        client,
        assessor,
        record(client, clerk, c, "management_improvement", "2025-05-22", proof=False),
    )
    county_media = approve(
        client,
        assessor,
        record(client, clerk, c, "publication", "2025-05-23", media_level="county"),
    )
    city_media = approve(
        client,
        assessor,
        record(client, clerk, c, "publication", "2025-05-24", media_level="municipal"),
    )
    minor = approve(
        client, assessor, record(client, clerk, c, "error_minor", "2025-06-10", proof=False)
    )
    approve(client, assessor, record(client, clerk, c, "mediation_own_unit", "2025-08-01"))  # Q3
    record(client, clerk, c, "onsite_visit", "2025-04-03")  # not a scoring kind

    r = view(client, assessor, c, year=YEAR)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["policy"] == "wenshang-2024" and body["year"] == YEAR and body["rules_version"]
    q1, q2, q3, q4 = body["quarters"]
    assert (q2["period_start"], q2["period_end"]) == ("2025-04-01", "2025-06-30")
    card = q2["scorecard"]
    cats = {x["category"]: x for x in card["categories"]}
    assert cats["publicity"] == {"category": "publicity", "count": 5, "points": 20, "cap": 20}
    assert cats["mediation"]["count"] == 0 and cats["risk"]["count"] == 0
    assert cats["publication"] == {"category": "publication", "count": 1, "points": 5, "cap": 10}
    assert cats["management"]["count"] == 0
    assert card["bonus"] == 25 and card["deduction"] == 5 and card["errors_minor"] == 1
    assert card["base_score"] == 28 and card["total"] == 28 + 25 - 5
    ignored = {x["activity_id"]: x["reason"] for x in card["ignored"]}
    assert ignored == {unproven["id"]: "no_evidence", county_media["id"]: "media_level_too_low"}
    expected_ids = {p["id"] for p in publicity} | {
        unproven["id"],
        county_media["id"],
        city_media["id"],
        minor["id"],
    }
    assert set(q2["activity_ids"]) == expected_ids
    assert q2["assessment_id"] is not None and q2["notes"] == []
    assert [s["rule"] for s in card["trace"]][:2] == ["scoring.period", "scoring.base"]
    # Q1 and Q4: no assessment → base 0, said in a note; Q3: one own-unit mediation, +5.
    for q in (q1, q4):
        assert q["scorecard"]["total"] == 0 and q["assessment_id"] is None
        assert any("no assessment" in n for n in q["notes"])
    assert q3["scorecard"]["total"] == 5
    assert {x["category"]: x["points"] for x in q3["scorecard"]["categories"]}["mediation"] == 5
    assert body["annual_total"] == 48 + 5 and body["work_errors"] == 1
    assert body["gold_eligible"] is False and body["job_adjustment_recommended"] is False
    assert body["trace"][0]["rule"] == "annual.aggregate"


def test_scorecards_before_the_scheme_and_bad_policy(
    client: TestClient, world: dict[str, Any]
) -> None:
    """2024: Q1–Q2 precede wenshang-2024 (2024-07-29) and are not scored; 2023 is 422 naming year."""
    c, assessor = world["c"]["id"], world["assessor"]
    assert assess(client, assessor, c, 4, 30, year=2024).status_code == 201
    body = view(client, assessor, c, year=2024).json()
    q1, q2, q3, q4 = body["quarters"]
    assert q1["scorecard"] is None and q2["scorecard"] is None
    assert "2024-07-29" in q1["notes"][0]
    assert q3["scorecard"]["total"] == 0 and q4["scorecard"]["total"] == 30
    assert body["annual_total"] == 30 and body["gold_eligible"] is True
    problem(view(client, assessor, c, year=2023), 422, "year")
    problem(view(client, assessor, c, year=YEAR, policy="no-such-pack"), 422, "policy")
    problem(view(client, assessor, c, year=YEAR, policy="national"), 422, "policy")
    problem(view(client, assessor, c), 422, "year")
    problem(view(client, assessor, 99_999_999, year=YEAR), 404)


def test_scorecards_gold_and_job_adjustment_from_approved_errors_8_3(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Two approved work errors in a year: no gold, job adjustment advised; −5 and −10 (8.3)."""
    c, clerk, assessor = world["c"]["id"], world["clerk"], world["assessor"]
    approve(client, assessor, record(client, clerk, c, "error_minor", "2025-02-01", proof=False))
    approve(client, assessor, record(client, clerk, c, "error_major", "2025-11-01", proof=False))
    record(client, clerk, c, "error_major", "2025-11-02", proof=False)  # pending: not counted
    body = view(client, assessor, c, year=YEAR).json()
    totals = [q["scorecard"]["total"] for q in body["quarters"]]
    assert totals == [-5, 0, 0, -10] and body["annual_total"] == -15
    assert body["work_errors"] == 2 and body["gold_eligible"] is False
    assert body["job_adjustment_recommended"] is True


_KINDS = st.sampled_from(
    [
        "publicity",
        "mediation_own_unit",
        "mediation_other",
        "risk_prevention",
        "management_improvement",
    ]
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    events=st.lists(st.tuples(_KINDS, st.integers(1, 91), st.booleans()), min_size=0, max_size=7),
    base=st.integers(0, 30),
)
def test_view_equals_the_stateless_calculator_on_approved_events(
    client: TestClient,
    admin: dict[str, str],
    auth_headers: Headers,
    events: list[tuple[str, int, bool]],
    base: int,
) -> None:
    """Property: a stored quarter scores exactly as POST /v1/rules/scorecard on its approved events."""
    town = make_region(client, admin, parent_id=make_region(client, admin)["id"], kind="township")
    c = make_coordinator(client, admin, town["id"])["id"]
    clerk = auth_headers("region_admin", region_id=town["id"])
    reviewer = auth_headers("assessor", region_id=town["id"])
    assert assess(client, reviewer, c, 3, base).status_code == 201
    approved = []
    for kind, day, ok in events:
        on = (dt.date(YEAR, 7, 1) + dt.timedelta(days=day - 1)).isoformat()
        act = record(client, clerk, c, kind, on)
        if ok:
            approve(client, reviewer, act)
            approved.append({"kind": kind, "occurred_on": on, "evidence": ["x"]})
    stored = view(client, reviewer, c, year=YEAR).json()["quarters"][2]["scorecard"]
    calc = client.post(
        "/v1/rules/scorecard",
        json={"year": YEAR, "quarter": 3, "base_score": base, "events": approved},
    ).json()
    assert stored["categories"] == calc["categories"]
    assert (stored["bonus"], stored["deduction"], stored["total"]) == (
        calc["bonus"],
        calc["deduction"],
        calc["total"],
    )

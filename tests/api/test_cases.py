"""Cases through HTTP: lifecycle, status machine, timeline, deadlines, ETags, idempotency, scoping.

Deadline figures are worked out by hand from the statutes (劳动争议调解仲裁法 第十四条、第四十三条;
劳动人事争议仲裁办案规则 第四十五条、第四十六条、第八十条) on China's 2025 holiday calendar; the
collective threshold is 办案规则 第五条 (十人以上); dispute types are 汶政字〔2024〕59号 附件1 7.2.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_api.cases import workflow
from lrc_api.core.errors import Conflict
from lrc_api.core.models import today
from tests.factories import make_coordinator, make_enterprise, make_region, unique

Headers = Callable[..., dict[str, str]]

TODAY = today()
"""The service's today: the day in China."""


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
    """A county with a township, two coordinators, an enterprise and the township's clerk."""
    county = make_region(client, admin)
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    return {
        "county": county,
        "town": town,
        "a": make_coordinator(client, admin, town["id"]),
        "b": make_coordinator(client, admin, town["id"]),
        "enterprise": make_enterprise(client, admin, town["id"]),
        "clerk": auth_headers("region_admin", region_id=town["id"]),
    }


def body(region_id: int, **extra: Any) -> dict[str, Any]:
    """A valid arbitration case received on 2025-03-03."""
    return {
        "region_id": region_id,
        "source": "walk_in",
        "procedure": "arbitration",
        "categories": ["pay_compensation"],
        "worker_count": 3,
        "claims": [{"type": "labor_remuneration", "amount": 18500.5}],
        "received_on": "2025-03-03",
        **extra,
    }


def create(client: TestClient, headers: dict[str, str], region_id: int, **extra: Any) -> Any:
    """Record a case and return it."""
    r = client.post("/v1/cases", json=body(region_id, **extra), headers=headers)
    assert r.status_code == 201, r.text
    assert r.headers["etag"] == f'"{r.json()["version"]}"'
    return r.json()


def move(
    client: TestClient,
    headers: dict[str, str],
    case: dict[str, Any],
    to: str,
    on: str | None,
    conclusion: str | None = None,
) -> Any:
    """POST a transition with the case's current ETag; return the response."""
    payload: dict[str, Any] = {"to": to} if on is None else {"to": to, "on": on}
    if conclusion is not None:
        payload["conclusion"] = conclusion
    return client.post(
        f"/v1/cases/{case['id']}/transition",
        json=payload,
        headers={**headers, "If-Match": f'"{case["version"]}"'},
    )


def walk(
    client: TestClient, headers: dict[str, str], case: dict[str, Any], *steps: tuple[str, ...]
) -> dict[str, Any]:
    """Apply transitions (to, on[, conclusion]) in order, each expected to succeed; return the
    case after the last."""
    for to, on, *conclusion in steps:
        r = move(client, headers, case, to, on, *conclusion)
        assert r.status_code == 200, r.text
        case = r.json()
    return case


def event(client: TestClient, headers: dict[str, str], case_id: int, **payload: Any) -> Any:
    """POST a timeline entry; return the response."""
    return client.post(f"/v1/cases/{case_id}/events", json=payload, headers=headers)


def deadline(client: TestClient, headers: dict[str, str], case_id: int, key: str) -> Any:
    """One deadline of a case from GET …/deadlines."""
    r = client.get(f"/v1/cases/{case_id}/deadlines", headers=headers)
    assert r.status_code == 200, r.text
    return next(d for d in r.json()["deadlines"] if d["key"] == key)


def test_lifecycle_received_to_closed_with_timeline_deadlines_and_audit(
    client: TestClient, admin: dict[str, str], world: dict[str, Any]
) -> None:
    """received → accepted → in_progress → awarded → closed; the award (调解仲裁法 第四十三条:
    45 days from acceptance, 2025-03-05 + 45 = Sat 2025-04-19 → Mon 04-21) is met on 04-15."""
    clerk, a, b = world["clerk"], world["a"], world["b"]
    case = create(
        client,
        clerk,
        world["town"]["id"],
        enterprise_id=world["enterprise"]["id"],
        summary="拖欠三个月工资",
        assignments=[
            {"coordinator_id": a["id"], "role": "assist"},
            {"coordinator_id": b["id"], "role": "lead"},
        ],
    )
    assert case["number"] == f"LRC-2025-{case['id']:06d}"
    assert case["status"] == "received" and case["version"] == 1 and not case["collective"]
    assert case["allowed_transitions"] == ["accepted", "withdrawn", "transferred"]
    assert case["claims"] == [{"type": "labor_remuneration", "amount": "18500.5"}]
    assert case["assignments"] == [
        {"coordinator_id": b["id"], "role": "lead"},
        {"coordinator_id": a["id"], "role": "assist"},
    ]
    url = f"/v1/cases/{case['id']}"
    r = client.get(url, headers=clerk)
    assert r.status_code == 200 and r.headers["etag"] == '"1"' and r.json() == case

    case = walk(client, clerk, case, ("accepted", "2025-03-05"), ("in_progress", "2025-03-06"))
    assert case["accepted_on"] == "2025-03-05" and case["status"] == "in_progress"
    award = deadline(client, clerk, case["id"], "award")
    assert award["due_on"] == "2025-04-21" and award["status"] == "overdue"
    assert award["citation"]["doc"].startswith("中华人民共和国劳动争议调解仲裁法")

    case = walk(client, clerk, case, ("awarded", "2025-04-15"), ("closed", "2025-04-20"))
    assert case["status"] == "closed" and case["closed_on"] == "2025-04-20"
    assert case["allowed_transitions"] == [] and case["version"] == 5
    award = deadline(client, clerk, case["id"], "award")
    assert award["status"] == "met" and award["done_on"] == "2025-04-15"

    timeline = client.get(f"{url}/events", headers=clerk).json()["items"]
    assert [(e["seq"], e["kind"], e["status"], e["on"]) for e in timeline] == [
        (1, "status_changed", "accepted", "2025-03-05"),
        (2, "status_changed", "in_progress", "2025-03-06"),
        (3, "status_changed", "awarded", "2025-04-15"),
        (4, "status_changed", "closed", "2025-04-20"),
    ]
    audit = client.get(
        "/v1/audit", params={"entity": "case", "entity_id": case["id"]}, headers=admin
    ).json()["items"]
    assert [e["action"] for e in audit] == ["create", "update", "update", "update", "update"]
    assert audit[0]["after"]["assignments"][0] == {"coordinator_id": b["id"], "role": "lead"}
    assert audit[-1]["before"]["status"] == "awarded" and audit[-1]["after"]["status"] == "closed"


def test_illegal_transition_is_409_naming_the_allowed_targets(
    client: TestClient, world: dict[str, Any]
) -> None:
    """received → in_progress skips acceptance: 409 with `allowed`; a closed case goes nowhere."""
    clerk = world["clerk"]
    case = create(client, clerk, world["town"]["id"])
    body = problem(move(client, clerk, case, "in_progress", "2025-03-05"), 409, "to")
    assert body["allowed"] == ["accepted", "withdrawn", "transferred"]
    assert body["case_status"] == "received" and "accepted" in body["detail"]
    assert body["status"] == 409  # the problem's own member, not the case's
    case = walk(client, clerk, case, ("withdrawn", "2025-03-04"), ("closed", "2025-03-04"))
    body = problem(move(client, clerk, case, "accepted", None), 409, "to")
    assert body["allowed"] == []
    # a refused move changes nothing
    assert client.get(f"/v1/cases/{case['id']}", headers=clerk).json()["version"] == 3


def test_transition_needs_if_match_and_a_possible_date(
    client: TestClient, world: dict[str, Any]
) -> None:
    """428 without If-Match, 412 when stale; a future day, or one before the last change → 422."""
    clerk = world["clerk"]
    case = create(client, clerk, world["town"]["id"])
    url = f"/v1/cases/{case['id']}/transition"
    problem(client.post(url, json={"to": "accepted"}, headers=clerk), 428)
    stale = {**clerk, "If-Match": '"7"'}
    problem(client.post(url, json={"to": "accepted"}, headers=stale), 412)
    tomorrow = (TODAY + dt.timedelta(days=2)).isoformat()
    problem(move(client, clerk, case, "accepted", tomorrow), 422, "on")
    problem(move(client, clerk, case, "accepted", "2025-03-01"), 422, "on")  # before receipt
    case = walk(client, clerk, case, ("accepted", "2025-03-10"))
    problem(move(client, clerk, case, "in_progress", "2025-03-09"), 422, "on")
    r = move(client, clerk, case, "in_progress", None)  # default: today
    assert r.status_code == 200 and r.headers["etag"] == '"3"'
    assert (
        client.get(f"/v1/cases/{case['id']}/events", headers=clerk).json()["items"][-1]["on"]
        == TODAY.isoformat()
    )


def test_suspension_events_drive_the_status_and_stop_the_award_clock_46(
    client: TestClient, world: dict[str, Any]
) -> None:
    """办案规则 第四十六条: 中止审理 from 03-20 to 03-30 adds 10 days, 45 + 10 from 2025-03-05 →
    2025-04-29; suspension_start moves in_progress → suspended and suspension_end back."""
    clerk = world["clerk"]
    case = create(client, clerk, world["town"]["id"])
    case = walk(client, clerk, case, ("accepted", "2025-03-05"))
    problem(event(client, clerk, case["id"], kind="suspension_start", on="2025-03-20"), 409, "kind")
    case = walk(client, clerk, case, ("in_progress", "2025-03-06"))
    r = event(client, clerk, case["id"], kind="suspension_start", on="2025-03-20", note="鉴定")
    assert r.status_code == 201, r.text
    assert r.json()["kind"] == "suspension_start" and r.json()["seq"] == 3
    got = client.get(f"/v1/cases/{case['id']}", headers=clerk).json()
    assert got["status"] == "suspended" and got["allowed_transitions"] == [
        "in_progress",
        "withdrawn",
    ]
    body = problem(event(client, clerk, case["id"], kind="suspension_start", on="2025-03-21"), 409)
    assert body["status"] == 409 and body["case_status"] == "suspended"
    assert body["allowed"] == ["in_progress", "withdrawn"]
    award = deadline(client, clerk, case["id"], "award")
    assert award["suspended"] and award["status"] == "open"  # the clock is stopped
    assert (
        event(client, clerk, case["id"], kind="suspension_end", on="2025-03-30").status_code == 201
    )
    assert client.get(f"/v1/cases/{case['id']}", headers=clerk).json()["status"] == "in_progress"
    award = deadline(client, clerk, case["id"], "award")
    assert award["due_on"] == "2025-04-29" and award["excluded_days"] == 10
    assert award["status"] == "overdue" and not award["suspended"]
    kinds = [
        e["kind"]
        for e in client.get(f"/v1/cases/{case['id']}/events", headers=clerk).json()["items"]
    ]
    assert kinds == [
        "status_changed",
        "status_changed",
        "suspension_start",
        "status_changed",
        "suspension_end",
        "status_changed",
    ]
    problem(event(client, clerk, case["id"], kind="suspension_end", on="2025-04-01"), 409, "kind")


def test_transition_to_suspended_writes_the_clock_events_too(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Suspending through …/transition stops the award clock exactly like the event does (第四十六条)."""
    clerk = world["clerk"]
    case = create(client, clerk, world["town"]["id"])
    case = walk(
        client,
        clerk,
        case,
        ("accepted", "2025-03-05"),
        ("in_progress", "2025-03-06"),
        ("suspended", "2025-03-20"),
        ("in_progress", "2025-03-30"),
    )
    kinds = [
        e["kind"]
        for e in client.get(f"/v1/cases/{case['id']}/events", headers=clerk).json()["items"]
    ]
    assert kinds[2:] == ["suspension_start", "status_changed", "suspension_end", "status_changed"]
    assert deadline(client, clerk, case["id"], "award")["due_on"] == "2025-04-29"


def test_one_extension_within_the_maximum_moves_the_award_45(
    client: TestClient, world: dict[str, Any]
) -> None:
    """办案规则 第四十五条: one extension ≤ 15 days: 2025-03-05 + 60 = Sun 05-04 (May Day) → 05-06."""
    clerk = world["clerk"]
    case = create(client, clerk, world["town"]["id"])
    walk(client, clerk, case, ("accepted", "2025-03-05"), ("in_progress", "2025-03-06"))
    problem(event(client, clerk, case["id"], kind="extension", on="2025-04-10"), 422, "days")
    problem(
        event(client, clerk, case["id"], kind="extension", on="2025-04-10", days=16), 422, "days"
    )
    r = event(client, clerk, case["id"], kind="extension", on="2025-04-10", days=15)
    assert r.status_code == 201, r.text
    problem(
        event(client, clerk, case["id"], kind="extension", on="2025-04-12", days=5), 422, "kind"
    )
    award = deadline(client, clerk, case["id"], "award")
    assert award["due_on"] == "2025-05-06" and award["extension_days"] == 15 and award["days"] == 60


def test_timeline_entries_are_checked_and_append_only(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Bad entries are 422 naming the field and write nothing; entries cannot change (405)."""
    clerk = world["clerk"]
    case = create(client, clerk, world["town"]["id"], procedure="mediation")
    cid = case["id"]
    problem(event(client, clerk, cid, kind="claims_amended", on="2025-03-04"), 422, "kind")
    problem(event(client, clerk, cid, kind="note", on="2025-03-04"), 422, "note")
    problem(event(client, clerk, cid, kind="note", on="2025-03-01", note="x"), 422, "on")
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    problem(event(client, clerk, cid, kind="note", on=future, note="x"), 422, "on")
    problem(event(client, clerk, cid, kind="note", on="2025-03-04", note="x", days=3), 422, "days")
    problem(event(client, clerk, cid, kind="note", on="2025/03/04", note="x"), 422, "on")
    problem(event(client, clerk, cid, kind="note", on="2025-03-04", note="x", extra=1), 422)
    assert client.get(f"/v1/cases/{cid}/events", headers=clerk).json()["items"] == []
    r = event(client, clerk, cid, kind="note", on="2025-03-04", note="电话联系双方")
    assert r.status_code == 201 and r.json()["seq"] == 1 and r.json()["actor"]
    assert client.delete(f"/v1/cases/{cid}/events", headers=clerk).status_code == 405
    assert client.patch(f"/v1/cases/{cid}/events", json={}, headers=clerk).status_code == 405
    assert client.delete(f"/v1/cases/{cid}", headers=clerk).status_code == 405
    walk(client, clerk, case, ("withdrawn", "2025-03-05"), ("closed", "2025-03-05"))
    problem(event(client, clerk, cid, kind="suspension_start", on="2025-03-06"), 409, "kind")
    assert event(client, clerk, cid, kind="note", on="2025-03-06", note="归档").status_code == 201


def test_hearing_may_be_scheduled_in_the_future_35(
    client: TestClient, world: dict[str, Any]
) -> None:
    """调解仲裁法 第三十五条: the hearing notice is due 5 days before a (future) hearing date."""
    clerk = world["clerk"]
    case = create(client, clerk, world["town"]["id"])
    walk(client, clerk, case, ("accepted", "2025-03-05"), ("in_progress", "2025-03-06"))
    hearing = TODAY + dt.timedelta(days=30)
    r = event(client, clerk, case["id"], kind="hearing_scheduled", on=hearing.isoformat())
    assert r.status_code == 201, r.text
    notice = deadline(client, clerk, case["id"], "hearing_notice")
    assert notice["counts_from"] == hearing.isoformat() and notice["due_on"] < hearing.isoformat()


def test_mediation_ends_15_days_after_receipt_14(client: TestClient, world: dict[str, Any]) -> None:
    """调解仲裁法 第十四条: 15 days from receipt, 2025-06-02 + 15 = 2025-06-17; met when mediated."""
    clerk = world["clerk"]
    case = create(
        client, clerk, world["town"]["id"], procedure="mediation", received_on="2025-06-02"
    )
    end = deadline(client, clerk, case["id"], "mediation_end")
    assert end["due_on"] == "2025-06-17" and end["basis"] == "calendar_days"
    walk(
        client,
        clerk,
        case,
        ("accepted", "2025-06-02"),
        ("in_progress", "2025-06-03"),
        ("mediated", "2025-06-18", "agreement"),
    )
    end = deadline(client, clerk, case["id"], "mediation_end")
    assert end["status"] == "late" and end["done_on"] == "2025-06-18"


def test_hotline_closure_needs_a_pack_with_local_limits(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Local closure limits are a pack's (minhang-2023: complaint 5 working days); 2025-06-02 is
    端午 (a holiday), so 5 working days end on 2025-06-09. The national packs set none → 422."""
    clerk = world["clerk"]
    extra = {"procedure": "hotline", "source": "hotline_12345", "received_on": "2025-06-02"}
    problem(
        client.post("/v1/cases", json=body(world["town"]["id"], **extra), headers=clerk),
        422,
        "matter",
    )
    case = create(client, clerk, world["town"]["id"], matter="complaint", **extra)
    problem(client.get(f"/v1/cases/{case['id']}/deadlines", headers=clerk), 422, "policy")
    r = client.get(
        f"/v1/cases/{case['id']}/deadlines", params={"policy": "minhang-2023"}, headers=clerk
    )
    assert r.status_code == 200, r.text
    closure = r.json()["deadlines"][0]
    assert closure["key"] == "closure" and closure["due_on"] == "2025-06-09"
    assert r.json()["policy"] == "minhang-2023" and r.json()["trace"]
    problem(
        client.get(f"/v1/cases/{case['id']}/deadlines", params={"policy": "nope"}, headers=clerk),
        422,
        "policy",
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"worker_count": 0}, "worker_count"),
        ({"received_on": (TODAY + dt.timedelta(days=2)).isoformat()}, "received_on"),
        ({"accepted_on": "2025-03-01"}, "accepted_on"),
        ({"received_on": "2001-06-30"}, "received_on"),  # before 办案规则 (pack: from 2008-05-01)
        ({"region_id": 987_654_321}, "region_id"),
        ({"enterprise_id": 987_654_321}, "enterprise_id"),
        ({"categories": ["contract", "contract"]}, "categories"),
        ({"categories": ["holidays"]}, "categories[0]"),
        ({"claims": [{"type": "damages", "amount": -1}]}, "claims[0].amount"),
        ({"matter": "help"}, "matter"),
        ({"number": "LRC-2025-000001"}, "number"),
        (
            {"assignments": [{"coordinator_id": 987_654_321, "role": "lead"}]},
            "assignments[0].coordinator_id",
        ),
    ],
)
def test_bad_case_input_is_422_naming_the_field_and_writes_nothing(
    client: TestClient, world: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    """A worker count below 1, a future receipt, an unknown region … → 422; no row written."""
    clerk, town = world["clerk"], world["town"]
    r = client.post("/v1/cases", json={**body(town["id"]), **change}, headers=clerk)
    problem(r, 422, field)
    listed = client.get("/v1/cases", params={"region_id": town["id"]}, headers=clerk).json()
    assert listed["items"] == []


def test_assignments_one_lead_known_coordinators_in_scope(
    client: TestClient, admin: dict[str, str], world: dict[str, Any]
) -> None:
    """At most one lead; each coordinator once; a coordinator of another region is unknown."""
    clerk, a, b = world["clerk"], world["a"], world["b"]
    two_leads = [
        {"coordinator_id": a["id"], "role": "lead"},
        {"coordinator_id": b["id"], "role": "lead"},
    ]
    r = client.post(
        "/v1/cases", json=body(world["town"]["id"], assignments=two_leads), headers=clerk
    )
    problem(r, 422, "assignments[1].role")
    twice = [
        {"coordinator_id": a["id"], "role": "lead"},
        {"coordinator_id": a["id"], "role": "assist"},
    ]
    r = client.post("/v1/cases", json=body(world["town"]["id"], assignments=twice), headers=clerk)
    problem(r, 422, "assignments[1].coordinator_id")
    elsewhere = make_coordinator(client, admin, make_region(client, admin)["id"])
    stranger = [{"coordinator_id": elsewhere["id"], "role": "assist"}]
    r = client.post(
        "/v1/cases", json=body(world["town"]["id"], assignments=stranger), headers=clerk
    )
    problem(r, 422, "assignments[0].coordinator_id")
    # replacing the list through PATCH: the lead moves from a to b
    case = create(
        client,
        clerk,
        world["town"]["id"],
        assignments=[{"coordinator_id": a["id"], "role": "lead"}],
    )
    swap = [
        {"coordinator_id": b["id"], "role": "lead"},
        {"coordinator_id": a["id"], "role": "assist"},
    ]
    r = client.patch(
        f"/v1/cases/{case['id']}", json={"assignments": swap}, headers={**clerk, "If-Match": '"1"'}
    )
    assert r.status_code == 200, r.text
    assert r.json()["assignments"] == swap and r.headers["etag"] == '"2"'
    mine = client.get("/v1/cases", params={"coordinator_id": b["id"]}, headers=clerk).json()[
        "items"
    ]
    assert [c["id"] for c in mine] == [case["id"]]


def test_collective_from_ten_workers_article_5(client: TestClient, world: dict[str, Any]) -> None:
    """办案规则 第五条 (劳动者一方在十人以上): 9 workers no, 10 yes; the flag follows a PATCH."""
    clerk, town = world["clerk"], world["town"]["id"]
    nine = create(client, clerk, town, worker_count=9)
    ten = create(client, clerk, town, worker_count=10)
    assert (nine["collective"], ten["collective"]) == (False, True)
    r = client.patch(
        f"/v1/cases/{nine['id']}", json={"worker_count": 12}, headers={**clerk, "If-Match": '"1"'}
    )
    assert r.status_code == 200 and r.json()["collective"] is True
    listed = client.get(
        "/v1/cases", params={"region_id": town, "collective": True}, headers=clerk
    ).json()
    assert sorted(c["id"] for c in listed["items"]) == sorted([nine["id"], ten["id"]])
    r = client.patch(
        f"/v1/cases/{nine['id']}", json={"worker_count": 0}, headers={**clerk, "If-Match": '"2"'}
    )
    problem(r, 422, "worker_count")
    r = client.patch(
        f"/v1/cases/{nine['id']}", json={"worker_count": None}, headers={**clerk, "If-Match": '"2"'}
    )
    problem(r, 422, "worker_count")
    assert deadline(client, clerk, ten["id"], "acceptance_decision")  # still computable
    assert (
        client.get(f"/v1/cases/{ten['id']}/deadlines", headers=clerk).json()["collective"] is True
    )


def test_patch_needs_if_match_428_and_stale_is_412(
    client: TestClient, world: dict[str, Any]
) -> None:
    """No blind updates: PATCH without If-Match is 428, with an old ETag 412."""
    clerk = world["clerk"]
    case = create(client, clerk, world["town"]["id"])
    url = f"/v1/cases/{case['id']}"
    problem(client.patch(url, json={"summary": "x"}, headers=clerk), 428)
    r = client.patch(
        url,
        json={"summary": "补充材料", "outcome": "部分支持"},
        headers={**clerk, "If-Match": '"1"'},
    )
    assert r.status_code == 200 and r.json()["outcome"] == "部分支持" and r.headers["etag"] == '"2"'
    problem(client.patch(url, json={"summary": "y"}, headers={**clerk, "If-Match": '"1"'}), 412)
    r = client.patch(url, json={"received_on": "2025-03-04"}, headers={**clerk, "If-Match": '"2"'})
    assert r.status_code == 200 and r.json()["received_on"] == "2025-03-04"
    problem(
        client.patch(url, json={"procedure": "mediation"}, headers={**clerk, "If-Match": '"3"'}),
        422,
        "procedure",
    )


def test_concurrent_patch_with_one_etag_exactly_one_wins(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Two PATCHes carrying the same ETag from two threads: exactly one 200, the other 412."""
    clerk = world["clerk"]
    case = create(client, clerk, world["town"]["id"])
    url = f"/v1/cases/{case['id']}"
    results: list[int] = []
    barrier = threading.Barrier(2)

    def patch(i: int) -> None:
        barrier.wait()
        r = client.patch(url, json={"summary": f"并发{i}"}, headers={**clerk, "If-Match": '"1"'})
        results.append(r.status_code)

    threads = [threading.Thread(target=patch, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 412]
    assert client.get(url, headers=clerk).json()["version"] == 2


def test_idempotent_post_creates_one_case_and_one_event(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Same Idempotency-Key twice → the first answer (same id); same key, other body → 422."""
    clerk, town = world["clerk"], world["town"]["id"]
    key = unique("idem")
    payload = body(town, number=f"汶劳人仲案字〔2025〕第{unique('')}号")
    first = client.post("/v1/cases", json=payload, headers={**clerk, "Idempotency-Key": key})
    again = client.post("/v1/cases", json=payload, headers={**clerk, "Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert (
        again.json()["id"] == first.json()["id"] and again.headers["idempotent-replayed"] == "true"
    )
    rows = client.get("/v1/cases", params={"number": payload["number"]}, headers=clerk).json()[
        "items"
    ]
    assert len(rows) == 1
    other = {**payload, "worker_count": 4}
    problem(
        client.post("/v1/cases", json=other, headers={**clerk, "Idempotency-Key": key}),
        422,
        "Idempotency-Key",
    )
    problem(
        client.post("/v1/cases", json={**payload}, headers=clerk), 409, "number"
    )  # number taken
    cid = first.json()["id"]
    note = {"kind": "note", "on": "2025-03-04", "note": "来访登记"}
    ekey = {**clerk, "Idempotency-Key": unique("idem")}
    one = client.post(f"/v1/cases/{cid}/events", json=note, headers=ekey)
    two = client.post(f"/v1/cases/{cid}/events", json=note, headers=ekey)
    assert one.status_code == two.status_code == 201 and one.json() == two.json()
    assert len(client.get(f"/v1/cases/{cid}/events", headers=clerk).json()["items"]) == 1


def test_region_admin_of_another_region_sees_nothing(
    client: TestClient, admin: dict[str, str], auth_headers: Headers, world: dict[str, Any]
) -> None:
    """Scoping: another region's admin gets 404 on the case, its timeline and deadlines, an
    empty list, and 403 writing into a region outside its own; a coordinator sees the cases it
    is assigned to only."""
    assigned = [{"coordinator_id": world["a"]["id"], "role": "lead"}]
    case = create(client, world["clerk"], world["town"]["id"], assignments=assigned)
    other = auth_headers("region_admin", region_id=make_region(client, admin)["id"])
    url = f"/v1/cases/{case['id']}"
    for path in (url, f"{url}/events", f"{url}/deadlines"):
        problem(client.get(path, headers=other), 404)
    problem(client.patch(url, json={"summary": "x"}, headers={**other, "If-Match": '"1"'}), 404)
    problem(move(client, other, case, "accepted", "2025-03-04"), 404)
    problem(event(client, other, case["id"], kind="note", on="2025-03-04", note="x"), 404)
    assert (
        client.get("/v1/cases", params={"number": case["number"]}, headers=other).json()["items"]
        == []
    )
    problem(client.post("/v1/cases", json=body(world["town"]["id"]), headers=other), 403)
    county_admin = auth_headers("region_admin", region_id=world["county"]["id"])
    assert client.get(url, headers=county_admin).status_code == 200  # the subtree includes it
    # A coordinator reads the cases it works on, not the other cases of its township.
    reader = auth_headers(
        "coordinator", region_id=world["town"]["id"], coordinator_id=world["a"]["id"]
    )
    assert client.get(url, headers=reader).status_code == 200
    colleague = auth_headers(
        "coordinator", region_id=world["town"]["id"], coordinator_id=world["b"]["id"]
    )
    problem(client.get(url, headers=colleague), 404)
    listed = client.get("/v1/cases", params={"number": case["number"]}, headers=colleague)
    assert listed.json()["items"] == []
    problem(client.post("/v1/cases", json=body(world["town"]["id"]), headers=reader), 403)


def test_list_filters_sort_and_cursor(client: TestClient, world: dict[str, Any]) -> None:
    """Filters on status, procedure, source, dates and subtree; sort by receipt; cursor pages."""
    clerk, town = world["clerk"], world["town"]["id"]
    days = ["2025-01-10", "2025-02-10", "2025-03-10", "2025-04-10", "2025-05-10"]
    made = [create(client, clerk, town, received_on=d, source="referral") for d in days]
    walk(client, clerk, made[0], ("accepted", "2025-01-11"))
    params: dict[str, Any] = {"within": world["county"]["id"], "sort": "-received_on", "limit": 2}
    seen: list[int] = []
    cursor = None
    while True:
        page = client.get(
            "/v1/cases", params={**params, **({"cursor": cursor} if cursor else {})}, headers=clerk
        ).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [c["id"] for c in reversed(made)]
    q = {"region_id": town, "received_from": "2025-02-01", "received_to": "2025-04-10"}
    got = client.get("/v1/cases", params=q, headers=clerk).json()["items"]
    assert [c["received_on"] for c in got] == days[1:4]
    got = client.get(
        "/v1/cases", params={"region_id": town, "status": "accepted"}, headers=clerk
    ).json()["items"]
    assert [c["id"] for c in got] == [made[0]["id"]]
    assert (
        client.get(
            "/v1/cases", params={"region_id": town, "procedure": "hotline"}, headers=clerk
        ).json()["items"]
        == []
    )
    got = client.get(
        "/v1/cases", params={"enterprise_id": world["enterprise"]["id"]}, headers=clerk
    ).json()["items"]
    assert got == []
    problem(client.get("/v1/cases", params={"sort": "summary"}, headers=clerk), 422, "sort")
    problem(client.get("/v1/cases", params={"limit": 201}, headers=clerk), 422, "limit")
    problem(client.get("/v1/cases", params={"status": "lost"}, headers=clerk), 422, "status")


def test_overdue_lists_open_cases_past_a_deadline(
    client: TestClient, world: dict[str, Any]
) -> None:
    """overdue=true: an open 2025 arbitration whose award was due 2025-04-21 is listed; a case
    received today (mediation, 15 days ahead) and a concluded case are not."""
    clerk, town = world["clerk"], world["town"]["id"]
    late = create(client, clerk, town)
    walk(client, clerk, late, ("accepted", "2025-03-05"))
    fresh = create(client, clerk, town, procedure="mediation", received_on=TODAY.isoformat())
    done = create(client, clerk, town)
    walk(client, clerk, done, ("withdrawn", "2025-03-04"))
    ids = {
        c["id"]
        for c in client.get(
            "/v1/cases", params={"region_id": town, "overdue": True}, headers=clerk
        ).json()["items"]
    }
    assert ids == {late["id"]}
    ids = {
        c["id"]
        for c in client.get(
            "/v1/cases", params={"region_id": town, "overdue": False}, headers=clerk
        ).json()["items"]
    }
    assert ids == {fresh["id"], done["id"]}
    r = client.get(f"/v1/cases/{late['id']}/deadlines", headers=clerk).json()
    assert r["overdue"] is True and r["as_of"] == TODAY.isoformat()
    assert (
        client.get(f"/v1/cases/{fresh['id']}/deadlines", headers=clerk).json()["overdue"] is False
    )


def test_deadlines_report_events_the_procedure_ignores(
    client: TestClient, world: dict[str, Any]
) -> None:
    """A suspension stops the arbitration award clock only; a mediation case lists it as ignored."""
    clerk = world["clerk"]
    case = create(client, clerk, world["town"]["id"], procedure="mediation")
    walk(
        client,
        clerk,
        case,
        ("accepted", "2025-03-04"),
        ("in_progress", "2025-03-05"),
        ("suspended", "2025-03-06"),
    )
    r = client.get(f"/v1/cases/{case['id']}/deadlines", headers=clerk).json()
    assert [(e["seq"], e["kind"]) for e in r["ignored_events"]] == [(3, "suspension_start")]
    assert r["deadlines"][0]["due_on"] == "2025-03-18"  # 2025-03-03 + 15


@settings(max_examples=150, deadline=None)
@given(status=st.sampled_from(workflow.STATUSES), to=st.sampled_from(workflow.STATUSES))
def test_status_machine_refuses_exactly_the_moves_outside_the_table(status: str, to: str) -> None:
    """Issue 6's machine: a move is legal iff the table lists it; a refusal names all targets."""
    allowed = workflow.TRANSITIONS[status]
    try:
        workflow.check_transition(status, to)
    except Conflict as exc:
        assert to not in allowed
        assert exc.extra == {"case_status": status, "allowed": list(allowed)}
    else:
        assert to in allowed
    assert status != "closed" or allowed == ()
    # every status but closed can still reach closed
    reach, frontier = {status}, [status]
    while frontier:
        for nxt in workflow.TRANSITIONS[frontier.pop()]:
            if nxt not in reach:
                reach.add(nxt)
                frontier.append(nxt)
    assert "closed" in reach


def test_retried_transition_with_the_same_key_answers_as_the_first(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Idempotency-Key on every POST: a retried transition replays, it does not move twice or 412."""
    case = create(client, world["clerk"], world["town"]["id"])
    headers = {
        **world["clerk"],
        "If-Match": f'"{case["version"]}"',
        "Idempotency-Key": "t-1-" + str(case["id"]),
    }
    url = f"/v1/cases/{case['id']}/transition"
    first = client.post(url, json={"to": "accepted", "on": "2025-03-04"}, headers=headers)
    again = client.post(url, json={"to": "accepted", "on": "2025-03-04"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert first.headers["etag"] == f'"{first.json()["version"]}"'
    now = client.get(f"/v1/cases/{case['id']}", headers=world["clerk"]).json()
    assert now["status"] == "accepted" and now["version"] == first.json()["version"]


def test_cases_name_their_employer_for_those_who_may_read_it(
    client: TestClient, admin: dict[str, str], world: dict[str, Any]
) -> None:
    """A work list reads without a look-up per case: every answer carries the employer's name
    (the list, the read, the write's answer), as it stands now. A township's case may name an
    employer recorded at the county: the township sees its id only, as it cannot read it."""
    mine = create(
        client, world["clerk"], world["town"]["id"], enterprise_id=world["enterprise"]["id"]
    )
    assert mine["enterprise_name"] == world["enterprise"]["name"]
    higher = make_enterprise(client, admin, world["county"]["id"])
    theirs = create(client, admin, world["town"]["id"], enterprise_id=higher["id"])
    none = create(client, world["clerk"], world["town"]["id"])
    listed = client.get(
        "/v1/cases", params={"region_id": world["town"]["id"], "sort": "id"}, headers=world["clerk"]
    ).json()["items"]
    names = {c["id"]: (c["enterprise_id"], c["enterprise_name"]) for c in listed}
    assert names[mine["id"]] == (world["enterprise"]["id"], world["enterprise"]["name"])
    assert names[theirs["id"]] == (higher["id"], None)
    assert names[none["id"]] == (None, None)
    as_county = client.get(f"/v1/cases/{theirs['id']}", headers=admin).json()
    assert as_county["enterprise_name"] == higher["name"]
    renamed = client.patch(
        f"/v1/enterprises/{higher['id']}",
        json={"name": "汶上县新名称有限公司"},
        headers={**admin, "If-Match": f'"{higher["version"]}"'},
    )
    assert renamed.status_code == 200, renamed.text
    assert (
        client.get(f"/v1/cases/{theirs['id']}", headers=admin).json()["enterprise_name"]
        == "汶上县新名称有限公司"
    )

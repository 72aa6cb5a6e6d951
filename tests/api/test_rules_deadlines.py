"""HTTP: POST /v1/rules/case-deadlines, /v1/rules/limitation, /v1/rules/final-award."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def deadlines(client: TestClient, **body: Any) -> dict[str, Any]:
    r = client.post("/v1/rules/case-deadlines", json=body)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def by_key(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["key"]: d for d in body["deadlines"]}


def problem(client: TestClient, path: str, body: dict[str, Any]) -> list[str]:
    r = client.post(path, json=body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    return [e["field"] for e in r.json()["errors"]]


def test_arbitration_deadlines_over_national_day_2025(client: TestClient) -> None:
    """调解仲裁法 第二十九条/第三十条/第四十三条 on the 2025 National Day schedule."""
    body = deadlines(
        client,
        policy="national",
        procedure="arbitration",
        received_on="2025-09-26",
        accepted_on="2025-09-30",
        events=[
            {"kind": "respondent_served", "on": "2025-09-30"},
            {"kind": "suspension_end", "on": "2025-10-20"},
            {"kind": "suspension_start", "on": "2025-10-10"},
            {"kind": "hearing_scheduled", "on": "2025-12-15"},
        ],
        done={"defence_due": "2025-10-20"},
        worker_count=12,
        as_of="2025-10-21",
    )
    d = by_key(body)
    assert d["acceptance_decision"]["due_on"] == "2025-10-10"
    assert d["acceptance_decision"]["status"] == "met"
    assert d["serve_respondent"]["due_on"] == "2025-10-14"
    assert d["defence_due"]["due_on"] == "2025-10-21" and d["defence_due"]["status"] == "met"
    assert d["award"]["due_on"] == "2025-11-24" and d["award"]["excluded_days"] == 10
    assert d["award"]["basis"] == "calendar_days" and d["award"]["days"] == 45
    assert d["award"]["citation"]["article"] == "第四十三条"
    assert d["hearing_notice"]["due_on"] == "2025-12-08"
    assert body["collective"] is True
    assert {p["key"] for p in body["pending"]} == {"sue_after_award", "revoke_final_award"}
    assert body["policy"] == "national" and body["rules_version"]
    assert any(s["rule"] == "award.exclusion" for s in body["trace"])


def test_restart_by_added_party_counts_the_award_again(client: TestClient) -> None:
    """办案规则 第四十六条(一): 03-20 + 45 = 05-04 (劳动节) → 05-06."""
    body = deadlines(
        client,
        procedure="arbitration",
        received_on="2025-03-01",
        accepted_on="2025-03-03",
        events=[{"kind": "party_added", "on": "2025-03-20"}],
        as_of="2025-03-25",
    )
    award = by_key(body)["award"]
    assert (award["counts_from"], award["due_on"]) == ("2025-03-20", "2025-05-06")


def test_deadline_crossing_into_2027_is_provisional(client: TestClient) -> None:
    """Mediation from 2026-12-20: due 2027-01-04, provisional, warning names 2027."""
    body = deadlines(client, procedure="mediation", received_on="2026-12-20", as_of="2026-12-21")
    d = by_key(body)["mediation_end"]
    assert d["due_on"] == "2027-01-04" and d["provisional"] is True
    assert body["provisional"] is True and "2027" in body["warnings"][0]


def test_hotline_closure_from_the_minhang_pack(client: TestClient) -> None:
    """minhang-2023 local limits: a help request closes within 5 working days (10-10)."""
    body = deadlines(
        client,
        policy="minhang-2023",
        procedure="hotline",
        matter="help",
        received_on="2025-09-26",
        as_of="2025-10-09",
    )
    closure = by_key(body)["closure"]
    assert closure["due_on"] == "2025-10-10" and closure["status"] == "due_soon"


def test_hotline_without_local_limits_names_policy(client: TestClient) -> None:
    """The default pack has no local closure limit: 422 naming `policy`."""
    fields = problem(
        client,
        "/v1/rules/case-deadlines",
        {
            "procedure": "hotline",
            "matter": "help",
            "received_on": "2025-09-26",
            "as_of": "2025-10-09",
        },
    )
    assert fields == ["policy"]


@pytest.mark.parametrize(
    ("events", "field"),
    [
        (
            [
                {"kind": "extension", "on": "2025-10-10", "days": 10},
                {"kind": "extension", "on": "2025-10-12", "days": 5},
            ],
            "events[1]",
        ),
        ([{"kind": "extension", "on": "2025-10-10", "days": 16}], "events[0].days"),
        ([{"kind": "suspension_end", "on": "2025-10-10"}], "events[0]"),
        ([{"kind": "party_added", "on": "2025-09-01"}], "events[0].on"),
        ([{"kind": "appeal", "on": "2025-10-01"}], "events[0].kind"),
    ],
)
def test_bad_timelines_are_422_naming_the_event(
    client: TestClient, events: list[dict[str, Any]], field: str
) -> None:
    """Second extension, extension over 15 days, end without start, out-of-range or unknown events."""
    body = {
        "procedure": "arbitration",
        "received_on": "2025-09-26",
        "accepted_on": "2025-09-30",
        "events": events,
        "as_of": "2025-10-20",
    }
    assert field in problem(client, "/v1/rules/case-deadlines", body)


def test_unknown_policy_is_422_naming_policy(client: TestClient) -> None:
    """An unknown pack id."""
    body = {
        "policy": "atlantis",
        "procedure": "mediation",
        "received_on": "2025-09-26",
        "as_of": "2025-09-26",
    }
    assert problem(client, "/v1/rules/case-deadlines", body) == ["policy"]


def test_limitation_over_http(client: TestClient) -> None:
    """调解仲裁法 第二十七条: 2024-10-01 → 2025-10-01 (holiday) → 2025-10-09."""
    r = client.post(
        "/v1/rules/limitation",
        json={"knew_on": "2024-10-01", "claim_type": "damages", "as_of": "2025-01-01"},
    )
    assert r.status_code == 200
    body = r.json()
    assert (body["expires_on"], body["status"]) == ("2025-10-09", "running")
    assert body["trace"][-1]["citation"].startswith("中华人民共和国民法典")


def test_unpaid_pay_during_employment_does_not_run_over_http(client: TestClient) -> None:
    """第二十七条第四款: expires_on null, not_running."""
    r = client.post(
        "/v1/rules/limitation",
        json={"knew_on": "2024-01-10", "claim_type": "labor_remuneration", "as_of": "2025-03-01"},
    )
    assert (r.json()["expires_on"], r.json()["status"]) == (None, "not_running")


def test_limitation_bad_suspension_is_named(client: TestClient) -> None:
    """A suspension ending before it starts."""
    body = {
        "knew_on": "2024-03-01",
        "claim_type": "other",
        "suspensions": [{"start": "2024-05-10", "end": "2024-05-01"}],
        "as_of": "2024-06-01",
    }
    assert problem(client, "/v1/rules/limitation", body) == ["suspensions[0].end"]


def test_final_award_with_shanghai_minimum_wage(client: TestClient) -> None:
    """第四十七条: pujin-2024 on 2025-08-01 → 12 × 2,740 = 32,880; each item on its own."""
    r = client.post(
        "/v1/rules/final-award",
        json={
            "policy": "pujin-2024",
            "decided_on": "2025-08-01",
            "claims": [
                {"type": "labor_remuneration", "awarded_amount": 32880},
                {"type": "economic_compensation", "awarded_amount": 32880.01},
                {"type": "labor_standards"},
            ],
        },
    )
    assert r.status_code == 200
    body = r.json()
    assert body["threshold"] == 32880 and body["monthly_minimum_wage"] == 2740
    assert [c["final"] for c in body["claims"]] == [True, False, True]


def test_final_award_missing_wage_and_amount_are_named(client: TestClient) -> None:
    """No minimum wage in the pack → monthly_minimum_wage; money claim without amount."""
    assert problem(
        client,
        "/v1/rules/final-award",
        {
            "policy": "national",
            "decided_on": "2025-08-01",
            "claims": [{"type": "damages", "awarded_amount": 100}],
        },
    ) == ["monthly_minimum_wage"]
    assert problem(
        client,
        "/v1/rules/final-award",
        {"policy": "minhang-2023", "decided_on": "2025-08-01", "claims": [{"type": "damages"}]},
    ) == ["claims[0].awarded_amount"]

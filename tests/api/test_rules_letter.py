"""Issue #10 over HTTP: dated rules, =N targets, citation status, awarded amounts, the tail."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_publicity_before_wenshang_2024_is_ignored_with_the_reason_over_http(
    client: TestClient,
) -> None:
    """汶政字〔2024〕59号 issued 2024-07-29: a 2024-07-01 publicity event does not score."""
    r = client.post(
        "/v1/rules/scorecard",
        json={
            "policy": "wenshang-2024",
            "year": 2024,
            "quarter": 3,
            "base_score": 20,
            "events": [{"kind": "publicity", "occurred_on": "2024-07-01", "evidence": ["p.pdf"]}],
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ignored_events"][0]["index"] == 0
    assert body["ignored_events"][0]["reason"] == "before_in_force"
    assert body["total"] == 20


def test_seven_publicity_events_meet_the_pujin_target_and_exceed_it_over_http(
    client: TestClient,
) -> None:
    r = client.post(
        "/v1/rules/kpi/targets", json={"policy": "pujin-2024", "measured": {"publicity_events": 7}}
    )
    assert r.status_code == 200, r.text
    t = next(t for t in r.json()["targets"] if t["metric"] == "publicity_events")
    assert (t["outcome"], t["exceeded"]) == ("met", True)
    assert t["citation"]["status"] == "verified"


def test_policy_listing_shows_each_citation_status(client: TestClient) -> None:
    params = client.get("/v1/policies/minhang-2023").json()["parameters"]
    by_path = {p["path"]: p for p in params}
    assert by_path["deadlines.wage_clue.closure"]["citation"]["status"] == "local_practice"
    assert all(p["citation"]["status"] for p in params)


def test_award_due_date_after_a_suspension_in_the_rolled_tail_over_http(
    client: TestClient,
) -> None:
    r = client.post(
        "/v1/rules/case-deadlines",
        json={
            "procedure": "arbitration",
            "received_on": "2025-08-18",
            "accepted_on": "2025-08-18",
            "as_of": "2025-10-16",
            "events": [
                {"kind": "suspension_start", "on": "2025-10-05"},
                {"kind": "suspension_end", "on": "2025-10-15"},
            ],
        },
    )
    assert r.status_code == 200, r.text
    award = next(d for d in r.json()["deadlines"] if d["key"] == "award")
    assert award["due_on"] == "2025-10-20" and award["status"] != "overdue"
    assert award["citation"]["status"] == "verified"

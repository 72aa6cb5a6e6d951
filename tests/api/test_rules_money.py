"""HTTP: POST /v1/rules/subsidy, /v1/rules/pay-parity, /v1/rules/budget-floor (闵人社发〔2023〕55号)."""

from __future__ import annotations

from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def test_community_worker_may_not_receive_the_subsidy(client: TestClient) -> None:
    """二(三)2(1): 社区工作者等人员依规不得领取."""
    r = client.post(
        "/v1/rules/subsidy",
        json={"policy": "pujin-2024", "employment_identity": "community_worker", "cases": 4},
    )
    assert r.status_code == 200
    body = r.json()
    assert (body["eligible"], body["amount"], body["cost_indicator_per_case"]) == (
        False,
        0.0,
        260.0,
    )


def test_cost_indicator_of_260_is_reported_never_cut_pujin_cost_indicator(
    client: TestClient,
) -> None:
    """浦锦 ≤260 元/人/案 is a budget cost indicator: 3 cases at 300 元 pay 900 元, with a warning."""
    r = client.post(
        "/v1/rules/subsidy",
        json={
            "policy": "pujin-2024",
            "employment_identity": "social_mediator",
            "cases": 3,
            "amount_per_case": 300,
        },
    )
    body = r.json()
    assert (body["eligible"], body["amount"], body["amount_per_case"]) == (True, 900.0, 300.0)
    assert body["cost_indicator_per_case"] == 260.0
    assert body["warnings"] and "cost indicator" in body["warnings"][0]
    assert any(s["rule"] == "subsidy.cost_indicator" for s in body["trace"])


def test_unknown_rate_gives_null_amount_with_reason(client: TestClient) -> None:
    """The municipal rate is not in the seeds: amount null, reason names 沪人社仲〔2022〕22号."""
    r = client.post(
        "/v1/rules/subsidy",
        json={"policy": "minhang-2023", "employment_identity": "lawyer", "cases": 1},
    )
    body = r.json()
    assert body["eligible"] is True and body["amount"] is None
    assert "沪人社仲〔2022〕22号" in body["reason"]


def test_subsidy_bad_identity_is_422(client: TestClient) -> None:
    """Identities are an enum."""
    r = client.post(
        "/v1/rules/subsidy",
        json={"policy": "pujin-2024", "employment_identity": "mayor", "cases": 1},
    )
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["errors"][0]["field"] == "employment_identity"


def test_subsidy_in_a_pack_without_money_rules_names_policy(client: TestClient) -> None:
    """The default pack (wenshang-2024) has no case-subsidy rule."""
    r = client.post("/v1/rules/subsidy", json={"employment_identity": "lawyer", "cases": 1})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "policy"


def test_pay_parity_after_two_years(client: TestClient) -> None:
    """二(三)1: 79.99 % after 2025-07-28 misses the 80 % floor."""
    r = client.post(
        "/v1/rules/pay-parity",
        json={
            "policy": "minhang-2023",
            "coordinator_average": 7999,
            "community_worker_average": 10000,
            "as_of": "2025-08-01",
        },
    )
    body = r.json()
    assert (body["outcome"], body["percent"], body["floor_by"]) == (
        "floor_missed",
        79.99,
        "2025-07-28",
    )


def test_budget_floor_300000(client: TestClient) -> None:
    """二(三)2: 每年不低于30万元 — pujin's 150,000 元 project budget alone falls short."""
    r = client.post(
        "/v1/rules/budget-floor", json={"policy": "pujin-2024", "annual_budget": 150000}
    )
    assert r.json()["meets"] is False and r.json()["shortfall"] == 150000.0

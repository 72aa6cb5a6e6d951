"""HTTP: POST /v1/rules/kpi (闵人社发〔2022〕34号) and /v1/rules/kpi/targets (pujin-2024)."""

from __future__ import annotations

from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def test_kpi_rates_against_minhang_2022_targets(client: TestClient) -> None:
    """二(一): success 80 % ≥ 75 % met; closure 91 % < 92 % missed; no data → null."""
    r = client.post(
        "/v1/rules/kpi",
        json={
            "policy": "minhang-2022",
            "counts": {
                "mediations_concluded": 10,
                "mediations_successful": 8,
                "arbitration_accepted": 100,
                "arbitration_closed": 91,
            },
        },
    )
    assert r.status_code == 200
    got = {i["key"]: (i["rate"], i["target"], i["met"]) for i in r.json()["indicators"]}
    assert got["mediation_success_rate"] == (80.0, 75.0, True)
    assert got["arbitration_closure_rate"] == (91.0, 92.0, False)
    assert got["pre_mediation_rate"] == (None, 70.0, None)
    assert len(got) == 5


def test_kpi_numerator_over_denominator_is_named(client: TestClient) -> None:
    """More successes than mediations concluded."""
    r = client.post(
        "/v1/rules/kpi",
        json={
            "policy": "minhang-2022",
            "counts": {"mediations_concluded": 1, "mediations_successful": 2},
        },
    )
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["errors"][0]["field"] == "counts.mediations_successful"


def test_kpi_unknown_count_is_named(client: TestClient) -> None:
    """extra="forbid" on counts."""
    r = client.post("/v1/rules/kpi", json={"policy": "minhang-2022", "counts": {"cases": 1}})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "counts.cases"


def test_pujin_targets(client: TestClient) -> None:
    """≤260 元/案 met; ≥76 cases missed at 70; qualitative needs judgment; others no data."""
    r = client.post(
        "/v1/rules/kpi/targets",
        json={
            "policy": "pujin-2024",
            "measured": {
                "cost_per_subsidized_case": 255.5,
                "subsidized_cases": 70,
                "long_term_mechanism": "健全",
            },
        },
    )
    assert r.status_code == 200
    out = {t["metric"]: t["outcome"] for t in r.json()["targets"]}
    assert out["cost_per_subsidized_case"] == "met"
    assert out["subsidized_cases"] == "not_met"
    assert out["long_term_mechanism"] == "needs_judgment"
    assert out["worker_satisfaction"] == "no_data"


def test_targets_in_a_pack_without_them_names_policy(client: TestClient) -> None:
    """minhang-2022 has KPI targets but no project targets."""
    r = client.post("/v1/rules/kpi/targets", json={"policy": "minhang-2022", "measured": {}})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "policy"

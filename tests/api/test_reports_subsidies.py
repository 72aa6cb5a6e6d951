"""GET /v1/reports/subsidies: the case-subsidy ledger (以案定补), 闵人社发〔2023〕55号 二(三)2(1), and
the 浦锦 2024 project's targets (≥ 76 subsidized cases; ≤ 260 元/人/案 a cost indicator, never a
cut; the 20,000 元 budget line of 表1 预算明细表), against hand-computed fixtures.

Qualifying (the pack's Choice): mediation, enterprise-mediation and arbitration cases concluded in
the period by agreement, no agreement, arbitral mediation or award, once per coordinator on the
case. P1 (协管员) is on four such cases, P2 (社区工作者) on two, P3 (社会调解员) on one of P1's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lrc_api.core import policies as core_policies
from lrc_api.regions import service as regions_service
from lrc_rules.policies import PolicyRegistry
from tests.api.casework import concluded, counted_queries, region
from tests.factories import make_coordinator

Headers = Callable[..., dict[str, str]]
YEAR = {"from": "2025-01-01", "to": "2025-12-31"}


def on(*people: tuple[dict[str, Any], str]) -> dict[str, Any]:
    return {"assignments": [{"coordinator_id": p["id"], "role": role} for p, role in people]}


def build(client: TestClient, auth_headers: Headers, policy: str) -> dict[str, Any]:
    """A sub-district under ``policy`` with the three coordinators and their cases."""
    admin = auth_headers("admin")
    town = region(client, admin, kind="subdistrict", policy=policy, name="浦锦街道")
    clerk = auth_headers("region_admin", region_id=town["id"])
    t = town["id"]
    p1 = make_coordinator(client, admin, t, employment_identity="assistant", name="甲")
    p2 = make_coordinator(client, admin, t, employment_identity="community_worker", name="乙")
    p3 = make_coordinator(client, admin, t, employment_identity="social_mediator", name="丙")
    concluded(client, clerk, t, "mediation", "2025-03-03", "mediated", "2025-03-10", "agreement", **on((p1, "lead"), (p3, "assist")))  # fmt: skip
    concluded(client, clerk, t, "mediation", "2025-04-01", "mediated", "2025-04-10", "agreement", **on((p1, "lead")))  # fmt: skip
    concluded(client, clerk, t, "enterprise_mediation", "2025-05-06", "mediated", "2025-05-09", "no_agreement", **on((p1, "lead")))  # fmt: skip
    concluded(client, clerk, t, "arbitration", "2025-02-03", "awarded", "2025-03-14", **on((p2, "lead"), (p1, "assist")))  # fmt: skip
    concluded(client, clerk, t, "mediation", "2025-06-02", "mediated", "2025-06-05", "agreement", **on((p2, "lead")))  # fmt: skip
    # Not counted: withdrawn; concluded in 2024; a hotline order; another region's case.
    concluded(client, clerk, t, "mediation", "2025-07-01", "withdrawn", "2025-07-02", **on((p1, "lead")))  # fmt: skip
    concluded(client, clerk, t, "mediation", "2024-12-02", "mediated", "2024-12-10", "agreement", **on((p1, "lead")))  # fmt: skip
    concluded(client, clerk, t, "hotline", "2025-06-03", "mediated", "2025-06-04", "resolved", **on((p1, "lead")))  # fmt: skip
    other = region(client, admin, kind="subdistrict", policy=policy)
    p4 = make_coordinator(client, admin, other["id"], employment_identity="assistant")
    concluded(client, admin, other["id"], "mediation", "2025-03-03", "mediated", "2025-03-05", "agreement", **on((p4, "lead")))  # fmt: skip
    return {"town": town, "clerk": clerk, "p1": p1, "p2": p2, "p3": p3, "other": other, "p4": p4}


@pytest.fixture(scope="module")
def pujin(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    return build(client, auth_headers, "pujin-2024")


def ledger(client: TestClient, headers: dict[str, str], region_id: int, **params: Any) -> Any:
    r = client.get(
        "/v1/reports/subsidies", params={"region_id": region_id, **YEAR, **params}, headers=headers
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_ledger_lines_eligibility_by_identity_55_2_3_2(
    client: TestClient, pujin: dict[str, Any]
) -> None:
    """二(三)2(1): 社区工作者 may not receive it; 协管员 and 社会调解员 may. The municipal rate
    (沪人社仲〔2022〕22号) is not in pujin-2024: amounts null with the reason."""
    body = ledger(client, pujin["clerk"], pujin["town"]["id"])
    lines = {ln["coordinator_id"]: ln for ln in body["lines"]}
    p1, p2, p3 = (lines[pujin[k]["id"]] for k in ("p1", "p2", "p3"))
    assert (p1["cases"], p1["eligible"], p1["amount"]) == (4, True, None)
    assert "沪人社仲〔2022〕22号" in p1["reason"] and "pujin-2024" in p1["reason"]
    # ... and says how to get the amounts: a pack extending it that knows the rate.
    assert "money.case_subsidy.amount_per_case" in p1["reason"]
    assert any("LRC_POLICY_DIRS" in w for w in body["warnings"])
    assert (p2["cases"], p2["eligible"], p2["amount"]) == (2, False, 0.0)
    assert "二(三)2(1)" in p2["citation"]["text"]
    assert (p3["cases"], p3["eligible"]) == (1, True) and len(lines) == 3
    assert body["qualifying"]["roles"] == ["lead", "assist"] and body["policy"] == "pujin-2024"


def test_ledger_totals_against_pujin_targets_and_budget_line(
    client: TestClient, pujin: dict[str, Any]
) -> None:
    """Subsidized cases = distinct cases with an eligible coordinator: P1's four (P3's is one of
    them) → 4, below the ≥ 76 target; cost per case has no data without the rate."""
    totals = ledger(client, pujin["clerk"], pujin["town"]["id"])["totals"]
    assert (totals["coordinators"], totals["eligible_coordinators"]) == (3, 2)
    assert (totals["person_cases"], totals["paid_person_cases"], totals["subsidized_cases"]) == (
        7,
        5,
        4,
    )
    assert (totals["amount"], totals["budget"], totals["within_budget"]) == (None, 20000.0, None)
    targets = {t["metric"]: t for t in totals["targets"]}
    assert (
        targets["subsidized_cases"]["outcome"] == "not_met"
        and targets["subsidized_cases"]["value"] == 76
    )
    assert targets["cost_per_subsidized_case"]["outcome"] == "no_data"


@pytest.fixture
def rate_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A deployment pack extending pujin-2024 that knows a municipal rate of 300 元 per case."""
    folder = tmp_path / "pujin-rate-test"
    folder.mkdir()
    (folder / "pack.toml").write_text(
        'id = "pujin-rate-test"\ntitle = "t"\nextends = "pujin-2024"\nin_force_from = 2024-01-01\n',
        encoding="utf-8",
    )
    (folder / "money.toml").write_text(
        "[case_subsidy.amount_per_case]\n"
        'description = "Rate per case (test)"\n'
        'citation = { doc = "沪人社仲〔2022〕22号", status = "unverified" }\n'
        "value = 300\n",
        encoding="utf-8",
    )
    registry = PolicyRegistry.load([tmp_path])
    monkeypatch.setattr(core_policies, "get_registry", lambda: registry)
    monkeypatch.setattr(regions_service, "get_registry", lambda: registry)
    return "pujin-rate-test"


def test_amount_is_rate_times_cases_never_cut_to_the_260_indicator(
    client: TestClient, auth_headers: Headers, rate_pack: str
) -> None:
    """RULES.md §9: 300 元 a case is paid as 300 (P1: 4 × 300 = 1,200; P3: 300), the cost per case
    300 > 260 is reported as exceeding the indicator; 1,500 is within the 20,000 budget line."""
    world = build(client, auth_headers, rate_pack)
    try:
        body = ledger(client, world["clerk"], world["town"]["id"])
    finally:  # the pack lives only in this test: leave no region bound to it
        admin = auth_headers("admin")
        for r in (world["town"], world["other"]):
            version = client.get(f"/v1/regions/{r['id']}", headers=admin).json()["version"]
            client.patch(
                f"/v1/regions/{r['id']}",
                json={"policy": "pujin-2024"},
                headers={**admin, "If-Match": f'"{version}"'},
            ).raise_for_status()
    lines = {ln["coordinator_id"]: ln for ln in body["lines"]}
    assert (lines[world["p1"]["id"]]["amount"], lines[world["p1"]["id"]]["amount_per_case"]) == (
        1200.0,
        300.0,
    )
    assert lines[world["p3"]["id"]]["amount"] == 300.0 and lines[world["p2"]["id"]]["amount"] == 0.0
    totals = body["totals"]
    assert (totals["amount"], totals["cost_per_case"]) == (1500.0, 300.0)
    assert (totals["budget_remaining"], totals["within_budget"]) == (18500.0, True)
    cost = next(t for t in totals["targets"] if t["metric"] == "cost_per_subsidized_case")
    assert (cost["outcome"], cost["measured"], cost["value"]) == ("not_met", 300.0, 260)
    assert any("cost indicator" in w and "paid as the rate says" in w for w in body["warnings"])


def test_ledger_for_a_coordinator_is_its_own_line(
    client: TestClient, pujin: dict[str, Any], auth_headers: Headers
) -> None:
    me = auth_headers(
        "coordinator", region_id=pujin["town"]["id"], coordinator_id=pujin["p3"]["id"]
    )
    body = ledger(client, me, pujin["town"]["id"])
    assert [ln["coordinator_id"] for ln in body["lines"]] == [pujin["p3"]["id"]]
    assert body["own_cases_only"] and body["totals"]["subsidized_cases"] == 1


def test_ledger_is_scoped_to_the_callers_region(
    client: TestClient, pujin: dict[str, Any], auth_headers: Headers
) -> None:
    stranger = auth_headers("region_admin", region_id=pujin["other"]["id"])
    r = client.get(
        "/v1/reports/subsidies", params={"region_id": pujin["town"]["id"]}, headers=stranger
    )
    assert r.status_code == 404
    body = ledger(client, stranger, pujin["other"]["id"])
    assert [ln["coordinator_id"] for ln in body["lines"]] == [pujin["p4"]["id"]]


def test_ledger_under_a_pack_without_the_subsidy_says_why(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    county = region(client, admin, kind="county", policy="wenshang-2024")
    body = ledger(client, admin, county["id"])
    assert body["totals"] is None and body["lines"] == [] and "以案定补" in body["reason"]


def test_ledger_query_count_does_not_grow_with_coordinators(
    client: TestClient, pujin: dict[str, Any], auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    small = region(client, admin, kind="subdistrict", policy="pujin-2024")
    p = make_coordinator(client, admin, small["id"], employment_identity="assistant")
    concluded(client, admin, small["id"], "mediation", "2025-03-03", "mediated", "2025-03-05", "agreement", **on((p, "lead")))  # fmt: skip
    ledger(client, admin, small["id"])
    with counted_queries() as few:
        ledger(client, admin, small["id"])
    with counted_queries() as many:
        ledger(client, admin, pujin["town"]["id"])
    assert len(few) == len(many) <= 8, many

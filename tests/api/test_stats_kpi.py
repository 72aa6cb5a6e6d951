"""GET /v1/stats/kpi against hand-computed fixtures: 闵人社发〔2022〕34号 二 under the region's pack.

The district binds minhang-2023, which extends minhang-2022 (the indicators and the Choices of
how to count) and carries the local closure limits the wage-clue deadline needs. Period
2025-01-01 … 2025-06-30. Deadlines by hand on China's 2025 calendar:

- mediation 15 days from receipt (调解仲裁法 第十四条): 2025-03-03 → 03-18; 2025-04-01 → 04-16;
  2024-12-20 → 2025-01-04 (Saturday) → Monday 01-06 (民法典 第二百零三条).
- inspection investigation 60 working days from filing (劳动保障监察条例 第十七条): filed 2025-01-03
  → 2025-04-03 (春节 01-28…02-04 off, 01-26 and 02-08 worked); filed 2025-03-05 → 2025-06-03.
- wage clue, complaint 5 working days (local limit): 2025-06-03 → 06-10; help 2025-05-06 → 05-13.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.casework import concluded, counted_queries, move, new_case, region
from tests.factories import make_coordinator

Headers = Callable[..., dict[str, str]]
PERIOD = {"from": "2025-01-01", "to": "2025-06-30"}


@pytest.fixture(scope="module")
def district(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    """A district under minhang-2023 with townships A and B (B's cases in its community), cases
    filed at the district itself, and a coordinator assigned to two of A's mediations."""
    admin = auth_headers("admin")
    d = region(client, admin, kind="district", policy="minhang-2023", name="闵行区")
    a = region(client, admin, kind="subdistrict", parent_id=d["id"], name="浦锦街道")
    b = region(client, admin, kind="township", parent_id=d["id"], name="马桥镇")
    b_comm = region(client, admin, kind="community", parent_id=b["id"], name="某社区")
    clerk = auth_headers("region_admin", region_id=d["id"])
    person = make_coordinator(client, admin, a["id"])
    lead = {"assignments": [{"coordinator_id": person["id"], "role": "lead"}]}
    cases: dict[int, dict[str, Any]] = {}
    A, B = a["id"], b_comm["id"]
    # Township A: disputes.
    cases[1] = concluded(
        client, clerk, A, "mediation", "2025-03-03", "mediated", "2025-03-10", "agreement", **lead
    )
    cases[2] = concluded(
        client,
        clerk,
        A,
        "mediation",
        "2025-04-01",
        "mediated",
        "2025-04-20",
        "no_agreement",
        **lead,
    )
    cases[3] = concluded(
        client,
        clerk,
        A,
        "enterprise_mediation",
        "2025-05-06",
        "mediated",
        "2025-05-10",
        "agreement",
    )
    cases[4] = concluded(
        client, clerk, A, "mediation", "2025-06-25", "mediated", "2025-07-02", "agreement"
    )
    cases[5] = concluded(client, clerk, A, "arbitration", "2025-02-03", "awarded", "2025-03-10")
    c6 = new_case(client, clerk, A, "arbitration", "2025-06-02")
    cases[6] = move(client, clerk, c6, "accepted", "2025-06-04")
    cases[7] = concluded(
        client, clerk, A, "mediation", "2024-12-20", "mediated", "2025-01-06", "agreement"
    )
    # Township B (its community): inspections and clues.
    cases[8] = concluded(
        client,
        clerk,
        B,
        "inspection",
        "2025-03-03",
        "awarded",
        "2025-04-01",
        "rectification_ordered",
        filed_on="2025-03-05",
    )
    cases[9] = concluded(
        client,
        clerk,
        B,
        "inspection",
        "2025-01-02",
        "awarded",
        "2025-06-20",
        "penalized",
        filed_on="2025-01-03",
    )
    cases[10] = concluded(
        client, clerk, B, "wage_clue", "2025-06-03", "mediated", "2025-06-05", "resolved"
    )
    cases[11] = concluded(
        client,
        clerk,
        B,
        "wage_clue",
        "2025-05-06",
        "mediated",
        "2025-05-20",
        "unresolved",
        matter="help",
    )
    cases[12] = concluded(client, clerk, B, "hotline", "2025-04-01", "withdrawn", "2025-04-02")
    # The district itself.
    cases[13] = concluded(
        client,
        clerk,
        d["id"],
        "arbitration",
        "2025-01-10",
        "withdrawn",
        "2025-01-15",
        accepted_on="2025-01-10",
    )
    # Elsewhere: never counted here.
    other = region(client, admin, kind="district", policy="minhang-2023")
    concluded(
        client, admin, other["id"], "mediation", "2025-03-03", "mediated", "2025-03-05", "agreement"
    )
    return {"district": d, "a": a, "b": b, "clerk": clerk, "person": person, "cases": cases, "other": other}  # fmt: skip


def kpi(client: TestClient, headers: dict[str, str], region_id: int, **params: Any) -> Any:
    r = client.get(
        "/v1/stats/kpi", params={"region_id": region_id, **PERIOD, **params}, headers=headers
    )
    assert r.status_code == 200, r.text
    return r.json()


def by_key(unit: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["key"]: i for i in unit["indicators"]}


def figures(unit: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        k: (i["numerator"], i["denominator"], i["rate"], i["met"]) for k, i in by_key(unit).items()
    }


def test_cases_record_their_conclusion_and_timeliness_against_the_main_deadline(
    district: dict[str, Any],
) -> None:
    """调解仲裁法 第十四条 / 劳动保障监察条例 第十七条 / local limits: on time or late, by hand."""
    c = district["cases"]
    got = {n: (c[n]["conclusion"], c[n]["concluded_on"], c[n]["timeliness"]) for n in c}
    assert got[1] == ("agreement", "2025-03-10", "on_time")
    assert got[2] == ("no_agreement", "2025-04-20", "late")  # due 04-16
    assert got[7] == ("agreement", "2025-01-06", "on_time")  # due rolled to 01-06
    assert got[8] == ("rectification_ordered", "2025-04-01", "on_time")  # due 06-03
    assert got[9] == ("penalized", "2025-06-20", "late")  # due 04-03
    assert got[10] == ("resolved", "2025-06-05", "on_time")  # due 06-10
    assert got[11] == ("unresolved", "2025-05-20", "late")  # due 05-13
    assert got[5][:2] == ("award", "2025-03-10") and got[13][0] == "withdrawn"
    assert got[6] == (None, None, None) and c[6]["next_due_on"] is not None


def test_kpi_rolled_up_matches_hand_counts_minhang_2022_2(
    client: TestClient, district: dict[str, Any]
) -> None:
    """二(一)–(三) over the district: 调解成功率 3/4 = 75 % (met, ≥ 75); 先行调解率 2/7 = 28.57 %;
    仲裁结案率 2/3 = 66.67 %; 按期结案率 1/2; 按期办结率 1/2 — each with the pack's Choice shown."""
    body = kpi(client, district["clerk"], district["district"]["id"])
    assert body["policy"] == "minhang-2023" and body["from"] == "2025-01-01"
    assert figures(body["total"]) == {
        "mediation_success_rate": (3, 4, 75.0, True),
        "pre_mediation_rate": (2, 7, 28.57, False),
        "arbitration_closure_rate": (2, 3, 66.67, False),
        "inspection_on_time_rate": (1, 2, 50.0, False),
        "wage_clue_on_time_rate": (1, 2, 50.0, False),
    }
    success = by_key(body["total"])["mediation_success_rate"]
    assert (
        success["name"] == "调解成功率"
        and success["target"] == 75
        and success["comparator"] == ">="
    )
    assert (success["numerator_count"], success["denominator_count"]) == (
        "mediations_successful",
        "mediations_concluded",
    )
    assert (
        "Choice" in success["definition"] and success["citation"]["doc"] == "闵人社发〔2022〕34号"
    )
    counts = {d["name"]: d for d in body["definitions"]["minhang-2023"]}
    assert counts["disputes_pre_mediated"]["conclusions"] == ["agreement"]
    assert counts["disputes_pre_mediated"]["concluded_by_end"] is True
    assert body["trace"] and body["own_cases_only"] is False


def test_kpi_outside_the_campaign_says_its_targets_are_reference_targets_minhang_2022_1(
    client: TestClient, district: dict[str, Any]
) -> None:
    """一、行动时间 2022-09-15 — 2022-12-31: 34号 set its rates for the 百日攻坚 campaign. Judged on
    the fixture's 2025 period the result says the targets are applied as reference targets (and
    cites the campaign); inside the campaign it says nothing."""
    body = kpi(client, district["clerk"], district["district"]["id"])
    (warning,) = body["total"]["warnings"]
    assert "2022-09-15 – 2022-12-31" in warning and f"{body['from']} – " in warning
    assert all(u["warnings"] == [warning] for u in body["units"] if u["indicators"])
    step = next(s for s in body["trace"] if s["rule"] == "kpi.campaign")
    assert (
        step["citation"].startswith("闵人社发〔2022〕34号") and step["outcome"]["inside"] is False
    )
    inside = kpi(
        client,
        district["clerk"],
        district["district"]["id"],
        **{"from": "2022-10-01", "to": "2022-12-31"},
    )
    assert inside["total"]["warnings"] == []


def test_kpi_per_township_and_the_districts_own_row(
    client: TestClient, district: dict[str, Any]
) -> None:
    """Per unit: A has the disputes, B (its community rolled in) the inspections and clues, the
    district's own row its one arbitration; units without cases have no data (met null)."""
    body = kpi(client, district["clerk"], district["district"]["id"])
    units = {u["region_id"]: u for u in body["units"]}
    d, a, b = district["district"]["id"], district["a"]["id"], district["b"]["id"]
    assert list(units) == [d, a, b] and units[d]["direct"] and not units[a]["direct"]
    assert figures(units[a]) == {
        "mediation_success_rate": (3, 4, 75.0, True),
        "pre_mediation_rate": (2, 6, 33.33, False),
        "arbitration_closure_rate": (1, 2, 50.0, False),
        "inspection_on_time_rate": (0, 0, None, None),
        "wage_clue_on_time_rate": (0, 0, None, None),
    }
    assert figures(units[b])["inspection_on_time_rate"] == (1, 2, 50.0, False)
    assert figures(units[b])["pre_mediation_rate"] == (0, 0, None, None)
    assert figures(units[d])["arbitration_closure_rate"] == (1, 1, 100.0, True)
    assert units[a]["counts"]["disputes_received"] == 6


def test_kpi_period_edges_count_by_the_days_the_pack_names(
    client: TestClient, district: dict[str, Any]
) -> None:
    """Only July: case 4 (received 06-25, mediated 07-02) is a mediation concluded then, but not a
    dispute received then; nothing else happened."""
    body = kpi(
        client,
        district["clerk"],
        district["district"]["id"],
        **{"from": "2025-07-01", "to": "2025-07-31"},
    )
    assert figures(body["total"])["mediation_success_rate"] == (1, 1, 100.0, True)
    assert figures(body["total"])["pre_mediation_rate"] == (0, 0, None, None)


def test_kpi_for_a_coordinator_counts_only_its_own_cases(
    client: TestClient, district: dict[str, Any], auth_headers: Headers
) -> None:
    """A coordinator principal sees the figures of the cases it is assigned to (1 and 2 only)."""
    me = auth_headers(
        "coordinator", region_id=district["a"]["id"], coordinator_id=district["person"]["id"]
    )
    body = kpi(client, me, district["a"]["id"])
    assert body["own_cases_only"] is True
    assert figures(body["total"])["mediation_success_rate"] == (1, 2, 50.0, False)
    assert figures(body["total"])["arbitration_closure_rate"] == (0, 0, None, None)


def test_kpi_is_scoped_to_the_callers_region(
    client: TestClient, district: dict[str, Any], auth_headers: Headers
) -> None:
    """Another region's admin gets 404 for this district; its own district counts none of ours."""
    stranger = auth_headers("region_admin", region_id=district["other"]["id"])
    r = client.get(
        "/v1/stats/kpi", params={"region_id": district["district"]["id"]}, headers=stranger
    )
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    body = kpi(client, stranger, district["other"]["id"])
    assert figures(body["total"])["mediation_success_rate"] == (1, 1, 100.0, True)
    assert figures(body["total"])["pre_mediation_rate"] == (1, 1, 100.0, True)
    township_clerk = auth_headers("region_admin", region_id=district["b"]["id"])
    r = client.get(
        "/v1/stats/kpi", params={"region_id": district["a"]["id"]}, headers=township_clerk
    )
    assert r.status_code == 404


def test_kpi_under_a_pack_without_indicators_says_why(
    client: TestClient, auth_headers: Headers
) -> None:
    """wenshang-2024 sets no KPI targets: a 200 whose units give the reason, not an error."""
    admin = auth_headers("admin")
    county = region(client, admin, kind="county", policy="wenshang-2024")
    body = kpi(client, admin, county["id"])
    assert body["total"]["indicators"] == [] and "kpi.counts" in body["total"]["reason"]
    assert body["definitions"] == {}


def test_kpi_refuses_a_backwards_period_naming_from(
    client: TestClient, district: dict[str, Any]
) -> None:
    r = client.get(
        "/v1/stats/kpi",
        params={"region_id": district["district"]["id"], "from": "2025-07-01", "to": "2025-06-30"},
        headers=district["clerk"],
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "from"
    r = client.get(
        "/v1/stats/kpi",
        params={"region_id": district["district"]["id"], "to": "2025-13-01"},
        headers=district["clerk"],
    )
    assert r.status_code == 422


def test_kpi_query_count_does_not_grow_with_cases_or_townships(
    client: TestClient, district: dict[str, Any], auth_headers: Headers
) -> None:
    """SQL aggregates, never one query per row: the same statements for 1 township and 1 case as
    for the district's 3 units and 13 cases."""
    admin = auth_headers("admin")
    small = region(client, admin, kind="district", policy="minhang-2023")
    town = region(client, admin, kind="township", parent_id=small["id"])
    concluded(
        client, admin, town["id"], "mediation", "2025-03-03", "mediated", "2025-03-05", "agreement"
    )
    kpi(client, admin, small["id"])  # warm: settings, packs, calendar
    with counted_queries() as few:
        kpi(client, admin, small["id"])
    with counted_queries() as many:
        kpi(client, admin, district["district"]["id"])
    assert len(few) == len(many) <= 6, many


def test_region_defaults_to_the_callers_own_and_is_required_without_one(
    client: TestClient, district: dict[str, Any], auth_headers: Headers
) -> None:
    """A regional caller's views cover its own region unless it names one; a global caller must
    name it (422 on region_id), on every case view."""
    r = client.get("/v1/stats/kpi", params=PERIOD, headers=district["clerk"])
    assert r.status_code == 200 and r.json()["region_id"] == district["district"]["id"]
    for url in ("/v1/stats/kpi", "/v1/reports/cases", "/v1/reports/subsidies"):
        r = client.get(url, headers=auth_headers("admin"))
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "region_id", url

"""GET /v1/regions/{id}/staffing: the staffing rules on stored records (issue 12 §2), hand-computed.

浙人社发〔2023〕18号 二(一) (enterprises, parks and townships, communities) and 三(一) (coverage);
闵人社发〔2023〕55号 二(一)3 (核定人数, the floor of existing staff, qualified staff); 浦锦 2024 (15).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.query_count import count_queries
from tests.factories import make_coordinator, make_enterprise, unique

Headers = Callable[..., dict[str, str]]
CERT = [{"level": 4, "obtained_on": "2022-01-01"}]


def region(
    client: TestClient,
    admin: dict[str, str],
    kind: str,
    parent: dict[str, Any] | None = None,
    policy: str | None = None,
    name: str = "测试",
) -> dict[str, Any]:
    body = {"code": unique("R"), "name": name, "kind": kind, "policy": policy}
    body["parent_id"] = parent["id"] if parent else None
    r = client.post("/v1/regions", json=body, headers=admin)
    assert r.status_code == 201, r.text
    return r.json()


def basis(client: TestClient, admin: dict[str, str], region_id: int, **fields: Any) -> Any:
    r = client.post(
        "/v1/staffing-bases",
        json={"region_id": region_id, "effective_from": "2024-01-01", **fields},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    return r.json()


def staffing(client: TestClient, headers: dict[str, str], region_id: int, **params: Any) -> Any:
    r = client.get(f"/v1/regions/{region_id}/staffing", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def _zhejiang(client: TestClient, admin: dict[str, str]) -> dict[str, Any]:
    """A county under zhejiang-2023: a township with many enterprises (its basis says so), a
    community, four enterprises (medium, small, micro, unsized), three coordinators."""
    county = region(client, admin, "county", policy="zhejiang-2023", name="样例县")
    town = region(client, admin, "township", county, name="样例镇")
    community = region(client, admin, "community", town, name="样例社区")
    medium = make_enterprise(client, admin, town["id"], employees=300, revenue_10k_yuan=2000)
    small = make_enterprise(client, admin, town["id"], employees=25, revenue_10k_yuan=400)
    micro = make_enterprise(client, admin, town["id"], employees=5, revenue_10k_yuan=100)
    unsized = make_enterprise(client, admin, town["id"], employees=None)
    make_coordinator(client, admin, town["id"], enterprise_id=medium["id"], certificates=CERT)
    make_coordinator(client, admin, town["id"])
    make_coordinator(client, admin, community["id"])
    basis(client, admin, town["id"], enterprise_load="many")
    return {
        "county": county,
        "town": town,
        "community": community,
        "medium": medium,
        "small": small,
        "micro": micro,
        "unsized": unsized,
    }


def _units(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["id"]: u for u in body["units"]}


def test_stored_units_against_the_zhejiang_minimums_2_1(
    client: TestClient, auth_headers: Headers
) -> None:
    """Large/medium ≥ 2, small/micro ≥ 1 (a micro one without a coordinator covered by its
    township's platform), a township with many enterprises ≥ 4, a community ≥ 1 — 二(一)."""
    admin = auth_headers("admin")
    w = _zhejiang(client, admin)
    body = staffing(client, admin, w["county"]["id"])
    assert (body["policy"], body["applicable"], body["reason"]) == ("zhejiang-2023", True, None)
    units = _units(body)

    def row(key: str, kind: str = "enterprise") -> tuple[Any, ...]:
        u = units[f"{kind}:{w[key]['id']}"]
        return (u["status"], u["required"], u["actual"], u["shortfall"])

    assert row("medium") == ("assessed", 2, 1, 1)
    assert units[f"enterprise:{w['medium']['id']}"]["citation"]["part"] == "二(一)"
    assert units[f"enterprise:{w['medium']['id']}"]["qualified"]["actual"] == 1
    assert row("small") == ("assessed", 1, 0, 1)
    micro = units[f"enterprise:{w['micro']['id']}"]
    assert (micro["required"], micro["shortfall"], micro["met_by_platform"]) == (1, 0, True)
    # unknown size: at least 1 whatever it is, and the office is told what to record
    assert row("unsized") == ("incomplete", 1, 0, 1)
    assert "PATCH /v1/enterprises" in units[f"enterprise:{w['unsized']['id']}"]["missing"][0]
    town = units[f"region:{w['town']['id']}"]
    assert (town["status"], town["required"], town["actual"], town["shortfall"]) == (
        "assessed",
        4,
        1,
        3,
    )
    assert town["citation"]["note"].startswith("企业数较多")
    assert row("community", "region") == ("assessed", 1, 1, 0)
    total = body["rollups"][0]
    assert total["region_id"] == w["county"]["id"]
    # required 4 + 1 + 2 + 1 + 1 + 1, actual 1 + 1 + 1, shortfall 3 + 0 + 1 + 1 + 0 + 1
    assert (total["units"], total["required"], total["actual"], total["shortfall"]) == (
        6,
        10,
        3,
        6,
    )
    assert (total["incomplete"], total["qualified_actual"]) == (1, 1)
    assert [r["region_id"] for r in body["rollups"]] == [w["county"]["id"], w["town"]["id"]]


def test_enterprise_coverage_per_township_zj_3_1(client: TestClient, auth_headers: Headers) -> None:
    """按企业数量比例: 3 coordinators for 4 enterprises (0.75); covered: the medium one (own
    coordinator) and the micro one (platform) — 2 of 4."""
    admin = auth_headers("admin")
    w = _zhejiang(client, admin)
    body = staffing(client, admin, w["county"]["id"])
    town = _units(body)[f"region:{w['town']['id']}"]
    cov = town["coverage"]
    assert (cov["enterprises"], cov["enterprises_covered"], cov["coordinators"]) == (4, 2, 3)
    assert (cov["coordinators_per_enterprise"], cov["share_covered"]) == (0.75, 0.5)
    assert (cov["citation"]["doc"], cov["citation"]["part"]) == ("浙人社发〔2023〕18号", "三(一)")
    assert body["rollups"][0]["coverage"]["coordinators_per_enterprise"] == 0.75


def test_area_without_a_load_needs_at_least_two_and_says_what_to_record_2_1(
    client: TestClient, auth_headers: Headers
) -> None:
    """zhejiang-2023 defines no 'many': without a basis the township needs 2 either way."""
    admin = auth_headers("admin")
    county = region(client, admin, "county", policy="zhejiang-2023")
    town = region(client, admin, "township", county)
    make_enterprise(client, admin, town["id"])
    body = staffing(client, admin, town["id"])
    u = _units(body)[f"region:{town['id']}"]
    assert (u["status"], u["required"], u["shortfall"]) == ("incomplete", 2, 2)
    assert "POST /v1/staffing-bases" in u["missing"][0]
    # asked as a what-if: 1 enterprise, many from 1 → many → 4
    what_if = staffing(client, admin, town["id"], many_enterprises_from=1)
    assert _units(what_if)[f"region:{town['id']}"]["required"] == 4


def test_minhang_floor_and_approved_headcount_mh_2_1_3(
    client: TestClient, auth_headers: Headers
) -> None:
    """原则上不低于现有…之和，并至少配备1-2名有劳动关系协调资质的工作人员; 区…核定街镇人员数."""
    admin = auth_headers("admin")
    district = region(client, admin, "district", policy="minhang-2023")
    bare = region(client, admin, "subdistrict", district)
    approved = region(client, admin, "subdistrict", district)
    make_coordinator(client, admin, bare["id"], certificates=CERT)
    make_coordinator(client, admin, bare["id"])
    make_coordinator(client, admin, approved["id"])
    basis(
        client,
        admin,
        approved["id"],
        approved_headcount=10,
        existing_inspection_assistants=4,
        existing_mediators=3,
        approval_ref="闵人社〔2024〕1号",
    )
    ent = make_enterprise(client, admin, bare["id"])
    body = staffing(client, admin, district["id"])
    units = _units(body)
    b = units[f"region:{bare['id']}"]
    assert (b["status"], b["required"], b["actual"], b["shortfall"]) == ("incomplete", 1, 2, 0)
    assert b["qualified"]["actual"] == 1 and b["qualified"]["shortfall"] == 0
    assert sorted(m.split(":")[0] for m in b["missing"]) == [
        "approved_headcount",
        "existing_inspection_assistants",
        "existing_mediators",
    ]
    a = units[f"region:{approved['id']}"]
    assert (a["status"], a["required"], a["actual"], a["shortfall"]) == ("assessed", 10, 1, 9)
    assert {m["rule"]: m["required"] for m in a["minimums"]} == {
        "township_floor": 7,
        "approved_headcount": 10,
        "qualified_minimum": 1,
    }
    assert a["citation"]["doc"] == "闵人社发〔2023〕55号" and a["citation"]["clause"] == "3"
    assert (a["qualified"]["required"], a["qualified"]["shortfall"]) == (1, 1)
    assert a["qualified"]["citation"]["clause"] == "3"
    # Minhang sets nothing for enterprises: shown, counted, not judged
    e = units[f"enterprise:{ent['id']}"]
    assert (e["status"], e["required"], e["shortfall"]) == ("not_applicable", None, None)
    total = body["rollups"][0]
    assert (total["required"], total["shortfall"], total["qualified_shortfall"]) == (11, 9, 1)


def test_pujin_headcount_of_15_under_its_bound_pack_pj_4_1_1_3(
    client: TestClient, auth_headers: Headers
) -> None:
    """浦锦街道 (pujin-2024 bound to it, under a minhang-2023 district): 15 people."""
    admin = auth_headers("admin")
    district = region(client, admin, "district", policy="minhang-2023")
    pujin = region(client, admin, "subdistrict", district, policy="pujin-2024", name="浦锦街道")
    for _ in range(3):
        make_coordinator(client, admin, pujin["id"], certificates=CERT)
    basis(
        client,
        admin,
        pujin["id"],
        approved_headcount=15,
        existing_inspection_assistants=9,
        existing_mediators=0,
    )
    u = _units(staffing(client, admin, district["id"]))[f"region:{pujin['id']}"]
    assert (u["policy"], u["required"], u["actual"], u["shortfall"]) == ("pujin-2024", 15, 3, 12)
    assert any(m["rule"] == "headcount" and m["required"] == 15 for m in u["minimums"])


@pytest.mark.parametrize("pack", ["wenshang-2024", "minhang-2022", "national"])
def test_a_pack_without_minimums_answers_200_with_the_reason(
    client: TestClient, auth_headers: Headers, pack: str
) -> None:
    """Not 422: a township under a pack that sets no minimums is told so, and still counted."""
    admin = auth_headers("admin")
    county = region(client, admin, "county", policy=pack)
    town = region(client, admin, "township", county)
    make_coordinator(client, admin, town["id"], certificates=CERT)
    body = staffing(client, admin, town["id"])
    assert body["applicable"] is False and "sets no staffing minimums" in body["reason"]
    u = _units(body)[f"region:{town['id']}"]
    assert (u["status"], u["required"], u["actual"], u["qualified"]["actual"]) == (
        "not_applicable",
        None,
        1,
        1,
    )


@pytest.mark.parametrize(
    "pack", ["zhejiang-2023", "minhang-2023", "pujin-2024", "wenshang-2024", "national"]
)
@pytest.mark.parametrize("kind", ["township", "subdistrict", "park"])
def test_every_area_gets_a_result_under_every_pack(
    client: TestClient, auth_headers: Headers, pack: str, kind: str
) -> None:
    """Issue 12 §2: the view answered 422 for every township under every pack."""
    admin = auth_headers("admin")
    county = region(client, admin, "county")
    area = region(client, admin, kind, county)
    make_coordinator(client, admin, area["id"])
    body = staffing(client, admin, area["id"], policy=pack)
    assert body["policy"] == pack and len(body["units"]) == 1


def test_an_empty_region_says_there_is_nothing_to_judge(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    county = region(client, admin, "county", policy="zhejiang-2023")
    body = staffing(client, admin, county["id"])
    assert body["units"] == [] and "no unit to judge" in body["reason"]


def test_the_latest_basis_in_force_counts(client: TestClient, auth_headers: Headers) -> None:
    """核定人数 is adjusted over time (动态调整): the latest basis on or before today holds."""
    admin = auth_headers("admin")
    district = region(client, admin, "district", policy="minhang-2023")
    town = region(client, admin, "township", district)
    base = {"existing_inspection_assistants": 1, "existing_mediators": 1}
    basis(client, admin, town["id"], approved_headcount=5, **base)
    r = client.post(
        "/v1/staffing-bases",
        json={"region_id": town["id"], "effective_from": "2025-01-01", "approved_headcount": 8}
        | base,
        headers=admin,
    )
    assert r.status_code == 201
    r = client.post(
        "/v1/staffing-bases",
        json={"region_id": town["id"], "effective_from": "2099-01-01", "approved_headcount": 30}
        | base,
        headers=admin,
    )
    assert r.status_code == 201
    u = _units(staffing(client, admin, town["id"]))[f"region:{town['id']}"]
    assert u["required"] == 8


def test_staffing_basis_records_are_written_like_every_record(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    county = region(client, admin, "county")
    town = region(client, admin, "township", county)
    community = region(client, admin, "community", town)
    row = basis(client, admin, town["id"], approved_headcount=6, enterprise_load="few")
    assert row["enterprise_load"] == "few" and row["created_by"]
    again = client.post(
        "/v1/staffing-bases",
        json={"region_id": town["id"], "effective_from": "2024-01-01"},
        headers=admin,
    )
    assert again.status_code == 409 and "effective_from" in again.json()["detail"]
    wrong_kind = client.post(
        "/v1/staffing-bases",
        json={"region_id": community["id"], "effective_from": "2024-01-01"},
        headers=admin,
    )
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["errors"][0]["field"] == "region_id"
    negative = client.post(
        "/v1/staffing-bases",
        json={"region_id": town["id"], "effective_from": "2024-02-01", "existing_mediators": -1},
        headers=admin,
    )
    assert negative.status_code == 422
    got = client.get(f"/v1/staffing-bases/{row['id']}", headers=admin)
    assert got.headers["etag"] == '"1"'
    stale = client.patch(
        f"/v1/staffing-bases/{row['id']}",
        json={"approved_headcount": 7},
        headers={**admin, "If-Match": '"9"'},
    )
    assert stale.status_code == 412
    changed = client.patch(
        f"/v1/staffing-bases/{row['id']}",
        json={"approved_headcount": 7},
        headers={**admin, "If-Match": '"1"'},
    )
    assert changed.status_code == 200 and changed.json()["approved_headcount"] == 7
    listed = client.get("/v1/staffing-bases", params={"region_id": town["id"]}, headers=admin)
    assert [b["id"] for b in listed.json()["items"]] == [row["id"]]
    audit = client.get(
        "/v1/audit", params={"entity": "staffing_basis", "entity_id": row["id"]}, headers=admin
    )
    assert audit.status_code == 200
    assert [e["action"] for e in audit.json()["items"]][:2] in (
        ["create", "update"],
        ["update", "create"],
    )
    gone = client.delete(f"/v1/staffing-bases/{row['id']}", headers={**admin, "If-Match": '"2"'})
    assert gone.status_code == 204
    assert client.get(f"/v1/staffing-bases/{row['id']}", headers=admin).status_code == 404


def test_another_regions_principal_sees_nothing(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    w = _zhejiang(client, admin)
    other = region(client, admin, "county")
    outsider = auth_headers("region_admin", region_id=other["id"])
    r = client.get(f"/v1/regions/{w['town']['id']}/staffing", headers=outsider)
    assert r.status_code == 404
    listed = client.get(
        "/v1/staffing-bases", params={"within": w["county"]["id"]}, headers=outsider
    )
    assert listed.json()["items"] == []
    r = client.post(
        "/v1/staffing-bases",
        json={"region_id": w["town"]["id"], "effective_from": "2024-05-01"},
        headers=outsider,
    )
    assert r.status_code == 403


def test_a_coordinator_sees_only_its_own_unit(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    county = region(client, admin, "county", policy="zhejiang-2023")
    town = region(client, admin, "township", county)
    ent = make_enterprise(client, admin, town["id"], employees=25, revenue_10k_yuan=400)
    me = make_coordinator(client, admin, town["id"], enterprise_id=ent["id"])
    make_coordinator(client, admin, town["id"])
    viewer = auth_headers("coordinator", region_id=town["id"], coordinator_id=me["id"])
    r = client.get(f"/v1/regions/{town['id']}/staffing", headers=viewer)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [u["id"] for u in body["units"]] == [f"enterprise:{ent['id']}"]
    assert body["rollups"] == [] and body["trace"] == []


def test_the_view_runs_the_same_few_queries_whatever_the_size(
    client: TestClient, auth_headers: Headers
) -> None:
    """SQL aggregates plus lrc_rules: 1 township or 6, 2 enterprises or 12 — same statements."""
    admin = auth_headers("admin")

    def world(towns: int, per_town: int) -> int:
        county = region(client, admin, "county", policy="minhang-2023")
        for _ in range(towns):
            town = region(client, admin, "township", county)
            region(client, admin, "community", town)
            basis(client, admin, town["id"], existing_inspection_assistants=1)
            for _ in range(per_town):
                e = make_enterprise(client, admin, town["id"])
                make_coordinator(client, admin, town["id"], enterprise_id=e["id"])
        return int(county["id"])

    small, large = world(1, 2), world(6, 2)
    counts = []
    for county_id in (small, large):
        with count_queries() as q:
            staffing(client, admin, county_id)
        counts.append(len(q))
    assert counts[0] == counts[1], q
    assert counts[1] <= 10, q

"""HTTP: GET /v1/policies and /v1/policies/{policy_id} — packs, parameters, values, citations."""

from __future__ import annotations

from fastapi.testclient import TestClient

IDS = ["minhang-2022", "minhang-2023", "national", "pujin-2024", "wenshang-2024", "zhejiang-2023"]


def test_list_gives_every_pack_with_its_date_and_parent(client: TestClient) -> None:
    """RULES.md §0: the six packs, each with title, jurisdiction, extends and in-force date."""
    r = client.get("/v1/policies")
    assert r.status_code == 200
    packs = {p["id"]: p for p in r.json()}
    assert sorted(packs) == IDS
    wenshang = packs["wenshang-2024"]
    assert (wenshang["extends"], wenshang["in_force_from"], wenshang["jurisdiction"]) == (
        "national",
        "2024-07-29",
        "山东省济宁市汶上县",
    )
    assert wenshang["source"]["doc"] == "汶政字〔2024〕59号"
    assert packs["pujin-2024"]["extends"] == "minhang-2023"
    assert all(p["title"] and p["description"] for p in packs.values())


def test_one_pack_lists_its_parameters_with_values_dates_and_citations(client: TestClient) -> None:
    """scoring.publicity.cap: 20 from 2024-07-29, 汶政字〔2024〕59号 附件1 8.3."""
    body = client.get("/v1/policies/wenshang-2024").json()
    params = {p["path"]: p for p in body["parameters"]}
    cap = params["scoring.publicity.cap"]
    assert cap["values"] == [{"from": "2024-07-29", "value": 20}]
    assert cap["citation"]["doc"] == "汶政字〔2024〕59号"
    assert (cap["citation"]["part"], cap["citation"]["clause"]) == ("附件1", "8.3")
    assert cap["citation"]["text"] == "汶政字〔2024〕59号 附件1 8.3"
    assert (cap["unit"], cap["defined_in"], cap["value_as_of"]) == ("points", "wenshang-2024", None)
    assert all(p["description"] and p["citation"]["doc"] for p in body["parameters"])


def test_inherited_parameters_say_where_they_are_defined(client: TestClient) -> None:
    """wenshang-2024 extends national: the GB 11643 weights come from national, holding from the
    day the national pack is in force (a single `value` never applies before its pack)."""
    params = {p["path"]: p for p in client.get("/v1/policies/wenshang-2024").json()["parameters"]}
    weights = params["identifiers.citizen_id.weights"]
    assert weights["defined_in"] == "national"
    assert weights["values"] == [
        {"from": "2008-05-01", "value": [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]}
    ]
    assert weights["citation"]["doc"] == "GB 11643-1999"


def test_as_of_resolves_each_value_on_that_date(client: TestClient) -> None:
    """?as_of=: the value in force then, or null before the document took effect."""
    before = client.get("/v1/policies/wenshang-2024?as_of=2024-07-28").json()
    after = client.get("/v1/policies/wenshang-2024?as_of=2024-07-29").json()
    cap = "scoring.publicity.cap"
    assert next(p for p in before["parameters"] if p["path"] == cap)["value_as_of"] is None
    assert next(p for p in after["parameters"] if p["path"] == cap)["value_as_of"] == 20
    assert after["as_of"] == "2024-07-29"


def test_unknown_pack_is_404_problem_json(client: TestClient) -> None:
    """An id no pack carries is a 404 naming the known packs."""
    r = client.get("/v1/policies/nowhere-2030")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert "wenshang-2024" in r.json()["detail"]

"""GET /v1/regions/{id}/obligations: service obligations from stored activities (issue 12 §6).

浙人社发〔2023〕18号 二(三) 岗位责任制; 闵人社发〔2023〕55号 二(三)5; 汶政字〔2024〕59号 三(四), 三(六).
Every count below is worked out by hand from the fixture (statuses judged today, long after 2025).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.query_count import count_queries
from tests.factories import make_coordinator, make_enterprise, unique

Headers = Callable[..., dict[str, str]]


def region(
    client: TestClient,
    admin: dict[str, str],
    kind: str,
    parent: dict[str, Any] | None = None,
    policy: str | None = None,
    name: str = "义务",
) -> dict[str, Any]:
    body = {"code": unique("R"), "name": name, "kind": kind, "policy": policy}
    body["parent_id"] = parent["id"] if parent else None
    r = client.post("/v1/regions", json=body, headers=admin)
    assert r.status_code == 201, r.text
    return r.json()


def act(
    client: TestClient,
    admin: dict[str, str],
    reviewer: dict[str, str],
    coordinator: dict[str, Any],
    kind: str,
    on: str,
    *,
    approve: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    body = {"coordinator_id": coordinator["id"], "kind": kind, "occurred_on": on, **extra}
    r = client.post("/v1/activities", json=body, headers=admin)
    assert r.status_code == 201, r.text
    a = r.json()
    if approve:
        r = client.post(
            f"/v1/activities/{a['id']}/review",
            json={"decision": "approved"},
            headers={**reviewer, "If-Match": f'"{a["version"]}"'},
        )
        assert r.status_code == 200, r.text
    return a


def obligations(client: TestClient, headers: dict[str, str], region_id: int, **params: Any) -> Any:
    r = client.get(f"/v1/regions/{region_id}/obligations", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def counts(items: list[dict[str, Any]]) -> dict[str, int]:
    out = {"done": 0, "late": 0, "missed": 0, "open": 0}
    for o in items:
        out[o["status"]] += 1
    return out


@pytest.fixture(scope="module")
def zj(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    """A zhejiang-2023 county: township T with enterprises E1 (ec1, ec2) and E2 (ec3, who left on
    2025-02-15), township coordinator tc, county coordinator cc.

    Q1 2025: tc contacts ec1 in Jan, Feb, Mar and ec2 in Jan; visits E1 on site in Feb; cc guides
    ec1 in June (the yearly window counts); tc records a contact naming nobody and one pending.
    """
    admin = auth_headers("admin")
    reviewer = auth_headers("assessor", subject="user:obligations-reviewer")
    county = region(client, admin, "county", policy="zhejiang-2023", name="浙县")
    town = region(client, admin, "township", county, name="浙镇")
    e1 = make_enterprise(client, admin, town["id"], name="一号企业")
    e2 = make_enterprise(client, admin, town["id"], name="二号企业")
    people = {
        "ec1": make_coordinator(client, admin, town["id"], enterprise_id=e1["id"], name="企一"),
        "ec2": make_coordinator(client, admin, town["id"], enterprise_id=e1["id"], name="企二"),
        "ec3": make_coordinator(client, admin, town["id"], enterprise_id=e2["id"], name="企三"),
        "tc": make_coordinator(client, admin, town["id"], name="镇协调员"),
        "cc": make_coordinator(client, admin, county["id"], name="县协调员"),
    }
    ec3 = people["ec3"]
    r = client.patch(
        f"/v1/coordinators/{ec3['id']}",
        json={"status": "left", "left_on": "2025-02-15"},
        headers={**admin, "If-Match": f'"{ec3["version"]}"'},
    )
    assert r.status_code == 200, r.text
    tc = people["tc"]
    for day in ("2025-01-10", "2025-02-10", "2025-03-10"):
        act(client, admin, reviewer, tc, "contact", day, target_coordinator_id=people["ec1"]["id"])
    act(
        client,
        admin,
        reviewer,
        tc,
        "contact",
        "2025-01-15",
        target_coordinator_id=people["ec2"]["id"],
    )
    act(client, admin, reviewer, tc, "onsite_visit", "2025-02-20", enterprise_id=e1["id"])
    act(
        client,
        admin,
        reviewer,
        people["cc"],
        "county_guidance",
        "2025-06-01",
        target_coordinator_id=people["ec1"]["id"],
    )
    nameless = act(client, admin, reviewer, tc, "contact", "2025-03-20")
    act(
        client,
        admin,
        reviewer,
        tc,
        "contact",
        "2025-03-21",
        approve=False,
        target_coordinator_id=people["ec2"]["id"],
    )
    return {
        "admin": admin,
        "county": county,
        "town": town,
        "e1": e1,
        "e2": e2,
        "people": people,
        "nameless": nameless,
    }


def test_monthly_contact_quarterly_onsite_yearly_county_guidance_zj_2_3(
    client: TestClient, zj: dict[str, Any]
) -> None:
    """每月至少与…企业劳动关系协调员联络一次，每季度定期实地指导服务一次; 县…每年至少…指导服务."""
    body = obligations(
        client, zj["admin"], zj["county"]["id"], **{"from": "2025-01-01", "to": "2025-03-31"}
    )
    units = {u["region_id"]: u for u in body["units"]}
    town = units[zj["town"]["id"]]
    assert (town["policy"], town["applicable"]) == ("zhejiang-2023", True)
    by = {}
    for o in town["obligations"]:
        by.setdefault(o["obligation"], []).append(o)
    # ec1: Jan, Feb, Mar done; ec2: Jan done, Feb and Mar missed; ec3 (left 02-15): Jan, Feb missed
    assert counts(by["enterprise_contact"]) == {"done": 4, "late": 0, "missed": 4, "open": 0}
    ec3 = zj["people"]["ec3"]["id"]
    assert sorted(
        o["window_start"] for o in by["enterprise_contact"] if o["target"]["id"] == ec3
    ) == ["2025-01-01", "2025-02-01"]
    # E1 visited in Q1, E2 not
    onsite = {o["target"]["name"]: o["status"] for o in by["onsite_guidance"]}
    assert onsite == {"一号企业": "done", "二号企业": "missed"}
    # the 2025 window: ec1 guided in June; ec2, ec3 not
    assert counts(by["county_guidance"]) == {"done": 1, "late": 0, "missed": 2, "open": 0}
    assert body["counts"] == {"done": 6, "late": 0, "missed": 7, "open": 0}
    contact = next(o for o in by["enterprise_contact"] if o["status"] == "done")
    assert (
        contact["label"] == "每月联络企业劳动关系协调员" and contact["status_label"] == "按时完成"
    )
    assert contact["citation"]["doc"] == "浙人社发〔2023〕18号"
    assert contact["fulfilled_by_coordinator_id"] == zj["people"]["tc"]["id"]
    rolled = {t["obligation"]: t["counts"] for t in body["by_obligation"]}
    assert rolled["onsite_guidance"] == {"done": 1, "late": 0, "missed": 1, "open": 0}


def test_onsite_guidance_is_owed_only_in_quarters_the_enterprise_has_a_coordinator_zj_2_3(
    client: TestClient, zj: dict[str, Any]
) -> None:
    """每季度定期实地指导服务一次 is owed for an enterprise with a coordinator (the engine's reading),
    so only in quarters one serves there, like the monthly contact: over 2025, E2 (its only
    coordinator ec3 left on 2025-02-15) owes Q1 alone, not Q2–Q4 as well."""
    body = obligations(
        client, zj["admin"], zj["county"]["id"], **{"from": "2025-01-01", "to": "2025-12-31"}
    )
    town = next(u for u in body["units"] if u["region_id"] == zj["town"]["id"])
    windows = sorted(
        o["window_start"]
        for o in town["obligations"]
        if o["obligation"] == "onsite_guidance" and o["target"]["id"] == zj["e2"]["id"]
    )
    assert windows == ["2025-01-01"]
    e1 = [
        o
        for o in town["obligations"]
        if o["obligation"] == "onsite_guidance" and o["target"]["id"] == zj["e1"]["id"]
    ]
    assert len(e1) == 4


def test_per_coordinator_owed_and_fulfilled_zj_2_3(client: TestClient, zj: dict[str, Any]) -> None:
    body = obligations(
        client, zj["admin"], zj["county"]["id"], **{"from": "2025-01-01", "to": "2025-03-31"}
    )
    people = {c["coordinator_id"]: c for c in body["coordinators"]}
    p = zj["people"]
    assert people[p["ec1"]["id"]]["owed"] == {"done": 4, "late": 0, "missed": 0, "open": 0}
    assert people[p["ec2"]["id"]]["owed"] == {"done": 1, "late": 0, "missed": 3, "open": 0}
    assert people[p["ec3"]["id"]]["owed"] == {"done": 0, "late": 0, "missed": 3, "open": 0}
    assert people[p["tc"]["id"]]["fulfilled"]["done"] == 5  # 4 contacts + 1 on-site visit
    assert people[p["cc"]["id"]]["fulfilled"]["done"] == 1
    assert people[p["ec1"]["id"]]["unit_region_id"] == zj["town"]["id"]


def test_activities_that_cannot_count_are_named_and_pending_ones_counted_apart(
    client: TestClient, zj: dict[str, Any]
) -> None:
    body = obligations(
        client, zj["admin"], zj["county"]["id"], **{"from": "2025-01-01", "to": "2025-03-31"}
    )
    town = next(u for u in body["units"] if u["region_id"] == zj["town"]["id"])
    assert [n["activity_id"] for n in town["not_counted"]] == [zj["nameless"]["id"]]
    assert "target_coordinator_id" in town["not_counted"][0]["reason"]
    assert town["pending_review"] == 1


@pytest.fixture(scope="module")
def ws(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    """A wenshang-2024 county: township S and the 快递 task force D (both 专班); Jan–Feb 2025."""
    admin = auth_headers("admin")
    reviewer = auth_headers("assessor", subject="user:obligations-reviewer-ws")
    county = region(client, admin, "county", policy="wenshang-2024", name="汶县")
    town = region(client, admin, "township", county, name="汶镇")
    express = region(client, admin, "domain", county, name="快递行业专班")
    liaison = make_coordinator(client, admin, town["id"], name="联络员")
    act(client, admin, reviewer, liaison, "monthly_report", "2025-01-18")  # by the 20th: done
    act(client, admin, reviewer, liaison, "monthly_report", "2025-02-25")  # after the 20th: late
    p, q, r = (make_coordinator(client, admin, town["id"], name=n) for n in ("甲", "乙", "丙"))
    act(client, admin, reviewer, p, "placement", "2025-01-06", days=14, evaluation="表现良好")
    act(client, admin, reviewer, q, "placement", "2025-02-03", days=10, evaluation="尚可")
    act(client, admin, reviewer, r, "placement", "2025-02-10", days=14)
    return {"admin": admin, "county": county, "town": town, "express": express, "pqr": (p, q, r)}


def test_monthly_report_by_the_20th_per_task_force_ws_3_6(
    client: TestClient, ws: dict[str, Any]
) -> None:
    """各乡镇（街道）、各领域…专班…于每月20日前报: S on time in January, late in February; the
    express task force reported nothing."""
    body = obligations(
        client, ws["admin"], ws["county"]["id"], **{"from": "2025-01-01", "to": "2025-02-28"}
    )
    reports = {
        (u["name"], o["window_start"]): o["status"]
        for u in body["units"]
        for o in u["obligations"]
        if o["obligation"] == "monthly_report"
    }
    assert reports == {
        ("汶镇", "2025-01-01"): "done",
        ("汶镇", "2025-02-01"): "late",
        ("快递行业专班", "2025-01-01"): "missed",
        ("快递行业专班", "2025-02-01"): "missed",
    }
    due = next(
        o["due_on"]
        for u in body["units"]
        for o in u["obligations"]
        if o["obligation"] == "monthly_report"
    )
    assert due.endswith("-20")


def test_placements_last_two_weeks_and_end_with_an_evaluation_ws_3_4(
    client: TestClient, ws: dict[str, Any]
) -> None:
    """不少于2个周的“以干代训”…并…作出综合评价: 14 days evaluated — done; 10 days — missed;
    14 days without an evaluation — missed."""
    body = obligations(
        client, ws["admin"], ws["county"]["id"], **{"from": "2025-01-01", "to": "2025-02-28"}
    )
    p, q, r = ws["pqr"]
    placements = {
        o["target"]["id"]: (o["status"], o["detail"])
        for u in body["units"]
        for o in u["obligations"]
        if o["obligation"] == "placement"
    }
    assert placements[p["id"]][0] == "done" and "综合评价" in placements[p["id"]][1]
    assert placements[q["id"]] == ("missed", "10 days, shorter than 14")
    assert (
        placements[r["id"]][0] == "missed"
        and "without the overall evaluation" in placements[r["id"]][1]
    )
    assert body["counts"] == {"done": 2, "late": 1, "missed": 4, "open": 0}


def test_quarterly_district_training_mh_2_3_5(client: TestClient, auth_headers: Headers) -> None:
    """区…日常业务指导培训（每季度至少1次）: Q1 done, Q2 missed for the sub-district."""
    admin = auth_headers("admin")
    reviewer = auth_headers("assessor", subject="user:obligations-reviewer-mh")
    district = region(client, admin, "district", policy="minhang-2023")
    sub = region(client, admin, "subdistrict", district)
    c = make_coordinator(client, admin, sub["id"])
    act(client, admin, reviewer, c, "training", "2025-02-01")
    body = obligations(client, admin, district["id"], **{"from": "2025-01-01", "to": "2025-06-30"})
    (unit,) = body["units"]
    got = [(o["window_start"], o["status"]) for o in unit["obligations"]]
    assert got == [("2025-01-01", "done"), ("2025-04-01", "missed")]
    assert unit["obligations"][0]["citation"]["clause"] == "5"


def test_a_pack_without_obligations_says_so_in_a_200(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    county = region(client, admin, "county", policy="minhang-2022")
    town = region(client, admin, "township", county)
    body = obligations(client, admin, county["id"])
    (unit,) = body["units"]
    assert unit["region_id"] == town["id"] and unit["applicable"] is False
    assert "sets no service obligations" in unit["reason"]


def test_bad_periods_name_the_field(client: TestClient, zj: dict[str, Any]) -> None:
    url = f"/v1/regions/{zj['county']['id']}/obligations"
    r = client.get(url, params={"from": "2025-03-01", "to": "2025-01-01"}, headers=zj["admin"])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "to"
    r = client.get(url, params={"from": "2010-01-01", "to": "2025-01-01"}, headers=zj["admin"])
    assert r.status_code == 422
    r = client.get(url, params={"from": "2025-13-01"}, headers=zj["admin"])
    assert r.status_code == 422


def test_scoping_outsiders_see_nothing_a_coordinator_only_its_own(
    client: TestClient, auth_headers: Headers, zj: dict[str, Any]
) -> None:
    other = region(client, zj["admin"], "county")
    outsider = auth_headers("region_admin", region_id=other["id"])
    r = client.get(f"/v1/regions/{zj['county']['id']}/obligations", headers=outsider)
    assert r.status_code == 404
    ec2 = zj["people"]["ec2"]["id"]
    me = auth_headers("coordinator", region_id=zj["town"]["id"], coordinator_id=ec2)
    body = obligations(client, me, zj["town"]["id"], **{"from": "2025-01-01", "to": "2025-03-31"})
    assert [c["coordinator_id"] for c in body["coordinators"]] == [ec2]
    seen = [o for u in body["units"] for o in u["obligations"]]
    assert seen and all(o["target"] and o["target"]["id"] == ec2 for o in seen)
    assert body["counts"] == {"done": 1, "late": 0, "missed": 3, "open": 0}
    assert body["trace"] == [] and all(u["not_counted"] == [] for u in body["units"])


def test_the_view_runs_the_same_few_queries_whatever_the_size(
    client: TestClient, auth_headers: Headers, zj: dict[str, Any]
) -> None:
    admin = zj["admin"]
    reviewer = auth_headers("assessor", subject="user:obligations-reviewer-q")
    county = region(client, admin, "county", policy="zhejiang-2023")
    for _ in range(3):
        town = region(client, admin, "township", county)
        tc = make_coordinator(client, admin, town["id"])
        for _ in range(2):
            e = make_enterprise(client, admin, town["id"])
            ec = make_coordinator(client, admin, town["id"], enterprise_id=e["id"])
            act(
                client, admin, reviewer, tc, "contact", "2025-01-05", target_coordinator_id=ec["id"]
            )
    sizes = []
    for rid in (zj["county"]["id"], county["id"]):
        with count_queries() as q:
            obligations(client, admin, rid, **{"from": "2025-01-01", "to": "2025-03-31"})
        sizes.append(len(q))
    assert sizes[0] == sizes[1], q
    assert sizes[1] <= 9, q

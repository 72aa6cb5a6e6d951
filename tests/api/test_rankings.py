"""GET /v1/rankings: the annual ranking and gold selection from stored scorecards (issue 12 §3).

汶政字〔2024〕59号 附件1 8.2–8.3 and 三(五): quarterly scores are the main reference; equal scores
share a rank; any work error in the year disqualifies from gold; two or more recommend a change of
post. Every figure below is computed by hand from the fixture.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.api.query_count import count_queries
from tests.factories import make_coordinator, unique

Headers = Callable[..., dict[str, str]]
EVIDENCE = [{"name": "plan.pdf", "uri": "s3://lrc/plan.pdf", "sha256": "c" * 64}]


def region(
    client: TestClient,
    admin: dict[str, str],
    kind: str,
    parent: dict[str, Any] | None = None,
    policy: str | None = None,
) -> dict[str, Any]:
    body = {"code": unique("R"), "name": "排名县", "kind": kind, "policy": policy}
    body["parent_id"] = parent["id"] if parent else None
    r = client.post("/v1/regions", json=body, headers=admin)
    assert r.status_code == 201, r.text
    return r.json()


def activity(
    client: TestClient,
    admin: dict[str, str],
    reviewer: dict[str, str],
    coordinator_id: int,
    kind: str,
    on: str,
    *,
    approve: bool = True,
    evidence: bool = True,
) -> None:
    body = {
        "coordinator_id": coordinator_id,
        "kind": kind,
        "occurred_on": on,
        "evidence": EVIDENCE if evidence else [],
    }
    r = client.post("/v1/activities", json=body, headers=admin)
    assert r.status_code == 201, r.text
    if approve:
        a = r.json()
        r = client.post(
            f"/v1/activities/{a['id']}/review",
            json={"decision": "approved"},
            headers={**reviewer, "If-Match": f'"{a["version"]}"'},
        )
        assert r.status_code == 200, r.text


def assess(client: TestClient, admin: dict[str, str], cid: int, bases: list[int]) -> None:
    for q, base in enumerate(bases, start=1):
        r = client.post(
            "/v1/assessments",
            json={"coordinator_id": cid, "year": 2025, "quarter": q, "base_score": base},
            headers=admin,
        )
        assert r.status_code == 201, r.text


@pytest.fixture(scope="module")
def world(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    """Five coordinators of a township under wenshang-2024 (the deployment default), 2025:

    - A: 25+20 (5 publicity, capped 20) | 30 | 30 | 30                      = 135
    - B: 30 | 30 | 30 | 30+15 (3 publicity)                                  = 135
    - C: 30+20 | 30+20−5 (4 publicity each, 1 minor error) | 30 | 30         = 155, 1 error
    - D: 30−5 | 30 | 30−10 | 30 (1 minor, 1 major error)                     = 105, 2 errors
    - E: nothing assessed; a publicity without evidence, a pending one       = 0
    """
    admin = auth_headers("admin")
    reviewer = auth_headers("assessor", subject="user:rankings-reviewer")
    county = region(client, admin, "county")
    town = region(client, admin, "township", county)
    people = {k: make_coordinator(client, admin, town["id"], name=f"协调员{k}") for k in "ABCDE"}
    ids = {k: p["id"] for k, p in people.items()}
    for day in ("2025-01-06", "2025-01-07", "2025-02-03", "2025-02-04", "2025-03-03"):
        activity(client, admin, reviewer, ids["A"], "publicity", day)
    assess(client, admin, ids["A"], [25, 30, 30, 30])
    for day in ("2025-10-08", "2025-11-03", "2025-12-01"):
        activity(client, admin, reviewer, ids["B"], "publicity", day)
    assess(client, admin, ids["B"], [30, 30, 30, 30])
    for day in ("2025-01-06", "2025-01-07", "2025-02-03", "2025-02-04"):
        activity(client, admin, reviewer, ids["C"], "publicity", day)
    for day in ("2025-04-07", "2025-04-08", "2025-05-06", "2025-05-07"):
        activity(client, admin, reviewer, ids["C"], "publicity", day)
    activity(client, admin, reviewer, ids["C"], "error_minor", "2025-06-02", evidence=False)
    assess(client, admin, ids["C"], [30, 30, 30, 30])
    activity(client, admin, reviewer, ids["D"], "error_minor", "2025-02-10", evidence=False)
    activity(client, admin, reviewer, ids["D"], "error_major", "2025-08-11", evidence=False)
    assess(client, admin, ids["D"], [30, 30, 30, 30])
    activity(client, admin, reviewer, ids["E"], "publicity", "2025-03-03", evidence=False)
    activity(client, admin, reviewer, ids["E"], "publicity", "2025-03-04", approve=False)
    return {"admin": admin, "county": county, "town": town, "ids": ids}


def rank(client: TestClient, headers: dict[str, str], **params: Any) -> Any:
    r = client.get("/v1/rankings", params={"year": 2025, **params}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def by_name(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"][-1]: e for e in body["entries"]}


def test_annual_totals_and_shared_ranks_8_3(client: TestClient, world: dict[str, Any]) -> None:
    """Annual score = sum of the four quarters (Choice: sum); equal scores share a rank (1, 2, 2, 4)."""
    body = rank(client, world["admin"], region_id=world["town"]["id"])
    assert body["policy"] == "wenshang-2024" and body["applicable"] is True
    got = [(e["name"][-1], e["rank"], e["annual_total"]) for e in body["entries"]]
    assert got == [("C", 1, 155), ("A", 2, 135), ("B", 2, 135), ("D", 4, 105), ("E", 5, 0)]
    a = by_name(body)["A"]
    assert [q["total"] for q in a["quarters"]] == [45, 30, 30, 30]
    e = by_name(body)["E"]
    assert [q["assessed"] for q in e["quarters"]] == [False] * 4
    assert e["coordinator_type_label"] == "乡镇(街道)"


def test_a_work_error_disqualifies_two_recommend_a_new_post_8_3(
    client: TestClient, world: dict[str, Any]
) -> None:
    """对年内出现工作失误的取消…评选资格，年内出现2次及以上工作失误的，建议用人单位予以调整工作岗位."""
    body = rank(client, world["admin"], region_id=world["town"]["id"])
    people = by_name(body)
    c, d = people["C"], people["D"]
    assert (c["work_errors"], c["gold_eligible"], c["job_adjustment_recommended"]) == (
        1,
        False,
        False,
    )
    assert (d["errors_minor"], d["errors_major"], d["job_adjustment_recommended"]) == (1, 1, True)
    assert any("附件1 8.3" in r and "调整工作岗位" in r for r in d["reasons"])
    assert people["A"]["gold_eligible"] and people["E"]["gold_eligible"]
    assert body["summary"] == {
        "ranked": 5,
        "gold_eligible": 3,
        "gold": None,
        "job_adjustment_recommended": 1,
    }


def test_gold_places_in_rank_order_ties_at_the_quota_all_get_it_8_3(
    client: TestClient, world: dict[str, Any]
) -> None:
    """gold_quota 1: C ranks first but is not eligible; A and B tie for the one place — the
    pack's Choice gold_tie_at_quota = all gives both gold, and the selection ends there."""
    body = rank(client, world["admin"], region_id=world["town"]["id"], gold_quota=1)
    people = by_name(body)
    assert {k: p["gold"] for k, p in people.items()} == {
        "A": True,
        "B": True,
        "C": False,
        "D": False,
        "E": False,
    }
    assert body["summary"]["gold"] == 2
    gold_step = next(s for s in body["trace"] if s["rule"] == "annual.gold")
    assert gold_step["outcome"] == [world["ids"]["A"], world["ids"]["B"]]
    assert gold_step["citation"].startswith("汶政字〔2024〕59号")
    agg = next(s for s in body["trace"] if s["rule"] == "annual.aggregate")
    assert agg["inputs"] == {"method": "sum"} and agg["outcome"] == {"coordinators": 5}


def test_quarters_match_the_scorecard_view(client: TestClient, world: dict[str, Any]) -> None:
    """One set of rules: the ranking's quarter totals are the scorecards' totals."""
    body = rank(client, world["admin"], region_id=world["town"]["id"])
    for entry in body["entries"]:
        cards = client.get(
            f"/v1/coordinators/{entry['coordinator_id']}/scorecards",
            params={"year": 2025},
            headers=world["admin"],
        ).json()
        assert [q["scorecard"]["total"] for q in cards["quarters"]] == [
            q["total"] for q in entry["quarters"]
        ]
        assert cards["annual_total"] == entry["annual_total"]
        assert cards["gold_eligible"] == entry["gold_eligible"]


def test_xlsx_has_chinese_headers_and_text_cells(
    client: TestClient, auth_headers: Headers, world: dict[str, Any]
) -> None:
    admin = world["admin"]
    sly = make_coordinator(
        client, admin, world["county"]["id"], name="=1+2", work_unit='=HYPERLINK("x","y")'
    )
    r = client.get(
        "/v1/rankings/export",
        params={"year": 2025, "region_id": world["county"]["id"]},
        headers=admin,
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert "金牌评选" in rows[0][0]
    assert rows[2][:4] == ("排名", "姓名", "协调员类型", "工作单位及职务")
    assert rows[2][8:14] == (
        "年度得分",
        "工作失误(影响面较小)",
        "工作失误(影响面较大)",
        "金牌评选资格",
        "金牌",
        "建议调整工作岗位",
    )
    first = rows[3]
    assert first[1] == "协调员C" and first[2] == "乡镇(街道)" and first[8] == 155
    assert first[11] == "否"
    mine = next(c for c in ws.iter_rows(min_row=4) if c[1].value == "=1+2")
    assert mine[1].data_type == "s" and mine[3].data_type == "s"  # text, never a formula
    assert mine[3].value.startswith('=HYPERLINK("x","y")')
    assert any("基本得分未评定" in (row[14] or "") for row in rows[3:])
    assert (
        "汶政字〔2024〕59号 附件1 8.2" in rows[1][0]
        and "汶政字〔2024〕59号 附件1 8.3" in rows[1][0]
    )
    remarks = "".join(row[14] or "" for row in rows[3:])
    assert "年内工作失误" in remarks
    assert not any(code in remarks for code in ("gold_eligible:", "no_gold_quota:", "not given"))
    client.delete(
        f"/v1/coordinators/{sly['id']}", headers={**admin, "If-Match": f'"{sly["version"]}"'}
    )


def test_a_subregion_under_a_pack_without_scorecards_is_listed_not_ranked(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    county = region(client, admin, "county")
    town = region(client, admin, "township", county)
    shanghai = region(client, admin, "subdistrict", county, policy="minhang-2023")
    make_coordinator(client, admin, town["id"])
    other = make_coordinator(client, admin, shanghai["id"])
    body = rank(client, admin, region_id=county["id"])
    assert len(body["entries"]) == 1
    (left,) = body["not_ranked"]
    assert left["coordinator_id"] == other["id"] and "sets no quarterly scorecard" in left["reason"]


def test_a_region_whose_pack_ranks_nothing_says_so_in_a_200(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    county = region(client, admin, "county", policy="zhejiang-2023")
    make_coordinator(client, admin, county["id"])
    body = rank(client, admin, region_id=county["id"])
    assert body["applicable"] is False and "sets no annual ranking" in body["reason"]
    assert body["entries"] == []


def test_bad_requests_name_the_field(client: TestClient, world: dict[str, Any]) -> None:
    admin = world["admin"]
    r = client.get("/v1/rankings", params={"year": 2025}, headers=admin)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "region_id"
    r = client.get(
        "/v1/rankings", params={"year": 2023, "region_id": world["town"]["id"]}, headers=admin
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "year"  # before 2024-07-29
    r = client.get(
        "/v1/rankings",
        params={"year": 2025, "region_id": world["town"]["id"], "gold_quota": -1},
        headers=admin,
    )
    assert r.status_code == 422


def test_scoping_outsiders_see_nothing_a_coordinator_only_itself(
    client: TestClient, auth_headers: Headers, world: dict[str, Any]
) -> None:
    admin = world["admin"]
    other = region(client, admin, "county")
    outsider = auth_headers("region_admin", region_id=other["id"])
    r = client.get(
        "/v1/rankings", params={"year": 2025, "region_id": world["town"]["id"]}, headers=outsider
    )
    assert r.status_code == 404
    own = rank(client, outsider)  # its own (empty) region by default
    assert own["entries"] == [] and own["region_id"] == other["id"]
    b = world["ids"]["B"]
    viewer = auth_headers("coordinator", region_id=world["town"]["id"], coordinator_id=b)
    body = rank(client, viewer, gold_quota=1)
    assert [(e["coordinator_id"], e["rank"], e["gold"]) for e in body["entries"]] == [(b, 2, True)]
    gold_step = next(s for s in body["trace"] if s["rule"] == "annual.gold")
    assert gold_step["outcome"] == [b]


def test_the_ranking_runs_the_same_few_queries_whatever_the_size(
    client: TestClient, auth_headers: Headers, world: dict[str, Any]
) -> None:
    """SQL aggregates plus lrc_rules: 5 coordinators or 12, the same statements."""
    admin = world["admin"]
    county = region(client, admin, "county")
    town = region(client, admin, "township", county)
    for _ in range(12):
        make_coordinator(client, admin, town["id"])
    counts = []
    for rid in (world["town"]["id"], town["id"]):
        with count_queries() as q:
            rank(client, admin, region_id=rid)
        counts.append(len(q))
    assert counts[0] == counts[1], q
    assert counts[1] <= 8, q


def test_no_stored_text_can_break_the_workbook() -> None:
    """A control character pasted from a word processor is written as a space, not a crash."""
    import datetime as dt

    from lrc_api.rankings.export import to_xlsx

    entry = {
        "rank": 1,
        "name": "张\x0b三",
        "coordinator_type_label": "其他",
        "work_unit": "县人社局\v劳动关系科\x00",
        "quarters": [{"total": 1, "scored": True, "assessed": True}] * 4,
        "annual_total": 4,
        "errors_minor": 0,
        "errors_major": 0,
        "gold_eligible": True,
        "gold": None,
        "job_adjustment_recommended": False,
        "reasons": ["\x1b"],
    }
    ranking = {
        "year": 2025,
        "region_name": "县",
        "gold_quota": None,
        "policy": "wenshang-2024",
        "as_of": dt.date(2026, 1, 5),
        "entries": [entry],
        "not_ranked": [],
        "applicable": True,
        "trace": [],
    }
    rows = list(load_workbook(io.BytesIO(to_xlsx(ranking))).active.iter_rows(values_only=True))
    assert rows[3][1] == "张 三" and rows[3][3] == "县人社局 劳动关系科 "
    # Neither driver stores these today, but a row from before the input check may hold them:
    # openpyxl wrote them as they were, and the file would not open.
    entry.update(name="张\ud800三", work_unit="单位\ufffe", reasons=["\u202e说明"])
    rows = list(load_workbook(io.BytesIO(to_xlsx(ranking))).active.iter_rows(values_only=True))
    assert rows[3][1] == "张\ufffd三" and rows[3][3] == "单位\ufffd"
    assert rows[3][-1] == "\ufffd说明"


def test_xlsx_cites_the_packs_own_clauses_and_prints_reasons_without_their_codes() -> None:
    """The basis line names the clauses the ranking's trace applied (another county's pack names
    its own document, not 汶政字〔2024〕59号); the 说明 column prints each reason's Chinese text,
    the stable code in front of it staying in the JSON."""
    import datetime as dt

    from lrc_api.rankings.export import to_xlsx

    entry = {
        "rank": 1,
        "name": "张三",
        "coordinator_type_label": "其他",
        "work_unit": "县人社局",
        "quarters": [{"total": 40, "scored": True, "assessed": True}] * 4,
        "annual_total": 160,
        "errors_minor": 0,
        "errors_major": 0,
        "gold_eligible": True,
        "gold": True,
        "job_adjustment_recommended": False,
        "reasons": [
            "gold_eligible: 年内工作失误 0 次，未达取消资格的 1 次 (附件1 8.3)",
            "gold: 符合资格者中排名在金牌名额 1 之内",
        ],
    }
    trace = [
        {"rule": "annual.aggregate", "citation": "某县人社发〔2026〕1号 四(二)"},
        {"rule": "annual.rank", "citation": "某县人社发〔2026〕1号 四(二)"},
        {"rule": "annual.gold", "citation": "某县人社发〔2026〕1号 四(三)"},
    ]
    ranking = {
        "year": 2026,
        "region_name": "某县",
        "gold_quota": 1,
        "policy": "mou-2026",
        "as_of": dt.date(2027, 1, 5),
        "entries": [entry],
        "not_ranked": [],
        "applicable": True,
        "trace": trace,
    }
    rows = list(load_workbook(io.BytesIO(to_xlsx(ranking))).active.iter_rows(values_only=True))
    assert rows[1][0].startswith(
        "依据：mou-2026（某县人社发〔2026〕1号 四(二)、某县人社发〔2026〕1号 四(三)）；"
    )
    assert "汶政字" not in rows[1][0]
    assert (
        rows[3][14]
        == "年内工作失误 0 次，未达取消资格的 1 次 (附件1 8.3)；符合资格者中排名在金牌名额 1 之内"
    )

"""GET /v1/reports/cases: 闵人社发〔2022〕34号 四(一)2 (在办案件数, 先行调解率, 结案率 per township,
weekly) and 三 (cases near their time limit first), against hand-computed fixtures; JSON and xlsx.

Week 2025-W24 is Monday 2025-06-09 … Sunday 2025-06-15; the year to date starts 2025-01-01.
Counts (the pack's Choices, minhang-2022 kpi.counts): 在办 = received by the week's end and not
concluded by then; 结案率 = concluded in the period / (open at its start + received in it);
先行调解率 = mediations received in the period and settled by agreement by its end / disputes
(mediation, enterprise mediation, arbitration) received in it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from lrc_api.core.calendar import get_calendar
from lrc_api.core.vocabulary import label
from tests.api.casework import concluded, counted_queries, move, new_case, region
from tests.factories import make_coordinator

Headers = Callable[..., dict[str, str]]
UTC_TODAY = dt.datetime.now(dt.UTC).date()
WEEK = "2025-W24"


@pytest.fixture(scope="module")
def district(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    """A district (minhang-2023) with townships A and B, cases around week 2025-W24, and open
    cases near and far from their main deadline today."""
    admin = auth_headers("admin")
    d = region(client, admin, kind="district", policy="minhang-2023", name="=SUM(1,2)区")
    a = region(client, admin, kind="subdistrict", parent_id=d["id"], name="浦锦街道")
    b = region(client, admin, kind="township", parent_id=d["id"], name="马桥镇")
    clerk = auth_headers("region_admin", region_id=d["id"])
    person = make_coordinator(client, admin, a["id"])
    A, B = a["id"], b["id"]
    c: dict[str, dict[str, Any]] = {}
    c["1"] = concluded(
        client, clerk, A, "mediation", "2025-06-02", "mediated", "2025-06-10", "agreement"
    )
    c["2"] = new_case(client, clerk, A, "mediation", "2025-06-10")
    c["3"] = move(
        client,
        clerk,
        new_case(client, clerk, A, "arbitration", "2025-05-06"),
        "accepted",
        "2025-05-06",
    )
    c["4"] = new_case(client, clerk, A, "mediation", "2025-06-16")
    c["5"] = concluded(
        client, clerk, B, "wage_clue", "2025-06-09", "mediated", "2025-06-11", "resolved"
    )
    c["6"] = new_case(client, clerk, B, "hotline", "2024-12-30")
    # Open cases judged today: one due within the window (a mediation received 14 days ago),
    # one far off (received today), one whose clock is stopped (suspended arbitration).
    soon = (UTC_TODAY - dt.timedelta(days=14)).isoformat()
    c["soon"] = new_case(
        client,
        clerk,
        A,
        "mediation",
        soon,
        number='=HYPERLINK("http://x")',
        assignments=[{"coordinator_id": person["id"], "role": "lead"}],
    )
    c["far"] = new_case(client, clerk, B, "mediation", UTC_TODAY.isoformat())
    stopped = move(
        client,
        clerk,
        new_case(client, clerk, A, "arbitration", "2025-09-01"),
        "accepted",
        "2025-09-01",
    )
    stopped = move(client, clerk, stopped, "in_progress", "2025-09-02")
    c["stopped"] = move(client, clerk, stopped, "suspended", "2025-09-03")
    other = region(client, admin, kind="district", policy="minhang-2023")
    new_case(client, admin, other["id"], "mediation", "2025-06-10")
    return {"district": d, "a": a, "b": b, "clerk": clerk, "person": person, "cases": c, "other": other}  # fmt: skip


def report(client: TestClient, headers: dict[str, str], region_id: int, **params: Any) -> Any:
    r = client.get(
        "/v1/reports/cases",
        params={"region_id": region_id, "week": WEEK, **params},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    return r.json()


def figures(rows: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    return {f["key"]: (f["value"], f["numerator"], f["denominator"], f["rate"]) for f in rows}


def test_weekly_figures_per_township_match_hand_counts_4_1_2(
    client: TestClient, district: dict[str, Any]
) -> None:
    """A: 在办 2 (cases 2, 3); 先行调解率 0/1 this week, 1/3 this year; 结案率 1/3 both.
    B: 在办 1 (the 2024 hotline order); 结案率 1/2. Case 4 (received after the week) never counts."""
    body = report(client, district["clerk"], district["district"]["id"])
    assert (body["week_from"], body["week_to"], body["year_from"]) == (
        "2025-06-09",
        "2025-06-15",
        "2025-01-01",
    )
    units = {u["region_id"]: u for u in body["units"]}
    a, b = units[district["a"]["id"]], units[district["b"]["id"]]
    assert [f["label"] for f in a["week"]] == ["在办案件数", "先行调解率", "结案率"]
    assert figures(a["week"]) == {
        "in_progress": (2, None, None, None),
        "pre_mediation_rate": (None, 0, 1, 0.0),
        "closure_rate": (None, 1, 3, 33.33),
    }
    assert figures(a["year_to_date"])["pre_mediation_rate"] == (None, 1, 3, 33.33)
    assert figures(a["year_to_date"])["closure_rate"] == (None, 1, 3, 33.33)
    assert figures(b["week"]) == {
        "in_progress": (1, None, None, None),
        "pre_mediation_rate": (None, 0, 0, None),
        "closure_rate": (None, 1, 2, 50.0),
    }
    assert figures(body["total"]["week"]) == {
        "in_progress": (3, None, None, None),
        "pre_mediation_rate": (None, 0, 1, 0.0),
        "closure_rate": (None, 2, 5, 40.0),
    }
    assert body["items"][2]["description"].startswith("Choice") and body["definitions"]


def test_near_deadline_cases_come_first_earliest_due_3(
    client: TestClient, district: dict[str, Any]
) -> None:
    """三: open cases past their main deadline or due within 3 working days (the pack's window),
    earliest first; not the far one, not the suspended arbitration (its clock is stopped), not a
    concluded one, and nothing of another district."""
    body = report(client, district["clerk"], district["district"]["id"])
    assert list(body)[:12][-2:] == ["near_deadline", "near_deadline_total"]
    c = district["cases"]
    listed = [x["case_id"] for x in body["near_deadline"]]
    assert listed == [c["6"]["id"], c["3"]["id"], c["2"]["id"], c["4"]["id"], c["soon"]["id"]]
    assert body["near_deadline_total"] == 5
    as_of = dt.date.fromisoformat(body["as_of"])
    cal = get_calendar()
    soon = body["near_deadline"][-1]
    due = cal.add_calendar_days(
        dt.date.fromisoformat(c["soon"]["received_on"]), 15, roll_forward=True
    ).date
    assert soon["due_on"] == due.isoformat() and soon["deadline_key"] == "mediation_end"
    assert soon["working_days_left"] == cal.working_days_between(as_of, due).days
    assert soon["state"] == ("overdue" if due < as_of else "due_soon") and soon["warning_days"] == 3
    award = body["near_deadline"][1]
    assert (award["deadline_key"], award["state"], award["unit_name"]) == (
        "award",
        "overdue",
        "浦锦街道",
    )
    assert award["working_days_left"] < 0
    short = report(client, district["clerk"], district["district"]["id"], limit=2)
    assert len(short["near_deadline"]) == 2 and short["near_deadline_total"] == 5


def test_report_for_a_coordinator_shows_its_own_cases_only(
    client: TestClient, district: dict[str, Any], auth_headers: Headers
) -> None:
    me = auth_headers(
        "coordinator", region_id=district["a"]["id"], coordinator_id=district["person"]["id"]
    )
    body = report(client, me, district["a"]["id"])
    assert body["own_cases_only"] and [x["case_id"] for x in body["near_deadline"]] == [
        district["cases"]["soon"]["id"]
    ]
    assert figures(body["total"]["week"])["in_progress"] == (0, None, None, None)


def test_report_is_scoped_to_the_callers_region(
    client: TestClient, district: dict[str, Any], auth_headers: Headers
) -> None:
    stranger = auth_headers("region_admin", region_id=district["other"]["id"])
    r = client.get(
        "/v1/reports/cases", params={"region_id": district["district"]["id"]}, headers=stranger
    )
    assert r.status_code == 404
    body = report(client, stranger, district["other"]["id"])
    assert figures(body["total"]["week"])["in_progress"] == (1, None, None, None)
    assert body["near_deadline_total"] == 1


def test_report_as_xlsx_keeps_text_as_text_with_chinese_headers(
    client: TestClient, district: dict[str, Any]
) -> None:
    """The workbook: near-deadline cases first, then the figures; a case number or region name
    that looks like a formula is a string cell, never a formula."""
    r = client.get(
        "/v1/reports/cases/export",
        params={"region_id": district["district"]["id"], "week": WEEK},
        headers=district["clerk"],
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/vnd.openxmlformats"
    )
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["临近审限案件", "案件信息周报"]
    near, week = wb["临近审限案件"], wb["案件信息周报"]
    assert [c.value for c in near[2]][:4] == ["序号", "案件编号", "乡镇（街道）", "所在区域"]
    numbers = [row[1] for row in near.iter_rows(min_row=3, max_row=7)]
    formula_like = next(cell for cell in numbers if str(cell.value).startswith("="))
    assert formula_like.data_type == "s" and formula_like.value == '=HYPERLINK("http://x")'
    assert near["A1"].data_type == "s" and str(near["A1"].value).startswith("=SUM(1,2)区")
    # Codes print as the vocabulary registry names them (issue 12 §8): the workbook keeps no table.
    cases = report(client, district["clerk"], district["district"]["id"])["near_deadline"]
    near_rows = list(near.iter_rows(min_row=3, max_row=2 + len(cases), values_only=True))
    printed = [[*row[4:8], row[10]] for row in near_rows]
    assert printed == [
        [
            label("procedure", c["procedure"]),
            label("case_status", c["status"]),
            "是" if c["collective"] else "否",
            label("deadline_key", c["deadline_key"]),
            label("deadline_status", c["state"]),
        ]
        for c in cases
    ]
    assert ["调解组织调解", "已接收", "否", "调解期限届满", "即将到期"] in printed
    headers = [c.value for c in week[2]]
    assert headers[:5] == [
        "序号",
        "乡镇（街道）",
        "在办案件数",
        "本周先行调解率（%）",
        "本周先行调解率（分子/分母）",
    ]
    rows = {row[1].value: [c.value for c in row] for row in week.iter_rows(min_row=3)}
    assert rows["合计"][2:7] == [3, 0, "0/1", 40, "2/5"]
    assert rows["=SUM(1,2)区（本级）"][2] == 0


def test_week_must_be_an_iso_week_that_has_begun(
    client: TestClient, district: dict[str, Any]
) -> None:
    url, rid = "/v1/reports/cases", district["district"]["id"]
    for bad in ("2025-W54", "2025W24x", "2099-W01"):
        r = client.get(url, params={"region_id": rid, "week": bad}, headers=district["clerk"])
        assert r.status_code == 422 and r.json()["errors"][0]["field"].endswith("week"), (
            bad,
            r.text,
        )
    r = client.get(url, params={"region_id": rid}, headers=district["clerk"])
    assert r.status_code == 200 and r.json()["week"].startswith(str(UTC_TODAY.year)[:3])


def test_report_query_count_does_not_grow_with_cases(
    client: TestClient, district: dict[str, Any], auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    small = region(client, admin, kind="district", policy="minhang-2023")
    new_case(client, admin, small["id"], "mediation", "2025-06-10")
    report(client, admin, small["id"])
    with counted_queries() as few:
        report(client, admin, small["id"])
    with counted_queries() as many:
        report(client, admin, district["district"]["id"])
    assert len(few) == len(many) <= 8, many


def test_no_stored_text_can_break_the_report_workbook() -> None:
    """A case number or region name stored before the input check may hold an unpaired surrogate
    or U+FFFE: openpyxl wrote them as they were, and the file would not open."""
    from openpyxl import Workbook

    from lrc_api.reports.export import _put

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    _put(ws, 1, 1, "案\ud800号\ufffe\x07")
    out = io.BytesIO()
    wb.save(out)
    assert load_workbook(io.BytesIO(out.getvalue())).active["A1"].value == "案\ufffd号\ufffd"

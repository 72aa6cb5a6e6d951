"""The ledger (动态管理台账, 附件2) from stored data: scores per quarter, xlsx layout, csv, masking."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.factories import make_coordinator, make_region

Headers = Callable[..., dict[str, str]]
EVIDENCE = [{"name": "plan.pdf", "uri": "s3://lrc/plan.pdf", "sha256": "b" * 64}]


def _activity(
    client: TestClient,
    admin: dict[str, str],
    reviewer: dict[str, str],
    coordinator_id: int,
    kind: str,
    on: str,
    *,
    approve: bool = True,
    evidence: list[Any] | None = None,
    media: str | None = None,
) -> None:
    body: dict[str, Any] = {
        "coordinator_id": coordinator_id,
        "kind": kind,
        "occurred_on": on,
        "evidence": EVIDENCE if evidence is None else evidence,
    }
    if media:
        body["media_level"] = media
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


def _world(
    client: TestClient, auth_headers: Headers
) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    admin = auth_headers("admin")
    reviewer = auth_headers("assessor", subject="user:ledger-reviewer")
    county = make_region(client, admin)
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    c = make_coordinator(client, admin, town["id"], note="兼职")
    for on in ("2025-01-10", "2025-02-11", "2025-02-12", "2025-03-01", "2025-03-02"):
        _activity(client, admin, reviewer, c["id"], "publicity", on)  # 5 × 5 = 25 → capped at 20
    _activity(client, admin, reviewer, c["id"], "mediation_own_unit", "2025-05-05")
    _activity(client, admin, reviewer, c["id"], "mediation_other", "2025-05-06")
    _activity(
        client, admin, reviewer, c["id"], "publication", "2025-05-07", media="county"
    )  # below municipal
    _activity(client, admin, reviewer, c["id"], "publication", "2025-05-08", media="provincial")
    _activity(
        client, admin, reviewer, c["id"], "risk_prevention", "2025-08-08", approve=False
    )  # pending: no score
    _activity(client, admin, reviewer, c["id"], "management_improvement", "2025-08-09")
    _activity(client, admin, reviewer, c["id"], "error_major", "2025-11-11", evidence=[])
    for q, base in ((1, 25), (2, 28), (3, 27)):
        r = client.post(
            "/v1/assessments",
            json={"coordinator_id": c["id"], "year": 2025, "quarter": q, "base_score": base},
            headers=admin,
        )
        assert r.status_code == 201, r.text
    return town, c, admin


def test_ledger_scores_each_quarter_from_approved_activities_8_3(
    client: TestClient, auth_headers: Headers
) -> None:
    town, c, admin = _world(client, auth_headers)
    ledger = client.get(
        "/v1/ledger", params={"region_id": town["id"], "year": 2025}, headers=admin
    ).json()
    assert ledger["region_name"] == town["name"] and ledger["title"].endswith(
        "劳动关系协调员动态管理台账"
    )
    (entry,) = ledger["entries"]
    q1, q2, q3, q4 = entry["quarters"]
    assert (q1["base"], q1["publicity"], q1["total"]) == (25, 20, 45)
    assert (q2["mediation"], q2["publication"], q2["total"]) == (10, 5, 43)
    assert (q3["risk"], q3["management"], q3["total"]) == (0, 5, 32)
    assert (q4["base"], q4["assessed"], q4["deduction"], q4["total"]) == (None, False, 10, -10)
    assert entry["annual_total"] == 45 + 43 + 32 - 10
    assert entry["id_number"] == c["id_number"]  # admin holds pii:read


def test_ledger_masks_personal_data_without_pii_read(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    c = make_coordinator(client, admin, town["id"])
    seen = client.get(
        "/v1/ledger",
        params={"region_id": town["id"], "year": 2025},
        headers=auth_headers("auditor", region_id=town["id"]),
    ).json()
    assert seen["pii_masked"] is True
    assert seen["entries"][0]["id_number"] == c["id_number"][:6] + "********" + c["id_number"][-4:]


def test_ledger_xlsx_has_the_form_layout_of_attachment_2(
    client: TestClient, auth_headers: Headers
) -> None:
    town, c, admin = _world(client, auth_headers)
    r = client.get(
        "/v1/ledger",
        params={"region_id": town["id"], "year": 2025, "format": "xlsx"},
        headers=admin,
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["A1"].value.endswith("劳动关系协调员动态管理台账")
    assert ws["A2"].value == f"乡镇(街道、领域): {town['name']}"
    header = [ws.cell(row=3, column=i).value for i in range(1, 15)]
    assert header[:9] == [
        "序号",
        "姓名",
        "身份证号码",
        "协调员类型",
        "学历",
        "工作单位及职务",
        "从事协调劳动关系工作年限",
        "联系方式",
        "量化赋分管理",
    ]
    assert header[13] == "备注"
    assert [ws.cell(row=4, column=i).value for i in range(9, 14)] == [
        "赋分内容",
        "第一季度",
        "第二季度",
        "第三季度",
        "第四季度",
    ]
    labels = [ws.cell(row=r, column=9).value for r in range(5, 13)]
    assert labels == [
        "基本得分",
        "开展宣传",
        "成功调解",
        "劳动管理",
        "预防风险",
        "刊发经验",
        "减分",
        "得分合计",
    ]
    assert [ws.cell(row=12, column=i).value for i in range(10, 14)] == [45, 43, 32, -10]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A5:A12", "B5:B12", "C5:C12", "N5:N12", "I3:M3"} <= merged
    assert ws["B5"].value == c["name"] and ws["N5"].value == "兼职"


def test_ledger_csv_has_eight_rows_per_coordinator(
    client: TestClient, auth_headers: Headers
) -> None:
    town, _, admin = _world(client, auth_headers)
    r = client.get(
        "/v1/ledger", params={"region_id": town["id"], "year": 2025, "format": "csv"}, headers=admin
    )
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert rows[0][8] == "赋分内容" and len(rows) == 1 + 8
    assert rows[8][8] == "得分合计" and rows[8][9:13] == ["45", "43", "32", "-10"]


def test_ledger_bad_input(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    r = client.get("/v1/ledger", params={"year": 1999}, headers=admin)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "year"
    r = client.get("/v1/ledger", params={"year": 2025, "policy": "atlantis"}, headers=admin)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "policy"
    assert (
        client.get(
            "/v1/ledger", params={"year": 2025, "region_id": 987654321}, headers=admin
        ).status_code
        == 404
    )

"""Every error kind of the import (issue 11 §4): rows, scores, files, limits — reported, never written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lrc_api.core.settings import get_settings
from tests.api.office_ledger import flat_workbook, form_person, form_workbook
from tests.api.test_imports import PATH, do_import
from tests.factories import citizen_id, make_coordinator, make_region

Headers = Callable[..., dict[str, str]]
FLAT = [
    "序号",
    "姓名",
    "身份证号",
    "协调员类型",
    "学历",
    "工作单位",
    "职务",
    "联系方式",
    "开始从事协调劳动关系工作时间",
    "备注",
]


def _town(client: TestClient, admin: dict[str, str]) -> dict[str, Any]:
    return make_region(client, admin, parent_id=make_region(client, admin)["id"], kind="township")


def _person(**extra: Any) -> list[Any]:
    row = [
        1,
        "张三",
        citizen_id(),
        "社区(村)",
        "本科",
        "前进社区居委会",
        "主任",
        "13905371234",
        "2019-03-01",
        None,
    ]
    for i, key in enumerate(FLAT):
        if key in extra:
            row[i] = extra[key]
    return row


def _errors(r: Any) -> list[dict[str, Any]]:
    body = r.json()
    return body.get("row_errors") if "row_errors" in body else body["errors"]


def _count(client: TestClient, admin: dict[str, str], region_id: int) -> int:
    r = client.get("/v1/coordinators", params={"region_id": region_id, "limit": 200}, headers=admin)
    return len(r.json()["items"])


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("身份证号", "370830198806120048", "check"),  # wrong check digit (GB 11643)
        ("身份证号", 370830198806120047, "lost its last digits"),  # typed as a number
        ("身份证号", "3.70830198806120E+17", "exponent"),
        ("身份证号", "370830********0047", "masked"),
        ("联系方式", "1390537123", "11"),
        ("协调员类型", "网格员乙", "unknown 协调员类型"),
        ("学历", "幼儿园", "unknown 学历"),
        ("开始从事协调劳动关系工作时间", "去年春天", "not a date"),
        ("开始从事协调劳动关系工作时间", "2099-01-01", "future"),
        ("姓名", "张\x0b三", "control characters"),
        ("姓名", None, "姓名 is required"),
    ],
)
def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written(
    client: TestClient, auth_headers: Headers, column: str, value: Any, reason: str
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    rows = [_person(), _person(**{column: value}), _person()]
    content = flat_workbook(rows, FLAT)
    r = do_import(client, admin, content, region_id=town["id"], mode="commit")
    assert r.status_code == 422, r.text
    (error,) = _errors(r)
    assert (error["sheet"], error["row"], error["column"]) == ("协调员名单", 3, column)
    assert reason in error["reason"], error
    assert _count(client, admin, town["id"]) == 0  # nothing written, not even the good rows
    r = do_import(client, admin, content, region_id=town["id"], mode="validate")
    assert r.status_code == 200 and r.json()["counts"]["invalid"] == 1 and not r.json()["committed"]


def test_all_row_errors_come_back_at_once_and_partial_writes_the_good_rows(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    twin = citizen_id()
    rows = [
        _person(),
        _person(**{"身份证号": "123"}),
        _person(**{"学历": "?"}),
        _person(**{"身份证号": twin}),
        _person(**{"身份证号": twin}),  # the same person twice in the file
        _person(),
    ]
    content = flat_workbook(rows, FLAT)
    r = do_import(client, admin, content, region_id=town["id"], mode="commit")
    assert r.status_code == 422
    assert [(e["row"], e["field"]) for e in _errors(r)] == [
        (3, "id_number"),
        (4, "education_level"),
        (6, "id_number"),
    ]
    assert "the same ID number as 协调员名单 row 5" in _errors(r)[2]["reason"]
    r = do_import(client, admin, content, region_id=town["id"], mode="commit", partial=True)
    assert r.status_code == 200, r.text
    assert r.json()["counts"]["created"] == 3 and r.json()["counts"]["invalid"] == 3
    assert _count(client, admin, town["id"]) == 3


def test_dates_as_excel_dates_serials_or_text_and_phones_as_numbers(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    rows = [
        _person(**{"开始从事协调劳动关系工作时间": dt.date(2019, 3, 1)}),
        _person(**{"开始从事协调劳动关系工作时间": 43525}),  # the same day as an Excel serial
        _person(**{"开始从事协调劳动关系工作时间": "2019年3月1日", "联系方式": 13905371234}),
        _person(**{"开始从事协调劳动关系工作时间": "2019.3"}),  # a month: its first day
        _person(**{"开始从事协调劳动关系工作时间": "20190301"}),
    ]
    r = do_import(client, admin, flat_workbook(rows, FLAT), region_id=town["id"], mode="commit")
    assert r.status_code == 200, r.text
    listed = client.get("/v1/coordinators", params={"region_id": town["id"]}, headers=admin).json()
    assert [c["labor_work_started_on"] for c in listed["items"]] == ["2019-03-01"] * 5
    assert {c["phone"] for c in listed["items"]} == {"13905371234"}


@pytest.mark.parametrize(
    ("label", "quarter_values", "reason"),
    [
        ("开展宣传", [25, None, None, None], "at most 20"),
        ("预防风险", [7, None, None, None], "5"),
        ("基本得分", [31, None, None, None], "0 to 30"),
        ("得分合计", [99, None, None, None], "the rows give"),
        ("成功调解", ["很多", None, None, None], "number of points"),
        # float() reads these; a NaN would pass every bound and the 得分合计 check
        ("得分合计", ["nan", None, None, None], "number of points"),
        ("基本得分", ["NaN", None, None, None], "number of points"),
        ("减分", ["inf", None, None, None], "number of points"),
        ("开展宣传", ["1e400", None, None, None], "number of points"),
        # 减分 has no cap; each event is a stored activity
        ("减分", [1e300, None, None, None], "more than 20 recorded events"),
        ("减分", [-5_000_000, None, None, None], "more than 20 recorded events"),
        ("减分", [1.234e300, None, None, None], "1.234e+300"),  # not echoed as 301 digits
        ("得分合计", [1e300, None, None, None], "得分合计 is 1e+300"),
    ],
)
def test_scores_that_no_record_can_give_are_refused_8_3(
    client: TestClient, auth_headers: Headers, label: str, quarter_values: list[Any], reason: str
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    person = form_person()
    person["scores"] = {"基本得分": [20, None, None, None], label: quarter_values}
    r = do_import(client, admin, form_workbook([person]), region_id=town["id"], mode="commit")
    assert r.status_code == 422, r.text
    (error,) = _errors(r)
    assert error["column"] == "第一季度" and error["row"] == 5 + list(
        ("基本得分", "开展宣传", "成功调解", "劳动管理", "预防风险", "刊发经验", "减分", "得分合计")
    ).index(label)
    assert reason in error["reason"] and len(error["reason"]) < 200, error


def test_scores_need_a_year_and_a_quarter_that_has_begun(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    person = form_person()
    person["scores"] = {"基本得分": [20, None, None, None]}
    content = form_workbook([person], sheet="台账")  # no year anywhere
    r = do_import(client, admin, content, region_id=town["id"])
    assert r.json()["errors"][0]["field"] == "year"
    future = dt.date.today().year + 1
    r = do_import(client, admin, content, region_id=town["id"], year=future)
    assert "has not begun" in r.json()["errors"][0]["reason"]


def test_an_unknown_label_and_missing_columns_are_named(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    r = do_import(
        client,
        admin,
        flat_workbook([["张三", citizen_id()]], ["姓名", "身份证号码", "电话"]),
        region_id=town["id"],
    )
    assert r.status_code == 422
    missing = {e["message"] for e in r.json()["errors"]}
    assert {"协调员名单: no column 协调员类型", "协调员名单: no column 学历"} <= missing
    header = ["姓名", "身份证号码", "协调员类型", "学历", "工作单位及职务", "赋分内容", "第一季度"]
    rows = [["张三", citizen_id(), "企业专职", "本科", "某公司", "奖励分", 5]]
    r = do_import(client, admin, flat_workbook(rows, header), region_id=town["id"])
    assert "unknown 赋分内容" in r.json()["errors"][0]["reason"]


def test_a_coordinator_of_another_region_outside_yours_is_a_row_error(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    mine, theirs = _town(client, admin), _town(client, admin)
    other = make_coordinator(client, admin, theirs["id"])
    scoped = auth_headers("region_admin", region_id=mine["id"])
    content = flat_workbook([_person(**{"身份证号": other["id_number"]})], FLAT)
    r = do_import(client, scoped, content, region_id=mine["id"])
    (error,) = r.json()["errors"]
    assert error["field"] == "id_number" and "outside yours" in error["reason"]
    assert other["id_number"] not in r.text  # the number is not echoed
    assert do_import(client, scoped, content, region_id=theirs["id"]).status_code == 403


def test_scores_need_the_rights_to_assess_and_approve(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    person = form_person()
    person["scores"] = {"基本得分": [20, None, None, None]}
    clerk = auth_headers(
        "region_admin",
        region_id=town["id"],
        scopes={"coordinators:write", "coordinators:read", "pii:read"},
    )
    r = do_import(client, clerk, form_workbook([person]), region_id=town["id"], mode="commit")
    assert r.status_code == 403 and "assessments:write" in r.json()["detail"]
    r = do_import(client, auth_headers("auditor"), form_workbook([person]), region_id=town["id"])
    assert r.status_code == 403


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_a_file_that_is_not_a_spreadsheet_is_415_naming_what_was_expected(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    for content, what in [
        (b"%PDF-1.7\n...", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n....", "a PNG image"),
        (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}), "a Word document"),
        (_zip({"a.txt": b"hello"}), "a zip archive"),
        (bytes(range(256)) * 4, "binary data"),
    ]:
        r = do_import(client, admin, content, "ledger.xlsx", region_id=town["id"])
        assert r.status_code == 415, (what, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert (
            what in r.json()["detail"]
            and ".xlsx" in r.json()["detail"]
            and ".csv" in r.json()["detail"]
        )
    r = client.post(PATH, json={"region_id": town["id"]}, headers=admin)
    assert r.status_code == 415 and "multipart/form-data" in r.json()["detail"]


def test_the_form_is_checked(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    r = client.post(
        PATH, data={"region_id": str(town["id"])}, files={"other": ("x", b"x")}, headers=admin
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"
    r = do_import(client, admin, b"a,b\n", "x.csv", region_id=town["id"], mode="write")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "mode"
    r = do_import(client, admin, b"a,b\n", "x.csv", region_id=987654321)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "region_id"
    r = client.post(
        PATH,
        content=b'--xx\r\nContent-Disposition: form-data; name="file"',
        headers={**admin, "Content-Type": "multipart/form-data; boundary=xx"},
    )
    assert r.status_code in (400, 422)


def test_limits_size_rows_and_zip_bombs(
    client: TestClient, auth_headers: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    settings = get_settings()
    good = flat_workbook([_person() for _ in range(30)], FLAT)
    monkeypatch.setattr(settings, "import_max_bytes", 2048)
    r = do_import(client, admin, good, region_id=town["id"])
    assert r.status_code == 413 and r.headers["content-type"].startswith("application/problem+json")
    monkeypatch.setattr(settings, "import_max_bytes", 64 * 1024 * 1024)
    monkeypatch.setattr(settings, "import_max_rows", 20)
    assert do_import(client, admin, good, region_id=town["id"]).status_code == 413
    monkeypatch.setattr(settings, "import_max_rows", 250_000)
    # A bomb: a small upload that unpacks past the cap is refused from the zip's directory.
    monkeypatch.setattr(settings, "import_max_unzipped_bytes", 1024 * 1024)
    bomb = _zip(
        {
            "[Content_Types].xml": b"<x/>",
            "xl/workbook.xml": b"<w/>",
            "xl/worksheets/sheet1.xml": b"\0" * (8 << 20),
        }
    )
    assert len(bomb) < 64 * 1024
    r = do_import(client, admin, bomb, region_id=town["id"])
    assert r.status_code == 413 and "unpacks to" in r.json()["detail"]
    # A liar: the directory claims a small part; unpacking past the claim is refused as damaged.
    monkeypatch.setattr(settings, "import_max_unzipped_bytes", 512 * 1024 * 1024)
    liar = bytearray(_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>" * 20000}))
    at = liar.rfind(b"PK\x01\x02")
    at = liar.rfind(b"PK\x01\x02", 0, at)  # the central entry of xl/workbook.xml
    liar[at + 24 : at + 28] = struct.pack("<I", 100)
    local = liar.rfind(b"PK\x03\x04")
    liar[local + 22 : local + 26] = struct.pack("<I", 100)
    r = do_import(client, admin, bytes(liar), region_id=town["id"])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"


def test_a_csv_from_excel_on_chinese_windows_reads(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(FLAT)
    writer.writerow(_person(**{"身份证号": f'="{citizen_id()}"'}))
    r = do_import(
        client,
        admin,
        buf.getvalue().encode("gb18030"),
        "名单.csv",
        region_id=town["id"],
        mode="commit",
    )
    assert r.status_code == 200, r.text
    assert r.json()["file"]["format"] == "csv" and r.json()["counts"]["created"] == 1


def test_headers_are_found_by_name_in_their_usual_variants(
    client: TestClient, auth_headers: Headers
) -> None:
    import xlsxwriter

    admin = auth_headers("admin")
    town = _town(client, admin)
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out)
    wb.add_worksheet("填表说明").write_string(0, 0, "请按模板填写，身份证号码设为文本格式。")
    ws = wb.add_worksheet("名单")
    header = [
        "＊姓名",
        "身份证号（必填）",
        "类别",
        "学　历",
        "工作单位 ",
        "职务",
        "联系方式（手机）",
        "从事劳动关系工作年限",
    ]
    number = citizen_id()
    for j, (name, value) in enumerate(
        zip(
            header,
            ["赵敏", number, "社区", "大学专科", "前进社区", "主任", "13905371234", "4年"],
            strict=True,
        )
    ):
        ws.write_string(2, j, name)
        ws.write_string(3, j, value)
    wb.close()
    r = do_import(client, admin, out.getvalue(), region_id=town["id"], mode="commit")
    assert r.status_code == 200, r.text
    assert any("填表说明" in w for w in r.json()["warnings"])
    (c,) = client.get("/v1/coordinators", params={"region_id": town["id"]}, headers=admin).json()[
        "items"
    ]
    assert (c["name"], c["id_number"], c["coordinator_type"], c["education_level"]) == (
        "赵敏",
        number,
        "community",
        "associate",
    )
    assert (c["work_unit"], c["post"], c["phone"], c["labor_work_years"]) == (
        "前进社区",
        "主任",
        "13905371234",
        4,
    )


def test_years_of_work_out_of_range_and_an_empty_form_block(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    blank = {"name": None, "id_number": None, "type": None, "education": None, "unit": None}
    person = form_person(years=200)
    r = do_import(client, admin, form_workbook([person, blank]), region_id=town["id"])
    report = r.json()
    (error,) = report["errors"]
    assert error["column"].startswith("从事协调劳动关系") and "0 to 80" in error["reason"]
    assert any("empty block" in w for w in report["warnings"])  # the unfilled second block


def test_scores_of_a_quarter_before_the_pack_holds_are_refused(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = _town(client, admin)
    person = form_person()
    person["scores"] = {"基本得分": [20, None, 25, None]}  # wenshang-2024 holds from 2024-07-29
    r = do_import(client, admin, form_workbook([person], sheet="2024年台账"), region_id=town["id"])
    (error,) = r.json()["errors"]
    assert error["cell"] == "J5" and "2024 Q1 is not scored" in error["reason"]


def test_a_figure_below_what_recorded_activities_give_is_refused_on_update_8_3(
    client: TestClient, auth_headers: Headers
) -> None:
    from openpyxl import load_workbook

    from tests.api.test_ledger import _world

    town, _, admin = _world(client, auth_headers)  # five approved publicity events in Q1: 20
    params = {"region_id": town["id"], "year": 2025, "format": "xlsx"}
    book = load_workbook(io.BytesIO(client.get("/v1/ledger", params=params, headers=admin).content))
    sheet = book.active
    assert sheet["I6"].value == "开展宣传" and sheet["J6"].value == 20
    sheet["J6"] = 10
    sheet["J12"] = sheet["J12"].value - 10  # the total agrees with the rows
    out = io.BytesIO()
    book.save(out)
    r = do_import(
        client, admin, out.getvalue(), region_id=town["id"], mode="commit", on_conflict="update"
    )
    assert r.status_code == 422, r.text
    (error,) = r.json()["row_errors"]
    assert error["cell"] == "J6" and "already" in error["reason"]


def test_matching_rows_by_id_number_needs_pii_read_as_a_search_by_it_does(
    client: TestClient, auth_headers: Headers
) -> None:
    """A validate run matches each row's ID number to a stored coordinator and says which: a
    caller without pii:read (who sees 370830********1234) could send every birth date and read
    back the full number, the search GET /v1/coordinators?id_number= refuses it (403)."""
    admin = auth_headers("admin")
    town = _town(client, admin)
    stored = make_coordinator(client, admin, town["id"])
    masked = auth_headers(
        "integration", region_id=town["id"], scopes={"coordinators:write", "coordinators:read"}
    )
    shown = client.get(f"/v1/coordinators/{stored['id']}", headers=masked).json()["id_number"]
    assert "*" in shown
    search = client.get(
        "/v1/coordinators", params={"id_number": stored["id_number"]}, headers=masked
    )
    assert search.status_code == 403
    guesses = flat_workbook([_person(**{"身份证号": stored["id_number"]})], FLAT)
    r = do_import(client, masked, guesses, region_id=town["id"], mode="validate")
    assert r.status_code == 403 and "pii:read" in r.json()["detail"], r.text
    assert "rows" not in r.json()
    allowed = auth_headers("region_admin", region_id=town["id"])
    r = do_import(client, allowed, guesses, region_id=town["id"], mode="validate")
    assert r.status_code == 200 and r.json()["rows"][0]["coordinator_id"] == stored["id"]


def test_a_figure_standing_for_more_events_than_a_cell_may_writes_nothing(
    client: TestClient, auth_headers: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """减分 1e9 would have been 10⁸ activities built in memory by one commit (LRC_IMPORT_MAX_EVENTS_PER_CELL)."""
    admin = auth_headers("admin")
    town = _town(client, admin)
    person = form_person(
        scores={"基本得分": [20, None, None, None], "减分": [1e9, None, None, None]}
    )
    r = do_import(
        client, admin, form_workbook([person]), region_id=town["id"], mode="commit", partial=True
    )
    assert r.status_code == 200, r.text
    assert r.json()["counts"]["created"] == 0 and r.json()["scores"]["activities_created"] == 0
    assert _count(client, admin, town["id"]) == 0
    monkeypatch.setattr(get_settings(), "import_max_events_per_cell", 2)
    person["scores"] = {"基本得分": [20, None, None, None], "减分": [25, 20, None, None]}
    r = do_import(client, admin, form_workbook([person]), region_id=town["id"], mode="commit")
    (error,) = _errors(r)
    assert error["cell"] == "J11" and "more than 2" in error["reason"]  # 25 = 10+10+5; 20 = 10+10


def test_what_the_file_names_itself_is_stored_and_shown_printable_and_short(
    client: TestClient, auth_headers: Headers
) -> None:
    """Sheet names, headers and passed-over rows are the file's to choose; they reach the stored
    ``source`` and ``description`` of the records made and the terminal of ``lrc import``. A
    bidi override was stored as it came, and a 3,000-character 第一季度(…) header made the
    activity's description too long for its column (validate said 200, commit failed on
    PostgreSQL)."""
    from openpyxl import load_workbook

    admin = auth_headers("admin")
    town = _town(client, admin)
    person = form_person(
        scores={"基本得分": [20, None, None, None], "开展宣传": [5, None, None, None]}
    )
    wb = load_workbook(io.BytesIO(form_workbook([person], sheet="2025年\u202e账台")))
    ws = wb.active
    assert ws is not None
    ws["J4"] = "第一季度(" + "长" * 3000 + ")"
    ws["A20"] = "ESCAPES 注"
    out = io.BytesIO()
    wb.save(out)
    # A cell's text may hold any control character, written the OOXML way (_x001B_).
    escapes = b"_x001B_]0;owned_x0007__x001B_[2J_x0000_"
    content = _rezip(out.getvalue(), lambda data: data.replace(b"ESCAPES", escapes))
    r = do_import(client, admin, content, region_id=town["id"], mode="commit")
    assert r.status_code == 200, r.text
    report = r.json()
    cid = report["rows"][0]["coordinator_id"]
    (activity,) = client.get(
        "/v1/activities", params={"coordinator_id": cid}, headers=admin
    ).json()["items"]
    (assessment,) = client.get(
        "/v1/assessments", params={"coordinator_id": cid}, headers=admin
    ).json()["items"]
    shown = [activity["source"], activity["description"], assessment["source"]]
    shown += [report["file"]["sheets"][0]["name"], *report["warnings"]]
    for text in shown:
        assert not any(ord(c) < 0x20 or 0x202A <= ord(c) <= 0x202E for c in text), text
    assert "2025年\ufffd账台!J6" in activity["source"]
    assert len(activity["description"]) < 100
    assert any("\ufffd]0;owned" in w for w in report["warnings"])


def _rezip(content: bytes, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, change(src.read(info)))
    return out.getvalue()

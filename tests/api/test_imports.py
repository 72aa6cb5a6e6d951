"""Importing the ledgers offices keep (issue 11 §4): round trip, office files, idempotency, updates."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url
from sqlmodel import Session

from tests.api.office_ledger import flat_workbook, form_person, form_workbook
from tests.api.test_ledger import _world
from tests.conftest import TEST_DATABASE_URL
from tests.factories import citizen_id, make_coordinator, make_region

Headers = Callable[..., dict[str, str]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PATH = "/v1/imports/coordinators"


def do_import(
    client: TestClient,
    headers: dict[str, str],
    content: bytes,
    name: str = "ledger.xlsx",
    **fields: Any,
) -> Any:
    """POST a file to the import with form fields."""
    media = XLSX if name.endswith(".xlsx") else "text/csv"
    data = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in fields.items()}
    return client.post(PATH, files={"file": (name, content, media)}, data=data, headers=headers)


def _cells(ledger: dict[str, Any]) -> list[dict[str, Any]]:
    """The ledger's cells, without the ids a new database gives."""
    keep = ("seq", "name", "id_number", "coordinator_type", "education", "work_unit_and_post")
    keep += ("labor_work_years", "phone", "note", "quarters", "annual_total")
    return [{k: e[k] for k in keep} for e in ledger["entries"]]


@pytest.fixture
def empty_database(client: TestClient) -> Iterator[Callable[[], None]]:
    """Switches the app to a new, migrated, empty database of the same kind (till the test ends)."""
    from lrc_api.core import migrations
    from lrc_api.core.db import build_engine, get_session, get_write_session
    from lrc_api.main import app

    url = make_url(TEST_DATABASE_URL)
    dropper: Callable[[], None] = lambda: None  # noqa: E731
    if url.get_backend_name() == "sqlite":
        target = f"sqlite:///{Path(tempfile.mkdtemp()) / 'empty.db'}"
    else:
        import psycopg

        name = f"{url.database}_empty_{uuid.uuid4().hex[:8]}"
        admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def dropper() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        target = url.set(database=name).render_as_string(False)
    migrations.upgrade("head", url=target)
    engine = build_engine(target)

    def read() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as s:
            yield s

    def write() -> Iterator[Session]:
        with Session(engine.execution_options(lrc_write=True), expire_on_commit=False) as s:
            yield s

    def use() -> None:
        app.dependency_overrides[get_session] = read
        app.dependency_overrides[get_write_session] = write

    try:
        yield use
    finally:
        app.dependency_overrides.pop(get_session, None)
        app.dependency_overrides.pop(get_write_session, None)
        engine.dispose()
        dropper()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_into_an_empty_database_gives_the_same_ledger(
    client: TestClient, auth_headers: Headers, empty_database: Callable[[], None], fmt: str
) -> None:
    town, _, admin = _world(client, auth_headers)  # scores in every row, 未评定 in Q4
    make_coordinator(client, admin, town["id"], note="=1+2", post=None, phone=None)
    params = {"region_id": town["id"], "year": 2025}
    sent = client.get("/v1/ledger", params=params, headers=admin).json()
    content = client.get("/v1/ledger", params={**params, "format": fmt}, headers=admin).content
    # The empty database: a region of the same name, nothing else.
    empty_database()
    county = make_region(client, admin)
    empty = client.post(
        "/v1/regions",
        json={
            "code": f"E{uuid.uuid4().hex[:8]}",
            "name": town["name"],
            "kind": "township",
            "parent_id": county["id"],
        },
        headers=admin,
    ).json()
    extra = {"year": 2025} if fmt == "csv" else {}
    r = do_import(
        client, admin, content, f"ledger.{fmt}", region_id=empty["id"], mode="commit", **extra
    )
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["committed"] and report["counts"]["created"] == 2 and report["errors"] == []
    back = client.get(
        "/v1/ledger", params={**params, "region_id": empty["id"]}, headers=admin
    ).json()
    assert _cells(back) == _cells(sent)


def test_an_office_ledger_with_merged_cells_blank_rows_a_total_row_and_notes_imports(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    county = make_region(client, admin)
    town = client.post(
        "/v1/regions",
        json={
            "code": f"N{uuid.uuid4().hex[:8]}",
            "name": "南站镇",
            "kind": "township",
            "parent_id": county["id"],
        },
        headers=admin,
    ).json()
    first, second = citizen_id(), citizen_id()
    people = [
        {
            "name": "王 芳",
            "id_number": first,
            "type": "乡镇（街道）",  # full-width parentheses
            "education": "大学本科",
            "unit": "南站镇人民政府 劳动保障所所长",
            "years": "6年",
            "phone": 13905371234,  # typed as a number
            "note": "兼职",
            "scores": {
                "基本得分": [26, 28, "27", "未评定"],
                "开展宣传": [10, 20, None, None],
                "成功调解": [15, 0, 5, None],
                "劳动管理": [None, 5, None, None],
                "预防风险": [5, None, None, None],
                "刊发经验": [None, None, 10, None],
                "减分": [None, -5, None, 10],
                "得分合计": [56, 48, 42, -10],
            },
        },
        {
            "name": "李强",
            "id_number": second,
            "type": "企业专职",
            "education": "大专",
            "unit": "山东如意服装制造股份有限公司",
            "years": 3,
            "phone": "139 0537 5678",
        },
    ]
    content = form_workbook(people)
    r = do_import(client, admin, content, "南站镇台账.xlsx", region_id=town["id"], mode="commit")
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["counts"] == {
        "read": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "invalid": 0,
    }
    assert report["year"] == 2025 and report["file"]["sheets"][0]["layout"] == "form"
    assert any("合计" in w for w in report["warnings"]) and any(
        "注" in w for w in report["warnings"]
    )
    ledger = client.get(
        "/v1/ledger", params={"region_id": town["id"], "year": 2025}, headers=admin
    ).json()
    wang, li = ledger["entries"]
    assert (wang["name"], wang["id_number"], wang["phone"]) == ("王 芳", first, "13905371234")
    assert (wang["coordinator_type"], wang["education"], wang["labor_work_years"]) == (
        "乡镇(街道)",
        "本科",
        6,
    )
    assert wang["work_unit_and_post"] == "南站镇人民政府 劳动保障所所长" and wang["note"] == "兼职"
    q = wang["quarters"]
    assert [x["base"] for x in q] == [26, 28, 27, None]
    assert [x["total"] for x in q] == [56, 48, 42, -10]
    assert (q[0]["publicity"], q[0]["mediation"], q[0]["risk"], q[1]["deduction"]) == (10, 15, 5, 5)
    assert (q[2]["publication"], q[3]["deduction"]) == (10, 10)
    assert li["phone"] == "13905375678" and all(x["base"] is None for x in li["quarters"])
    # The scored activities are marked as imported, with the cell they stand for.
    acts = client.get(
        "/v1/activities",
        params={"coordinator_id": wang["coordinator_id"], "limit": 200},
        headers=admin,
    ).json()["items"]
    assert acts and all(
        a["import_id"] == report["import_id"] and a["review"] == "approved" for a in acts
    )
    assert {a["kind"] for a in acts} >= {
        "publicity",
        "mediation_own_unit",
        "mediation_other",
        "error_major",
    }
    assert any(a["source"].endswith("2025年台账!J6") for a in acts)  # 开展宣传, 第一季度


def test_the_same_file_twice_changes_nothing(client: TestClient, auth_headers: Headers) -> None:
    town, _, admin = _world(client, auth_headers)
    content = client.get(
        "/v1/ledger",
        params={"region_id": town["id"], "year": 2025, "format": "xlsx"},
        headers=admin,
    ).content
    before = client.get("/v1/changes", params={"limit": 1, "after": 0}, headers=admin)
    for on_conflict in ("skip", "update"):
        r = do_import(
            client, admin, content, region_id=town["id"], mode="commit", on_conflict=on_conflict
        )
        assert r.status_code == 200, r.text
        counts = r.json()["counts"]
        assert counts["unchanged"] == 1 and counts["created"] == counts["updated"] == 0
        assert r.json()["scores"] == {
            "assessments": 0,
            "activities_created": 0,
            "activities_withdrawn": 0,
        }
    assert before.status_code == 200


def test_a_county_ledger_imported_back_into_the_county_leaves_each_coordinator_in_its_unit(
    client: TestClient, auth_headers: Headers
) -> None:
    """Import into a region = into its subtree: a county's ledger lists its townships'
    coordinators, and reading it back (with ``update``) must not move them to the county. A
    coordinator stored outside the subtree is moved to the region, as before."""
    town, c, admin = _world(client, auth_headers)
    county_id = town["parent_id"]
    params = {"region_id": county_id, "year": 2025, "format": "xlsx"}
    content = client.get("/v1/ledger", params=params, headers=admin).content
    for mode in ("validate", "commit"):
        r = do_import(client, admin, content, region_id=county_id, mode=mode, on_conflict="update")
        assert r.status_code == 200, r.text
        assert r.json()["counts"]["unchanged"] == 1, r.json()
        assert r.json()["counts"]["updated"] == 0
    stored = client.get(f"/v1/coordinators/{c['id']}", headers=admin).json()
    assert stored["region_id"] == town["id"]
    # Into another county: the coordinator leaves the first one's subtree, so it moves.
    other = make_region(client, admin)
    r = do_import(
        client, admin, content, region_id=other["id"], mode="commit", on_conflict="update"
    )
    assert r.status_code == 200, r.text
    assert r.json()["counts"]["updated"] == 1
    assert r.json()["rows"][0]["fields"] == ["region_id"]
    moved = client.get(f"/v1/coordinators/{c['id']}", headers=admin).json()
    assert moved["region_id"] == other["id"]


def test_a_csv_without_its_year_says_how_to_give_it(
    client: TestClient, auth_headers: Headers
) -> None:
    """The ledger's csv carries no year (the xlsx names it in the sheet): the error says to give
    it, as the form field and as the console's option, so the file can be read back."""
    town, _, admin = _world(client, auth_headers)
    params = {"region_id": town["id"], "year": 2025, "format": "csv"}
    content = client.get("/v1/ledger", params=params, headers=admin).content
    r = do_import(client, admin, content, "ledger.csv", region_id=town["id"])
    assert r.status_code == 200, r.text
    reasons = {e["reason"] for e in r.json()["errors"]}
    assert len(reasons) == 1 and "form field year" in reasons.pop()
    r = do_import(client, admin, content, "ledger.csv", region_id=town["id"], year=2025)
    assert r.json()["errors"] == [] and r.json()["counts"]["unchanged"] == 1


FLAT = [
    "姓名",
    "身份证号码",
    "协调员类型",
    "学历",
    "工作单位",
    "职务",
    "联系电话",
    "从事协调劳动关系工作年限",
]


def test_update_changes_what_differs_and_the_audit_log_shows_it(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    stored = make_coordinator(client, admin, town["id"], work_unit="旧单位", post="干事")
    row = [
        stored["name"],
        stored["id_number"],
        "乡镇(街道)",
        "本科",
        "新单位",
        "干事",
        "13812345678",
        None,
    ]
    content = flat_workbook([row], FLAT, title="南站镇劳动关系协调员名单")
    r = do_import(client, admin, content, region_id=town["id"], mode="commit")
    report = r.json()
    assert report["counts"]["skipped"] == 1 and report["rows"][0]["fields"] == [
        "phone",
        "work_unit",
    ]
    assert (
        client.get(f"/v1/coordinators/{stored['id']}", headers=admin).json()["work_unit"]
        == "旧单位"
    )
    r = do_import(client, admin, content, region_id=town["id"], mode="commit", on_conflict="update")
    assert r.status_code == 200 and r.json()["counts"]["updated"] == 1
    now = client.get(f"/v1/coordinators/{stored['id']}", headers=admin).json()
    assert (now["work_unit"], now["post"], now["phone"]) == ("新单位", "干事", "13812345678")
    assert now["labor_work_started_on"] == stored["labor_work_started_on"]  # blank: kept
    audit = client.get(
        "/v1/audit", params={"entity": "coordinator", "entity_id": stored["id"]}, headers=admin
    ).json()["items"]
    update = audit[-1]
    assert update["action"] == "update"
    assert (update["before"]["work_unit"], update["after"]["work_unit"]) == ("旧单位", "新单位")
    assert "13812345678" not in str(update)  # personal data masked in the log
    r = do_import(client, admin, content, region_id=town["id"], mode="commit", on_conflict="update")
    assert r.json()["counts"]["unchanged"] == 1  # and again: nothing left to change


def test_a_changed_score_replaces_what_an_earlier_import_recorded(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    person = form_person()
    person["scores"] = {"基本得分": [20, None, None, None], "开展宣传": [15, None, None, None]}
    r = do_import(client, admin, form_workbook([person]), region_id=town["id"], mode="commit")
    assert r.json()["scores"] == {
        "assessments": 1,
        "activities_created": 3,
        "activities_withdrawn": 0,
    }
    person["scores"] = {"基本得分": [22, None, None, None], "开展宣传": [10, None, None, None]}
    r = do_import(
        client,
        admin,
        form_workbook([person]),
        region_id=town["id"],
        mode="commit",
        on_conflict="update",
    )
    assert r.status_code == 200, r.text
    assert r.json()["scores"] == {
        "assessments": 1,
        "activities_created": 2,
        "activities_withdrawn": 3,
    }
    (entry,) = client.get(
        "/v1/ledger", params={"region_id": town["id"], "year": 2025}, headers=admin
    ).json()["entries"]
    assert (entry["quarters"][0]["base"], entry["quarters"][0]["publicity"]) == (22, 10)
    assessments = client.get(
        "/v1/assessments", params={"coordinator_id": entry["coordinator_id"]}, headers=admin
    ).json()["items"]
    assert assessments[0]["import_id"] == r.json()["import_id"] and assessments[0][
        "source"
    ].endswith("!J5")


def test_lrc_import_coordinators_from_the_console(
    client: TestClient, auth_headers: Headers, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lrc_api.cli import main

    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    person = form_person()
    person["scores"] = {"基本得分": [20, None, None, None]}
    path = tmp_path / "台账.xlsx"
    path.write_bytes(form_workbook([person]))
    assert main(["import", "coordinators", str(path), "--region", town["code"]]) == 0
    out, err = capsys.readouterr()
    assert "1 coordinators checked (nothing written" in out and "checking" in err  # progress bar
    assert main(["import", "coordinators", str(path), "--region", town["code"], "--commit"]) == 0
    out, _ = capsys.readouterr()
    assert "1 new" in out and "1 base scores" in out
    listed = client.get("/v1/coordinators", params={"region_id": town["id"]}, headers=admin).json()
    assert [c["name"] for c in listed["items"]] == ["王芳"]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "姓名,身份证号码,协调员类型,学历,工作单位及职务\n张三,123,企业专职,本科,某公司\n",
        encoding="utf-8",
    )
    assert (
        main(["import", "coordinators", str(bad), "--region", town["code"], "--commit", "--quiet"])
        == 1
    )
    _, err = capsys.readouterr()
    assert "bad.csv!B2 身份证号码" in err
    assert main(["import", "coordinators", str(bad), "--region", "NO-SUCH-REGION"]) == 2


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (apt-get install -y libreoffice-calc): it makes the .xls",
)
def test_an_excel_97_workbook_imports_too(
    client: TestClient, auth_headers: Headers, tmp_path: Path
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    person = form_person()
    person["scores"] = {"基本得分": [20, 22, None, None], "开展宣传": [5, None, None, None]}
    (tmp_path / "l.xlsx").write_bytes(form_workbook([person]))
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "l.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    content = (tmp_path / "l.xls").read_bytes()
    r = do_import(client, admin, content, "台账.xls", region_id=town["id"], mode="commit")
    assert r.status_code == 200, r.text
    assert r.json()["file"]["format"] == "xls" and r.json()["counts"]["created"] == 1
    (entry,) = client.get(
        "/v1/ledger", params={"region_id": town["id"], "year": 2025}, headers=admin
    ).json()["entries"]
    assert [q["base"] for q in entry["quarters"]][:2] == [20, 22] and entry["quarters"][0][
        "total"
    ] == 25


def test_the_console_prints_a_reason_many_rows_share_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A .csv of 38 coordinators without its year printed the same sentence 38 times: the
    console names the first places and how many more; a reason of one or few rows is per row."""
    from lrc_api.imports.cli import _print_errors

    same = "the file does not say which year its scores are for: give the year"
    errors = [
        {"sheet": "ledger.csv", "cell": f"H{n}", "column": "基本得分", "reason": same}
        for n in range(3, 41)
    ]
    errors.append({"sheet": "ledger.csv", "row": 7, "column": None, "reason": "校验码不符"})
    _print_errors(errors)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"  ledger.csv!H3, ledger.csv!H4, ledger.csv!H5 and 35 more 基本得分: {same}",
        "  ledger.csv row 7: 校验码不符",
    ]

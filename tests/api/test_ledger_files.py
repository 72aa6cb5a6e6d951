"""The ledger files (issue 11 §1–§3): untrusted cells, streaming, the printed page of 附件2."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import shutil
import subprocess
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import text

from bench.render_ledger import check_pages, render, synthetic_ledger
from lrc_api.core.db import get_engine
from lrc_api.ledger import workbook
from lrc_api.ledger.csv_file import csv_chunks
from lrc_api.ledger.layout import GEOMETRY, NOT_ASSESSED
from lrc_api.ledger.streaming import stream
from lrc_api.ledger.workbook import Cancelled, write_workbook, xlsx_chunks
from tests.factories import make_coordinator, make_region

Headers = Callable[..., dict[str, str]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ledger(client: TestClient, headers: dict[str, str], **params: Any) -> Any:
    return client.get("/v1/ledger", params={"year": 2025, **params}, headers=headers)


def _sheet_xml(content: bytes, name: str = "xl/worksheets/sheet1.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read(name).decode("utf-8")


def _town_with(client: TestClient, admin: dict[str, str], **fields: Any) -> tuple[Any, Any]:
    county = make_region(client, admin)
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    return town, make_coordinator(client, admin, town["id"], **fields)


def test_formula_like_text_is_a_string_cell_in_xlsx_and_neutralised_in_csv(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    link = '=HYPERLINK("http://127.0.0.1/x","点击")'
    town, _ = _town_with(client, admin, note="=1+2", work_unit=link, post=None, name="+张三")
    r = _ledger(client, admin, region_id=town["id"], format="xlsx")
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    ws = load_workbook(io.BytesIO(r.content)).active
    assert (ws["N5"].value, ws["N5"].data_type) == ("=1+2", "s")
    assert (ws["F5"].value, ws["F5"].data_type) == (link, "s")
    assert "<f>" not in _sheet_xml(r.content)  # no formula anywhere in the sheet
    r = _ledger(client, admin, region_id=town["id"], format="csv")
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert rows[1][13] == "'=1+2" and rows[1][5] == "'" + link and rows[1][1] == "'+张三"
    assert rows[8][12] == "0"  # our numbers are numbers; the labels and scores are not touched


def test_id_numbers_and_phones_stay_text_in_csv(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    town, c = _town_with(client, admin, id_number="370830198806120047")
    r = _ledger(client, admin, region_id=town["id"], format="csv")
    row = next(csv.reader(io.StringIO(r.text.lstrip("\ufeff").splitlines()[1])))
    assert row[2] == '="370830198806120047"' and row[7] == f'="{c["phone"]}"'
    masked = _ledger(
        client, auth_headers("auditor", region_id=town["id"]), region_id=town["id"], format="csv"
    )
    row = next(csv.reader(io.StringIO(masked.text.lstrip("\ufeff").splitlines()[1])))
    assert row[2] == '="370830********0047"'


@pytest.mark.parametrize("bad", ["县人社局\v劳动关系科", "单位\x01名称", "单位\x1b[2J", "单位\x85"])
def test_stored_control_characters_never_fail_the_export(
    client: TestClient, auth_headers: Headers, bad: str
) -> None:
    admin = auth_headers("admin")
    town, c = _town_with(client, admin)
    # Rows written before input was checked: put the text in the table directly.
    with get_engine().begin() as conn:
        conn.execute(
            text("UPDATE coordinator SET work_unit = :w, note = :w WHERE id = :id"),
            {"w": bad, "id": c["id"]},
        )
    for fmt in ("json", "xlsx", "csv"):
        r = _ledger(client, admin, region_id=town["id"], format=fmt)
        assert r.status_code == 200, (fmt, r.text[:200])
    content = _ledger(client, admin, region_id=town["id"], format="xlsx").content
    cell = load_workbook(io.BytesIO(content)).active["F5"].value
    assert "\x0b" not in cell and "\x1b" not in cell and "\x01" not in cell
    if bad.startswith("县"):
        assert cell.startswith("县人社局\n劳动关系科")  # Word's line break prints as one


def test_the_writers_take_any_text_even_an_unpaired_surrogate(tmp_path: Path) -> None:
    # Neither database driver stores one, but the writers must not depend on that.
    ledger = synthetic_ledger(1)
    ledger["entries"][0].update(name="张\ud800三", note="\x07备注", work_unit_and_post="单\x0c位")
    write_workbook(ledger, str(tmp_path / "l.xlsx"))
    ws = load_workbook(tmp_path / "l.xlsx").active
    assert (ws["B5"].value, ws["N5"].value, ws["F5"].value) == (
        "张\ufffd三",
        "\ufffd备注",
        "单\n位",
    )
    assert "张\ufffd三" in b"".join(csv_chunks(ledger, threading.Event())).decode("utf-8")


def test_quarter_without_assessment_is_not_assessed_in_every_format(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town, c = _town_with(client, admin)
    r = client.post(
        "/v1/assessments",
        json={"coordinator_id": c["id"], "year": 2025, "quarter": 1, "base_score": 0},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    q1, q2, *_ = _ledger(client, admin, region_id=town["id"]).json()["entries"][0]["quarters"]
    assert (q1["base"], q1["assessed"]) == (0, True)  # assessed 0 stays 0
    assert (q2["base"], q2["assessed"], q2["total"]) == (None, False, 0)
    ws = load_workbook(
        io.BytesIO(_ledger(client, admin, region_id=town["id"], format="xlsx").content)
    ).active
    assert [ws.cell(row=5, column=j).value for j in range(10, 14)] == [0, *[NOT_ASSESSED] * 3]
    rows = list(
        csv.reader(io.StringIO(_ledger(client, admin, region_id=town["id"], format="csv").text))
    )
    assert rows[1][8:13] == ["基本得分", "0", NOT_ASSESSED, NOT_ASSESSED, NOT_ASSESSED]


def test_a_caller_scoped_to_a_region_gets_that_regions_ledger_and_file_name(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town, _ = _town_with(client, admin)
    scoped = auth_headers("region_admin", region_id=town["id"])
    ledger = _ledger(client, scoped).json()
    assert (ledger["region_id"], ledger["region_name"]) == (town["id"], town["name"])
    assert ledger["region_name"] != "全部" and len(ledger["entries"]) == 1
    r = _ledger(client, scoped, format="xlsx")
    disposition = r.headers["content-disposition"]
    assert f'filename="ledger-{town["id"]}-2025.xlsx"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == (
        f"{town['name']}劳动关系协调员动态管理台账-2025.xlsx"
    )
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["A2"].value == f"乡镇(街道、领域): {town['name']}"


def test_a_coordinator_sees_only_its_own_block(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    town, me = _town_with(client, admin)
    make_coordinator(client, admin, town["id"])
    own = auth_headers("coordinator", region_id=town["id"], coordinator_id=me["id"])
    for fmt in ("json", "csv"):
        r = _ledger(client, own, format=fmt)
        assert r.status_code == 200
    (entry,) = _ledger(client, own).json()["entries"]
    assert entry["coordinator_id"] == me["id"]
    lines = _ledger(client, own, format="csv").text.strip().splitlines()
    assert len(lines) == 1 + 8


def test_each_coordinator_is_scored_under_the_pack_of_its_region(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    county = make_region(client, admin)
    scored = make_region(client, admin, parent_id=county["id"], kind="township")
    other = make_region(client, admin, parent_id=county["id"], kind="township")
    r = client.patch(
        f"/v1/regions/{other['id']}",
        json={"policy": "minhang-2023"},
        headers={**admin, "If-Match": f'"{other["version"]}"'},
    )
    assert r.status_code == 200, r.text
    make_coordinator(client, admin, scored["id"])
    make_coordinator(client, admin, other["id"])
    ledger = _ledger(client, admin, region_id=county["id"]).json()
    packs = {e["region_id"]: e["policy"] for e in ledger["entries"]}
    assert packs == {scored["id"]: ledger["policy"], other["id"]: "minhang-2023"}
    # minhang-2023 has no quarterly scoring: its people are not scored, not failed.
    unscored = next(e for e in ledger["entries"] if e["region_id"] == other["id"])
    assert all(q["base"] is None and q["total"] == 0 for q in unscored["quarters"])
    r = _ledger(client, admin, region_id=county["id"], policy="minhang-2023")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "policy"


def test_the_page_prints_like_attachment_2(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    town, _ = _town_with(client, admin)
    for _ in range(GEOMETRY.blocks_first_page + 1):
        make_coordinator(client, admin, town["id"])
    content = _ledger(client, admin, region_id=town["id"], format="xlsx").content
    sheet = _sheet_xml(content)
    assert re.search(r'<pageSetUpPr fitToPage="1"/>', sheet)
    setup = re.search(r"<pageSetup [^>]*>", sheet).group(0)  # type: ignore[union-attr]
    assert 'paperSize="9"' in setup and 'orientation="landscape"' in setup
    assert 'fitToHeight="0"' in setup and "fitToWidth" not in setup  # one page wide
    assert '<printOptions horizontalCentered="1"/>' in sheet and "<pageMargins" in sheet
    breaks = [int(b) for b in re.findall(r'<brk id="(\d+)"', sheet)]
    assert breaks and all((b - 4) % 8 == 0 for b in breaks)  # only between coordinators
    book = _sheet_xml(content, "xl/workbook.xml")
    assert "_xlnm.Print_Titles" in book and "$3:$4" in book  # header rows on every page
    styles = _sheet_xml(content, "xl/styles.xml")
    assert '<name val="宋体"/>' in styles and '<charset val="134"/>' in styles
    ws = load_workbook(io.BytesIO(content)).active
    assert ws["A1"].value == "测试区劳动关系协调员动态管理台账"  # the county's name, as on the form
    assert ws["A2"].value.startswith("乡镇(街道、领域): ") and re.fullmatch(
        r"\d{4}年\d{1,2}月\d{1,2}日", ws["J2"].value
    )
    assert {"A1:N1", "I3:M3", "A3:A4", "N3:N4", "A5:A12", "N5:N12", "A13:A20"} <= {
        str(m) for m in ws.merged_cells.ranges
    }
    assert ws.column_dimensions["C"].width >= 19  # 18 digits of an ID number
    assert ws.column_dimensions["F"].width >= 20  # 工作单位及职务 in Chinese


def test_a_ledger_longer_than_excel_keeps_page_breaks_goes_on_another_sheet(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(workbook, "MAX_PAGE_BREAKS", 2)
    capacity = workbook.sheet_capacity()
    write_workbook(synthetic_ledger(capacity + 1), str(tmp_path / "l.xlsx"))
    book = load_workbook(tmp_path / "l.xlsx")
    assert book.sheetnames == ["2025年台账", "2025年台账(2)"]
    second = book["2025年台账(2)"]
    assert second["A5"].value == capacity + 1 and second["A3"].value == "序号"


def _drain(chunks: Iterator[bytes]) -> int:
    return sum(len(c) for c in chunks)


def test_the_writer_stops_when_cancelled(tmp_path: Path) -> None:
    ledger = synthetic_ledger(3 * workbook.CHECK_EVERY)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1  # the client leaves after the first few hundred coordinators

    with pytest.raises(Cancelled):
        write_workbook(ledger, str(tmp_path / "x.xlsx"), cancelled=cancelled)
    assert len(calls) == 2 and not (tmp_path / "x.xlsx").exists()
    gone = threading.Event()
    gone.set()
    with pytest.raises(Cancelled):
        _drain(xlsx_chunks(ledger, gone))
    assert _drain(csv_chunks(ledger, gone)) == 0


def test_a_disconnect_stops_the_streamed_export() -> None:
    made: list[int] = []

    def produce(cancel: threading.Event) -> Iterator[bytes]:
        for i in range(10_000):
            if cancel.wait(0.01):  # stands for writing a chunk of rows
                return
            made.append(i)
            yield b"x"

    async def client_leaves() -> dict[str, Any]:
        await asyncio.sleep(0.05)
        return {"type": "http.disconnect"}

    async def run() -> int:
        got = 0
        async for _ in stream(client_leaves, produce):
            got += 1
        return got

    assert asyncio.run(run()) < 100
    time.sleep(0.1)  # a chunk the thread was making as the client left may still land
    settled = len(made)
    time.sleep(0.3)
    assert len(made) == settled < 100  # the producer stopped too, not only the sending


def test_files_are_streamed_without_a_length(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    town, _ = _town_with(client, admin)
    for fmt in ("xlsx", "csv"):
        with client.stream(
            "GET",
            "/v1/ledger",
            params={"year": 2025, "region_id": town["id"], "format": fmt},
            headers=admin,
        ) as r:
            assert r.status_code == 200 and "content-length" not in r.headers
            assert sum(len(c) for c in r.iter_bytes()) > 0


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice and poppler are not installed (apt-get install -y libreoffice-calc "
    "fonts-noto-cjk poppler-utils); bench/render_ledger.py renders the pages by hand",
)
def test_rendered_pages_keep_each_coordinator_whole_and_all_columns(tmp_path: Path) -> None:
    xlsx = tmp_path / "ledger.xlsx"
    write_workbook(
        synthetic_ledger(GEOMETRY.blocks_first_page + GEOMETRY.blocks_per_page + 2), str(xlsx)
    )
    pdf, pages = render(xlsx, tmp_path)
    assert check_pages(pdf) == [] and len(pages) == 3


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (apt-get install -y libreoffice-calc)",
)
def test_a_spreadsheet_opens_the_csv_ids_and_phones_as_text(tmp_path: Path) -> None:
    ledger = synthetic_ledger(2)
    ledger["entries"][0]["id_number"] = "370830198806120047"
    (tmp_path / "l.csv").write_bytes(b"".join(csv_chunks(ledger, threading.Event())))
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--infilter=CSV:44,34,76,1",
            "--outdir",
            str(tmp_path / "out"),
            str(tmp_path / "l.csv"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    # The values the spreadsheet shows (calamine reads the cached results of the sheet).
    rows = CalamineWorkbook.from_path(str(tmp_path / "out" / "l.xlsx")).get_sheet_by_index(0)
    first = rows.to_python()[1]
    assert first[2] == "370830198806120047" and first[7] == ledger["entries"][0]["phone"]
    assert first[9] == ledger["entries"][0]["quarters"][0]["base"]  # scores stay numbers


def test_the_endpoint_stops_writing_when_the_client_goes_away(
    client: TestClient, auth_headers: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the whole ASGI app: a client that disconnects cancels the file's producer."""
    from lrc_api.ledger import router as ledger_router
    from lrc_api.main import app

    admin = auth_headers("admin")
    town, _ = _town_with(client, admin)
    seen: dict[str, Any] = {}

    def slow_xlsx(ledger: dict[str, Any], cancel: threading.Event) -> Iterator[bytes]:
        seen["started"] = True
        seen["cancelled"] = cancel.wait(5)  # stands for a long write, checking the flag
        yield b"PK"

    monkeypatch.setattr(ledger_router, "xlsx_chunks", slow_xlsx)
    query = f"year=2025&region_id={town['id']}&format=xlsx".encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/v1/ledger",
        "raw_path": b"/v1/ledger",
        "query_string": query,
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in admin.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    messages: list[dict[str, Any]] = []

    async def run() -> None:
        started = asyncio.Event()
        calls = 0

        async def receive() -> dict[str, Any]:
            nonlocal calls
            calls += 1
            if calls == 1:
                return {"type": "http.request", "body": b"", "more_body": False}
            await started.wait()
            await asyncio.sleep(0.1)
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            messages.append(message)
            if message["type"] == "http.response.start":
                started.set()

        await asyncio.wait_for(app(scope, receive, send), timeout=10)

    t = time.perf_counter()
    asyncio.run(run())
    assert seen == {"started": True, "cancelled": True}
    assert time.perf_counter() - t < 4  # stopped on the disconnect, not after the 5 s write
    assert messages[0]["type"] == "http.response.start" and messages[0]["status"] == 200

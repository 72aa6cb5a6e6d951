"""Excel 97–2003 (.xls) ledgers: imported like .xlsx, and measured before they are read.

calamine's .xls reader builds the dense grid of every sheet when it opens the workbook; two
values at A1 and IV65536 on three sheets made a 5.6 KB file take 2 GB. The sheets' area is
counted from the BIFF records first (``lrc_api.imports.xls_extent``); these tests hold that the
count is never below what the reader builds, whatever cells a sheet holds, and that a small
file spanning millions of cells is a 413 before it is read. Files are written with xlwt.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from typing import Any

import pytest
import xlwt
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from lrc_api.imports.xls_extent import NotAWorkbook, _area, xls_area
from tests.api.test_imports import FLAT, do_import
from tests.factories import citizen_id, make_region

Headers = Callable[..., dict[str, str]]


def _xls(sheets: list[list[tuple[int, int, Any]]]) -> bytes:
    """A workbook with one sheet per list of (row, column, value); ``None`` writes a blank cell
    that carries only formatting, an ``xlwt.Formula`` a formula."""
    book = xlwt.Workbook(encoding="utf-8")
    bold = xlwt.easyxf("font: bold on")
    for k, cells in enumerate(sheets):
        sheet = book.add_sheet(f"表{k + 1}", cell_overwrite_ok=True)
        for row, col, value in cells:
            if value is None:
                sheet.write(row, col, None, bold)
            else:
                sheet.write(row, col, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _reader_area(content: bytes) -> int:
    """What calamine builds: per sheet, A1 to its furthest cell, summed over every sheet."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    total = 0
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        total += (sheet.end[0] + 1) * (sheet.end[1] + 1) if sheet.end else 0
    return total


_VALUES = st.one_of(
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(min_size=1, max_size=5),
    st.booleans(),
    st.just(None),
    st.sampled_from([xlwt.Formula("1+1"), xlwt.Formula('"甲"&"乙"')]),
)
_CELLS = st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 255), _VALUES), min_size=0, max_size=30
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_CELLS, min_size=1, max_size=3))
def test_the_counted_area_of_an_xls_is_never_below_what_the_reader_builds(
    sheets: list[list[tuple[int, int, Any]]],
) -> None:
    """Any mix of numbers (RK, NUMBER), strings, booleans, formulas and formatted blanks, at
    any place up to the last column IV, on several sheets: the count covers the reader's grid,
    and equals it (blank cells, which the reader skips, are not counted)."""
    content = _xls(sheets)
    assert xls_area(content) == _reader_area(content)


def test_the_furthest_cell_of_an_xls_sheet_counts_from_a1() -> None:
    """IV65536 is the last cell of an .xls sheet: 65,536 rows × 256 columns."""
    assert xls_area(_xls([[(0, 0, "姓名"), (65535, 255, 1)]])) == 65_536 * 256
    assert xls_area(_xls([[(0, 0, "姓名"), (65535, 255, None)]])) == 1  # a blank: not kept
    assert xls_area(_xls([[(9, 3, 2.5)], [(0, 0, "甲")]])) == 40 + 1


def test_a_small_xls_spanning_millions_of_cells_is_refused_before_it_is_read(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin)
    bomb = _xls([[(0, 0, "姓名"), (65535, 255, "x")] for _ in range(3)])
    assert len(bomb) < 8 * 1024
    r = do_import(client, admin, bomb, "台账.xls", region_id=town["id"])
    assert r.status_code == 413, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "50,331,648 cells" in r.json()["detail"]


def test_an_office_97_file_that_is_no_workbook_is_415(
    client: TestClient, auth_headers: Headers
) -> None:
    """A compound file whose stream is not called Workbook (a Word 97 file holds WordDocument)."""
    admin = auth_headers("admin")
    town = make_region(client, admin)
    content = _xls([[(0, 0, "姓名")]])
    renamed = content.replace("Workbook".encode("utf-16-le"), "WordDocu".encode("utf-16-le"))
    with pytest.raises(NotAWorkbook):
        xls_area(renamed)
    r = do_import(client, admin, renamed, "台账.xls", region_id=town["id"])
    assert r.status_code == 415, r.text
    assert "not an Excel workbook" in r.json()["detail"]
    r = do_import(client, admin, content[:600], "台账.xls", region_id=town["id"])
    assert r.status_code == 415, r.text


def test_a_flat_excel_97_list_imports_like_an_xlsx(
    client: TestClient, auth_headers: Headers
) -> None:
    """An office's list saved as .xls (headers by name, a date cell, ID number as text)."""
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    number = citizen_id()
    row = ["王芳", number, "乡镇(街道)", "本科", "南站镇人社所", "干事", "13812345678", 5]
    cells = [(0, j, name) for j, name in enumerate(FLAT)]
    cells += [(1, j, value) for j, value in enumerate(row)]
    content = _xls([cells])
    r = do_import(client, admin, content, "名单.xls", region_id=town["id"], mode="commit")
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["file"]["format"] == "xls" and report["counts"]["created"] == 1, report
    listed = client.get("/v1/coordinators", params={"region_id": town["id"]}, headers=admin).json()[
        "items"
    ]
    assert [(c["name"], c["work_unit"], c["phone"]) for c in listed] == [
        ("王芳", "南站镇人社所", "13812345678")
    ]


def _record(code: int, body: bytes) -> bytes:
    return struct.pack("<HH", code, len(body)) + body


def test_mulrk_records_and_charts_inside_a_sheet_are_walked_as_excel_writes_them() -> None:
    """MULRK (several numbers of one row in one record: row, first column, 6 bytes each, last
    column) counts to its last column; a chart's substream inside a sheet does not end the
    sheet; a sheet cut off before its EOF still counts; the workbook globals hold no cells."""
    bof_sheet = _record(0x0809, struct.pack("<HHHH", 0x0600, 0x0010, 0, 0))
    bof_chart = _record(0x0809, struct.pack("<HHHH", 0x0600, 0x0020, 0, 0))
    bof_globals = _record(0x0809, struct.pack("<HHHH", 0x0600, 0x0005, 0, 0))
    eof = _record(0x000A, b"")
    mulrk = _record(0x00BD, struct.pack("<HH", 10, 2) + b"\0" * 6 * 4 + struct.pack("<H", 5))

    def number(row: int, col: int) -> bytes:
        return _record(0x0203, struct.pack("<HHH", row, col, 0) + b"\0" * 8)

    stream = bof_globals + number(500, 200) + eof  # a cell-shaped record outside any sheet
    stream += bof_sheet + mulrk + eof  # 11 rows × 6 columns
    assert _area(stream) == 66
    chart = bof_chart + number(900, 250) + eof  # the chart's records are not the sheet's cells
    with_chart = bof_sheet + mulrk + chart + number(20, 1) + eof  # the sheet goes on: 21 × 6
    assert _area(bof_globals + eof + with_chart) == 126
    assert _area(stream + bof_sheet + number(3, 1)) == 66 + 4 * 2  # no EOF: counted all the same
    assert _area(stream + b"\x03\x02\xff") == 66  # a torn record header: stops there

"""An import reads no more cells than its budget: a tiny workbook spanning billions is refused.

The workbook reader builds each sheet as a dense grid from A1 to the furthest non-empty cell;
a 5 KB file with one cell at XFD250000 would make it allocate hundreds of gigabytes and abort
the server process. The area is measured from the package's XML first, however the cells are
written (without ``r``, with a namespace prefix, lower-case, several ``r``, empty elements), and
merged ranges and csv rows count too. Each refused case is checked against the reader's own
view: the same cells at a harmless distance read to the extent the measure predicted.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook

from lrc_api.core.settings import get_settings
from lrc_api.imports import extent
from tests.api.office_ledger import flat_workbook
from tests.api.test_imports import do_import
from tests.factories import make_region

Headers = Callable[..., dict[str, str]]
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _with_sheet(sheet_data: str, *, merged: str = "") -> bytes:
    """A valid workbook whose first sheet's <sheetData> (and <mergeCells>) are replaced."""
    base = zipfile.ZipFile(io.BytesIO(flat_workbook([["张三"]], ["姓名"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            data = base.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = (
                    f'<worksheet xmlns="{NS}" xmlns:x="{NS}"><sheetData>{sheet_data}'
                    f"</sheetData>{merged}</worksheet>"
                ).encode()
            z.writestr(info, data)
    return out.getvalue()


def _reader_cells(content: bytes) -> int:
    """The area calamine itself allocates for the first sheet (A1 to its furthest cell)."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    sheet = book.get_sheet_by_name(book.sheet_names[0])
    return (sheet.end[0] + 1) * (sheet.end[1] + 1) if sheet.end else 0


def _measured(content: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return extent.largest_area(z)


# Each writes a far cell `far(row, column_letters)` some way the reader accepts.
FAR_CELLS: dict[str, Callable[[int, str], str]] = {
    "usual": lambda r, c: (
        f'<row r="1"><c r="A1"><v>1</v></c></row><row r="{r}"><c r="{c}{r}"><v>1</v></c></row>'
    ),
    "inline string": lambda r, c: (
        f'<row r="{r}"><c r="{c}{r}" t="inlineStr"><is><t>x</t></is></c></row>'
    ),
    "lower case, leading zeros, spaces": lambda r, c: (
        f"<row><c r = '{c.lower()}000{r}'><v>1</v></c></row>"
    ),
    "prefixed": lambda r, c: f'<x:row r="{r}"><x:c r="{c}{r}"><x:v>1</x:v></x:c></x:row>',
    "a second r": lambda r, c: f'<row><c r="A1" r="{c}{r}"><v>1</v></c></row>',
    "after an empty cell": lambda r, c: f'<row r="{r}"><c r="{c}{r}"/><c><v>1</v></c></row>',
    "no r, rows counted": lambda r, c: (
        "<row/>" * (r - 1) + f'<row><c r="{c}1"/><c><v>1</v></c></row>'
    ),
    "no r, a row named": lambda r, c: (
        f'<row r="1"><c r="{c}1"><v>1</v></c></row>'
        f'<row r="{r}"><c><v>1</v></c><c><v>1</v></c></row>'
    ),
    "a '>' in an attribute": lambda r, c: f'<row><c s=">" r="{c}{r}"><v>1</v></c></row>',
}


@pytest.mark.parametrize("kind", sorted(FAR_CELLS))
def test_the_measured_area_is_never_below_the_readers(kind: str) -> None:
    write = FAR_CELLS[kind]
    near = _with_sheet(write(300, "CV"))  # 300 rows × 100 columns: harmless to read
    assert _measured(near) >= _reader_cells(near) > 1


@pytest.mark.parametrize("kind", sorted(FAR_CELLS))
def test_a_small_workbook_spanning_billions_of_cells_is_refused_before_it_is_read(
    kind: str, client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin)
    bomb = _with_sheet(FAR_CELLS[kind](250_000, "XFD"))
    assert len(bomb) < 64 * 1024
    r = do_import(client, admin, bomb, region_id=town["id"])
    assert r.status_code == 413, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "cells" in r.json()["detail"]


def test_a_cell_tag_that_is_not_xml_is_refused_naming_the_file(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin)
    broken = _with_sheet('<row><c a="<" r="XFD250000"><v>1</v></c></row>')
    r = do_import(client, admin, broken, region_id=town["id"])
    assert r.status_code in (413, 422), r.text
    if r.status_code == 422:
        assert r.json()["errors"][0]["field"] == "file"


def test_merged_ranges_count_against_the_cell_budget(
    client: TestClient, auth_headers: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin)
    monkeypatch.setattr(get_settings(), "import_max_cells", 100_000)
    cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
    cells += '<row r="300"><c r="CV300"><v>1</v></c></row>'  # 30,000 cells: within budget
    whole = '<mergeCell ref="A1:XFD1048576"/>'  # cut to the sheet: 30,000 more each
    merged = f'<mergeCells count="4">{whole * 4}</mergeCells>'
    r = do_import(client, admin, _with_sheet(cells, merged=merged), region_id=town["id"])
    assert r.status_code == 413 and "merged" in r.json()["detail"], r.text
    one = f'<mergeCells count="1">{whole}</mergeCells>'
    r = do_import(client, admin, _with_sheet(cells, merged=one), region_id=town["id"])
    assert r.status_code != 413, r.text


def test_a_csv_row_of_a_million_separators_is_refused(
    client: TestClient, auth_headers: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = auth_headers("admin")
    town = make_region(client, admin)
    monkeypatch.setattr(get_settings(), "import_max_cells", 100_000)
    wide = "姓名,身份证号\n" + "," * 1_000_000 + "\n"
    r = do_import(client, admin, wide.encode(), "wide.csv", region_id=town["id"])
    assert r.status_code == 413 and "cells" in r.json()["detail"], r.text

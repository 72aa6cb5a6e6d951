"""The ledger as a printable workbook in the 附件2 layout, written row by row in flat memory.

XlsxWriter in constant-memory mode keeps one row in memory and writes the sheet's rows to a temp
file as it goes, so time and memory grow linearly with the coordinators (openpyxl keeps every
cell and checks each new merged range against all earlier ones: quadratic). Every text is written
as a string cell — never a formula, whatever it starts with — after :func:`printable` made it
safe for XML, so no stored text can fail the export.

The page prints like the form: A4 landscape, the fourteen columns fitted one page wide, the two header
rows repeated on every page, a CJK font named (宋体, GB 2312 charset), the title and the
乡镇(街道、领域) line with the date, page numbers in the footer, and a manual page break between
coordinators, so a coordinator's eight rows never split across pages. Excel keeps at most 1,023
manual breaks in a sheet: a ledger longer than 1,024 pages continues on a second sheet with the
same title and header.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from lrc_api.core.bulk import gc_paused
from lrc_api.core.text import printable
from lrc_api.ledger.layout import (
    GEOMETRY,
    LABEL_COLUMN,
    NOTE_COLUMN,
    PERSON_COLUMNS,
    QUARTER_HEADERS,
    REGION_LINE,
    SCORE_GROUP,
    PageGeometry,
    note_cell,
    person_cells,
    score_rows,
)
from lrc_api.ledger.schemas import LEDGER_ROWS

BODY_FONT = "宋体"
"""The form's font (SimSun); GB 2312 charset so Excel and WPS pick it for Chinese text."""
TITLE_FONT = "黑体"
"""The title's font (SimHei)."""
GB2312_CHARSET = 134

MAX_PAGE_BREAKS = 1023
"""Manual page breaks Excel keeps in one sheet."""

CHECK_EVERY = 256
"""Coordinators written between two looks at the cancel flag."""

STREAM_CHUNK = 1 << 16
"""Bytes per chunk of the streamed response."""

_LAST_COL = len(PERSON_COLUMNS) + 1 + len(QUARTER_HEADERS)  # 13: 备注
_LABEL_COL = len(PERSON_COLUMNS)  # 8: 赋分内容
_HEADER_ROWS = (2, 3)
_FIRST_DATA_ROW = 4
_BLOCK = len(LEDGER_ROWS)


class Cancelled(Exception):
    """The client went away: the export stopped."""


class LedgerSheet(Worksheet):
    """A worksheet that keeps the merged ranges of the coordinators' blocks as one int each.

    Each block merges nine columns over eight rows; XlsxWriter's ``merge_range`` keeps a record
    per merged cell (1.4 million at 20,000 coordinators) and pads the range with cells written
    out of row order, which constant-memory mode drops. The block rows are written in order by
    the caller, and their merges are written here with the sheet's other merges at the end.
    """

    def __init__(self) -> None:
        super().__init__()
        self.block_starts = array("i")

    def _write_merge_cells(self) -> None:
        count = len(self.merge) + 9 * len(self.block_starts)
        if not count:
            return
        self._xml_start_tag("mergeCells", [("count", count)])
        for merged in self.merge:
            self._write_merge_cell(merged)
        merged_cols = (*range(len(PERSON_COLUMNS)), _LAST_COL)
        for first in self.block_starts:
            for col in merged_cols:
                self._write_merge_cell([first, col, first + _BLOCK - 1, col])
        self._xml_end_tag("mergeCells")


class LedgerWorkbook(Workbook):
    """A workbook whose sheets are :class:`LedgerSheet`."""

    worksheet_class = LedgerSheet


def _formats(wb: Workbook) -> dict[str, Format]:
    base = {"font_name": BODY_FONT, "font_charset": GB2312_CHARSET, "font_size": 10}
    cell = {**base, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    return {
        "title": wb.add_format(
            {
                **base,
                "font_name": TITLE_FONT,
                "font_size": 18,
                "align": "center",
                "valign": "vcenter",
            }
        ),
        "region": wb.add_format({**base, "font_size": 11, "valign": "vcenter"}),
        "date": wb.add_format({**base, "font_size": 11, "align": "right", "valign": "vcenter"}),
        "header": wb.add_format({**cell, "bold": True}),
        "cell": wb.add_format(cell),
        "text": wb.add_format({**cell, "align": "left"}),
        "score": wb.add_format({**cell, "num_format": "0.##;-0.##;0"}),
    }


def _page_setup(ws: Worksheet, geometry: PageGeometry, last_row: int, breaks: list[int]) -> None:
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.set_print_scale(geometry.usual_scale)  # cached beside fit-to-page, as Excel saves it
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed; manual breaks still hold
    ws.set_margins(
        left=geometry.margin_left_in,
        right=geometry.margin_right_in,
        top=geometry.margin_top_in,
        bottom=geometry.margin_bottom_in,
    )
    ws.center_horizontally()
    ws.repeat_rows(*_HEADER_ROWS)
    ws.print_area(0, 0, last_row, _LAST_COL)
    ws.set_footer("&C第 &P 页，共 &N 页", {"margin": 0.3})
    ws.set_h_pagebreaks(breaks)
    ws.freeze_panes(_FIRST_DATA_ROW, 0)
    for col, width in enumerate(geometry.widths):
        ws.set_column(col, col, width)


def _head(ws: Worksheet, f: dict[str, Format], ledger: dict[str, Any], g: PageGeometry) -> None:
    # Rows 1–4 in order (constant memory): title, region line with the date, two header rows.
    ws.set_row(0, g.title_height)
    ws.merge_range(0, 0, 0, _LAST_COL, printable(ledger["title"]), f["title"])
    ws.set_row(1, g.region_height)
    region = f"{REGION_LINE}: {printable(ledger['region_name'])}"
    ws.merge_range(1, 0, 1, 7, region, f["region"])
    day: dt.date = ledger["as_of"]
    ws.merge_range(1, 9, 1, _LAST_COL, f"{day.year}年{day.month}月{day.day}日", f["date"])
    top, sub = _HEADER_ROWS
    ws.set_row(top, g.header_heights[0])
    for col, name in enumerate(PERSON_COLUMNS):
        ws.write_string(top, col, name, f["header"])
    ws.merge_range(top, _LABEL_COL, top, _LABEL_COL + 4, SCORE_GROUP, f["header"])
    ws.write_string(top, _LAST_COL, NOTE_COLUMN, f["header"])
    ws.set_row(sub, g.header_heights[1])
    for col in range(len(PERSON_COLUMNS)):
        ws.write_blank(sub, col, None, f["header"])
    for j, name in enumerate((LABEL_COLUMN, *QUARTER_HEADERS)):
        ws.write_string(sub, _LABEL_COL + j, name, f["header"])
    ws.write_blank(sub, _LAST_COL, None, f["header"])
    for col in (*range(len(PERSON_COLUMNS)), _LAST_COL):
        ws.merge.append([top, col, sub, col])  # written in row order above: no padding needed


def _block(ws: LedgerSheet, f: dict[str, Format], row: int, entry: dict[str, Any]) -> None:
    """One coordinator's eight rows, written top to bottom, left to right."""
    cell, text, score = f["cell"], f["text"], f["score"]
    rows = score_rows(entry["quarters"])
    person = person_cells(entry)
    height = GEOMETRY.row_height
    for k in range(_BLOCK):
        r = row + k
        ws.set_row(r, height)
        if k == 0:
            for col, value in enumerate(person):
                if isinstance(value, int):
                    ws.write_number(r, col, value, cell)
                else:
                    ws.write_string(r, col, value, text if col == 5 else cell)  # type: ignore[arg-type]
        else:
            for col in range(len(PERSON_COLUMNS)):
                ws.write_blank(r, col, None, cell)
        label, *values = rows[k]
        ws.write_string(r, _LABEL_COL, label, cell)  # type: ignore[arg-type]
        for j, value in enumerate(values, start=_LABEL_COL + 1):
            if isinstance(value, str):  # 未评定
                ws.write_string(r, j, value, cell)
            else:
                ws.write_number(r, j, value, score)  # type: ignore[arg-type]
        if k == 0:
            ws.write_string(r, _LAST_COL, note_cell(entry), text)
        else:
            ws.write_blank(r, _LAST_COL, None, text)
    ws.block_starts.append(row)


def _page_breaks(count: int, g: PageGeometry) -> list[int]:
    """Rows (0-based) before which a page starts, so no coordinator's block is split."""
    breaks = []
    first, per_page = g.blocks_first_page, g.blocks_per_page
    block = first
    while block < count and len(breaks) < MAX_PAGE_BREAKS:
        breaks.append(_FIRST_DATA_ROW + block * _BLOCK)
        block += per_page
    return breaks


def sheet_capacity(g: PageGeometry = GEOMETRY) -> int:
    """Coordinators one sheet holds with a manual break between every page."""
    return g.blocks_first_page + MAX_PAGE_BREAKS * g.blocks_per_page


def write_workbook(
    ledger: dict[str, Any],
    target: str | BinaryIO,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    tmpdir: str | None = None,
) -> None:
    """Write the ledger (the shape of the ``Ledger`` schema) as an .xlsx file to ``target``.

    ``cancelled`` is asked every :data:`CHECK_EVERY` coordinators; when it says yes the export
    raises :class:`Cancelled` and writes nothing more. The sheets' rows go to temp files in
    ``tmpdir`` until the workbook is assembled; after a failure they stay there for the caller
    to remove with the folder (:func:`xlsx_chunks` does).
    """
    entries: Sequence[dict[str, Any]] = ledger["entries"]
    wb = LedgerWorkbook(
        target,
        {
            "constant_memory": True,
            "tmpdir": tmpdir,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": {
                "font_name": BODY_FONT,
                "font_charset": GB2312_CHARSET,
                "font_size": 11,
            },
        },
    )
    f = _formats(wb)
    capacity = sheet_capacity()
    chunks = [entries[i : i + capacity] for i in range(0, len(entries), capacity)] or [[]]
    for n, chunk in enumerate(chunks, start=1):
        name = f"{ledger['year']}年台账" + (f"({n})" if n > 1 else "")
        ws = wb.add_worksheet(name)
        assert isinstance(ws, LedgerSheet)
        _page_setup(
            ws,
            GEOMETRY,
            max(_FIRST_DATA_ROW + len(chunk) * _BLOCK - 1, _HEADER_ROWS[1]),
            _page_breaks(len(chunk), GEOMETRY),
        )
        _head(ws, f, ledger, GEOMETRY)
        for i, entry in enumerate(chunk):
            if i % CHECK_EVERY == 0 and cancelled():
                raise Cancelled
            _block(ws, f, _FIRST_DATA_ROW + i * _BLOCK, entry)
    wb.set_properties(
        {"title": printable(ledger["title"]), "subject": "劳动关系协调员动态管理台账"}
    )
    wb.close()


def xlsx_chunks(ledger: dict[str, Any], cancel: threading.Event) -> Iterator[bytes]:
    """The workbook as a stream of bytes: written to a private temp folder, then read out.

    Setting ``cancel`` stops the writing within :data:`CHECK_EVERY` coordinators; the folder and
    everything in it is removed when the stream ends, is closed, or fails.
    """
    folder = tempfile.mkdtemp(prefix="lrc-ledger-")
    try:
        path = os.path.join(folder, "ledger.xlsx")
        with gc_paused():
            write_workbook(ledger, path, cancelled=cancel.is_set, tmpdir=folder)
        with open(path, "rb") as fh:
            while chunk := fh.read(STREAM_CHUNK):
                yield chunk
    finally:
        shutil.rmtree(folder, ignore_errors=True)

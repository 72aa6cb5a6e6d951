"""Reading an uploaded ledger file into rows of cells, safely: xlsx (or xls) and csv.

What comes in is untrusted: the bytes are sniffed (never the name or the declared type), a file
that is not a spreadsheet is a 415 naming what was expected, and limits hold before anything big
is built — the upload size (checked by the router), the unpacked size of an .xlsx (a zip bomb is
refused from its directory, and every part is unpacked once, bounded, to prove the directory
true), the cells an .xls's sheets span (counted from its records, :mod:`.xls_extent`), and the
number of rows. Workbooks are read with python-calamine (Rust; many times faster
than openpyxl), which also gives the merged ranges, so a value merged over a coordinator's eight
rows is seen on each of them. A csv may be UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
"Unicode text") or GB 18030 (Excel's default csv on Chinese Windows), comma-, tab- or
semicolon-separated.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from lrc_api.core.errors import InvalidInput, Problem
from lrc_api.core.text import printable
from lrc_api.imports import extent, xls_extent

EXPECTED = "an .xlsx workbook (Excel 2007 or later, or WPS) or a .csv text file"


class UnsupportedFile(Problem):
    """415: the upload is not a spreadsheet this import reads."""

    status = 415
    slug = "unsupported-media-type"
    title = "不支持的文件类型 (unsupported file type)"


class TooLarge(Problem):
    """413: the upload, its unpacked parts or its rows exceed the import's limits."""

    status = 413
    slug = "content-too-large"
    title = "文件过大 (content too large)"


@dataclass
class Sheet:
    """A sheet's cells: ``rows[i][j]`` is the cell of Excel row ``i + 1``, column ``j + 1``.

    ``name`` is printable (:func:`~lrc_api.core.text.printable`): it is stored in the ``source``
    of every record the import makes and printed by ``lrc import``, and a sheet's name is the
    file's to choose (an .xls may hold a NUL, which PostgreSQL cannot store, or a bidi override).
    The cells are as the file has them: the row checks name what is wrong with them.
    """

    name: str
    rows: list[list[Any]]


@dataclass
class Spreadsheet:
    """What was read: the format and the visible sheets."""

    format: str
    sheets: list[Sheet] = field(default_factory=list)


_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)


def _unsupported(what: str) -> UnsupportedFile:
    return UnsupportedFile(f"file: expected {EXPECTED}; this is {what}")


def read_spreadsheet(
    content: bytes, *, name: str, max_rows: int, max_unzipped_bytes: int, max_cells: int
) -> Spreadsheet:
    """The visible sheets of an uploaded file.

    ``max_cells`` bounds the area read (rows times columns, from the first row and column):
    an .xlsx is measured from its XML before the workbook reader allocates anything.

    Raises UnsupportedFile (415) for anything but xlsx/xls/csv, TooLarge (413) past a limit,
    and InvalidInput (422, field ``file``) for a damaged workbook.
    """
    head = content[:8]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise _unsupported(what)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        _check_zip(content, max_unzipped_bytes, max_cells)
        return _read_workbook(content, "xlsx", max_rows, max_cells)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: Excel 97–2003 (or Word)
        try:
            cells = xls_extent.xls_area(content)
        except xls_extent.NotAWorkbook:
            raise _unsupported("an Office 97–2003 file that is not an Excel workbook") from None
        if cells > max_cells:
            raise _too_many_cells(cells, max_cells)
        return _read_workbook(content, "xls", max_rows, max_cells)
    return _read_csv(content, name=name, max_rows=max_rows, max_cells=max_cells)


def _too_many_cells(cells: int, max_cells: int) -> TooLarge:
    return TooLarge(
        f"file: the sheets span {cells:,} cells (rows × columns, at most {max_cells:,}); "
        "remove stray cells far below or right of the ledger, or split the file"
    )


def _check_zip(content: bytes, max_unzipped_bytes: int, max_cells: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                if "word/document.xml" in names:
                    raise _unsupported("a Word document (.docx)")
                if any(n.startswith("ppt/") for n in names):
                    raise _unsupported("a PowerPoint presentation (.pptx)")
                if "content.xml" in names:
                    raise _unsupported("an OpenDocument file (save it as .xlsx)")
                raise _unsupported("a zip archive")
            if len(infos) > 10_000:
                raise TooLarge(f"file: the workbook has {len(infos)} parts (at most 10,000)")
            if any(i.flag_bits & 0x1 for i in infos):
                raise _unsupported("a password-protected workbook (remove the password first)")
            total = sum(i.file_size for i in infos)
            if total > max_unzipped_bytes:
                raise TooLarge(
                    f"file: the workbook unpacks to {total:,} bytes "
                    f"(at most {max_unzipped_bytes:,}); split it"
                )
            # The directory's sizes are only claims: every part is unpacked once, bounded by
            # them (zipfile stops at the claimed size and checks the CRC), so a part that would
            # unpack to more than it claims is refused here, before the reader trusts it; the
            # same pass measures the area the sheets' cells span (see extent).
            cells = extent.largest_area(z)
            if cells > max_cells:
                raise _too_many_cells(cells, max_cells)
    except zipfile.BadZipFile as exc:
        raise InvalidInput.on("file", f"the workbook is damaged ({exc})") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise InvalidInput.on("file", f"the workbook cannot be unpacked ({exc})") from None


def _read_workbook(content: bytes, fmt: str, max_rows: int, max_cells: int) -> Spreadsheet:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except CalamineError as exc:
        if fmt == "xls":
            raise _unsupported("an Office 97–2003 file that is not an Excel workbook") from None
        raise InvalidInput.on("file", f"the workbook cannot be read ({exc})") from None
    out = Spreadsheet(fmt)
    seen = cells = 0
    try:
        for meta in book.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.height == 0:
                continue
            seen += sheet.end[0] + 1 if sheet.end else 0
            if seen > max_rows:
                raise TooLarge(f"file: more than {max_rows:,} rows; split the file")
            width = sheet.end[1] + 1 if sheet.end else 0
            cells += sheet.height * width
            if cells > max_cells:
                raise _too_many_cells(cells, max_cells)
            offset = sheet.start[1] if sheet.start else 0
            pad = [""] * offset
            rows = [pad + list(r) for r in sheet.iter_rows()]
            cells += _fill_merged(rows, sheet.merged_cell_ranges or [], width, max_cells - cells)
            out.sheets.append(Sheet(printable(meta.name), rows))
    except CalamineError as exc:
        raise InvalidInput.on("file", f"the workbook cannot be read ({exc})") from None
    return out


def _fill_merged(rows: list[list[Any]], ranges: list[Any], width: int, budget: int) -> int:
    """Give every cell of a merged range the value of its top-left cell, as a reader sees it.

    Ranges are cut to the sheet's rows and ``width`` (a range reaching XFD1048576 adds no
    cells), and the cells they touch, overlaps counted each time, must stay within ``budget``:
    thousands of ranges over the whole sheet would otherwise be billions of steps. Returns
    the cells touched.
    """
    touched = 0
    for (r1, c1), (r2, c2) in ranges:
        r2, c2 = min(r2, len(rows) - 1), min(c2, width - 1)
        if r1 > r2 or c1 > c2:
            continue
        touched += (r2 - r1 + 1) * (c2 - c1 + 1)
        if touched > budget:
            raise TooLarge(
                f"file: merged ranges cover more than {budget:,} cells besides the sheets' own"
            )
        top = rows[r1][c1] if c1 < len(rows[r1]) else ""
        for r in range(r1, r2 + 1):
            row = rows[r]
            if len(row) <= c2:
                row.extend([""] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                if row[c] in ("", None):
                    row[c] = top
    return touched


def _decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("gb18030")  # Excel's csv on Chinese Windows (superset of GBK)


def _read_csv(content: bytes, *, name: str, max_rows: int, max_cells: int) -> Spreadsheet:
    try:
        text = _decode(content)
    except UnicodeDecodeError:
        raise _unsupported("binary data, not text") from None
    if "\x00" in text:
        raise _unsupported("binary data, not text")
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    rows: list[list[Any]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            cells += len(row)
            if len(rows) > max_rows:
                raise TooLarge(f"file: more than {max_rows:,} rows; split the file")
            if cells > max_cells:
                raise _too_many_cells(cells, max_cells)
    except csv.Error as exc:
        raise InvalidInput.on("file", f"the csv cannot be read ({exc})") from None
    if not any(any(c.strip() for c in r) for r in rows[:50]):
        raise _unsupported("a file without readable rows")
    return Spreadsheet("csv", [Sheet(printable(name) or "csv", rows)])


def iter_cells(sheet: Sheet) -> Iterator[tuple[int, list[Any]]]:
    """(Excel row number, cells) of every row of a sheet."""
    for i, row in enumerate(sheet.rows):
        yield i + 1, row

"""The area an .xlsx's sheets span, read from the package's XML before the workbook reader runs.

The workbook reader (calamine) builds each sheet as a dense grid from its first to its last
non-empty cell. Two cells, at A1 and at XFD250000, make a grid of four billion cells: an
allocation that fails inside Rust, which aborts the whole server process (no exception reaches
Python), from an upload of 5 KB. So every part of the package is scanned first, placing each
cell the way calamine does — by its ``r`` attribute, else in the column after the previous cell
of the row a ``<row r=…>`` named or the one after the previous row — and the area from A1 to the
furthest cell of each part must fit the import's cell budget.

Every part is scanned, not only those the workbook lists, so no part name or relationship target
hides a sheet. Text that only looks like a cell (in a comment, in an attribute) can only add to
the count, never hide a cell. Parts whose cells are all written the usual way (``<c r="B7" s="1"
t="s">``: what Excel, WPS, LibreOffice, openpyxl and xlsxwriter write) are measured with C-level
searches; any other part is read a second time tag by tag, and a cell tag that cannot be read
as XML there is refused. Where a tag has several ``r`` attributes the furthest counts.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from lrc_api.core.errors import InvalidInput

CHUNK_BYTES = 1 << 20
"""Bytes of a part unpacked at a time."""

_PREFIX = rb"(?:[^\s<>/:=\"'!?]+:)?"  # quick-xml matches local names: `<x:c>` is a cell
_ATTR = rb"\s*[^\s=/>\"'<]+\s*=\s*(?:\"[^\"]*\"|'[^']*')"
# What Excel, WPS, LibreOffice, openpyxl and xlsxwriter write: `r` first, then known attributes.
_CANONICAL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: (?:s|t|cm|vm|ph)="[^"<>]*")*\s*/?>')
_CELL_OPENINGS = (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r", b"<c\x0b", b"<c\x0c")
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_TAG = re.compile(rb"<(/?)" + _PREFIX + rb"(c|row)(?=[\s/>])((?:" + _ATTR + rb")*)\s*(/?)>")
_TAG_START = re.compile(rb"</?" + _PREFIX + rb"(?:c|row)(?=[\s/>])")
_ATTR_ITEM = re.compile(rb"\s*([^\s=/>\"'<]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(rb"([A-Za-z]{0,10})0*([0-9]{0,12})")  # more is past any sheet anyway


class Extent:
    """The furthest row and column (1-based) a part's cells reach; 0 when it has none."""

    __slots__ = ("columns", "rows")

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0

    def reach(self, row: int, column: int) -> None:
        """Count a cell at ``row``, ``column`` (1-based)."""
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)

    @property
    def cells(self) -> int:
        """The area from A1 to the furthest cell: what a dense reader allocates at most."""
        return self.rows * self.columns


def column_number(letters: bytes) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27 … (any length, either case); 0 for none."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def _segments(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part in pieces cut before a ``<``, so no tag written as XML is split between two."""
    carry = b""
    with z.open(info) as part:
        while chunk := part.read(CHUNK_BYTES):
            buf = carry + chunk
            cut = buf.rfind(b"<")
            if cut <= 0 or len(buf) - cut > CHUNK_BYTES:
                carry = b""
                yield buf
            else:
                carry = buf[cut:]
                yield buf[:cut]
    if carry:
        yield carry


def _fast(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[Extent, bool]:
    """The extent of the cells written the usual way, and whether any cell is written otherwise."""
    extent = Extent()
    unusual = False
    for segment in _segments(z, info):
        if b"c" not in segment:
            continue
        found = _CANONICAL.findall(segment)
        if len(found) != sum(segment.count(o) for o in _CELL_OPENINGS):
            unusual = True
        if _PREFIXED_CELL.search(segment):
            unusual = True
        for letters in {letters for letters, _ in found}:
            extent.reach(0, column_number(letters))
        if found:
            extent.reach(max(int(d) for d in {d for _, d in found}), 0)
    return extent, unusual


def _ref(attrs: bytes) -> tuple[int, int] | None:
    """Row and column (1-based; 0 where absent) of a tag's ``r`` attributes, the furthest of
    each when there are several (calamine's readers take the first or the last)."""
    refs = [
        m.groups()
        for name, double, single in _ATTR_ITEM.findall(attrs)
        if name == b"r" and (m := _REF.match(double or single)) is not None
    ]
    if not refs:
        return None
    return max(int(d or 0) for _, d in refs), max(column_number(c) for c, _ in refs)


def _refused(info: zipfile.ZipInfo) -> InvalidInput:
    return InvalidInput.on(
        "file", f"the workbook's part {info.filename[:100]} holds a cell tag that is not XML"
    )


def _sequential(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent:
    """Place every cell as calamine does, tag by tag (for parts with cells lacking ``r``)."""
    extent = Extent()
    row = column = 0  # 0-based, as calamine counts
    for segment in _segments(z, info):
        if len(_TAG_START.findall(segment)) != len(tags := _TAG.findall(segment)):
            raise _refused(info)
        for closing, name, attrs, empty in tags:
            # calamine's reader expands `<x/>` into `<x>` and `</x>`.
            if name == b"row":
                if not closing and (ref := _ref(attrs)) is not None:
                    row = max(ref[0] - 1, 0)
                if closing or empty:
                    row, column = row + 1, 0
                continue
            if closing:
                continue
            ref = _ref(attrs)
            if ref is not None:
                at_row, column = max(ref[0] - 1, 0), max(ref[1] - 1, 0)
            else:
                at_row = row
            # An empty cell is not kept by calamine, but counting it only widens the extent.
            extent.reach(at_row + 1, column + 1)
            column += 1
    return extent


def largest_area(z: zipfile.ZipFile) -> int:
    """The cells of the part with the largest area from A1 to its furthest cell."""
    largest = 0
    for info in z.infolist():
        if info.is_dir():
            continue
        extent, unplaced = _fast(z, info)
        if unplaced:
            extent = _sequential(z, info)
        largest = max(largest, extent.cells)
    return largest

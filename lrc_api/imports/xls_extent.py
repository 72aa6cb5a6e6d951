"""The area an .xls's sheets span, read from its BIFF records before the workbook reader runs.

calamine's .xls reader builds the dense grid of every sheet when it opens the workbook, from the
first to the last cell holding a value. An .xls sheet may reach IV65536 (65,536 × 256 cells), so
two values at A1 and IV65536 on each of three sheets made a 5.6 KB upload take 2 GB of memory,
and a file of the size an import accepts can hold thousands of such sheets. So the cells the
sheets span are counted first, and the import refuses a workbook past its cell budget before the
reader allocates anything.

The count walks the workbook stream record by record, keeping only each worksheet's furthest row
and column (constant memory, one pass). No library does this without building the cells itself
(xlrd keeps every cell as Python objects), which is the allocation this check exists to avoid;
the compound-file container is read with ``olefile``. Every record that carries a value counts —
number, RK and MULRK, label, shared-string label, rich string, boolean or error, formula — from
A1 to the furthest one, so the count is never less than what calamine builds. Blank cells
(BLANK, MULBLANK: formatting only) are not counted: calamine does not keep them.
"""

from __future__ import annotations

import io
import struct

import olefile

_BOF = frozenset({0x0809, 0x0409, 0x0209, 0x0009})
_EOF = 0x000A
_WORKSHEET = 0x0010
# Records whose first four bytes are the row and column of one cell holding a value (BIFF5/8,
# and the older formula codes, which cost nothing to include).
_CELL = frozenset({0x0006, 0x0206, 0x0406, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6})
_MULRK = 0x00BD  # row, first column, n × 6 bytes, last column


class NotAWorkbook(ValueError):
    """The compound file holds no Excel workbook stream."""


def xls_area(content: bytes) -> int:
    """Cells the worksheets of an .xls span, summed: per sheet, rows × columns from A1 to its
    furthest cell holding a value. Raises :class:`NotAWorkbook` when the file is a compound file
    without a workbook (a Word or PowerPoint 97–2003 file) or cannot be read as one."""
    try:
        with olefile.OleFileIO(io.BytesIO(content)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                raise NotAWorkbook("no workbook stream")
            stream = ole.openstream(name).read()
    except (OSError, ValueError, struct.error, IndexError, KeyError) as exc:
        # olefile raises these for damaged containers; the caller answers 415.
        raise NotAWorkbook(str(exc) or type(exc).__name__) from None
    return _area(stream)


def _area(stream: bytes) -> int:
    total = 0
    kinds: list[int] = []  # the substreams open (a chart inside a sheet nests one)
    rows = cols = 0  # of the worksheet being read: furthest row and column + 1
    end = len(stream)
    pos = 0
    unpack = struct.unpack_from
    while pos + 4 <= end:
        code, size = unpack("<HH", stream, pos)
        body = pos + 4
        pos = body + size
        if pos > end:
            break  # a truncated last record: calamine reads no more either
        if code in _BOF:
            kind = unpack("<H", stream, body + 2)[0] if size >= 4 else 0
            kinds.append(kind)
            if kind == _WORKSHEET and len(kinds) == 1:
                rows = cols = 0
        elif code == _EOF:
            if kinds and kinds.pop() == _WORKSHEET and not kinds:
                total += rows * cols
                rows = cols = 0
        elif len(kinds) == 1 and kinds[0] == _WORKSHEET:
            if code in _CELL and size >= 4:
                row, col = unpack("<HH", stream, body)
                rows, cols = max(rows, row + 1), max(cols, col + 1)
            elif code == _MULRK and size >= 6:
                row = unpack("<H", stream, body)[0]
                last = unpack("<H", stream, pos - 2)[0]
                rows, cols = max(rows, row + 1), max(cols, last + 1)
    if kinds and kinds[0] == _WORKSHEET:  # a sheet without its EOF still counts
        total += rows * cols
    return total

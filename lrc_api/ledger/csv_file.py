"""The ledger as csv: the 附件2 columns, eight lines per coordinator, streamed as it is written.

UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly. The person columns repeat
on each of a coordinator's eight lines (a csv has no merged cells), so every line can be sorted
and filtered on its own and the file can come back as an import.

Cells are untrusted text: a field a user typed that starts like a formula is neutralised the
OWASP way (:func:`lrc_api.core.text.formula_safe`); ID numbers and phones are written as Excel's
text literal ``="…"``, the one csv form that Excel, WPS and LibreOffice all open as text — a bare
370830198806120047 becomes 3.7083E+17 and loses its last digits. Only our own digits (and the
``*`` of a masked number) ever go inside, so the literal can carry nothing but that text.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from typing import Any

from lrc_api.core.text import formula_safe
from lrc_api.ledger.layout import (
    FLAT_HEADER,
    NUMBER_AS_TEXT_COLUMNS,
    TEXT_COLUMNS,
    note_cell,
    person_cells,
    score_rows,
)

BOM = "\ufeff"
LINES_PER_CHUNK = 2048
"""csv lines written between two chunks of the streamed response."""

_DIGITS = re.compile(r"[0-9Xx*]+")


def text_literal(value: str) -> str:
    """An ID number or phone as a cell a spreadsheet keeps as text (``="370830…"``)."""
    if value and _DIGITS.fullmatch(value):
        return f'="{value}"'
    return formula_safe(value)


def _line(person: tuple[object, ...], score: list[object], note: str) -> list[object]:
    row: list[object] = []
    for col, value in enumerate(person):
        if col in NUMBER_AS_TEXT_COLUMNS:
            row.append(text_literal(str(value)))
        elif col in TEXT_COLUMNS:
            row.append(formula_safe(str(value)))
        else:
            row.append(value)
    row.extend(score)  # a fixed label, then numbers or 未评定
    row.append(formula_safe(note))
    return row


def csv_chunks(ledger: dict[str, Any], cancel: threading.Event) -> Iterator[bytes]:
    """The csv file in UTF-8 chunks; stops between chunks once ``cancel`` is set."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    buf.write(BOM)
    writer.writerow(FLAT_HEADER)
    lines = 0
    for entry in ledger["entries"]:
        person, note = person_cells(entry), note_cell(entry)
        for score in score_rows(entry["quarters"]):
            writer.writerow(_line(person, score, note))
        lines += 8
        if lines >= LINES_PER_CHUNK:
            if cancel.is_set():
                return
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
            lines = 0
    yield buf.getvalue().encode("utf-8")

"""Finding the ledger in a sheet: its header row(s), its layout, and one record per coordinator.

Two layouts are read, told apart by their headers (found by name, anywhere in the first rows):

- the 附件2 form: a title and the 乡镇(街道、领域) line, two header rows, then eight rows per
  coordinator labelled 基本得分 … 得分合计 in the 赋分内容 column, the person's cells merged over
  the eight (or typed on the first only, or repeated on each, as in a csv);
- flat: one header row and one row per coordinator, without scores.

What offices put around a ledger is passed over: blank rows, a total row (合计, 总计), notes and
signatures under the table (注：…, 填表人：…). A row that holds neither a name nor an ID number
(and, in the form, no 赋分内容 label) is such a row; it is listed in the warnings, not read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from lrc_api.core.text import printable
from lrc_api.imports.cells import (
    HEADERS,
    CellError,
    date,
    header_field,
    is_blank,
    label_key,
    normalise,
    text,
)
from lrc_api.imports.reader import Sheet

QUARTER_FIELDS = ("q1", "q2", "q3", "q4")
PERSON_FIELDS = tuple(f for f in HEADERS if f not in ("label", *QUARTER_FIELDS, "seq"))
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_REGION_LINE = re.compile(r"乡镇.{0,12}[:：]\s*(.*)$")
HEADER_SCAN_ROWS = 30
HEADER_CHARS = 60


@dataclass(frozen=True, slots=True)
class Place:
    """Where a value was read: sheet, Excel row and column (1-based), and the column's header."""

    sheet: str
    row: int
    col: int
    header: str

    @property
    def cell(self) -> str:
        """The cell reference, e.g. ``C7``."""
        return xl_rowcol_to_cell(self.row - 1, self.col - 1)


@dataclass
class RowError:
    """One problem with a row: where it is, which field, and why."""

    sheet: str
    row: int
    column: str | None
    cell: str | None
    field: str | None
    reason: str

    @classmethod
    def at(cls, place: Place, field: str, reason: str) -> RowError:
        """An error on the cell at ``place``."""
        return cls(place.sheet, place.row, place.header, place.cell, field, reason)


@dataclass
class Record:
    """One coordinator as the file gives it: raw values by field, where each was read, scores."""

    sheet: str
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    scores: dict[tuple[str, int], tuple[Any, Place]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def identity(self) -> tuple[str, str]:
        """What tells this coordinator's rows from the next one's: name and ID number typed."""
        return (normalise(self.values.get("name")), normalise(self.values.get("id_number")))


@dataclass
class ParsedSheet:
    """A sheet's ledger: its layout, the lines around it, the records, what was passed over."""

    name: str
    layout: str
    columns: dict[str, Place]
    records: list[Record]
    region_name: str | None = None
    year: int | None = None
    as_of: dt.date | None = None
    warnings: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _columns(sheet: Sheet) -> tuple[int, dict[str, Place]] | None:
    """The header: (last header row index, field → place), or None when the sheet has none."""
    rows = sheet.rows
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = {header_field(v): j for j, v in enumerate(row) if header_field(v)}
        if len(found) < 3 or not ({"name", "id_number"} & set(found)):
            continue
        last = i
        headers = {j: row[j] for j in range(len(row))}
        below = rows[i + 1] if i + 1 < len(rows) else []
        sub = {j: header_field(v) for j, v in enumerate(below) if header_field(v)}
        if {"label", *QUARTER_FIELDS} & set(sub.values()):
            last = i + 1  # two header rows: 量化赋分管理 over 赋分内容 and the quarters
            for j, v in enumerate(below):
                if not is_blank(v):
                    headers[j] = v
        columns: dict[str, Place] = {}
        for j, v in headers.items():
            name = header_field(v)
            if name and name not in columns:
                # As the file typed it, for the reader of a row error and the description of
                # the activities a score row makes: printable and short (what is in brackets
                # after a known header is the file's to choose: 第一季度(…3,000 characters…)).
                shown = printable(str(v).strip())[:HEADER_CHARS]
                columns[name] = Place(sheet.name, last + 1, j + 1, shown)
        return last, columns
    return None


def _around(sheet: Sheet, header_row: int, parsed: ParsedSheet) -> None:
    """The title, 乡镇(街道、领域) and date lines above the header, and the sheet's name."""
    for row in sheet.rows[:header_row]:
        for v in row:
            if isinstance(v, dt.datetime | dt.date) and parsed.as_of is None:
                parsed.as_of = v if not isinstance(v, dt.datetime) else v.date()
                continue
            t = text(v) or ""
            if m := _REGION_LINE.search(t):
                parsed.region_name = printable(m.group(1).strip()) or None
            elif "年" in t and "月" in t and parsed.as_of is None:
                with contextlib.suppress(CellError):
                    parsed.as_of = date(t.replace(" ", ""))
            if "台账" in t and (m := _YEAR.search(t)):
                parsed.year = int(m.group(1))
    if parsed.year is None and (m := _YEAR.search(sheet.name)):
        parsed.year = int(m.group(1))


def _cell(row: list[Any], place: Place | None) -> Any:
    if place is None or place.col - 1 >= len(row):
        return None
    return row[place.col - 1]


def _describe(row: list[Any]) -> str:
    shown = [str(text(v)) for v in row if not is_blank(v)][:3]
    return printable(" ".join(shown)[:40])


def parse_sheet(sheet: Sheet) -> ParsedSheet | None:
    """The ledger in ``sheet``, or None when the sheet has no recognisable header."""
    found = _columns(sheet)
    if found is None:
        return None
    header_row, columns = found
    layout = "form" if "label" in columns else "flat"
    parsed = ParsedSheet(sheet.name, layout, columns, [])
    _around(sheet, header_row, parsed)
    person = {f: columns[f] for f in PERSON_FIELDS if f in columns}
    current: Record | None = None
    for i in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[i]
        excel_row = i + 1
        if all(is_blank(v) for v in row):
            continue
        values = {f: _cell(row, p) for f, p in person.items()}
        has_person = not is_blank(values.get("name")) or not is_blank(values.get("id_number"))
        if has_person and is_blank(values.get("id_number")) and _is_total(row):
            has_person = False  # 合计 / 总计: a total row, not a coordinator
        label = label_key(_cell(row, columns.get("label"))) if layout == "form" else None
        raw_label = _cell(row, columns.get("label"))
        if layout == "form" and label is None and not is_blank(raw_label) and has_person:
            place = columns["label"]
            parsed.errors.append(
                RowError.at(
                    Place(sheet.name, excel_row, place.col, place.header),
                    "label",
                    f"unknown 赋分内容 {str(raw_label)[:20]!r}; the form's rows are 基本得分, "
                    "开展宣传, 成功调解, 劳动管理, 预防风险, 刊发经验, 减分, 得分合计",
                )
            )
            continue
        if not has_person and label is None:
            parsed.warnings.append(f"{sheet.name} row {excel_row} passed over: {_describe(row)}")
            continue
        starts = (
            current is None
            or layout == "flat"
            or label == "base"
            or (has_person and _identity(values) != current.identity())
            or (label is not None and (label, 1) in current.scores)
        )
        if starts:
            current = Record(sheet.name, excel_row)
            parsed.records.append(current)
        assert current is not None
        for f, v in values.items():
            if f not in current.values or is_blank(current.values[f]):
                current.values[f] = v
                current.places[f] = Place(sheet.name, excel_row, person[f].col, person[f].header)
        if label is not None:
            for q, qf in enumerate(QUARTER_FIELDS, start=1):
                place = columns.get(qf)
                if place is not None:
                    where = Place(sheet.name, excel_row, place.col, place.header)
                    current.scores[(label, q)] = (_cell(row, place), where)
    return parsed


_TOTAL_WORDS = ("合计", "总计", "小计", "累计", "共计")


def _is_total(row: list[Any]) -> bool:
    first = next((normalise(v) for v in row if not is_blank(v)), "")
    return any(word in first for word in _TOTAL_WORDS)


def _identity(values: dict[str, Any]) -> tuple[str, str]:
    return (normalise(values.get("name")), normalise(values.get("id_number")))

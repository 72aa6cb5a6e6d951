"""The weekly case report as an xlsx workbook (openpyxl): Chinese headers, text kept as text.

Sheet 1 lists the cases to handle first (临近审限案件, 闵人社发〔2022〕34号 三), sheet 2 the figures
per township (案件信息周报, 四(一)2). Names and numbers typed by users (case numbers, region
names) are written as string cells, so a value like ``=HYPERLINK(…)`` stays text and never runs
as a formula, and characters a workbook cannot hold are dropped. Codes (procedure, status,
deadline, warning state) print as the vocabulary registry names them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lrc_api.core.text import printable
from lrc_api.core.vocabulary import label
from lrc_api.reports.schemas import WeeklyCaseReport, WeeklyUnit

NEAR_HEADERS = (
    "序号",
    "案件编号",
    "乡镇（街道）",
    "所在区域",
    "办理程序",
    "状态",
    "集体争议",
    "主要期限",
    "到期日",
    "剩余工作日",
    "预警",
)
"""Columns of the near-deadline sheet."""

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """Write one cell; text always as a string cell (never a formula), numbers as numbers."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = printable(ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
    else:
        cell.value = value
    cell.border = _BORDER
    cell.alignment = _CENTER


def _title(ws: Worksheet, text: str, width: int) -> None:
    _put(ws, 1, 1, text)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).border = Border()
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)


def _widths(ws: Worksheet, widths: Sequence[int]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _near_sheet(ws: Worksheet, report: WeeklyCaseReport) -> None:
    ws.title = "临近审限案件"
    _title(
        ws,
        f"{report.region_name}临近审限及超期案件（截至{report.as_of.isoformat()}，优先办理）",
        len(NEAR_HEADERS),
    )
    for j, name in enumerate(NEAR_HEADERS, start=1):
        _put(ws, 2, j, name)
        ws.cell(row=2, column=j).font = Font(bold=True)
    row = 3
    for i, c in enumerate(report.near_deadline, start=1):
        values: tuple[Any, ...] = (
            i,
            c.number,
            c.unit_name,
            c.region_name,
            label("procedure", c.procedure),
            label("case_status", c.status),
            "是" if c.collective else "否",
            label("deadline_key", c.deadline_key),
            c.due_on.isoformat(),
            c.working_days_left,
            label("deadline_status", c.state),
        )
        for j, v in enumerate(values, start=1):
            _put(ws, row, j, v)
        row += 1
    if not report.near_deadline:
        _put(ws, row, 1, "无")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(NEAR_HEADERS))
    elif report.near_deadline_total > len(report.near_deadline):
        _put(
            ws, row, 1, f"共{report.near_deadline_total}件，此处列出前{len(report.near_deadline)}件"
        )
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(NEAR_HEADERS))
    _widths(ws, (6, 26, 16, 16, 14, 10, 10, 12, 12, 12, 10))


def _figure_columns(unit: WeeklyUnit) -> list[tuple[str, Any]]:
    """(header, value) of a unit's figures: a count once (the week and the year end on the same
    day), each rate per period with its numerator/denominator."""
    out: list[tuple[str, Any]] = []
    for period, figures in (("本周", unit.week), ("年度累计", unit.year_to_date)):
        for f in figures:
            if f.denominator is None:
                if period == "本周":
                    out.append((f.label, f.value))
                continue
            out.append((f"{period}{f.label}（%）", f.rate if f.rate is not None else "—"))
            out.append((f"{period}{f.label}（分子/分母）", f"{f.numerator}/{f.denominator}"))
    return out


def _figures_sheet(ws: Worksheet, report: WeeklyCaseReport) -> None:
    ws.title = "案件信息周报"
    rows = [*report.units, report.total]
    columns = _figure_columns(report.total) or next(
        (c for c in (_figure_columns(u) for u in report.units) if c), []
    )
    headers = ["序号", "乡镇（街道）", *(name for name, _ in columns), "说明"]
    _title(
        ws,
        f"{report.region_name}案件信息周报（{report.week}：{report.week_from.isoformat()}至"
        f"{report.week_to.isoformat()}；年度累计自{report.year_from.isoformat()}起）",
        len(headers),
    )
    for j, name in enumerate(headers, start=1):
        _put(ws, 2, j, name)
        ws.cell(row=2, column=j).font = Font(bold=True)
    for i, unit in enumerate(rows, start=1):
        r = 2 + i
        last = unit is report.total
        name = "合计" if last else unit.name + ("（本级）" if unit.direct else "")
        _put(ws, r, 1, "" if last else i)
        _put(ws, r, 2, name)
        values = dict(_figure_columns(unit))
        for j, (header, _) in enumerate(columns, start=3):
            _put(ws, r, j, values.get(header, "—"))
        _put(ws, r, len(headers), unit.reason or "")
    _widths(ws, (6, 18, *([14] * len(columns)), 30))


def to_xlsx(report: WeeklyCaseReport) -> bytes:
    """The workbook of the weekly report: cases to handle first, then the figures."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    _near_sheet(first, report)
    _figures_sheet(wb.create_sheet(), report)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

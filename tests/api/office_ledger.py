"""Ledger files as offices type them, for the import tests (built in code, no binaries kept)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from openpyxl import Workbook
from openpyxl.styles import Alignment

LABELS = (
    "基本得分",
    "开展宣传",
    "成功调解",
    "劳动管理",
    "预防风险",
    "刊发经验",
    "减 分",
    "得分合计",
)


def form_workbook(
    people: Sequence[dict[str, Any]],
    *,
    sheet: str = "2025年台账",
    region_line: str = "乡镇(街道、领域)：南站镇",
    headers: Sequence[str] | None = None,
    blank_rows_between: bool = True,
    total_row: bool = True,
    notes: bool = True,
) -> bytes:
    """An 附件2 ledger as an office keeps it in Excel: merged title, two header rows, eight rows per
    coordinator with the person's cells merged over them, blank rows, a total row, notes.

    Each person: ``name, id_number, type, education, unit, years, phone, note`` and ``scores``
    (label → four quarter values, as typed).
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws["A1"] = "汶上县劳动关系协调员动态管理台账"
    ws.merge_cells("A1:N1")
    ws["A2"] = region_line
    ws.merge_cells("A2:H2")
    ws["K2"] = "2025 年 12 月 31 日"
    names = headers or (
        "序号",
        "姓 名",
        "身份证号码 ",  # trailing space, as typed
        "协调员类型",
        "学历",
        "工作单位及职务",
        "从事协调劳动关系\n工作年限",
        "联系电话",
    )
    for j, name in enumerate(names, start=1):
        ws.cell(row=3, column=j, value=name)
        ws.merge_cells(start_row=3, start_column=j, end_row=4, end_column=j)
    ws.cell(row=3, column=9, value="量化赋分管理")
    ws.merge_cells(start_row=3, start_column=9, end_row=3, end_column=13)
    for j, name in enumerate(("赋分内容", "第一季度", "第二季度", "第三季度", "第四季度"), start=9):
        ws.cell(row=4, column=j, value=name)
    ws.cell(row=3, column=14, value="备注")
    ws.merge_cells(start_row=3, start_column=14, end_row=4, end_column=14)
    row = 5
    for seq, p in enumerate(people, start=1):
        first = row
        values = (
            seq,
            p["name"],
            p["id_number"],
            p["type"],
            p["education"],
            p["unit"],
            p.get("years"),
            p.get("phone"),
        )
        for k, label in enumerate(LABELS):
            ws.cell(row=row + k, column=9, value=label)
            for q, value in enumerate(
                p.get("scores", {}).get(label.replace(" ", ""), ()), start=10
            ):
                ws.cell(row=row + k, column=q, value=value)
        for j, value in enumerate(values, start=1):
            ws.cell(row=first, column=j, value=value).alignment = Alignment(vertical="center")
            ws.merge_cells(start_row=first, start_column=j, end_row=first + 7, end_column=j)
        ws.cell(row=first, column=14, value=p.get("note"))
        ws.merge_cells(start_row=first, start_column=14, end_row=first + 7, end_column=14)
        row += 8 + (1 if blank_rows_between else 0)
    if total_row:
        ws.cell(row=row, column=1, value="合计")
        ws.cell(row=row, column=2, value=f"{len(people)}人")
        row += 1
    if notes:
        ws.cell(
            row=row + 1,
            column=1,
            value="注：1.本表由各乡镇（街道）、各领域专班填报；2.得分按季度更新。",
        )
        ws.cell(
            row=row + 2,
            column=1,
            value="填表人：李华        审核人：王强        联系电话：0537-7212345",
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def flat_workbook(
    rows: Sequence[Sequence[Any]], header: Sequence[str], *, title: str | None = None
) -> bytes:
    """A flat list, one row per coordinator (an office's own columns); dates as Excel dates.

    Written with XlsxWriter, which keeps any character a user pasted (a vertical tab too).
    """
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"strings_to_numbers": False, "strings_to_formulas": False})
    ws = wb.add_worksheet("协调员名单")
    day = wb.add_format({"num_format": "yyyy/m/d"})
    start = 0
    if title:
        ws.write_string(0, 0, title)
        start = 2
    for j, name in enumerate(header):
        ws.write_string(start, j, name)
    for i, values in enumerate(rows, start=start + 1):
        for j, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write_datetime(i, j, dt.datetime.combine(value, dt.time()), day)
            elif isinstance(value, int | float):
                ws.write_number(i, j, value)
            else:
                ws.write_string(i, j, str(value))
    wb.close()
    return out.getvalue()


def form_person(**extra: Any) -> dict[str, Any]:
    """One 企业专职 coordinator for :func:`form_workbook` (王芳, a fresh valid ID number, 本科,
    某公司) with ``extra`` keys (``scores``, ``years``, …) added or replaced."""
    from tests.factories import citizen_id

    return {
        "name": "王芳",
        "id_number": citizen_id(),
        "type": "企业专职",
        "education": "本科",
        "unit": "某公司",
        **extra,
    }

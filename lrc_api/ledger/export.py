"""The ledger in the official 附件2 layout: xlsx (openpyxl, merged cells as in the form) and csv."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from lrc_api.ledger.schemas import LEDGER_ROWS

PERSON_COLUMNS = (
    "序号",
    "姓名",
    "身份证号码",
    "协调员类型",
    "学历",
    "工作单位及职务",
    "从事协调劳动关系工作年限",
    "联系方式",
)
"""The first eight columns of 附件2, one merged cell per coordinator each."""

QUARTER_HEADERS = ("第一季度", "第二季度", "第三季度", "第四季度")


def _values(q: dict[str, Any]) -> tuple[float, ...]:
    # In the order of LEDGER_ROWS: 基本得分 开展宣传 成功调解 劳动管理 预防风险 刊发经验 减分 得分合计.
    keys = (
        "base",
        "publicity",
        "mediation",
        "management",
        "risk",
        "publication",
        "deduction",
        "total",
    )
    return tuple(q[k] for k in keys)


def _number(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _person(e: dict[str, Any]) -> tuple[object, ...]:
    years = e["labor_work_years"]
    return (
        e["seq"],
        e["name"],
        e["id_number"],
        e["coordinator_type"],
        e["education"],
        e["work_unit_and_post"],
        years if years is not None else "",
        e["phone"] or "",
    )


def to_xlsx(ledger: dict[str, Any]) -> bytes:
    """The workbook: title, region and date lines, two header rows, eight rows per coordinator."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"{ledger['year']}年台账"
    last_col = len(PERSON_COLUMNS) + 1 + 4 + 1  # persons, 赋分内容, four quarters, 备注
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    ws.cell(row=1, column=1, value=ledger["title"]).font = Font(bold=True, size=16)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws.cell(row=1, column=1).alignment = center
    ws.cell(row=2, column=1, value=f"乡镇(街道、领域): {ledger['region_name']}")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=8)
    d = ledger["as_of"]
    ws.cell(row=2, column=last_col - 4, value=f"{d.year}年{d.month}月{d.day}日")
    ws.merge_cells(start_row=2, start_column=last_col - 4, end_row=2, end_column=last_col)

    header, sub = 3, 4
    for i, name in enumerate(PERSON_COLUMNS, start=1):
        ws.cell(row=header, column=i, value=name)
        ws.merge_cells(start_row=header, start_column=i, end_row=sub, end_column=i)
    score_col = len(PERSON_COLUMNS) + 1
    ws.cell(row=header, column=score_col, value="量化赋分管理")
    ws.merge_cells(
        start_row=header, start_column=score_col, end_row=header, end_column=score_col + 4
    )
    for j, name in enumerate(("赋分内容", *QUARTER_HEADERS)):
        ws.cell(row=sub, column=score_col + j, value=name)
    ws.cell(row=header, column=last_col, value="备注")
    ws.merge_cells(start_row=header, start_column=last_col, end_row=sub, end_column=last_col)

    row = sub + 1
    for entry in ledger["entries"]:
        first = row
        columns = [_values(q) for q in entry["quarters"]]
        for k, label in enumerate(LEDGER_ROWS):
            ws.cell(row=row, column=score_col, value=label)
            for j, values in enumerate(columns):
                ws.cell(row=row, column=score_col + 1 + j, value=_number(values[k]))
            row += 1
        for i, value in enumerate(_person(entry), start=1):
            ws.cell(row=first, column=i, value=value)  # type: ignore[arg-type]
            ws.merge_cells(start_row=first, start_column=i, end_row=row - 1, end_column=i)
        ws.cell(row=first, column=last_col, value=entry["note"] or "")
        ws.merge_cells(start_row=first, start_column=last_col, end_row=row - 1, end_column=last_col)

    for r in ws.iter_rows(min_row=header, max_row=max(row - 1, sub), max_col=last_col):
        for cell in r:
            cell.border = border
            cell.alignment = center
    for i, width in enumerate((6, 10, 22, 14, 10, 26, 12, 14, 12, 10, 10, 10, 10, 16), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(ledger: dict[str, Any]) -> str:
    """The same table flat: one line per coordinator and score row (person columns repeated)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([*PERSON_COLUMNS, "赋分内容", *QUARTER_HEADERS, "备注"])
    for entry in ledger["entries"]:
        columns = [_values(q) for q in entry["quarters"]]
        for k, label in enumerate(LEDGER_ROWS):
            writer.writerow(
                [*_person(entry), label, *(_number(c[k]) for c in columns), entry["note"] or ""]
            )
    return "\ufeff" + buf.getvalue()  # BOM: Excel opens UTF-8 csv with Chinese correctly

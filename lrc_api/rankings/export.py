"""The ranking as an xlsx file with Chinese headers (年度考核排名及金牌评选表).

Streaming (openpyxl write-only: memory stays flat for 100,000 rows). Every text that came from a
user — names, work units — is written as a string cell, never a formula, with the characters a
workbook cannot hold replaced — a control character by a space, then what else
:func:`~lrc_api.core.text.printable` replaces (an unpaired surrogate or U+FFFE made a file Excel
cannot open) — so no stored text can break or arm the file. The names of codes come from the vocabulary registry.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from lrc_api.core.text import printable

HEADERS = (
    "排名",
    "姓名",
    "协调员类型",
    "工作单位及职务",
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
    "年度得分",
    "工作失误(影响面较小)",
    "工作失误(影响面较大)",
    "金牌评选资格",
    "金牌",
    "建议调整工作岗位",
    "说明",
)
"""Column headers, in the order the columns are written."""

WIDTHS = (6, 10, 14, 28, 9, 9, 9, 9, 10, 10, 10, 10, 10, 12, 60)
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


def _text(ws: WriteOnlyWorksheet, value: str, **style: Any) -> WriteOnlyCell:
    """A string cell whatever the text looks like (``=1+2`` stays text)."""
    cell = WriteOnlyCell(ws, value=printable(ILLEGAL_CHARACTERS_RE.sub(" ", value)))
    cell.data_type = "s"
    for name, v in style.items():
        setattr(cell, name, v)
    return cell


def _yes(value: bool | None, none: str = "—") -> str:
    return none if value is None else ("是" if value else "否")


def _reason_text(reason: str) -> str:
    """A reason as the table prints it: its text without the stable code in front
    (``gold_eligible: 年内工作失误 0 次…`` reads ``年内工作失误 0 次…``), which the JSON keeps for
    programs."""
    code, sep, text = reason.partition(": ")
    return text if sep and code.isascii() and code.replace("_", "").isalnum() else reason


def _basis(ranking: dict[str, Any]) -> str:
    """The clauses the ranking applied, from its trace (each once, in order), as the pack
    cites them; a pack of another county names its own document here."""
    cited = dict.fromkeys(step["citation"] for step in ranking["trace"] if step.get("citation"))
    return "、".join(cited) or "—"


def _remarks(entry: dict[str, Any]) -> str:
    notes = []
    for q, name in zip(entry["quarters"], QUARTERS, strict=True):
        if not q["scored"]:
            notes.append(f"{name}评分规则尚未施行，按0分计")
        elif not q["assessed"]:
            notes.append(f"{name}基本得分未评定，按0分计")
    notes.extend(_reason_text(r) for r in entry["reasons"])
    return "；".join(notes)


def to_xlsx(ranking: dict[str, Any]) -> bytes:
    """The workbook: a title line, the basis line, the header row, one row per coordinator."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"{ranking['year']}年度排名")
    ws.freeze_panes = "C4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4; write-only sheets lack the name)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    title = f"{ranking['region_name']}{ranking['year']}年度劳动关系协调员考核排名及金牌评选"
    ws.append([_text(ws, title, font=Font(bold=True, size=14))])
    quota = ranking["gold_quota"]
    basis = (
        f"依据：{ranking['policy']}（{_basis(ranking)}）；"
        f"金牌名额：{quota if quota is not None else '未设'}；"
        f"制表日期：{ranking['as_of'].isoformat()}"
    )
    ws.append([_text(ws, basis)])
    bold = Font(bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append([_text(ws, h, font=bold, alignment=center) for h in HEADERS])
    for e in ranking["entries"]:
        ws.append(
            [
                e["rank"],
                _text(ws, e["name"]),
                _text(ws, e["coordinator_type_label"]),
                _text(ws, e["work_unit"]),
                *(q["total"] for q in e["quarters"]),
                e["annual_total"],
                e["errors_minor"],
                e["errors_major"],
                _text(ws, _yes(e["gold_eligible"])),
                _text(ws, _yes(e["gold"], "未设名额")),
                _text(ws, _yes(e["job_adjustment_recommended"])),
                _text(ws, _remarks(e)),
            ]
        )
    for n in ranking["not_ranked"]:
        ws.append(
            [
                "",
                _text(ws, n["name"]),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                _text(ws, f"未参加排名：{n['reason']}"),
            ]
        )
    if not ranking["applicable"]:
        ws.append([_text(ws, f"不适用：{ranking['reason']}")])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""The 附件2 form as cells: its columns, the eight score rows, what each cell shows, and the page.

Both files of the ledger (the printable workbook and the csv) and the import that reads them back
take the form from here, so a header renamed in one place is renamed in all.

Source: 汶政字〔2024〕59号 附件2 《汶上县劳动关系协调员动态管理台账》: a title, the line
「乡镇(街道、领域):」 with 「年 月 日」 on the right, two header rows (量化赋分管理 over 赋分内容 and
the four quarters), then eight rows per coordinator — 基本得分, 开展宣传, 成功调解, 劳动管理, 预防风险,
刊发经验, 减分, 得分合计 — with 序号 … 联系方式 and 备注 merged over the eight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lrc_api.core.text import printable
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

SCORE_GROUP = "量化赋分管理"
LABEL_COLUMN = "赋分内容"
QUARTER_HEADERS = ("第一季度", "第二季度", "第三季度", "第四季度")
NOTE_COLUMN = "备注"
REGION_LINE = "乡镇(街道、领域)"

FLAT_HEADER = (*PERSON_COLUMNS, LABEL_COLUMN, *QUARTER_HEADERS, NOTE_COLUMN)
"""The fourteen columns in the order of the form (the csv's header row)."""

SCORE_KEYS = ("base", "publicity", "mediation", "management", "risk", "publication", "deduction")
"""LedgerQuarter keys of the first seven score rows, in the order of LEDGER_ROWS."""

NOT_ASSESSED = "未评定"
"""What the 基本得分 cell of a quarter without an assessment shows (never 0)."""

TEXT_COLUMNS = frozenset({1, 3, 4, 5, 13})
"""Columns holding free text a user typed: 姓名, 协调员类型, 学历, 工作单位及职务, 备注."""

NUMBER_AS_TEXT_COLUMNS = frozenset({2, 7})
"""Columns of digits that must stay text in a spreadsheet: 身份证号码, 联系方式."""


def number(value: float) -> float | int:
    """A score as the form writes it: 28, not 28.0."""
    return int(value) if float(value).is_integer() else value


def person_cells(entry: dict[str, Any]) -> tuple[object, ...]:
    """序号 … 联系方式 of one ledger entry; every text made printable (old rows may hold anything)."""
    years = entry["labor_work_years"]
    return (
        entry["seq"],
        printable(entry["name"]),
        entry["id_number"],
        printable(entry["coordinator_type"]),
        printable(entry["education"]),
        printable(entry["work_unit_and_post"]),
        years if years is not None else "",
        entry["phone"] or "",
    )


def score_rows(quarters: Sequence[dict[str, Any]]) -> list[list[object]]:
    """The eight score rows of one coordinator: a label, then the four quarters' cells.

    基本得分 of a quarter without an assessment is 未评定; the other cells are numbers.
    """
    rows: list[list[object]] = []
    for k, label in enumerate(LEDGER_ROWS):
        key = SCORE_KEYS[k] if k < len(SCORE_KEYS) else "total"
        cells: list[object] = [label]
        for q in quarters:
            value = q[key]
            cells.append(NOT_ASSESSED if value is None else number(value))
        rows.append(cells)
    return rows


def note_cell(entry: dict[str, Any]) -> str:
    """备注, printable."""
    return printable(entry["note"] or "")


@dataclass(frozen=True)
class PageGeometry:
    """Where the form's page breaks go: A4 landscape, all columns one page wide.

    Column widths are in Excel's character units (widths of the digit 0 of the sheet's font);
    heights in points. The spreadsheet fits the columns to the page width itself, and the scale
    it picks depends on that font's digit width on the machine that prints (7 px for Calibri,
    8 px for 宋体 at 11 pt, more where a font is substituted). A manual page break between
    coordinators keeps each one's eight rows on one page; how many blocks a page holds is
    worked out at the largest scale any of them can pick (the narrowest digit, 7 px), so the
    blocks fit wherever the file is printed.
    """

    widths: tuple[float, ...] = (5, 8, 19.5, 12, 9, 22, 9, 12.5, 9, 8, 8, 8, 8, 12)
    title_height: float = 32
    region_height: float = 20
    header_heights: tuple[float, float] = (22, 22)
    row_height: float = 15
    paper_width_pt: float = 842  # A4 landscape
    paper_height_pt: float = 595
    margin_left_in: float = 0.5
    margin_right_in: float = 0.5
    margin_top_in: float = 0.6
    margin_bottom_in: float = 0.6
    narrowest_digit_px: int = 7
    usual_digit_px: int = 8
    cell_padding_px: int = 5
    slack: float = 0.97  # rounding of row heights and borders in the printer driver

    def content_width_pt(self, digit_px: int) -> float:
        """Width of the fourteen columns in points (96 px = 72 pt) for a font's digit width."""
        px = sum(int(w * digit_px + 0.5) + self.cell_padding_px for w in self.widths)
        return px * 0.75

    def scale(self, digit_px: int) -> int:
        """Print scale in percent that fits the fourteen columns one A4 page wide."""
        printable_width = self.paper_width_pt - 72 * (self.margin_left_in + self.margin_right_in)
        return min(100, int(100 * printable_width / self.content_width_pt(digit_px)))

    @property
    def usual_scale(self) -> int:
        """The scale at 宋体 11 pt (the cached value a workbook carries beside fit-to-width)."""
        return self.scale(self.usual_digit_px)

    @property
    def page_height(self) -> float:
        """Sheet height (points at 100 %) that one printed page holds at the largest scale."""
        printable_height = self.paper_height_pt - 72 * (self.margin_top_in + self.margin_bottom_in)
        return self.slack * printable_height * 100 / self.scale(self.narrowest_digit_px)

    @property
    def block_height(self) -> float:
        """Height of one coordinator's eight rows."""
        return len(LEDGER_ROWS) * self.row_height

    @property
    def blocks_first_page(self) -> int:
        """Coordinators on the first page (under the title, the region line and the header)."""
        used = self.title_height + self.region_height + sum(self.header_heights)
        return max(1, int((self.page_height - used) // self.block_height))

    @property
    def blocks_per_page(self) -> int:
        """Coordinators on each further page (under the repeated header rows)."""
        return max(1, int((self.page_height - sum(self.header_heights)) // self.block_height))


GEOMETRY = PageGeometry()
"""The page of the ledger workbook."""

"""Render the ledger workbook as an office would print it: xlsx → PDF (LibreOffice) → PNG pages.

Writes a ledger of ``--coordinators`` made-up coordinators (long work units, notes, a formula-like
note, a vertical tab pasted from Word, quarters without an assessment) with the service's own
writer, converts it with LibreOffice headless and pdftoppm, and checks what a reader of the
printout would: every page is A4 landscape, all fourteen columns on one page wide, the header on
every page, and each coordinator's eight rows on one page (as many 基本得分 as 得分合计 per page,
in order). Look at the PNG files it prints the paths of.

Needs LibreOffice and poppler: ``apt-get install -y libreoffice-calc fonts-noto-cjk poppler-utils``.

    .venv/bin/python bench/render_ledger.py [--coordinators 30] [--out /tmp/ledger-render]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UNITS = (
    "汶上县南站镇人民政府 劳动保障所干事",
    "山东如意服装制造股份有限公司汶上分公司人力资源部 劳动关系专员",
    "汶上县人社局\v劳动关系科",
    "汶上经济开发区管委会 企业服务中心主任",
    "次丘镇前进社区居民委员会",
)
NOTES = (
    "",
    "兼职",
    "=1+2",
    "2024年10月调入；持四级证书",
    '=HYPERLINK("http://127.0.0.1/x","点击")',
)
TYPES = ("乡镇(街道)", "企业专职", "社区(村)", "园区(楼宇、街区)", "法律服务")
EDUCATION = ("本科", "大专", "硕士研究生", "高中", "中专")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"


def synthetic_ledger(count: int, seed: int = 11) -> dict[str, Any]:
    """A ledger in the service's shape with ``count`` made-up coordinators."""
    rng = random.Random(seed)
    entries = []
    for seq in range(1, count + 1):
        quarters = []
        for q in (1, 2, 3, 4):
            assessed = q < 4 or rng.random() < 0.3
            base = rng.randrange(18, 31) if assessed else None
            pts = [rng.choice((0, 0, 5, 10, 20)), rng.choice((0, 5, 10, 15)), 0, 5, 0]
            deduction = rng.choice((0, 0, 0, 5, 10))
            quarters.append(
                {
                    "quarter": q,
                    "base": base,
                    "assessed": assessed,
                    "publicity": pts[0],
                    "mediation": pts[1],
                    "management": pts[2],
                    "risk": pts[3],
                    "publication": pts[4],
                    "deduction": deduction,
                    "total": (base or 0) + sum(pts) - deduction,
                }
            )
        entries.append(
            {
                "seq": seq,
                "coordinator_id": seq,
                "region_id": 1,
                "policy": "wenshang-2024",
                "name": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))),
                "id_number": f"370830{1970 + seq % 30}{(seq % 12) + 1:02d}{(seq % 28) + 1:02d}{seq % 1000:03d}{seq % 10}",
                "coordinator_type": rng.choice(TYPES),
                "education": rng.choice(EDUCATION),
                "work_unit_and_post": rng.choice(UNITS),
                "labor_work_years": rng.randrange(0, 20),
                "phone": f"139{rng.randrange(10**8):08d}",
                "note": rng.choice(NOTES) or None,
                "quarters": quarters,
                "annual_total": sum(q["total"] for q in quarters),
            }
        )
    return {
        "title": "汶上县劳动关系协调员动态管理台账",
        "region_id": 1,
        "region_name": "南站镇",
        "year": 2025,
        "as_of": dt.date(2025, 12, 31),
        "policy": "wenshang-2024",
        "rules_version": "bench",
        "pii_masked": False,
        "entries": entries,
    }


FONT_ALIASES = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimSun</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimHei</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>
"""
"""What a Chinese office PC has: 宋体 and 黑体 (here the Noto CJK faces stand in for them)."""


def render(xlsx: Path, out: Path, dpi: int = 60) -> tuple[Path, list[Path]]:
    """Convert ``xlsx`` to PDF and PNG pages in ``out``; returns the PDF and the pages."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        raise SystemExit(
            "LibreOffice and poppler are needed: apt-get install -y libreoffice-calc "
            "fonts-noto-cjk poppler-utils"
        )
    fonts = out / "fonts.conf"
    fonts.write_text(FONT_ALIASES, encoding="utf-8")
    profile = out / "lo-profile"  # a private LibreOffice profile: runs beside an open office
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "FONTCONFIG_FILE": str(fonts)},
    )
    pdf = out / (xlsx.stem + ".pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / "page")], check=True, timeout=300
    )
    return pdf, sorted(out.glob("page-*.png"))


def check_pages(pdf: Path) -> list[str]:
    """What a reader would object to in the printout (empty: nothing)."""
    problems = []
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    assert size is not None
    width, height = float(size.group(1)), float(size.group(2))
    if not (abs(width - 842) < 3 and abs(height - 595) < 3):
        problems.append(f"pages are {width}×{height} pt, not A4 landscape (842×595)")
    seen = 0
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        starts, ends = text.count("基本得分"), text.count("得分合计")
        if starts != ends:
            problems.append(f"page {page}: a coordinator's rows are split ({starts} vs {ends})")
        if "量化赋分管理" not in text or "备注" not in text:
            problems.append(f"page {page}: the header rows are missing or cut")
        if "第四季度" not in text:
            problems.append(f"page {page}: the columns do not fit one page wide")
        seen += starts
    print(f"{pages} pages, {seen} coordinator blocks, page size {width:.0f}×{height:.0f} pt")
    return problems


def main() -> None:
    """Write, render, check; print where the pages are."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coordinators", type=int, default=30)
    parser.add_argument("--out", default="/tmp/ledger-render")
    parser.add_argument("--dpi", type=int, default=60, help="resolution of the PNG pages")
    args = parser.parse_args()

    from lrc_api.ledger.workbook import write_workbook

    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    xlsx = out / "ledger.xlsx"
    write_workbook(synthetic_ledger(args.coordinators), str(xlsx))
    pdf, pages = render(xlsx, out, args.dpi)
    problems = check_pages(pdf)
    for page in pages:
        print(page)
    for problem in problems:
        print("PROBLEM:", problem)
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()

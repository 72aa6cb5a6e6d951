"""Import speed: a 20,000-row flat ledger file validated, committed, and sent again (rows per second).

Also a ledger in the 附件2 layout with a year of quarterly scores (eight rows per coordinator),
committed: its scores become assessments and imported activities. Each run starts from an empty
database (SQLite unless ``--database-url``); the file is made before the clock starts. Timed:
``lrc_api.imports.service.import_coordinators`` plus the commit, as the endpoint runs them.

    .venv/bin/python bench/imports.py [--rows 20000] [--form-coordinators 2000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FLAT = [
    "序号",
    "姓名",
    "身份证号码",
    "协调员类型",
    "学历",
    "工作单位",
    "职务",
    "联系电话",
    "从事协调劳动关系工作年限",
    "备注",
]


def flat_rows(n: int) -> list[list[Any]]:
    """``n`` coordinators as an office's flat list."""
    from bench.ledger_data import citizen_id

    types = ("乡镇(街道)", "企业专职", "社区(村)", "园区(楼宇、街区)")
    education = ("本科", "大专", "高中", "硕士研究生")
    return [
        [
            i + 1,
            f"协调员{i}",
            citizen_id(i),
            types[i % 4],
            education[i % 4],
            f"汶上县第{i % 97}单位",
            "干事",
            f"139{i:08d}",
            i % 15,
            "兼职" if i % 9 == 0 else None,
        ]
        for i in range(n)
    ]


def xlsx_file(rows: list[list[Any]]) -> bytes:
    """The rows as a flat .xlsx (XlsxWriter)."""
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet("协调员名单")
    for j, name in enumerate(FLAT):
        ws.write_string(0, j, name)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if isinstance(value, int):
                ws.write_number(i, j, value)
            elif value is not None:
                ws.write_string(i, j, value)
    wb.close()
    return out.getvalue()


def csv_file(rows: list[list[Any]]) -> bytes:
    """The rows as a UTF-8 csv."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(FLAT)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def form_file(coordinators: int) -> bytes:
    """A 附件2 ledger with a year of scores: our own export of a filled database."""
    import threading

    from sqlmodel import Session

    from bench.ledger_data import YEAR, admin, fill
    from lrc_api.core.db import get_engine
    from lrc_api.ledger import service
    from lrc_api.ledger.workbook import xlsx_chunks

    fill(coordinators, 12)
    with Session(get_engine()) as session:
        ledger = service.build_ledger(
            session=session, principal=admin(), region_id=1, year=YEAR, policy_id=None
        )
    return b"".join(xlsx_chunks(ledger, threading.Event()))


def run(
    content: bytes, name: str, mode: str, region_code: str, **options: Any
) -> tuple[float, dict[str, Any]]:
    """One import through the service, committed as the router does; (seconds, report)."""
    from sqlmodel import Session, select

    from bench.ledger_data import admin
    from lrc_api.core.db import get_engine
    from lrc_api.core.region_tree import Region
    from lrc_api.core.unit_of_work import commit
    from lrc_api.imports import service

    engine = get_engine().execution_options(lrc_write=True)
    with Session(engine, expire_on_commit=False) as session:
        region = session.exec(select(Region).where(Region.code == region_code)).one()
        assert region.id is not None
        started = time.perf_counter()
        report = service.import_coordinators(
            session=session,
            principal=admin(),
            content=content,
            options=service.ImportOptions(
                region_id=region.id, mode=mode, file_name=name, **options
            ),  # type: ignore[arg-type]
        )
        if report["committed"]:
            commit(session)
        seconds = time.perf_counter() - started
    assert not report["errors"], report["errors"][:3]
    return seconds, report


def _new_region(code: str) -> None:
    from sqlalchemy import text

    from lrc_api.core.db import get_engine
    from lrc_api.core.models import utcnow

    with get_engine().begin() as conn:
        conn.execute(
            text(
                "INSERT INTO region (code, name, kind, parent_id, path, version, created_at, "
                "updated_at) VALUES (:c, '南站镇', 'township', NULL, '/x/', 1, :t, :t)"
            ),
            {"c": code, "t": utcnow()},
        )
        conn.execute(text("UPDATE region SET path = '/' || id || '/' WHERE code = :c"), {"c": code})


def main() -> None:
    """Make the files, import them, print rows per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--form-coordinators", type=int, default=2_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    from bench.ledger_data import use_temp_database
    from lrc_api.core import migrations
    from lrc_api.core.policies import get_registry

    rows = flat_rows(args.rows)
    files = {"xlsx": xlsx_file(rows), "csv": csv_file(rows)}
    get_registry()
    n = args.rows
    for fmt, content in files.items():
        use_temp_database(args.database_url)
        migrations.downgrade("base")
        migrations.upgrade("head")
        _new_region("T1")
        print(f"flat {fmt}, {n:,} rows, {len(content) / 1e6:.1f} MB:")
        for label, mode, extra in (
            ("validate", "validate", {}),
            ("commit", "commit", {}),
            ("again (all unchanged)", "commit", {"on_conflict": "update"}),
        ):
            seconds, report = run(content, f"名单.{fmt}", mode, "T1", **extra)
            print(
                f"  {label:22} {seconds:6.2f}s  {n / seconds:8,.0f} rows/s   "
                f"created {report['counts']['created']:,} unchanged {report['counts']['unchanged']:,}"
            )
    m = args.form_coordinators
    use_temp_database(args.database_url)
    content = form_file(m)  # fills region 1 of a fresh database with m coordinators, then exports
    from sqlalchemy import text

    from lrc_api.core.db import get_engine

    with get_engine().begin() as conn:  # the same people, now to come in as new ones
        conn.execute(text("UPDATE coordinator SET deleted_at = CURRENT_TIMESTAMP"))
    _new_region("F1")
    seconds, report = run(content, "台账.xlsx", "commit", "F1")
    sheet_rows = 4 + 8 * m
    s = report["scores"]
    print(
        f"附件2 form xlsx, {m:,} coordinators ({sheet_rows:,} sheet rows) with a year of scores: "
        f"{seconds:.2f}s, {m / seconds:,.0f} coordinators/s ({sheet_rows / seconds:,.0f} sheet rows/s); "
        f"{s['assessments']:,} assessments, {s['activities_created']:,} activities"
    )
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

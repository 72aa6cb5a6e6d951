"""The ledger files (xlsx, csv) for 1,000, 5,000 and 20,000 coordinators with a year of activities.

Targets (issue 11 §2, DESIGN.md): time grows linearly — 20,000 coordinators take at most 4.4 ×
what 5,000 take; the xlsx costs at most 1.5 × what the same writer (XlsxWriter, constant memory)
needs to write the same cells without our code; the process peaks under 300 MB for 20,000.

Each measurement runs in a fresh process on the filled database, so its peak resident memory is
its own: "service" is what the endpoint does (build the ledger from the database and the rules,
then produce the file's bytes); "writer" writes the identical cells — computed before the clock
starts — with bare XlsxWriter calls (or ``csv.writer``).

    .venv/bin/python bench/ledger_files.py [--sizes 1000,5000,20000] [--activities 12]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _ledger() -> dict[str, Any]:
    from sqlmodel import Session

    from bench.ledger_data import YEAR, admin
    from lrc_api.core.db import get_engine
    from lrc_api.ledger import service

    with Session(get_engine()) as session:
        return service.build_ledger(
            session=session, principal=admin(), region_id=1, year=YEAR, policy_id=None
        )


def _cells(ledger: dict[str, Any]) -> list[tuple[int, list[tuple[str, object, str]]]]:
    """Every data cell of the workbook in writing order: (row, [(kind, value, format)])."""
    from lrc_api.ledger.layout import note_cell, person_cells, score_rows

    out = []
    row = 4
    for entry in ledger["entries"]:
        person, note, scores = person_cells(entry), note_cell(entry), score_rows(entry["quarters"])
        for k in range(8):
            cells: list[tuple[str, object, str]] = []
            for col in range(8):
                value = person[col] if k == 0 else None
                if value is None:
                    cells.append(("blank", None, "cell"))
                elif isinstance(value, int):
                    cells.append(("number", value, "cell"))
                else:
                    cells.append(("string", value, "text" if col == 5 else "cell"))
            label, *values = scores[k]
            cells.append(("string", label, "cell"))
            for v in values:
                cells.append(
                    ("string", v, "cell") if isinstance(v, str) else ("number", v, "score")
                )
            cells.append(("string", note, "text") if k == 0 else ("blank", None, "text"))
            out.append((row + k, cells))
        row += 8
    return out


def _bare_xlsx(ledger: dict[str, Any], path: str) -> float:
    """XlsxWriter alone writing the same cells, formats, merges and page setup."""
    from xlsxwriter.workbook import Workbook

    from lrc_api.ledger import workbook as ours
    from lrc_api.ledger.layout import GEOMETRY

    cells = _cells(ledger)
    breaks = ours._page_breaks(len(ledger["entries"]), GEOMETRY)
    started = time.perf_counter()
    wb = Workbook(path, {"constant_memory": True, "tmpdir": os.path.dirname(path)})
    f = ours._formats(wb)
    ws = wb.add_worksheet("2025年台账")
    ours._page_setup(ws, GEOMETRY, 4 + 8 * len(ledger["entries"]), breaks)
    ours._head(ws, f, ledger, GEOMETRY)
    for row, line in cells:
        ws.set_row(row, GEOMETRY.row_height)
        for col, (kind, value, fmt) in enumerate(line):
            if kind == "string":
                ws.write_string(row, col, value, f[fmt])  # type: ignore[arg-type]
            elif kind == "number":
                ws.write_number(row, col, value, f[fmt])  # type: ignore[arg-type]
            else:
                ws.write_blank(row, col, None, f[fmt])
        if (row - 4) % 8 == 0:
            for col in (*range(8), 13):
                ws.merge.append([row, col, row + 7, col])
    wb.close()
    return time.perf_counter() - started


def _bare_csv(ledger: dict[str, Any], path: str) -> float:
    import csv

    from lrc_api.ledger.csv_file import _line
    from lrc_api.ledger.layout import FLAT_HEADER, note_cell, person_cells, score_rows

    lines = [
        _line(person_cells(e), s, note_cell(e))
        for e in ledger["entries"]
        for s in score_rows(e["quarters"])
    ]
    started = time.perf_counter()
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(FLAT_HEADER)
        writer.writerows(lines)
    return time.perf_counter() - started


def child(mode: str, fmt: str, out: str) -> None:
    """One measurement in this process; prints a JSON line."""
    from lrc_api.core.bulk import gc_paused

    if mode == "service":
        from lrc_api.core.policies import get_registry
        from lrc_api.ledger import service  # noqa: F401  (imported before the clock, as in a server)
        from lrc_api.ledger.csv_file import csv_chunks
        from lrc_api.ledger.workbook import xlsx_chunks

        get_registry()  # loaded at start-up in a server
        started = time.perf_counter()
        ledger = _ledger()
        produce = xlsx_chunks if fmt == "xlsx" else csv_chunks
        with open(out, "wb") as fh:
            for chunk in produce(ledger, threading.Event()):
                fh.write(chunk)
        seconds = time.perf_counter() - started
    else:
        ledger = _ledger()
        with gc_paused():
            seconds = (_bare_xlsx if fmt == "xlsx" else _bare_csv)(ledger, out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = os.path.getsize(out)
    print(
        json.dumps(
            {"seconds": seconds, "peak_mb": peak, "bytes": size, "n": len(ledger["entries"])}
        )
    )


def _measure(mode: str, fmt: str, tmp: Path) -> dict[str, Any]:
    out = tmp / f"{mode}.{fmt}"
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--format", fmt, "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    out.unlink(missing_ok=True)
    return result


def main() -> None:
    """Fill a database per size, measure each format both ways, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--activities", type=int, default=12, help="per coordinator, in the year")
    parser.add_argument("--child", choices=["service", "writer"])
    parser.add_argument("--format", choices=["xlsx", "csv"])
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.format, args.out)
        return

    from bench.ledger_data import fill, use_temp_database

    sizes = [int(s) for s in args.sizes.split(",")]
    figures: dict[tuple[int, str, str], dict[str, Any]] = {}
    for n in sizes:
        tmp = use_temp_database()
        started = time.perf_counter()
        fill(n, args.activities)
        print(
            f"filled {n:,} coordinators × {args.activities} activities in "
            f"{time.perf_counter() - started:.1f}s"
        )
        for fmt in ("xlsx", "csv"):
            for mode in ("service", "writer"):
                figures[(n, fmt, mode)] = r = _measure(mode, fmt, tmp)
                print(
                    f"  {fmt:4} {mode:7} {n:>6,}: {r['seconds']:7.2f}s  "
                    f"peak {r['peak_mb']:6.0f} MB  {r['bytes'] / 1e6:6.1f} MB file"
                )
    print()
    for fmt in ("xlsx", "csv"):
        for n in sizes:
            s, w = figures[(n, fmt, "service")], figures[(n, fmt, "writer")]
            per = s["seconds"] / n * 1000
            print(
                f"{fmt} {n:>6,}: {s['seconds']:.2f}s ({per:.2f} ms per coordinator), "
                f"writer alone {w['seconds']:.2f}s, ratio {s['seconds'] / w['seconds']:.2f}"
                + ("  (target ≤ 1.50)" if fmt == "xlsx" else "")
                + f", peak {s['peak_mb']:.0f} MB"
            )
        if 5000 in sizes and 20000 in sizes:
            growth = (
                figures[(20000, fmt, "service")]["seconds"]
                / figures[(5000, fmt, "service")]["seconds"]
            )
            print(f"{fmt} 20,000 / 5,000 = {growth:.2f}  (target ≤ 4.40)")
        if 20000 in sizes:
            print(
                f"{fmt} peak for 20,000: {figures[(20000, fmt, 'service')]['peak_mb']:.0f} MB  (target < 300)"
            )


if __name__ == "__main__":
    main()

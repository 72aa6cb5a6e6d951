"""``lrc import coordinators FILE --region CODE``: a ledger file in from the console, with progress.

Validates by default and writes nothing; ``--commit`` writes (in one transaction), ``--update``
brings coordinators already stored up to the file, ``--partial`` writes the good rows of a file
that has bad ones. Acts as the operator at the console (audit actor ``cli:<login>``), with every
right, as the other ``lrc`` account commands do. Exit status: 0 done (or valid), 1 errors in the
file or the database, 2 wrong arguments.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERRORS = 0, 1


class _Bars:
    """One tqdm progress bar per phase, on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: dict[str, Any] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        bar = self.bars.get(phase)
        if bar is None:
            bar = self.bars[phase] = tqdm(total=total, desc=phase, unit="row", file=sys.stderr)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _print_errors(errors: list[dict[str, Any]]) -> None:
    """One line per problem; a reason many rows share (a .csv without its year: every row) is
    printed once with the places it recurs at, not once per row (the JSON report, ``--json``,
    keeps every row's entry)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for e in errors:
        where = f"{e['sheet']}!{e['cell']}" if e.get("cell") else f"{e['sheet']} row {e['row']}"
        column = f" {e['column']}" if e.get("column") else ""
        groups.setdefault((column, e["reason"]), []).append(where)
    for (column, reason), places in groups.items():
        if len(places) <= _SAME_SHOWN:
            for where in places:
                print(f"  {where}{column}: {reason}", file=sys.stderr)
            continue
        shown = ", ".join(places[:_SAME_SHOWN])
        print(f"  {shown} and {len(places) - _SAME_SHOWN} more{column}: {reason}", file=sys.stderr)


_SAME_SHOWN = 3
"""Places printed for a reason shared by many rows."""


def _import_coordinators(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError
    from sqlmodel import Session, select

    from lrc_api.core.db import get_engine
    from lrc_api.core.errors import Problem
    from lrc_api.core.principal import SCOPES, Principal
    from lrc_api.core.region_tree import Region
    from lrc_api.core.settings import get_settings
    from lrc_api.core.unit_of_work import commit
    from lrc_api.imports import service

    path = Path(args.file)
    if not path.is_file():
        print(f"lrc: no such file {path}", file=sys.stderr)
        return 2
    limit = get_settings().import_max_bytes
    if path.stat().st_size > limit:
        print(
            f"lrc: {path.name} is larger than {limit:,} bytes (LRC_IMPORT_MAX_BYTES)",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    operator = Principal(
        subject=f"cli:{getpass.getuser()}",
        kind="system",
        role="admin",
        region_id=None,
        scopes=frozenset(SCOPES),
    )
    bars = _Bars(enabled=not args.quiet)
    try:
        engine = get_engine().execution_options(lrc_write=True)
        with Session(engine, expire_on_commit=False) as session:
            region = session.exec(select(Region).where(Region.code == args.region)).first()
            if region is None and args.region.isdigit():
                region = session.get(Region, int(args.region))
            if region is None or region.id is None:
                print(f"lrc: no region with code {args.region}", file=sys.stderr)
                return 2
            report = service.import_coordinators(
                session=session,
                principal=operator,
                content=path.read_bytes(),
                options=service.ImportOptions(
                    region_id=region.id,
                    mode="commit" if args.commit else "validate",
                    on_conflict="update" if args.update else "skip",
                    partial=args.partial,
                    year=args.year,
                    file_name=path.name,
                ),
                progress=bars,
            )
            if report["committed"]:
                commit(session)
    except Problem as exc:
        bars.close()
        print(f"lrc: {exc.detail or exc.title}", file=sys.stderr)
        _print_errors(exc.extra.get("row_errors", []))
        for e in exc.errors or []:
            if not exc.extra.get("row_errors"):
                print(f"  {e.field}: {e.message}", file=sys.stderr)
        return EXIT_ERRORS
    except (OperationalError, ProgrammingError) as exc:
        bars.close()
        print(
            f"lrc: database error ({type(exc).__name__}); is it migrated? run `lrc db upgrade`",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    bars.close()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        counts = report["counts"]
        verb = "imported" if report["committed"] else "checked (nothing written; --commit writes)"
        print(
            f"{path.name}: {counts['read']} coordinators {verb} into {region.name}: "
            f"{counts['created']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{counts['skipped']} skipped, {counts['invalid']} with errors"
        )
        scores = report["scores"]
        if any(scores.values()):
            print(
                f"scores {report['year']}: {scores['assessments']} base scores, "
                f"{scores['activities_created']} activities recorded, "
                f"{scores['activities_withdrawn']} withdrawn"
            )
        for w in report["warnings"]:
            print(f"note: {w}", file=sys.stderr)
    if report["errors"]:
        print(f"lrc: {len(report['errors'])} problems:", file=sys.stderr)
        _print_errors(report["errors"])
        return EXIT_ERRORS
    return EXIT_OK


def register(subparsers: Any) -> None:
    """Add the ``import`` command to the ``lrc`` parser."""
    imports = subparsers.add_parser("import", help="bring ledger files in")
    kinds = imports.add_subparsers(dest="import_command", required=True)
    cmd = kinds.add_parser(
        "coordinators",
        help="import coordinators (and quarterly scores) from an 附件2 or flat .xlsx/.csv ledger",
    )
    cmd.add_argument("file", help="the .xlsx or .csv file")
    cmd.add_argument("--region", required=True, help="code (or id) of the region the rows go to")
    cmd.add_argument("--commit", action="store_true", help="write (default: check only)")
    cmd.add_argument(
        "--update",
        action="store_true",
        help="change stored coordinators that differ (default: skip)",
    )
    cmd.add_argument("--partial", action="store_true", help="write the good rows despite bad ones")
    cmd.add_argument(
        "--year", type=int, default=None, help="year of the scores (default: the sheet's)"
    )
    cmd.add_argument("--json", action="store_true", help="print the full report as JSON")
    cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    cmd.set_defaults(func=_import_coordinators)

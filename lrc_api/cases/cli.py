"""``lrc cases recompute-deadlines``: refresh every stored due date after a calendar or pack change.

Each write of a case keeps its stored next due date, main due date and timeliness current. What
no write sees is a change of what the dates mean: a new or corrected calendar file
(``LRC_CALENDAR_FILE``, a holiday notice for next year), a region bound to another pack, or a
pack whose day counts changed. Run this after such a change (and once after upgrading to the
migration that added the columns, with ``--include-concluded``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

BATCH = 2000
"""Cases recomputed and committed together."""


def _recompute(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError
    from sqlmodel import Session

    # The tables a case row points at, so the ORM can resolve its foreign keys.
    import lrc_api.coordinators.models
    import lrc_api.enterprises.models  # noqa: F401
    from lrc_api.cases.due import recompute
    from lrc_api.core.db import get_engine
    from lrc_api.core.errors import Problem
    from lrc_api.core.models import today
    from lrc_api.core.region_tree import find_region

    started = time.perf_counter()
    read = changed = 0
    after = 0
    try:
        engine = get_engine().execution_options(lrc_write=True)
        region_id = None
        if args.region is not None:
            with Session(engine) as session:
                region = find_region(session, args.region)
            if region is None:
                print(f"lrc: no region with code or id {args.region!r}", file=sys.stderr)
                return 1
            region_id = region.id
        while True:
            # One short transaction a batch: writers of single cases are never held up for long.
            with Session(engine, expire_on_commit=False) as session:
                n, c, last = recompute(
                    session=session,
                    region_id=region_id,
                    include_concluded=args.include_concluded,
                    after_id=after,
                    batch=args.batch,
                    today=today(),
                )
                session.commit()
            read, changed = read + n, changed + c
            if last is None:
                break
            after = last
    except Problem as exc:
        print(f"lrc: {exc.detail or exc.title}", file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError) as exc:
        print(
            f"lrc: database error ({type(exc).__name__}); is it migrated? run `lrc db upgrade`",
            file=sys.stderr,
        )
        return 1
    out: dict[str, Any] = {
        "cases_read": read,
        "cases_changed": changed,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(out))
    return 0


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("a positive integer") from None
    if n < 1:
        raise argparse.ArgumentTypeError("a positive integer")
    return n


def register(sub: Any) -> None:
    """Add ``lrc cases …`` to the ``lrc`` parser."""
    cases = sub.add_parser("cases", help="case maintenance")
    actions = cases.add_subparsers(dest="action", required=True)
    recompute = actions.add_parser(
        "recompute-deadlines",
        help="recompute the stored due dates (after a calendar file or a region's pack changed)",
    )
    recompute.add_argument(
        "--region", default=None, help="only this region's subtree (its code, or its id)"
    )
    recompute.add_argument(
        "--include-concluded",
        action="store_true",
        help="also judge concluded cases on time or late again",
    )
    recompute.add_argument("--batch", type=_positive, default=BATCH, help=argparse.SUPPRESS)
    recompute.set_defaults(func=_recompute)

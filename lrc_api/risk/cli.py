"""``lrc risk evaluate``: the periodic pass of the early warning.

Risk changes with nothing written — signals age, cases become overdue, an episode's window runs
out — so a deployment runs this pass daily (cron, a Kubernetes CronJob) or more often. It ranks
each region's enterprises in one pass (the region view's grouped queries), then re-assesses those
at or above the alert level and those with an episode going on, committing every ``--batch``
enterprises: alerts open, escalate and end as on a write (``lrc_api.risk.evaluation``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError("a date written YYYY-MM-DD") from None


def _evaluate(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError
    from sqlmodel import Session, col, select

    from lrc_api.core.db import get_engine
    from lrc_api.core.errors import Problem
    from lrc_api.core.models import today
    from lrc_api.core.region_tree import Region, find_region
    from lrc_api.core.unit_of_work import commit
    from lrc_api.risk.evaluation import Outcome, evaluate, pass_candidates

    as_of = args.as_of or today()
    if as_of > today():
        print("lrc: --as-of cannot be in the future", file=sys.stderr)
        return 2
    engine = get_engine()
    total = Outcome()
    try:
        with Session(engine) as session:
            if args.region is not None:
                roots = [find_region(session, args.region)]
                if roots[0] is None:
                    print(f"lrc: no region with code or id {args.region!r}", file=sys.stderr)
                    return 1
            else:
                roots = list(session.exec(select(Region).where(col(Region.parent_id).is_(None))))
            candidates = sorted(
                {i for r in roots if r is not None for i in pass_candidates(session, r, as_of)}
            )
        writer = engine.execution_options(lrc_write=True)
        for start in range(0, len(candidates), args.batch):
            with Session(writer, expire_on_commit=False) as session:
                total.add(evaluate(session, candidates[start : start + args.batch], as_of))
                commit(session)
    except Problem as exc:
        print(f"lrc: {exc.detail or exc.title}", file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError) as exc:
        print(
            f"lrc: database error ({type(exc).__name__}); is it migrated? run `lrc db upgrade`",
            file=sys.stderr,
        )
        return 1
    out = {
        "as_of": as_of.isoformat(),
        "candidates": len(candidates),
        "evaluated": total.evaluated,
        "opened": total.opened,
        "escalated": total.escalated,
        "ended": total.ended,
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


def register(subparsers: Any) -> None:
    """Add the ``risk`` command to the ``lrc`` parser."""
    risk = subparsers.add_parser("risk", help="early warning of labor-dispute risk")
    sub = risk.add_subparsers(dest="risk_command", required=True)
    ev = sub.add_parser(
        "evaluate",
        help="re-assess enterprises; open, escalate and end alerts (run daily)",
        description=__doc__,
    )
    ev.add_argument(
        "--region", default=None, help="only this region's subtree (its code, or its id)"
    )
    ev.add_argument("--as-of", type=_day, default=None, help="day to assess (default today)")
    ev.add_argument("--batch", type=int, default=200, help="enterprises per transaction")
    ev.set_defaults(func=_evaluate)

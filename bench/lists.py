"""Lists stay flat: page 20,000 of 1,000,000 cases against page 1 (DESIGN.md: ≤ 1.2 ×), and
the overdue work list's page 1 and page 1,000 against the plain list's page 1 (issue 12 §5).

Fills a fresh database with ``--rows`` cases (SQLite file by default, or ``--database-url``): a
third concluded, the others open with a stored next due date spread over seven years, so about
45 % are overdue today. Then times ``GET /v1/cases`` in process through the HTTP stack, page 1
and the page that starts after row ``rows - limit`` (keyset cursor), alternating the two so noise
hits both alike; then ``?overdue=true`` sorted by due date (the morning list) and by id, page 1
and page 1,000, each against the plain list's page 1 measured in the same loop. For contrast it
also times the same deep page with OFFSET, which is what a naive list would do.

    .venv/bin/python bench/lists.py [--rows 1000000] [--limit 50] [--repeat 30]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _cursor(sort: str, value: object, last_id: int) -> str:
    raw = json.dumps([sort, value, last_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def main() -> None:
    """Fill, then measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--overdue-page", type=int, default=1_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="lrc-bench-lists-"))
    os.environ["LRC_DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'lists.db'}"
    os.environ["LRC_DATA_DIR"] = str(tmp)
    os.environ["LRC_LOG_LEVEL"] = "WARNING"

    from fastapi.testclient import TestClient
    from sqlalchemy import insert, text

    from lrc_api.cases.models import Case
    from lrc_api.core import migrations
    from lrc_api.core.db import get_engine
    from lrc_api.core.security import issue_access_token
    from lrc_api.main import app

    migrations.downgrade("base")
    migrations.upgrade("head")
    engine = get_engine()
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO region (code, name, kind, parent_id, path, version, created_at, updated_at) "
                "VALUES ('B1', '基准县', 'county', NULL, '/1/', 1, :t, :t)"
            ),
            {"t": dt.datetime.now(dt.UTC)},
        )
    now = dt.datetime.now(dt.UTC)
    day0 = dt.date(2020, 1, 1)
    chunk = 20_000
    with engine.begin() as conn:
        for start in range(0, args.rows, chunk):
            rows = [
                {
                    "region_id": 1,
                    "number": f"B-{i:08d}",
                    "source": "walk_in",
                    "procedure": "mediation",
                    "matter": None,
                    "categories": [],
                    "enterprise_id": None,
                    "worker_count": 1 + i % 30,
                    "collective": i % 30 >= 9,
                    "claims": [],
                    "summary": None,
                    "received_on": day0 + dt.timedelta(days=i % 2000),
                    "accepted_on": None,
                    "filed_on": None,
                    "closed_on": None,
                    "outcome": None,
                    "status": "received" if i % 3 else "withdrawn",
                    "conclusion": None if i % 3 else "withdrawn",
                    "concluded_on": None if i % 3 else day0 + dt.timedelta(days=i % 2000),
                    "timeliness": None,
                    "next_due_on": day0 + dt.timedelta(days=i % 2600) if i % 3 else None,
                    "next_due_key": "mediation_end" if i % 3 else None,
                    "main_due_on": day0 + dt.timedelta(days=i % 2600) if i % 3 else None,
                    "created_by": "bench",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(start, min(start + chunk, args.rows))
            ]
            conn.execute(insert(Case), rows)
    print(
        f"filled {args.rows:,} cases in {time.perf_counter() - started:.1f}s ({engine.dialect.name})"
    )

    # A real account: the service refuses tokens of accounts that do not exist.
    from sqlmodel import Session

    from lrc_api.auth import service as auth

    with Session(engine) as session:
        user = auth.create_user(
            session=session,
            username="bench",
            password=auth.generate_password(),
            role="admin",
            region_id=None,
        )
        session.commit()
        admin = auth.user_principal(user)
    headers = {"Authorization": "Bearer " + issue_access_token(admin)[0]}
    with engine.connect() as conn:
        last_id = conn.execute(text('SELECT max(id) FROM "case"')).scalar_one()
        deep_id = last_id - args.limit
        deep_day = conn.execute(
            text('SELECT received_on FROM "case" WHERE id = :i'), {"i": deep_id}
        ).scalar_one()
    if isinstance(deep_day, str):
        deep_day = dt.date.fromisoformat(deep_day)

    with TestClient(app) as client:

        def timed(params: dict[str, object]) -> float:
            t = time.perf_counter()
            r = client.get("/v1/cases", params=params, headers=headers)
            elapsed = time.perf_counter() - t
            assert r.status_code == 200 and len(r.json()["items"]) == args.limit, r.text[:300]
            return elapsed

        page = args.rows // args.limit
        for sort, cursor in (
            ("id", _cursor("id", deep_id, deep_id)),
            ("received_on", _cursor("received_on", {"d": deep_day.isoformat()}, deep_id)),
        ):
            first: list[float] = []
            deep: list[float] = []
            for _ in range(3):  # warm the caches
                timed({"sort": sort, "limit": args.limit})
                timed({"sort": sort, "limit": args.limit, "cursor": cursor})
            for _ in range(args.repeat):
                first.append(timed({"sort": sort, "limit": args.limit}))
                deep.append(timed({"sort": sort, "limit": args.limit, "cursor": cursor}))
            f, d = statistics.median(first), statistics.median(deep)
            print(
                f"sort={sort:12s} page 1: {f * 1000:6.2f} ms   page ~{page:,}: {d * 1000:6.2f} ms   "
                f"ratio {d / f:.2f}  (target ≤ 1.20)"
            )

        # The overdue work list (issue 12 §5): page 1 and page 1,000 against the plain page 1.
        today = dt.datetime.now(dt.UTC).date()
        deep_row = (args.overdue_page - 1) * args.limit
        with engine.connect() as conn:
            due_day, due_id = conn.execute(
                text(
                    'SELECT next_due_on, id FROM "case" WHERE next_due_on < :t '
                    "ORDER BY next_due_on, id LIMIT 1 OFFSET :o"
                ),
                {"t": today, "o": deep_row - 1},
            ).one()
            (by_id,) = conn.execute(
                text('SELECT id FROM "case" WHERE next_due_on < :t ORDER BY id LIMIT 1 OFFSET :o'),
                {"t": today, "o": deep_row - 1},
            ).one()
        if isinstance(due_day, str):
            due_day = dt.date.fromisoformat(due_day)
        plain = {"limit": args.limit}
        for sort, cursor in (
            ("due_on", _cursor("due_on", {"d": due_day.isoformat()}, due_id)),
            ("id", _cursor("id", by_id, by_id)),
        ):
            overdue = {"overdue": "true", "sort": sort, "limit": args.limit}
            base: list[float] = []
            first = []
            deep = []
            for _ in range(3):
                timed(plain)
                timed(overdue)
                timed({**overdue, "cursor": cursor})
            for _ in range(args.repeat):
                base.append(timed(plain))
                first.append(timed(overdue))
                deep.append(timed({**overdue, "cursor": cursor}))
            b, f, d = (statistics.median(x) for x in (base, first, deep))
            print(
                f"overdue sort={sort:6s} plain page 1: {b * 1000:6.2f} ms   overdue page 1: "
                f"{f * 1000:6.2f} ms ({f / b:.2f} ×)   page {args.overdue_page:,}: {d * 1000:6.2f} ms "
                f"({d / b:.2f} ×)  (target ≤ 1.20)"
            )

    with engine.connect() as conn:
        overdue_rows = conn.execute(
            text('SELECT count(*) FROM "case" WHERE next_due_on < :t'), {"t": today}
        ).scalar_one()
        sql_offset = text('SELECT id FROM "case" ORDER BY id LIMIT :l OFFSET :o')
        sql_keyset = text('SELECT id FROM "case" WHERE id > :a ORDER BY id LIMIT :l')
        t = time.perf_counter()
        conn.execute(sql_offset, {"l": args.limit, "o": deep_id}).all()
        offset_cost = time.perf_counter() - t
        t = time.perf_counter()
        conn.execute(sql_keyset, {"l": args.limit, "a": deep_id}).all()
        keyset_cost = time.perf_counter() - t
    print(f"overdue cases today: {overdue_rows:,} of {args.rows:,}")
    print(
        f"for contrast, the bare deep query: OFFSET {offset_cost * 1000:.2f} ms vs keyset {keyset_cost * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()

"""Region risk (劳资矛盾预警) of 50,000 enterprises with 500,000 signals against the SQL it needs.

DESIGN.md target: a view ≤ 1.5 × the SQL aggregate it needs. The view is
``lrc_api.risk.service.region_risk`` (every enterprise of the subtree assessed under its region's
pack, ranked, counted per level and per dimension, the first page with open alerts). The SQL it
needs, run raw and fetched: the subtree's regions and their pack bindings, its enterprises, their
signals of the two windows grouped by (enterprise, kind, day, value), cases grouped the same way,
risk reports grouped, the open cases that could be overdue, and the page's open alerts. Both are
measured in one run, alternating, medians printed.

    .venv/bin/python bench/risk.py [--enterprises 50000] [--signals 500000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AS_OF = dt.date(2025, 6, 30)
KINDS = (
    ("wage_arrears_clue", "workers", 14),
    ("dispute", "workers", 10),
    ("collective_dispute", "workers", 1),
    ("hotline_complaint", None, 20),
    ("pay_cut", "workers", 3),
    ("layoff", "workers", 3),
    ("closure_relocation", "workers", 1),
    ("social_insurance_arrears", "months", 12),
    ("tax_arrears", "months", 10),
    ("water_drop", "percent", 13),
    ("power_drop", "percent", 13),
)
"""Kind, unit and relative frequency of the generated signals."""


def _value(rng: random.Random, unit: str | None) -> float | None:
    if unit == "workers":
        return float(rng.choice((1, 2, 3, 5, 8, 12, 20, 35, 60, 120)))
    if unit == "months":
        return float(rng.randint(1, 8))
    if unit == "percent":
        return float(rng.choice((10, 20, 30, 40, 50, 60, 75)))
    return None


def main() -> None:
    """Fill, then measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=50_000)
    parser.add_argument("--signals", type=int, default=500_000)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="lrc-bench-risk-"))
    os.environ["LRC_DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'risk.db'}"
    os.environ["LRC_DATA_DIR"] = str(tmp)
    os.environ["LRC_LOG_LEVEL"] = "WARNING"

    from sqlalchemy import insert, text
    from sqlmodel import Session

    from lrc_api.core import migrations
    from lrc_api.core.bulk import gc_paused
    from lrc_api.core.db import get_engine
    from lrc_api.core.principal import ROLE_SCOPES, Principal
    from lrc_api.enterprises.models import Enterprise
    from lrc_api.risk import service
    from lrc_api.signals.models import RiskSignal

    migrations.downgrade("base")
    migrations.upgrade("head")
    engine = get_engine()
    rng = random.Random(15)
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO region (code, name, kind, parent_id, path, version, created_at, updated_at) "
                "VALUES ('R0', '基准县', 'county', NULL, '/1/', 1, :t, :t)"
            ),
            {"t": now},
        )
        for i in range(args.townships):
            conn.execute(
                text(
                    "INSERT INTO region (code, name, kind, parent_id, path, version, created_at, updated_at) "
                    "VALUES (:c, :n, 'township', 1, :p, 1, :t, :t)"
                ),
                {"c": f"R{i + 1}", "n": f"镇{i + 1}", "p": f"/1/{i + 2}/", "t": now},
            )
        chunk = 10_000
        for start in range(0, args.enterprises, chunk):
            conn.execute(
                insert(Enterprise),
                [
                    {
                        "region_id": 2 + i % args.townships,
                        "uscc": f"91370830{i:010d}",
                        "name": f"企业{i}",
                        "industry": "industry",
                        "employees": 100,
                        "revenue_10k_yuan": 1000.0,
                        "total_assets_10k_yuan": None,
                        "size": "medium",
                        "deleted_at": None,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(start, min(start + chunk, args.enterprises))
                ],
            )
        kinds = [k for k, _, w in KINDS for _ in range(w)]
        units = {k: u for k, u, _ in KINDS}
        rows = []
        for n in range(args.signals):
            kind = rng.choice(kinds)
            rows.append(
                {
                    "enterprise_id": rng.randint(1, args.enterprises),
                    "kind": kind,
                    "value": _value(rng, units[kind]),
                    # 200 days back: the two 90-day windows and some older signals
                    "observed_on": AS_OF - dt.timedelta(days=rng.randrange(200)),
                    "source": "bench",
                    "source_id": f"s{n}",
                    "note_encrypted": None,
                    "note_masked": None,
                    "recorded_by": "bench",
                    "created_at": now,
                }
            )
            if len(rows) >= 50_000:
                conn.execute(insert(RiskSignal), rows)
                rows = []
        if rows:
            conn.execute(insert(RiskSignal), rows)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
    print(
        f"filled {args.enterprises:,} enterprises, {args.signals:,} signals in "
        f"{time.perf_counter() - started:.1f}s ({engine.dialect.name})"
    )

    viewer = Principal(
        subject="user:bench",
        kind="user",
        role="auditor",
        region_id=None,
        scopes=ROLE_SCOPES["auditor"],
    )
    first = (AS_OF - dt.timedelta(days=179)).isoformat()
    day = AS_OF.isoformat()
    subtree = "SELECT id FROM region WHERE path LIKE '/1/%'"
    ents = f"SELECT id FROM enterprise WHERE region_id IN ({subtree}) AND deleted_at IS NULL"
    queries = [
        text("SELECT * FROM region WHERE path LIKE '/1/%'"),
        text("SELECT id, policy FROM region WHERE id IN (1) AND policy IS NOT NULL"),
        text(f"SELECT id, name, region_id FROM enterprise WHERE id IN ({ents})"),
        text(
            "SELECT enterprise_id, kind, observed_on, value, count(*) FROM risk_signal "
            f"WHERE enterprise_id IN ({ents}) AND observed_on >= :first AND observed_on <= :day "
            "GROUP BY enterprise_id, kind, observed_on, value ORDER BY enterprise_id, kind"
        ),
        text(
            'SELECT enterprise_id, procedure, collective, received_on, worker_count, count(*) FROM "case" '
            f"WHERE enterprise_id IN ({ents}) AND received_on >= :first AND received_on <= :day "
            "GROUP BY enterprise_id, procedure, collective, received_on, worker_count"
        ),
        text(
            "SELECT enterprise_id, risk_kind, occurred_on, workers_affected, count(*) FROM activity "
            "WHERE kind = 'risk_report' AND deleted_at IS NULL AND review != 'rejected' "
            f"AND risk_kind IS NOT NULL AND enterprise_id IN ({ents}) "
            "AND occurred_on >= :first AND occurred_on <= :day "
            "GROUP BY enterprise_id, risk_kind, occurred_on, workers_affected"
        ),
        text(
            f'SELECT * FROM "case" WHERE enterprise_id IN ({ents}) AND received_on <= :day '
            "AND (closed_on IS NULL OR closed_on > :first)"
        ),
        text("SELECT * FROM risk_alert WHERE enterprise_id IN (1, 2, 3) AND ended_on IS NULL"),
    ]

    def plain_sql() -> float:
        t = time.perf_counter()
        with engine.connect() as conn:
            for q in queries:
                conn.execute(q, {"first": first, "day": day}).all()
        return time.perf_counter() - t

    def plain_sql_gc_paused() -> float:
        with gc_paused():
            return plain_sql()

    def view() -> float:
        t = time.perf_counter()
        with Session(engine) as session, gc_paused():
            result = service.region_risk(
                session=session,
                principal=viewer,
                region_id=1,
                as_of=AS_OF,
                level=None,
                limit=50,
                cursor=None,
            )
        assert result.enterprises == args.enterprises
        return time.perf_counter() - t

    plain_sql()
    view()
    sql_times, sql_paused_times, view_times = [], [], []
    for _ in range(args.repeat):
        sql_times.append(plain_sql())
        sql_paused_times.append(plain_sql_gc_paused())
        view_times.append(view())
    s, sp, v = (statistics.median(x) for x in (sql_times, sql_paused_times, view_times))
    with Session(engine) as session:
        levels = service.region_risk(
            session=session,
            principal=viewer,
            region_id=1,
            as_of=AS_OF,
            level=None,
            limit=1,
            cursor=None,
        ).levels
    print(f"levels: {levels}")
    print(f"region risk (service, GC paused as it runs): {v:.2f}s")
    print(f"plain SQL it needs, default GC: {s:.2f}s   ratio {v / s:.2f}  (target ≤ 1.50)")
    print(
        f"plain SQL it needs, GC paused too: {sp:.2f}s   ratio {v / sp:.2f}  (the stricter comparison)"
    )


if __name__ == "__main__":
    main()

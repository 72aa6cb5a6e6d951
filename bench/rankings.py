"""The annual ranking (金牌评选) of 100,000 coordinators against the plain SQL aggregate it needs.

Issue 12 §3 target: ``GET /v1/rankings`` for 100,000 coordinators ≤ 1.5 × the time of the SQL it
needs — the three statements (the subtree's active coordinators, their approved activities counted
per coordinator, quarter, kind, media level and evidence, and their base scores) run raw and
fetched. Both are measured in one run, alternating, medians printed; the JSON encoding of the
result is printed apart (it is the same work for any way of computing the ranking). The data:
``--coordinators`` coordinators in 20 townships, each with ``--activities`` activities over the
year (some pending, some without evidence, a few work errors) and four assessments.

    .venv/bin/python bench/rankings.py [--coordinators 100000] [--activities 6] [--repeat 3]
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

KINDS = (
    "publicity",
    "mediation_own_unit",
    "mediation_other",
    "risk_prevention",
    "publication",
    "management_improvement",
    "contact",
    "error_minor",
)
TOWNSHIPS = 20


def _fill(args: argparse.Namespace) -> None:
    from sqlalchemy import insert, text

    from lrc_api.activities.models import Activity
    from lrc_api.assessments.models import Assessment
    from lrc_api.coordinators.models import Coordinator
    from lrc_api.coordinators.service import ID_FIELD
    from lrc_api.core import pii
    from lrc_api.core.db import get_engine

    engine = get_engine()
    rng = random.Random(11)
    now = dt.datetime.now(dt.UTC)
    region = (
        "INSERT INTO region (id, code, name, kind, parent_id, path, version, created_at, "
        "updated_at) VALUES (:id, :code, :name, :kind, :parent, :path, 1, :t, :t)"
    )
    with engine.begin() as conn:
        conn.execute(
            text(region),
            {
                "id": 1,
                "code": "B1",
                "name": "基准县",
                "kind": "county",
                "parent": None,
                "path": "/1/",
                "t": now,
            },
        )
        for t in range(TOWNSHIPS):
            rid = t + 2
            conn.execute(
                text(region),
                {
                    "id": rid,
                    "code": f"B{rid}",
                    "name": f"基准镇{t}",
                    "kind": "township",
                    "parent": 1,
                    "path": f"/1/{rid}/",
                    "t": now,
                },
            )
        token = pii.encrypt("370830198801011234", field=ID_FIELD)  # same cipher text: fill speed
        chunk = 10_000
        for start in range(0, args.coordinators, chunk):
            conn.execute(
                insert(Coordinator),
                [
                    {
                        "region_id": 2 + i % TOWNSHIPS,
                        "enterprise_id": None,
                        "name": f"协调员{i}",
                        "id_number_encrypted": token,
                        "id_number_hash": f"{i:064d}",
                        "id_number_masked": "370830********1234",
                        "phone_encrypted": None,
                        "phone_hash": None,
                        "phone_masked": None,
                        "coordinator_type": "township",
                        "employment_identity": "assistant",
                        "education_level": "bachelor",
                        "education_status": "graduated",
                        "major_related": True,
                        "work_unit": "某镇",
                        "post": "干事",
                        "labor_work_started_on": dt.date(2019, 1, 1),
                        "certificates": [],
                        "status": "active",
                        "joined_on": None,
                        "left_on": None,
                        "note": None,
                        "deleted_at": None,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(start, min(start + chunk, args.coordinators))
                ],
            )
        evidence = [{"name": "记录.pdf", "uri": "s3://lrc/e.pdf", "sha256": "0" * 64}]
        acts = []
        for cid in range(1, args.coordinators + 1):
            for _ in range(args.activities):
                kind = rng.choice(KINDS)
                acts.append(
                    {
                        "coordinator_id": cid,
                        "region_id": 2 + (cid - 1) % TOWNSHIPS,
                        "kind": kind,
                        "occurred_on": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                        "media_level": rng.choice(("county", "municipal"))
                        if kind == "publication"
                        else None,
                        "case_id": None,
                        "enterprise_id": None,
                        "target_coordinator_id": None,
                        "days": None,
                        "evaluation": None,
                        "description": None,
                        "evidence": evidence if rng.random() > 0.1 else [],
                        "review": "approved" if rng.random() > 0.2 else "pending",
                        "reviewer": "bench",
                        "reviewed_at": now,
                        "review_reason": None,
                        "created_by": "bench",
                        "deleted_at": None,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            if len(acts) >= 50_000:
                conn.execute(insert(Activity), acts)
                acts = []
        if acts:
            conn.execute(insert(Activity), acts)
        for start in range(1, args.coordinators + 1, chunk):
            conn.execute(
                insert(Assessment),
                [
                    {
                        "coordinator_id": cid,
                        "region_id": 2 + (cid - 1) % TOWNSHIPS,
                        "year": 2025,
                        "quarter": q,
                        "base_score": rng.randrange(18, 31),
                        "assessor": "bench",
                        "note": None,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for cid in range(start, min(start + chunk, args.coordinators + 1))
                    for q in (1, 2, 3, 4)
                ],
            )


def main() -> None:
    """Fill, then measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coordinators", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="lrc-bench-rankings-"))
    os.environ["LRC_DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'rankings.db'}"
    os.environ["LRC_DATA_DIR"] = str(tmp)
    os.environ["LRC_LOG_LEVEL"] = "WARNING"

    from pydantic_core import to_json
    from sqlalchemy import text
    from sqlmodel import Session

    from lrc_api.core import migrations
    from lrc_api.core.bulk import gc_paused
    from lrc_api.core.db import get_engine
    from lrc_api.core.principal import ROLE_SCOPES, Principal
    from lrc_api.rankings import service

    migrations.downgrade("base")
    migrations.upgrade("head")
    engine = get_engine()
    started = time.perf_counter()
    _fill(args)
    print(
        f"filled {args.coordinators:,} coordinators, {args.coordinators * args.activities:,} "
        f"activities, {args.coordinators * 4:,} assessments in "
        f"{time.perf_counter() - started:.1f}s ({engine.dialect.name})"
    )

    viewer = Principal(
        subject="user:bench",
        kind="user",
        role="auditor",
        region_id=None,
        scopes=ROLE_SCOPES["auditor"],
    )
    people = (
        "SELECT id FROM coordinator WHERE region_id IN (SELECT id FROM region WHERE path LIKE "
        "'/1/%') AND status = 'active' AND deleted_at IS NULL"
    )
    raw = [
        text(
            "SELECT id, region_id, name, coordinator_type, work_unit, post FROM coordinator "
            f"WHERE id IN ({people}) ORDER BY id"
        ),
        text(
            "SELECT coordinator_id, CASE WHEN occurred_on < '2025-04-01' THEN 1 "
            "WHEN occurred_on < '2025-07-01' THEN 2 WHEN occurred_on < '2025-10-01' THEN 3 "
            "ELSE 4 END AS q, kind, media_level, json_array_length(evidence) > 0 AS ev, count(*) "
            f"FROM activity WHERE coordinator_id IN ({people}) AND review = 'approved' "
            "AND deleted_at IS NULL AND occurred_on BETWEEN '2025-01-01' AND '2025-12-31' "
            "GROUP BY coordinator_id, q, kind, media_level, ev"
        ),
        text(
            "SELECT coordinator_id, quarter, base_score FROM assessment WHERE year = 2025 "
            f"AND coordinator_id IN ({people})"
        ),
    ]

    def plain_sql() -> float:
        t = time.perf_counter()
        with engine.connect() as conn:
            for q in raw:
                conn.execute(q).all()
        return time.perf_counter() - t

    def plain_sql_gc_paused() -> float:
        with gc_paused():
            return plain_sql()

    last: dict[str, object] = {}

    def rankings() -> float:
        t = time.perf_counter()
        with Session(engine) as session:
            result = service.build_rankings(
                session=session,
                principal=viewer,
                region_id=1,
                year=2025,
                gold_quota=10,
                policy_id=None,
            )
        elapsed = time.perf_counter() - t
        assert len(result["entries"]) == args.coordinators  # type: ignore[arg-type]
        last["result"] = result
        return elapsed

    def encode() -> float:
        t = time.perf_counter()
        to_json(last["result"])
        return time.perf_counter() - t

    plain_sql()
    rankings()
    sql_times, sql_paused, view_times, json_times = [], [], [], []
    for _ in range(args.repeat):
        sql_times.append(plain_sql())
        sql_paused.append(plain_sql_gc_paused())
        view_times.append(rankings())
        json_times.append(encode())
    s, sp, v, j = (statistics.median(x) for x in (sql_times, sql_paused, view_times, json_times))
    print(f"rankings (service, GC paused as it runs): {v:.2f}s   JSON encoding apart: {j:.2f}s")
    print(f"plain SQL aggregate, default GC: {s:.2f}s   ratio {v / s:.2f}  (target ≤ 1.50)")
    print(f"plain SQL aggregate, GC paused too: {sp:.2f}s   ratio {v / sp:.2f}  (the stricter one)")


if __name__ == "__main__":
    main()

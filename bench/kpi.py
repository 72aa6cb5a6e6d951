"""KPIs over 1,000,000 cases against the plain SQL counts they need (issue 12: ≤ 1.5 ×).

Fills a fresh database with ``--rows`` cases (SQLite file by default, or ``--database-url``) in a
district bound to minhang-2023 with ten townships: every procedure, received 2022–2025, two in
three concluded with a conclusion and timeliness. Then times, alternating so noise hits all alike:

- the view: ``GET /v1/stats/kpi?region_id=&from=&to=`` in process through the HTTP stack (one
  aggregate per township, the rules, the response);
- the plain SQL counts: the ten counts of 闵人社发〔2022〕34号 二 written by hand as one
  ``SUM(CASE …)`` query over the district's cases, rolled up; the same grouped per region (what
  per-township figures need); and that again skipping first the cases none of whose days falls in
  the period (the strongest hand-written form, as the view's generated SQL does).

    .venv/bin/python bench/kpi.py [--rows 1000000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROCEDURES = ("mediation", "enterprise_mediation", "arbitration", "inspection", "wage_clue")
CONCLUSIONS = {
    "mediation": ("agreement", "no_agreement", "withdrawn"),
    "enterprise_mediation": ("agreement", "no_agreement", "transferred"),
    "arbitration": ("award", "arbitral_mediation", "withdrawn"),
    "inspection": ("rectification_ordered", "penalized", "transferred"),
    "wage_clue": ("resolved", "unresolved", "transferred"),
}

PLAIN = """
SUM(CASE WHEN procedure IN ('mediation', 'enterprise_mediation') AND concluded_on BETWEEN :f AND :t
    AND conclusion IN ('agreement', 'no_agreement') THEN 1 ELSE 0 END) AS mediations_concluded,
SUM(CASE WHEN procedure IN ('mediation', 'enterprise_mediation') AND concluded_on BETWEEN :f AND :t
    AND conclusion = 'agreement' THEN 1 ELSE 0 END) AS mediations_successful,
SUM(CASE WHEN procedure IN ('mediation', 'enterprise_mediation', 'arbitration')
    AND received_on BETWEEN :f AND :t THEN 1 ELSE 0 END) AS disputes_received,
SUM(CASE WHEN procedure IN ('mediation', 'enterprise_mediation') AND received_on BETWEEN :f AND :t
    AND concluded_on <= :t AND conclusion = 'agreement' THEN 1 ELSE 0 END) AS disputes_pre_mediated,
SUM(CASE WHEN procedure = 'arbitration' AND accepted_on BETWEEN :f AND :t THEN 1 ELSE 0 END)
    AS arbitration_accepted,
SUM(CASE WHEN procedure = 'arbitration' AND accepted_on BETWEEN :f AND :t AND concluded_on <= :t
    THEN 1 ELSE 0 END) AS arbitration_closed,
SUM(CASE WHEN procedure = 'inspection' AND concluded_on BETWEEN :f AND :t
    AND timeliness IN ('on_time', 'late') THEN 1 ELSE 0 END) AS inspection_closed,
SUM(CASE WHEN procedure = 'inspection' AND concluded_on BETWEEN :f AND :t
    AND timeliness = 'on_time' THEN 1 ELSE 0 END) AS inspection_closed_on_time,
SUM(CASE WHEN procedure = 'wage_clue' AND concluded_on BETWEEN :f AND :t
    AND timeliness IN ('on_time', 'late') THEN 1 ELSE 0 END) AS wage_clues_closed,
SUM(CASE WHEN procedure = 'wage_clue' AND concluded_on BETWEEN :f AND :t
    AND timeliness = 'on_time' THEN 1 ELSE 0 END) AS wage_clues_closed_on_time
"""
"""The ten counts, by hand (the same definitions as minhang-2022's kpi.counts)."""


def main() -> None:
    """Fill, then measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="lrc-bench-kpi-"))
    os.environ["LRC_DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'kpi.db'}"
    os.environ["LRC_DATA_DIR"] = str(tmp)
    os.environ["LRC_LOG_LEVEL"] = "WARNING"

    from fastapi.testclient import TestClient
    from sqlalchemy import insert, text

    from lrc_api.cases.models import Case
    from lrc_api.core import migrations
    from lrc_api.core.db import get_engine
    from lrc_api.core.principal import ROLE_SCOPES, Principal
    from lrc_api.core.security import issue_access_token
    from lrc_api.main import app

    migrations.downgrade("base")
    migrations.upgrade("head")
    engine = get_engine()
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO region (id, code, name, kind, parent_id, path, policy, version, "
                "created_at, updated_at) VALUES (1, 'D', '基准区', 'district', NULL, '/1/', "
                "'minhang-2023', 1, :t, :t)"
            ),
            {"t": now},
        )
        for i in range(2, 12):
            conn.execute(
                text(
                    "INSERT INTO region (id, code, name, kind, parent_id, path, version, "
                    "created_at, updated_at) VALUES (:i, :c, :n, 'township', 1, :p, 1, :t, :t)"
                ),
                {"i": i, "c": f"T{i}", "n": f"街道{i}", "p": f"/1/{i}/", "t": now},
            )
    day0 = dt.date(2022, 1, 1)
    chunk = 20_000
    with engine.begin() as conn:
        for start in range(0, args.rows, chunk):
            rows = []
            for i in range(start, min(start + chunk, args.rows)):
                procedure = PROCEDURES[i % len(PROCEDURES)]
                received = day0 + dt.timedelta(days=(i * 7) % 1460)
                done = i % 7 != 0
                rows.append(
                    {
                        "region_id": 2 + i % 10,
                        "number": f"K-{i:08d}",
                        "source": "walk_in",
                        "procedure": procedure,
                        "matter": "complaint" if procedure == "wage_clue" else None,
                        "categories": [],
                        "enterprise_id": None,
                        "worker_count": 1,
                        "collective": False,
                        "claims": [],
                        "summary": None,
                        "received_on": received,
                        "accepted_on": received + dt.timedelta(days=2),
                        "filed_on": None,
                        "closed_on": None,
                        "outcome": None,
                        "status": "mediated" if done else "in_progress",
                        "conclusion": CONCLUSIONS[procedure][(i // 5) % 3] if done else None,
                        "concluded_on": received + dt.timedelta(days=5 + i % 40) if done else None,
                        "timeliness": ("on_time", "late")[i % 11 == 0] if done else None,
                        "next_due_on": None if done else received + dt.timedelta(days=15),
                        "next_due_key": None if done else "mediation_end",
                        "main_due_on": None if done else received + dt.timedelta(days=15),
                        "created_by": "bench",
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            conn.execute(insert(Case), rows)
    print(
        f"filled {args.rows:,} cases in {time.perf_counter() - started:.1f}s ({engine.dialect.name})"
    )
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))

    admin = Principal(
        subject="user:bench", kind="user", role="admin", region_id=None, scopes=ROLE_SCOPES["admin"]
    )
    headers = {"Authorization": "Bearer " + issue_access_token(admin)[0]}
    period = {"f": dt.date(2024, 1, 1), "t": dt.date(2024, 12, 31)}
    subtree = "region_id IN (SELECT id FROM region WHERE path LIKE '/1/%')"
    rolled = text(f'SELECT {PLAIN} FROM "case" WHERE {subtree}')
    grouped = text(f'SELECT region_id, {PLAIN} FROM "case" WHERE {subtree} GROUP BY region_id')
    # The strongest hand-written form: skip, before the ten CASEs, every case none of whose
    # days falls in the period (what the view's generated SQL does).
    dated = (
        "(received_on BETWEEN :f AND :t OR accepted_on BETWEEN :f AND :t "
        "OR concluded_on BETWEEN :f AND :t)"
    )
    prefiltered = text(
        f'SELECT region_id, {PLAIN} FROM "case" WHERE {subtree} AND {dated} GROUP BY region_id'
    )

    def sql(stmt: object) -> float:
        t = time.perf_counter()
        with engine.connect() as conn:
            conn.execute(stmt, period).all()  # type: ignore[call-overload]
        return time.perf_counter() - t

    with TestClient(app) as client:
        params = {"region_id": 1, "from": "2024-01-01", "to": "2024-12-31"}

        def view() -> float:
            t = time.perf_counter()
            r = client.get("/v1/stats/kpi", params=params, headers=headers)
            elapsed = time.perf_counter() - t
            assert r.status_code == 200, r.text[:300]
            return elapsed

        body = client.get("/v1/stats/kpi", params=params, headers=headers).json()
        with engine.connect() as conn:
            plain = conn.execute(rolled, period).mappings().one()
        got = {i["numerator_count"]: i["numerator"] for i in body["total"]["indicators"]} | {
            i["denominator_count"]: i["denominator"] for i in body["total"]["indicators"]
        }
        assert got == {k: int(v) for k, v in plain.items()}, (got, dict(plain))
        views, rolls, groups, pres = [], [], [], []
        for _ in range(2):
            view(), sql(rolled), sql(grouped), sql(prefiltered)
        for _ in range(args.repeat):
            views.append(view())
            rolls.append(sql(rolled))
            groups.append(sql(grouped))
            pres.append(sql(prefiltered))
    v, r, g, p = (statistics.median(x) for x in (views, rolls, groups, pres))
    print(f"counts agree with the hand-written SQL: {got}")
    print(
        f"KPI view (HTTP, 10 townships): {v * 1000:8.1f} ms\n"
        f"plain SQL counts, rolled up:   {r * 1000:8.1f} ms   view / SQL = {v / r:.2f}  (target ≤ 1.50)\n"
        f"plain SQL counts, per region:  {g * 1000:8.1f} ms   view / SQL = {v / g:.2f}\n"
        f"same, skipping undated cases:  {p * 1000:8.1f} ms   view / SQL = {v / p:.2f}"
    )


if __name__ == "__main__":
    main()

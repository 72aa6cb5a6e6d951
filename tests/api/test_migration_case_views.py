"""Migration 0010_case_views on stored cases: concluded ones get their day of conclusion from the
timeline and their conclusion where the status allows only one; down again drops the columns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, inspect, text

from lrc_api.core import migrations
from tests.api.test_migrations import scratch_url  # noqa: F401  (the fixture: SQLite and PostgreSQL)

_NOW = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


def _case(
    conn: object, case_id: int, procedure: str, status: str, moves: list[tuple[str, str]]
) -> None:
    conn.execute(  # type: ignore[attr-defined]
        text(
            'INSERT INTO "case" (id, region_id, number, source, procedure, categories, worker_count, '
            "collective, claims, received_on, status, created_by, version, created_at, updated_at) "
            "VALUES (:id, 1, :n, 'walk_in', :p, '[]', 1, false, '[]', '2025-03-03', :s, 't', 1, :t, :t)"
        ),
        {"id": case_id, "n": f"M-{case_id}", "p": procedure, "s": status, "t": _NOW},
    )
    for seq, (to, on) in enumerate(moves, start=1):
        conn.execute(  # type: ignore[attr-defined]
            text(
                'INSERT INTO case_event (case_id, seq, kind, "on", status, actor, created_at) '
                "VALUES (:c, :q, 'status_changed', :on, :s, 't', :t)"
            ),
            {"c": case_id, "q": seq, "on": dt.date.fromisoformat(on), "s": to, "t": _NOW},
        )


def test_backfills_conclusions_the_status_decides_and_downgrades(scratch_url: str) -> None:  # noqa: F811
    migrations.upgrade("0006_region_policy", url=scratch_url)
    engine = create_engine(scratch_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO region (id, code, name, kind, path, version, created_at, updated_at) "
                "VALUES (1, 'M', 'm', 'county', '/1/', 1, :t, :t)"
            ),
            {"t": _NOW},
        )
        _case(conn, 1, "arbitration", "closed", [("accepted", "2025-03-04"), ("awarded", "2025-04-10"), ("closed", "2025-04-12")])  # fmt: skip
        _case(conn, 2, "mediation", "mediated", [("accepted", "2025-03-03"), ("mediated", "2025-03-09")])  # fmt: skip
        _case(conn, 3, "hotline", "transferred", [("transferred", "2025-03-04")])
        _case(conn, 4, "arbitration", "in_progress", [("accepted", "2025-03-04")])
    migrations.upgrade("head", url=scratch_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text('SELECT id, concluded_on, conclusion FROM "case" ORDER BY id')
        ).all()
    got = [(i, str(d) if d is not None else None, c) for i, d, c in rows]
    assert got == [
        (1, "2025-04-10", "award"),
        (2, "2025-03-09", None),  # agreement or not: the status does not say
        (3, "2025-03-04", "transferred"),
        (4, None, None),
    ]
    migrations.downgrade("0006_region_policy", url=scratch_url)
    columns = {c["name"] for c in inspect(create_engine(scratch_url)).get_columns("case")}
    assert not columns & {"conclusion", "concluded_on", "timeliness", "next_due_on", "main_due_on"}
    engine.dispose()

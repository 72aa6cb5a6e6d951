"""Proof (issue 13): coordinators with known ID numbers and phones, every operation driven (see
``conftest.py``), then the database files (SQLite with its WAL; on PostgreSQL every row of every
table), the logs and every response body of a caller without ``pii:read`` — and every error body
of any caller — are searched for the clear values: zero hits.
"""

from __future__ import annotations

from typing import Any

from tests.security.conftest import Drive


def test_no_clear_id_number_or_phone_in_database_logs_or_bodies(
    drive: Drive, record_property: Any
) -> None:
    hits: dict[str, int] = {}
    bodies = seen_by_reader = 0
    for x in drive.walk + drive.own:
        if x.caller.pii and x.status < 400:
            seen_by_reader += sum(v in x.text for v in drive.known)
            continue
        bodies += 1
        for v in drive.known:
            if v in x.text:
                where = f"body: {x.caller.kind} {x.attempt.method.upper()} {x.attempt.path}"
                hits[where] = hits.get(where, 0) + 1
    for v in drive.known:
        if v in drive.logs:
            hits["logs"] = hits.get("logs", 0) + 1
        if v in drive.stored:
            hits[drive.stored_where] = hits.get(drive.stored_where, 0) + 1
    summary = {
        "values": len(drive.known),
        "hits": sum(hits.values()),
        "bodies scanned": bodies,
        "log lines": drive.logs.count("\n"),
        f"{drive.stored_where} (characters)": len(drive.stored),
    }
    record_property("pii_scan", str(summary))
    print(f"\npii scan: {summary}")
    assert hits == {}
    # The scan can see: the values reached the callers allowed to read them, the masked forms
    # are in the store it read, and the logs were captured.
    assert seen_by_reader > 0 and drive.counts["masked in store"] == 1
    assert summary["log lines"] > 100

"""Migration 0007_security on a database with data, on SQLite and (in CI's second pass) PostgreSQL:
stored idempotency answers are sealed in place (a retry still replays), change-feed entries get
the scope of their region (a deleted region's from the audit log), accounts keep working, and on
SQLite a region id deleted before the upgrade is not handed out again. Down and up again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import create_engine, text

from lrc_api.core import migrations, pii
from tests.api.test_migrations import scratch_url  # noqa: F401  (the fixture)
from tests.factories import citizen_id

NOW = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def _seed(url: str, id_number: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for rid, parent, path in ((1, None, "/1/"), (2, 1, "/1/2/"), (4, 1, "/1/4/")):
            conn.execute(
                text(
                    "INSERT INTO region (id, created_at, updated_at, version, code, name, kind, "
                    "parent_id, path) VALUES (:i, :t, :t, 1, :c, 'r', 'county', :p, :path)"
                ),
                {"i": rid, "t": NOW, "c": f"C{rid}", "p": parent, "path": path},
            )
        # Region 4 is the newest and is deleted (so SQLite would hand out 4 again); region 3 was
        # deleted long ago and is known from the audit log only.
        conn.execute(text("DELETE FROM region WHERE id = 4"))
        for rid, path in ((3, "/1/3/"), (4, "/1/4/")):
            conn.execute(
                text(
                    'INSERT INTO audit_log (at, actor, action, entity, entity_id, region_id, "before") '
                    "VALUES (:t, 'system', 'delete', 'region', :i, :i, :b)"
                ),
                {"t": NOW, "i": rid, "b": json.dumps({"id": rid, "path": path})},
            )
        for seq, rid in ((1, 2), (2, 3), (3, None)):
            conn.execute(
                text(
                    "INSERT INTO change (seq, at, entity, entity_id, op, version, region_id) "
                    "VALUES (:s, :t, 'region', 9, 'update', 1, :r)"
                ),
                {"s": seq, "t": NOW, "r": rid},
            )
        if conn.dialect.name == "postgresql":  # as if the ids had come from the sequences
            conn.execute(text("SELECT setval('region_id_seq', 4)"))
            conn.execute(text("SELECT setval('change_seq_seq', 3)"))
        response = {"id": 7, "id_number": id_number, "phone": "13906480894"}
        conn.execute(
            text(
                "INSERT INTO idempotency_record (subject, key, fingerprint, status_code, response, "
                "headers, created_at) VALUES ('alice', 'k-1', :f, 201, :r, :h, :t)"
            ),
            {
                "f": hashlib.sha256(b"POST /v1/coordinators\n{}").hexdigest(),
                "r": json.dumps(response),
                "h": json.dumps({"Location": "/v1/coordinators/7"}),
                "t": NOW,
            },
        )
        conn.execute(
            text(
                'INSERT INTO "user" (username, password_hash, role, region_id, created_at, '
                "updated_at, active, failed_logins) VALUES ('bob', 'x', 'auditor', 2, :t, :t, true, 3)"
            ),
            {"t": NOW},
        )
    engine.dispose()


def test_upgrade_seals_answers_scopes_the_feed_and_keeps_ids_unique(scratch_url: str) -> None:  # noqa: F811
    migrations.upgrade("0006_region_policy", url=scratch_url)
    id_number = citizen_id()
    _seed(scratch_url, id_number)
    migrations.upgrade("head", url=scratch_url)
    engine = create_engine(scratch_url)
    with engine.begin() as conn:
        sealed, key_hash = conn.execute(
            text("SELECT sealed, key_hash FROM idempotency_record")
        ).one()
        assert id_number not in sealed and "13906480894" not in sealed and "k-1" not in key_hash
        opened = json.loads(pii.decrypt(sealed, field="idempotency_record.response"))
        assert opened["body"]["id_number"] == id_number  # the replay still has its answer
        assert opened["headers"] == {"Location": "/v1/coordinators/7"}
        assert key_hash == pii.keyed_digest("alice\x00k-1", purpose="idempotency.key")
        scopes = dict(conn.execute(text("SELECT seq, scope FROM change")).all())
        assert scopes == {1: "/0/1/2/", 2: "/0/1/3/", 3: "/0/"}
        assert (
            conn.execute(text("SELECT token_version FROM \"user\" WHERE username = 'bob'")).scalar()
            == 1
        )
        conn.execute(
            text(
                "INSERT INTO region (created_at, updated_at, version, code, name, kind, path) "
                "VALUES (:t, :t, 1, 'NEW', 'n', 'county', '/')"
            ),
            {"t": NOW},
        )
        new_id = conn.execute(text("SELECT id FROM region WHERE code = 'NEW'")).scalar()
        assert new_id > 4, "a region id deleted before the upgrade was handed out again"
    engine.dispose()
    migrations.downgrade("0006_region_policy", url=scratch_url)
    migrations.upgrade("head", url=scratch_url)

"""Security: encrypted idempotency answers, token versions, sign-in throttle, change-feed scopes,
ids never reused

- ``idempotency_record``: the stored answer is encrypted (``sealed``), the key and fingerprint
  are keyed hashes; existing rows are converted in place (nothing is lost, nothing stays clear).
- ``user``/``api_client``: ``token_version`` (tokens die with deactivation or reset); the
  per-account lock columns give way to ``login_throttle`` (per account name and per address).
- ``change.scope``: the regions that see an entry, filled for existing entries from the region's
  path (a deleted region's from the audit log), so history reads as it did.
- ``region`` and ``assessment`` (deleted for real) get AUTOINCREMENT on SQLite, its counter set
  past every id the audit log ever saw; PostgreSQL sequences never go back already.

Downgrade restores the old shapes; stored idempotency answers are dropped then (they would
have to be decrypted into clear text), and throttle counters are lost.

Revision ID: 0007_security
Revises: 0006_region_policy
Create Date: 2026-12-01
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_security"
down_revision: str | None = "0006_region_policy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AUTOINCREMENT_TABLES = ("region", "assessment")
"""Tables whose rows are deleted for real, so SQLite must never hand out their ids again."""


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _json(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


def _seal_idempotency() -> None:
    """Rewrite every stored answer encrypted, with a hashed key (the rows are read first, the
    table is made anew with the same constraint names, and the rows go back in)."""
    from lrc_api.core import pii  # the deployment's own keys (LRC_PII_KEYS, LRC_PII_HASH_KEY)

    bind = op.get_bind()
    rows = (
        bind.execute(
            sa.text(
                "SELECT subject, key, fingerprint, status_code, response, headers, created_at "
                "FROM idempotency_record ORDER BY id"
            )
        )
        .mappings()
        .all()
    )
    op.drop_table("idempotency_record")
    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("key_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_record")),
        sa.UniqueConstraint(
            "subject", "key_hash", name=op.f("uq_idempotency_record_subject_key_hash")
        ),
    )
    with op.batch_alter_table("idempotency_record") as batch:
        batch.create_index(
            batch.f("ix_idempotency_record_created_at"), ["created_at"], unique=False
        )
    new = sa.table(
        "idempotency_record",
        *(
            sa.column(c)
            for c in ("subject", "key_hash", "fingerprint", "status_code", "sealed", "created_at")
        ),
    )
    for row in rows:
        plain = json.dumps(
            {"body": _json(row["response"]), "headers": _json(row["headers"]) or {}},
            ensure_ascii=False,
        )
        bind.execute(
            new.insert().values(
                subject=row["subject"],
                key_hash=pii.keyed_digest(
                    f"{row['subject']}\x00{row['key']}", purpose="idempotency.key"
                ),
                # Kept as it was (a SHA-256 of the request): the service still accepts it for
                # these rows, which expire within LRC_IDEMPOTENCY_HOURS of the upgrade.
                fingerprint=row["fingerprint"],
                status_code=row["status_code"],
                sealed=pii.encrypt(plain, field="idempotency_record.response"),
                created_at=row["created_at"],
            )
        )


def _region_paths() -> dict[int, str]:
    """Every region id the journal names, with its path (a deleted one's from its audit entry)."""
    bind = op.get_bind()
    paths: dict[int, str] = {
        int(i): p for i, p in bind.execute(sa.text("SELECT id, path FROM region")).all()
    }
    deleted = bind.execute(
        sa.text(
            "SELECT entity_id, \"before\" FROM audit_log "
            "WHERE entity = 'region' AND action = 'delete' ORDER BY id"
        )
    ).all()
    for region_id, before in deleted:
        path = (_json(before) or {}).get("path") if before is not None else None
        if isinstance(path, str) and int(region_id) not in paths:
            paths[int(region_id)] = path
    return paths


def _fill_change_scopes() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("change") as batch:
        batch.add_column(
            sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=420), nullable=True)
        )
    paths = _region_paths()
    ids = [r for (r,) in bind.execute(sa.text("SELECT DISTINCT region_id FROM change")).all()]
    for region_id in ids:
        if region_id is None:
            bind.execute(sa.text("UPDATE change SET scope = '/0/' WHERE region_id IS NULL"))
            continue
        scope = "/0" + paths.get(int(region_id), f"/{region_id}/")
        bind.execute(
            sa.text("UPDATE change SET scope = :s WHERE region_id = :r"),
            {"s": scope, "r": region_id},
        )
    with op.batch_alter_table("change") as batch:
        batch.alter_column(
            "scope", existing_type=sqlmodel.sql.sqltypes.AutoString(length=420), nullable=False
        )


def _never_reuse_ids(autoincrement: bool) -> None:
    """SQLite: rebuild the tables with (or without) AUTOINCREMENT; set its counter past every id
    the journal ever named, so even an id deleted before this migration is not handed out."""
    if not _is_sqlite():
        return
    bind = op.get_bind()
    for table in _AUTOINCREMENT_TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
        if not autoincrement:
            continue
        seen = bind.execute(
            sa.text(
                f"SELECT max(m) FROM (SELECT max(id) AS m FROM {table} UNION ALL "  # noqa: S608
                "SELECT max(entity_id) FROM audit_log WHERE entity = :t UNION ALL "
                "SELECT max(entity_id) FROM change WHERE entity = :t)"
            ),
            {"t": table},
        ).scalar()
        if seen:
            bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": table})
            bind.execute(
                sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :s)"),
                {"t": table, "s": int(seen)},
            )


def upgrade() -> None:
    """Apply this revision."""
    for table in ("user", "api_client"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("token_version", sa.Integer(), nullable=False, server_default="1")
            )
        with op.batch_alter_table(table) as batch:
            batch.alter_column("token_version", server_default=None)
            batch.drop_column("failed_logins")
            batch.drop_column("locked_until")
            batch.drop_column("last_failed_at")
    op.create_table(
        "login_throttle",
        sa.Column("key_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("login_throttle") as batch:
        batch.create_index(batch.f("ix_login_throttle_updated_at"), ["updated_at"], unique=False)
    _seal_idempotency()
    _fill_change_scopes()
    _never_reuse_ids(True)


def downgrade() -> None:
    """Revert this revision (stored idempotency answers and throttle counters are dropped)."""
    _never_reuse_ids(False)
    with op.batch_alter_table("change") as batch:
        batch.drop_column("scope")
    op.drop_table("idempotency_record")
    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_record")),
        sa.UniqueConstraint("subject", "key", name=op.f("uq_idempotency_record_subject_key")),
    )
    with op.batch_alter_table("login_throttle") as batch:
        batch.drop_index(batch.f("ix_login_throttle_updated_at"))
    op.drop_table("login_throttle")
    for table in ("user", "api_client"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
            )
            batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
            batch.add_column(
                sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True)
            )
            batch.drop_column("token_version")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("failed_logins", server_default=None)

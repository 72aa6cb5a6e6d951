"""Writing an import's plan: its own row, new coordinators in bulk, updates, then the scores.

New records (coordinators, base scores, activities) are inserted a batch at a time and audited in
one INSERT (``unit_of_work.record_created``, request id ``import:<id>``): building an ORM object
for each of 20,000 rows would cost more than writing them. Updates of stored records go one by
one through the domains' own audited updates, as a PATCH would.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from pydantic_core import to_jsonable_python
from sqlalchemy import Table, func, insert, text
from sqlmodel import Session, col, select

from lrc_api.activities.models import Activity
from lrc_api.assessments.models import Assessment
from lrc_api.coordinators import service as coordinators
from lrc_api.coordinators.models import Coordinator
from lrc_api.coordinators.schemas import CoordinatorUpdate
from lrc_api.core.concurrency import IfMatch
from lrc_api.core.models import today, utcnow
from lrc_api.core.principal import Principal
from lrc_api.core.unit_of_work import audited_update, record_created, soft_delete
from lrc_api.imports.models import ImportBatch
from lrc_api.imports.parse import Place
from lrc_rules.policies import Policy
from lrc_rules.scoring import quarter_bounds

if TYPE_CHECKING:
    from lrc_api.imports.service import ImportOptions, Planned, Progress

BATCH = 2_000
"""Rows per INSERT."""

ANALYZE_AFTER = 1_000
"""New coordinators from which an import refreshes PostgreSQL's table statistics."""


def _source(file_name: str, place: Place) -> str:
    return f"{file_name[:120]} {place.sheet[:60]}!{place.cell}"[:300]


def _insert(
    session: Session,
    principal: Principal,
    table: Table,
    entity: str,
    rows: list[dict[str, Any]],
    key: tuple[str, ...],
    where: Any,
    tag: str,
) -> list[int]:
    """Insert ``rows``, audit them, and return their ids in the order of ``rows``.

    The rows go in as plain batched INSERTs — several times faster than INSERT … RETURNING
    through SQLAlchemy's insertmanyvalues on both databases — and their ids are read back with
    the ``key`` columns (``where`` picks this import's rows) and matched on them; rows with
    equal keys are equal rows, so any of their ids will do.
    """
    if not rows:
        return []
    for start in range(0, len(rows), BATCH):
        session.execute(insert(table), rows[start : start + BATCH])
    waiting: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for new_id, *values in session.execute(
        select(table.c.id, *(table.c[k] for k in key)).where(where)
    ):
        waiting[tuple(values)].append(int(new_id))
    ids = [waiting[tuple(row[k] for k in key)].pop() for row in rows]
    for start in range(0, len(rows), BATCH):
        record_created(
            session=session,
            principal=principal,
            entity=entity,
            created=[
                (i, row["region_id"], _snapshot(i, row))
                for i, row in zip(
                    ids[start : start + BATCH], rows[start : start + BATCH], strict=True
                )
            ],
            request_id=tag,
        )
    return ids


def _snapshot(record_id: int, row: dict[str, Any]) -> dict[str, Any]:
    """The record as ``unit_of_work.snapshot`` shows it: JSON, no cipher texts or hashes."""
    out = {k: v for k, v in row.items() if not k.endswith(("_encrypted", "_hash"))}
    out["id"] = record_id
    return to_jsonable_python(out)  # type: ignore[no-any-return]


def write_plan(
    session: Session,
    principal: Principal,
    planned: list[Planned],
    region_id: int,
    year: int | None,
    policy: Policy,
    options: ImportOptions,
    fmt: str,
    content: bytes,
    report: dict[str, Any],
    progress: Progress | None,
) -> ImportBatch:
    """Write the plan; returns the import's row (its id marks every record it made)."""
    batch = ImportBatch(
        kind="coordinators",
        region_id=region_id,
        year=year,
        file_name=options.file_name[:255],
        file_sha256=report["file"]["sha256"],
        file_bytes=len(content),
        file_format=fmt,
        layout="+".join(sorted({s["layout"] for s in report["file"]["sheets"]})),
        on_conflict=options.on_conflict,
        partial=options.partial,
        actor=principal.subject,
    )
    session.add(batch)
    session.flush()
    tag = f"import:{batch.id}"
    total = len(planned)
    creates = [p for p in planned if p.action == "create"]
    now = utcnow()
    rows = []
    for i, item in enumerate(creates):
        if progress and i % 500 == 0:
            progress("writing", i, total)
        data = item.candidate.data
        values = data.model_dump(exclude={"id_number", "phone", "certificates"})
        values.update(coordinators.identity_columns(data.id_number, data.phone))
        values.update(
            certificates=[],
            status="active",
            left_on=None,
            deleted_at=None,
            version=1,
            created_at=now,
            updated_at=now,
        )
        rows.append(values)
    table: Table = Coordinator.__table__  # type: ignore[attr-defined]
    # The new rows are those above the highest id before the insert; a row another writer adds
    # meanwhile has another ID number (the same one would break the unique index), so it
    # matches no key.
    before = session.scalar(select(func.max(Coordinator.id))) or 0
    new_ids = _insert(
        session,
        principal,
        table,
        "coordinator",
        rows,
        ("id_number_hash",),
        col(Coordinator.id) > before,
        tag,
    )
    for item, new_id in zip(creates, new_ids, strict=True):
        item.coordinator_id, item.region_id = new_id, region_id
    for item in planned:
        if item.action == "update" and item.changes:
            assert item.coordinator_id is not None and item.version is not None
            updated = coordinators.update_coordinator(
                session=session,
                principal=principal,
                coordinator_id=item.coordinator_id,
                expected=IfMatch.exact(item.version),
                data=CoordinatorUpdate(**item.changes),
            )
            item.region_id = updated.region_id
    if progress:
        progress("writing", len(creates), total)
    if year is not None:
        _write_scores(session, principal, planned, batch, year, options.file_name, tag)
    if len(creates) >= ANALYZE_AFTER and session.get_bind().dialect.name == "postgresql":
        # After a bulk load PostgreSQL's planner still thinks the tables small (it would scan
        # 20,000 rows for each look-up by hash until autovacuum gets round to it).
        session.execute(text("ANALYZE coordinator, assessment, activity"))
    if progress:
        progress("writing", total, total)
    return batch


def _write_scores(
    session: Session,
    principal: Principal,
    planned: list[Planned],
    batch: ImportBatch,
    year: int,
    file_name: str,
    tag: str,
) -> None:
    """Assessments and imported activities, so the ledger read back shows the file's figures."""
    now, day = utcnow(), today()
    assessments: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    base_row = {"version": 1, "created_at": now, "updated_at": now, "import_id": batch.id}
    for item in planned:
        plan = item.scores
        if not plan or item.action not in ("create", "update") or item.coordinator_id is None:
            continue
        cid, region_id = item.coordinator_id, item.region_id
        stored = {}
        if item.action == "update":
            stmt = select(Assessment).where(
                Assessment.coordinator_id == cid, Assessment.year == year
            )
            stored = {a.quarter: a for a in session.exec(stmt)}
        for quarter, base, place in plan.assessments:
            source = _source(file_name, place)
            old = stored.get(quarter)
            if old is not None:
                changes = {"base_score": base, "assessor": principal.subject}
                audited_update(
                    session=session,
                    principal=principal,
                    row=old,
                    expected=IfMatch.exact(old.version),
                    changes={**changes, "import_id": batch.id, "source": source},
                    entity="assessment",
                )
                continue
            assessments.append(
                {
                    **base_row,
                    "coordinator_id": cid,
                    "region_id": region_id,
                    "year": year,
                    "quarter": quarter,
                    "base_score": base,
                    "assessor": principal.subject,
                    "note": None,
                    "source": source,
                }
            )
        if plan.withdraw:
            stmt = select(Activity).where(col(Activity.id).in_(plan.withdraw))
            for old_activity in session.exec(stmt).all():
                if old_activity.deleted_at is None:
                    soft_delete(
                        session=session,
                        principal=principal,
                        row=old_activity,
                        expected=IfMatch.exact(old_activity.version),
                        entity="activity",
                    )
        params = {q.quarter: q.params for q in item.quarters}
        for quarter, kind, count, place in plan.add:
            _, end = quarter_bounds(year, quarter)
            activity = {
                **base_row,
                "coordinator_id": cid,
                "region_id": region_id,
                "kind": kind,
                "occurred_on": min(end, day),
                "media_level": params[quarter].min_media_level if kind == "publication" else None,
                "case_id": None,
                "enterprise_id": None,
                "target_coordinator_id": None,
                "days": None,
                "description": f"导入台账 {place.header} 第{quarter}季度",
                "evidence": [
                    {
                        "name": f"台账导入 {file_name[:150]}",
                        "uri": f"urn:lrc:import:{batch.id}:{place.cell}",
                        "sha256": batch.file_sha256,
                    }
                ],
                "review": "approved",
                "reviewer": tag,
                "reviewed_at": now,
                "review_reason": None,
                "created_by": principal.subject,
                "deleted_at": None,
                "source": _source(file_name, place),
            }
            activities.extend(dict(activity) for _ in range(count))
    mine = Assessment.import_id == batch.id
    key = ("coordinator_id", "year", "quarter")
    _insert(session, principal, Assessment.__table__, "assessment", assessments, key, mine, tag)  # type: ignore[attr-defined]
    mine = (Activity.import_id == batch.id) & col(Activity.deleted_at).is_(None)
    key = ("coordinator_id", "kind", "source")
    _insert(session, principal, Activity.__table__, "activity", activities, key, mine, tag)  # type: ignore[attr-defined]

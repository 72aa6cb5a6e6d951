"""Writing an import's plan: its own row, new coordinators in bulk, updates, then the scores.

Every record goes through the unit of work (audit log and change feed, request id
``import:<id>``); new coordinators and the score records are inserted in batches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from lrc_api.activities.models import Activity
from lrc_api.assessments.models import Assessment
from lrc_api.coordinators import service as coordinators
from lrc_api.coordinators.models import Coordinator
from lrc_api.coordinators.schemas import CoordinatorUpdate
from lrc_api.core.models import today, utcnow
from lrc_api.core.principal import Principal
from lrc_api.core.unit_of_work import audited_update, record, snapshot, soft_delete
from lrc_api.imports.models import ImportBatch
from lrc_api.imports.parse import Place
from lrc_rules.policies import Policy
from lrc_rules.scoring import quarter_bounds

if TYPE_CHECKING:
    from lrc_api.imports.service import ImportOptions, Planned, Progress


def _source(file_name: str, place: Place) -> str:
    return f"{file_name[:120]} {place.sheet[:60]}!{place.cell}"[:300]


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
    """Write the plan: the import's own row, new coordinators in bulk, updates, then scores."""
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
    rows = []
    for i, item in enumerate(creates):
        if progress and i % 500 == 0:
            progress("writing", i, total)
        data = item.candidate.data
        values = data.model_dump(exclude={"id_number", "phone", "certificates"})
        values.update(coordinators.identity_columns(data.id_number, data.phone))
        item.coordinator = Coordinator(**values, certificates=[], status="active")
        rows.append(item.coordinator)
    session.add_all(rows)
    session.flush()  # one batch of INSERTs for all the new coordinators
    for row in rows:
        record(
            session=session,
            principal=principal,
            action="create",
            entity="coordinator",
            entity_id=row.id,  # type: ignore[arg-type]
            version=row.version,
            region_id=row.region_id,
            before=None,
            after=snapshot(row),
            request_id=tag,
        )
    for item in planned:
        if item.action == "update" and item.changes:
            assert item.coordinator is not None and item.coordinator.id is not None
            item.coordinator = coordinators.update_coordinator(
                session=session,
                principal=principal,
                coordinator_id=item.coordinator.id,
                expected_version=item.coordinator.version,
                data=CoordinatorUpdate(**item.changes),
            )
    if progress:
        progress("writing", len(creates), total)
    if year is not None:
        _write_scores(session, principal, planned, batch, year, policy, options.file_name, tag)
    if progress:
        progress("writing", total, total)
    return batch


def _write_scores(
    session: Session,
    principal: Principal,
    planned: list[Planned],
    batch: ImportBatch,
    year: int,
    policy: Policy,
    file_name: str,
    tag: str,
) -> None:
    """Assessments and imported activities, so the ledger read back shows the file's figures."""
    now, day = utcnow(), today()
    new_rows: list[Any] = []
    for item in planned:
        plan, row = item.scores, item.coordinator
        if not plan or item.action not in ("create", "update") or row is None:
            continue
        assert row.id is not None
        stored = (
            {
                a.quarter: a
                for a in session.exec(
                    select(Assessment).where(
                        Assessment.coordinator_id == row.id, Assessment.year == year
                    )
                )
            }
            if item.action == "update"
            else {}
        )
        for quarter, base, place in plan.assessments:
            source = _source(file_name, place)
            old = stored.get(quarter)
            if old is not None:
                audited_update(
                    session=session,
                    principal=principal,
                    row=old,
                    expected_version=old.version,
                    changes={
                        "base_score": base,
                        "assessor": principal.subject,
                        "import_id": batch.id,
                        "source": source,
                    },
                    entity="assessment",
                )
                continue
            new_rows.append(
                Assessment(
                    coordinator_id=row.id,
                    region_id=row.region_id,
                    year=year,
                    quarter=quarter,
                    base_score=base,
                    assessor=principal.subject,
                    import_id=batch.id,
                    source=source,
                )
            )
        for activity_id in plan.withdraw:
            old_activity = session.get(Activity, activity_id)
            if old_activity is not None and old_activity.deleted_at is None:
                soft_delete(
                    session=session,
                    principal=principal,
                    row=old_activity,
                    expected_version=old_activity.version,
                    entity="activity",
                )
        quarters = {q.quarter: q for q in item.quarters}
        for quarter, kind, count, place in plan.add:
            params = quarters[quarter].params
            _, end = quarter_bounds(year, quarter)
            source = _source(file_name, place)
            evidence = [
                {
                    "name": f"台账导入 {file_name[:150]}",
                    "uri": f"urn:lrc:import:{batch.id}:{place.cell}",
                    "sha256": batch.file_sha256,
                }
            ]
            for _ in range(count):
                new_rows.append(
                    Activity(
                        coordinator_id=row.id,
                        region_id=row.region_id,
                        kind=kind,
                        occurred_on=min(end, day),
                        media_level=params.min_media_level if kind == "publication" else None,
                        description=f"导入台账 {place.header} 第{quarter}季度",
                        evidence=evidence,
                        review="approved",
                        reviewer=tag,
                        reviewed_at=now,
                        created_by=principal.subject,
                        import_id=batch.id,
                        source=source,
                    )
                )
    session.add_all(new_rows)
    session.flush()
    for new in new_rows:
        record(
            session=session,
            principal=principal,
            action="create",
            entity="assessment" if isinstance(new, Assessment) else "activity",
            entity_id=new.id,
            version=new.version,
            region_id=new.region_id,
            before=None,
            after=snapshot(new),
            request_id=tag,
        )

"""Queries and writes of coordinators (no HTTP; never commits).

ID numbers and phones are validated with ``lrc_rules.identifiers``, stored encrypted
(``lrc_api.core.pii``) with a keyed hash for exact look-up and a masked copy for lists, and
decrypted only for callers holding ``pii:read``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import event, update
from sqlmodel import Session, col, select

from lrc_api.coordinators.models import Coordinator
from lrc_api.coordinators.schemas import CoordinatorCreate, CoordinatorRead, CoordinatorUpdate
from lrc_api.core import accounts, pii
from lrc_api.core.concurrency import IfMatch, conditional_update
from lrc_api.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from lrc_api.core.models import today, utcnow
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region, owned_tables
from lrc_api.core.scope import (
    apply_coordinator_scope,
    apply_scope,
    in_scope,
    own_coordinator_only,
    require_own_coordinator,
    require_visible,
    require_writable_region,
)
from lrc_api.core.unit_of_work import record, record_move, snapshot, soft_delete
from lrc_api.enterprises.models import Enterprise
from lrc_rules.identifiers import validate_citizen_id, validate_mobile
from lrc_rules.work_time import completed_years

ID_FIELD = "coordinator.id_number"
PHONE_FIELD = "coordinator.phone"

SORTABLE = {"id": Coordinator.id, "name": Coordinator.name, "created_at": Coordinator.created_at}
"""Fields a coordinator list can be sorted by."""


def _id_columns(value: str) -> dict[str, str]:
    check = validate_citizen_id(value, today())
    if not check.valid or check.normalized is None:
        raise InvalidInput.on("id_number", check.message, rule="GB 11643-1999")
    normalized = check.normalized
    return {
        "id_number_encrypted": pii.encrypt(normalized, field=ID_FIELD),
        "id_number_hash": pii.lookup_hash(normalized, field=ID_FIELD),
        "id_number_masked": check.masked,
    }


def _phone_columns(value: str | None) -> dict[str, str | None]:
    if value is None:
        return {"phone_encrypted": None, "phone_hash": None, "phone_masked": None}
    check = validate_mobile(value)
    if not check.valid or check.normalized is None:
        raise InvalidInput.on("phone", check.message)
    return {
        "phone_encrypted": pii.encrypt(check.normalized, field=PHONE_FIELD),
        "phone_hash": pii.lookup_hash(check.normalized, field=PHONE_FIELD),
        "phone_masked": check.masked,
    }


def identity_columns(id_number: str, phone: str | None) -> dict[str, str | None]:
    """The stored columns of an ID number and a phone: cipher text, look-up hash, mask.

    Raises InvalidInput naming ``id_number`` or ``phone`` when one is not valid.
    """
    return {**_id_columns(id_number), **_phone_columns(phone)}


def _check_dates(values: dict[str, Any]) -> None:
    now = today()
    for field in ("labor_work_started_on", "joined_on", "left_on"):
        value = values.get(field)
        if value is not None and value > now:
            raise InvalidInput.on(field, "cannot be in the future")
    for i, cert in enumerate(values.get("certificates") or []):
        obtained = cert["obtained_on"] if isinstance(cert, dict) else cert.obtained_on
        if isinstance(obtained, str):
            obtained = dt.date.fromisoformat(obtained)
        if obtained > now:
            raise InvalidInput.on(f"certificates[{i}].obtained_on", "cannot be in the future")
    joined, left = values.get("joined_on"), values.get("left_on")
    if joined is not None and left is not None and left < joined:
        raise InvalidInput.on("left_on", "cannot be before joined_on")
    if values.get("status") == "left" and left is None:
        raise InvalidInput.on("left_on", "is required when status is left")
    if values.get("status") == "active" and left is not None:
        raise InvalidInput.on("left_on", "must be empty while the coordinator is active")


def _check_enterprise(session: Session, principal: Principal, enterprise_id: int | None) -> None:
    if enterprise_id is None:
        return
    ent = session.get(Enterprise, enterprise_id)
    if ent is None or ent.deleted_at is not None or not in_scope(session, principal, ent.region_id):
        raise InvalidInput.on("enterprise_id", f"unknown enterprise {enterprise_id}")


def _check_unique_active(
    session: Session, principal: Principal, id_hash: str, except_id: int | None = None
) -> None:
    clash = session.exec(
        select(Coordinator.id, Coordinator.region_id).where(
            Coordinator.id_number_hash == id_hash,
            Coordinator.status == "active",
            col(Coordinator.deleted_at).is_(None),
        )
    ).first()
    if clash is None or clash[0] == except_id:
        return
    if in_scope(session, principal, clash[1]) and not own_coordinator_only(principal):
        raise Conflict(
            f"id_number: an active coordinator with this ID number already exists (id {clash[0]})"
        )
    # One active record per person across the deployment; a record outside the caller's
    # subtree is neither named nor numbered.
    raise Conflict(
        "id_number: this person is already an active coordinator outside your region; "
        "that region must record them as left first"
    )


def to_read(row: Coordinator, principal: Principal) -> CoordinatorRead:
    """The response model: personal data decrypted only for principals with ``pii:read``."""
    unmasked = principal.can("pii:read")
    if unmasked:
        id_number = pii.decrypt(row.id_number_encrypted, field=ID_FIELD)
        phone = pii.decrypt(row.phone_encrypted, field=PHONE_FIELD) if row.phone_encrypted else None
    else:
        id_number, phone = row.id_number_masked, row.phone_masked
    return CoordinatorRead(
        id=row.id,  # type: ignore[arg-type]
        region_id=row.region_id,
        enterprise_id=row.enterprise_id,
        name=row.name,
        id_number=id_number,
        phone=phone,
        pii_masked=not unmasked,
        coordinator_type=row.coordinator_type,  # type: ignore[arg-type]
        employment_identity=row.employment_identity,  # type: ignore[arg-type]
        education_level=row.education_level,  # type: ignore[arg-type]
        education_status=row.education_status,
        major_related=row.major_related,
        work_unit=row.work_unit,
        post=row.post,
        labor_work_started_on=row.labor_work_started_on,
        labor_work_years=completed_years(row.labor_work_started_on, today()),
        certificates=row.certificates,  # type: ignore[arg-type]
        status=row.status,  # type: ignore[arg-type]
        joined_on=row.joined_on,
        left_on=row.left_on,
        note=row.note,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def get(*, session: Session, principal: Principal, coordinator_id: int) -> Coordinator:
    """A coordinator the principal may see (404 otherwise, and for deleted ones)."""
    row = session.get(Coordinator, coordinator_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"coordinator {coordinator_id} not found")
    require_own_coordinator(principal, coordinator_id, f"coordinator {coordinator_id}")
    require_visible(session, principal, row.region_id, f"coordinator {coordinator_id}")
    return row


def list_coordinators(
    *,
    session: Session,
    principal: Principal,
    filters: dict[str, Any],
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[Coordinator], str | None]:
    """Coordinators in the principal's subtree matching the filters, one page."""
    stmt = select(Coordinator).where(col(Coordinator.deleted_at).is_(None))
    stmt = apply_scope(session, principal, stmt, Coordinator.region_id)
    stmt = apply_coordinator_scope(principal, stmt, Coordinator.id)
    for field in (
        "region_id",
        "enterprise_id",
        "coordinator_type",
        "status",
        "education_level",
        "employment_identity",
    ):
        if filters.get(field) is not None:
            stmt = stmt.where(getattr(Coordinator, field) == filters[field])
    if filters.get("name"):
        stmt = stmt.where(col(Coordinator.name).contains(filters["name"]))
    if filters.get("id_number"):
        if not principal.can("pii:read"):
            raise Forbidden("searching by id_number needs the pii:read scope")
        wanted = pii.lookup_hash(filters["id_number"], field=ID_FIELD)
        stmt = stmt.where(Coordinator.id_number_hash == wanted)
    if filters.get("phone"):
        if not principal.can("pii:read"):
            raise Forbidden("searching by phone needs the pii:read scope")
        stmt = stmt.where(
            Coordinator.phone_hash == pii.lookup_hash(filters["phone"], field=PHONE_FIELD)
        )
    spec = parse_sort(sort, SORTABLE, "id")
    return paginate(session, stmt, spec=spec, id_column=Coordinator.id, limit=limit, cursor=cursor)


def create(*, session: Session, principal: Principal, data: CoordinatorCreate) -> Coordinator:
    """Add a coordinator to the ledger of a region in the principal's subtree."""
    require_writable_region(session, principal, data.region_id)
    values = data.model_dump(mode="python")
    _check_dates(values)
    _check_enterprise(session, principal, data.enterprise_id)
    id_cols = _id_columns(data.id_number)
    _check_unique_active(session, principal, id_cols["id_number_hash"])
    values.pop("id_number")
    values.update(id_cols)
    values.update(_phone_columns(values.pop("phone")))
    values["certificates"] = [c.model_dump(mode="json") for c in data.certificates]
    row = Coordinator(**values, status="active")
    session.add(row)
    session.flush()
    record(
        session=session,
        principal=principal,
        action="create",
        entity="coordinator",
        entity_id=row.id,
        version=row.version,
        region_id=row.region_id,  # type: ignore[arg-type]
        before=None,
        after=snapshot(row),
    )
    return row


def update_coordinator(
    *,
    session: Session,
    principal: Principal,
    coordinator_id: int,
    expected: IfMatch,
    data: CoordinatorUpdate,
) -> Coordinator:
    """Change a ledger row (If-Match); a new ID number or phone is validated and re-encrypted."""
    row = get(session=session, principal=principal, coordinator_id=coordinator_id)
    if own_coordinator_only(principal):
        raise Forbidden("a coordinator cannot change the ledger; ask your region's admin")
    changes: dict[str, Any] = data.model_dump(exclude_unset=True, mode="python")
    for field in (
        "region_id",
        "name",
        "id_number",
        "coordinator_type",
        "employment_identity",
        "education_level",
        "education_status",
        "major_related",
        "work_unit",
        "status",
    ):
        if field in changes and changes[field] is None:
            raise InvalidInput.on(field, "cannot be null")
    if "region_id" in changes:
        require_writable_region(session, principal, changes["region_id"])
    if "enterprise_id" in changes:
        _check_enterprise(session, principal, changes["enterprise_id"])
    if "certificates" in changes:
        changes["certificates"] = [c.model_dump(mode="json") for c in data.certificates or []]
    merged = {**row.model_dump(), **changes}
    if changes.get("status") == "active" and "left_on" not in changes:
        merged["left_on"] = changes["left_on"] = None
    _check_dates(merged)
    if "id_number" in changes:
        changes.update(_id_columns(changes.pop("id_number")))
    if "phone" in changes:
        changes.update(_phone_columns(changes.pop("phone")))
    becomes_active = merged["status"] == "active"
    if becomes_active:
        _check_unique_active(
            session,
            principal,
            changes.get("id_number_hash", row.id_number_hash),
            except_id=row.id,
        )
    before = snapshot(row)
    old_region = row.region_id
    conditional_update(session, row, expected=expected, changes=changes)
    if row.region_id != old_region:
        _move(session, principal, row, old_region)
    record(
        session=session,
        principal=principal,
        action="update",
        entity="coordinator",
        entity_id=coordinator_id,
        version=row.version,
        region_id=row.region_id,
        before=before,
        after=snapshot(row),
    )
    return row


def _move(session: Session, principal: Principal, row: Coordinator, old_region: int) -> None:
    """A coordinator moved to another region: its activities and assessments move with it.

    They carry their coordinator's region so scoping stays one column. The change feed tells
    both sides (``unit_of_work.record_move``): the regions that lose the coordinator get a
    removal of it and of each record that went with it, those that gain it a creation; every
    moved record also gets its update (new region, new version) for the regions on both sides.
    """
    old_path = _path(session, old_region)
    new_path = _path(session, row.region_id)
    items = [(row.id or 0, row.version, old_region, row.region_id)]
    record_move(
        session=session, entity="coordinator", items=items, old_path=old_path, new_path=new_path
    )
    for table in owned_tables("coordinator_id"):
        owned = table.c.coordinator_id == row.id
        if "version" not in table.c:
            _follow_unversioned(session, table, owned, row.region_id)
            continue
        live = owned if "deleted_at" not in table.c else owned & table.c.deleted_at.is_(None)
        moved = session.execute(select(table.c.id, table.c.version).where(live)).all()
        session.execute(
            update(table)
            .where(owned)
            .values(region_id=row.region_id, version=table.c.version + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        record_move(
            session=session,
            entity=table.name,
            items=[(i, v + 1, old_region, row.region_id) for i, v in moved],
            old_path=old_path,
            new_path=new_path,
        )
        for i, v in moved:
            record(
                session=session,
                principal=principal,
                action="move",
                entity=table.name,
                entity_id=i,
                version=v + 1,
                region_id=row.region_id,
                before={"region_id": old_region, "version": v},
                after={"region_id": row.region_id, "version": v + 1, "coordinator_id": row.id},
            )


def _follow_unversioned(session: Session, table: Any, owned: Any, region_id: int) -> None:
    # Rows that are not records of the feed, such as the coordinator's own sign-in account:
    # they follow too, and an account's tokens (which name the old region) end with the move.
    values: dict[str, Any] = {"region_id": region_id}
    if "token_version" in table.c:
        values["token_version"] = table.c.token_version + 1
        event.listen(session, "after_commit", lambda _s: accounts.forget_all(), once=True)
    session.execute(
        update(table).where(owned).values(**values).execution_options(synchronize_session=False)
    )


def _path(session: Session, region_id: int) -> str:
    region = session.get(Region, region_id)
    return region.path if region is not None else f"/{region_id}/"


def delete(
    *, session: Session, principal: Principal, coordinator_id: int, expected: IfMatch
) -> None:
    """Soft-delete a ledger row: it leaves lists but stays for history and audit."""
    row = get(session=session, principal=principal, coordinator_id=coordinator_id)
    if own_coordinator_only(principal):
        raise Forbidden("a coordinator cannot delete ledger rows")
    expected.require(row.version, "coordinator")
    soft_delete(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        entity="coordinator",
    )

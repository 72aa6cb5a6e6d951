"""Queries and writes of staffing bases (人员配备依据; no HTTP, never commits).

A basis belongs to one park, township or sub-district (the units 闵人社发〔2023〕55号 二(一)3 and
浙人社发〔2023〕18号 二(一) speak of) and holds from ``effective_from`` until a later one: the district
adjusts the approved headcount over time (动态调整), and the history stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lrc_api.core.concurrency import IfMatch
from lrc_api.core.errors import Conflict, InvalidInput, NotFound
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import apply_scope, require_visible, require_writable_region
from lrc_api.core.unit_of_work import audited_update, record, snapshot
from lrc_api.staffing.models import StaffingBasis
from lrc_api.staffing.schemas import StaffingBasisCreate, StaffingBasisUpdate
from lrc_rules.staffing import AREA_KINDS

SORTABLE = {
    "id": StaffingBasis.id,
    "effective_from": StaffingBasis.effective_from,
    "created_at": StaffingBasis.created_at,
}
"""Fields a staffing-basis list can be sorted by."""


def _check_region(session: Session, principal: Principal, region_id: int) -> Region:
    region = require_writable_region(session, principal, region_id)
    if region.kind not in AREA_KINDS:
        raise InvalidInput.on(
            "region_id",
            f"region {region_id} is a {region.kind}: a staffing basis belongs to a park, township "
            "or sub-district (闵人社发〔2023〕55号 二(一)3; 浙人社发〔2023〕18号 二(一))",
        )
    return region


def _clash(session: Session, region_id: int, day: Any, except_id: int | None = None) -> None:
    found = session.exec(
        select(StaffingBasis.id).where(
            StaffingBasis.region_id == region_id, StaffingBasis.effective_from == day
        )
    ).first()
    if found is not None and found != except_id:
        raise Conflict(
            f"effective_from: region {region_id} already has a staffing basis from {day} "
            f"(id {found}); change that one instead"
        )


def get(*, session: Session, principal: Principal, basis_id: int) -> StaffingBasis:
    """A staffing basis the principal may see (404 otherwise)."""
    row = session.get(StaffingBasis, basis_id)
    if row is None:
        raise NotFound(f"staffing basis {basis_id} not found")
    require_visible(session, principal, row.region_id, f"staffing basis {basis_id}")
    return row


def list_bases(
    *,
    session: Session,
    principal: Principal,
    region_id: int | None,
    within: int | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[StaffingBasis], str | None]:
    """Staffing bases in the principal's subtree, of one region or a subtree, one page."""
    stmt = apply_scope(session, principal, select(StaffingBasis), StaffingBasis.region_id)
    if region_id is not None:
        stmt = stmt.where(StaffingBasis.region_id == region_id)
    if within is not None:
        root = session.get(Region, within)
        subtree = select(Region.id).where(
            col(Region.path).startswith(root.path if root else "/none/")
        )
        stmt = stmt.where(col(StaffingBasis.region_id).in_(subtree))
    spec = parse_sort(sort, SORTABLE, "id")
    return paginate(
        session, stmt, spec=spec, id_column=StaffingBasis.id, limit=limit, cursor=cursor
    )


def create(*, session: Session, principal: Principal, data: StaffingBasisCreate) -> StaffingBasis:
    """Record a park's or township's staffing basis from a day (one per region and day)."""
    _check_region(session, principal, data.region_id)
    _clash(session, data.region_id, data.effective_from)
    row = StaffingBasis(**data.model_dump(), created_by=principal.subject)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # A parallel request stored the same day after our check; the session rolls back.
        raise Conflict(
            f"effective_from: region {data.region_id} already has a staffing basis from "
            f"{data.effective_from}"
        ) from None
    record(
        session=session,
        principal=principal,
        action="create",
        entity="staffing_basis",
        entity_id=row.id,  # type: ignore[arg-type]
        version=row.version,
        region_id=row.region_id,
        before=None,
        after=snapshot(row),
    )
    return row


def update_basis(
    *,
    session: Session,
    principal: Principal,
    basis_id: int,
    expected: IfMatch,
    data: StaffingBasisUpdate,
) -> StaffingBasis:
    """Change a staffing basis (If-Match: 412 when stale)."""
    row = get(session=session, principal=principal, basis_id=basis_id)
    expected.require(row.version, "staffing basis")
    require_writable_region(session, principal, row.region_id)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    if "effective_from" in changes:
        if changes["effective_from"] is None:
            raise InvalidInput.on("effective_from", "cannot be null")
        _clash(session, row.region_id, changes["effective_from"], except_id=row.id)
    audited_update(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        changes=changes,
        entity="staffing_basis",
    )
    return row


def delete(*, session: Session, principal: Principal, basis_id: int, expected: IfMatch) -> None:
    """Delete a staffing basis (If-Match); the audit log keeps what it said."""
    row = get(session=session, principal=principal, basis_id=basis_id)
    expected_version = expected.require(row.version, "staffing basis")
    require_writable_region(session, principal, row.region_id)
    before = snapshot(row)
    session.delete(row)
    session.flush()
    record(
        session=session,
        principal=principal,
        action="delete",
        entity="staffing_basis",
        entity_id=basis_id,
        version=expected_version + 1,
        region_id=before["region_id"],
        before=before,
        after=None,
    )

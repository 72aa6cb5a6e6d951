"""Queries and writes of enterprises (no HTTP; never commits)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from lrc_api.core.concurrency import IfMatch
from lrc_api.core.errors import Conflict, InvalidInput, NotFound
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.policies import region_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import apply_scope, in_scope, require_visible, require_writable_region
from lrc_api.core.unit_of_work import audited_update, record, record_move, snapshot, soft_delete
from lrc_api.enterprises.models import Enterprise
from lrc_api.enterprises.schemas import EnterpriseCreate, EnterpriseUpdate
from lrc_rules import enterprise_size
from lrc_rules.errors import RuleInputError
from lrc_rules.identifiers import validate_uscc

SORTABLE = {
    "id": Enterprise.id,
    "name": Enterprise.name,
    "uscc": Enterprise.uscc,
    "created_at": Enterprise.created_at,
}
"""Fields an enterprise list can be sorted by."""


def size_class(
    session: Session,
    region_id: int,
    industry: str,
    employees: int | None,
    revenue: float | None,
    assets: float | None,
) -> str | None:
    """The size class from lrc_rules under the region's pack, or None while an indicator the
    industry needs is missing."""
    policy = region_policy(session, region_id)
    if industry not in enterprise_size.industries(policy):
        raise InvalidInput.on(
            "industry",
            f"unknown industry {industry!r}; one of {', '.join(enterprise_size.industries(policy))}",
        )
    try:
        return enterprise_size.classify(
            enterprise_size.EnterpriseMetrics(industry, employees, revenue, assets), policy
        ).size
    except RuleInputError:
        return None


def _validated_uscc(value: str) -> str:
    check = validate_uscc(value)
    if not check.valid or check.normalized is None:
        raise InvalidInput.on("uscc", check.message, rule="GB 32100-2015")
    return check.normalized


def get(*, session: Session, principal: Principal, enterprise_id: int) -> Enterprise:
    """An enterprise the principal may see (404 otherwise, and for deleted ones)."""
    row = session.get(Enterprise, enterprise_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"enterprise {enterprise_id} not found")
    require_visible(session, principal, row.region_id, f"enterprise {enterprise_id}")
    return row


def list_enterprises(
    *,
    session: Session,
    principal: Principal,
    region_id: int | None,
    industry: str | None,
    size: str | None,
    uscc: str | None,
    name: str | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[Enterprise], str | None]:
    """Enterprises in the principal's subtree matching the filters, one page."""
    stmt = select(Enterprise).where(col(Enterprise.deleted_at).is_(None))
    stmt = apply_scope(session, principal, stmt, Enterprise.region_id)
    if region_id is not None:
        stmt = stmt.where(Enterprise.region_id == region_id)
    if industry:
        stmt = stmt.where(Enterprise.industry == industry)
    if size:
        stmt = stmt.where(Enterprise.size == size)
    if uscc:
        stmt = stmt.where(Enterprise.uscc == uscc.strip().upper())
    if name:
        stmt = stmt.where(col(Enterprise.name).contains(name))
    spec = parse_sort(sort, SORTABLE, "id")
    return paginate(session, stmt, spec=spec, id_column=Enterprise.id, limit=limit, cursor=cursor)


def create(*, session: Session, principal: Principal, data: EnterpriseCreate) -> Enterprise:
    """Register an enterprise in a region of the principal's subtree; its size is computed."""
    require_writable_region(session, principal, data.region_id)
    uscc = _validated_uscc(data.uscc)
    clash = session.exec(
        select(Enterprise.id, Enterprise.region_id).where(Enterprise.uscc == uscc)
    ).first()
    if clash is not None:
        if in_scope(session, principal, clash[1]):
            raise Conflict(f"uscc: an enterprise with this code already exists (id {clash[0]})")
        # Credit codes are unique across the deployment; one registered outside the caller's
        # subtree is not named.
        raise Conflict(
            "uscc: an enterprise with this code is already registered outside your region"
        )
    size = size_class(
        session,
        data.region_id,
        data.industry,
        data.employees,
        data.revenue_10k_yuan,
        data.total_assets_10k_yuan,
    )
    row = Enterprise(**{**data.model_dump(), "uscc": uscc, "size": size})
    session.add(row)
    session.flush()
    record(
        session=session,
        principal=principal,
        action="create",
        entity="enterprise",
        entity_id=row.id,
        version=row.version,
        region_id=row.region_id,  # type: ignore[arg-type]
        before=None,
        after=snapshot(row),
    )
    return row


def update_enterprise(
    *,
    session: Session,
    principal: Principal,
    enterprise_id: int,
    expected: IfMatch,
    data: EnterpriseUpdate,
) -> Enterprise:
    """Change an enterprise (If-Match); the size class follows the new figures."""
    row = get(session=session, principal=principal, enterprise_id=enterprise_id)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    for field in ("region_id", "name", "industry"):
        if field in changes and changes[field] is None:
            raise InvalidInput.on(field, "cannot be null")
    if "region_id" in changes:
        require_writable_region(session, principal, changes["region_id"])
    merged = {**row.model_dump(), **changes}
    changes["size"] = size_class(
        session,
        merged["region_id"],
        merged["industry"],
        merged["employees"],
        merged["revenue_10k_yuan"],
        merged["total_assets_10k_yuan"],
    )
    old_region = row.region_id
    audited_update(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        changes=changes,
        entity="enterprise",
        action="update",
    )
    if row.region_id != old_region:
        # The regions that lose it get a removal, those that gain it a creation.
        record_move(
            session=session,
            entity="enterprise",
            items=[(row.id or 0, row.version, old_region, row.region_id)],
            old_path=_path(session, old_region),
            new_path=_path(session, row.region_id),
        )
    return row


def _path(session: Session, region_id: int) -> str:
    region = session.get(Region, region_id)
    return region.path if region is not None else f"/{region_id}/"


def delete(
    *, session: Session, principal: Principal, enterprise_id: int, expected: IfMatch
) -> None:
    """Soft-delete an enterprise (its cases and coordinators keep pointing at it for history)."""
    row = get(session=session, principal=principal, enterprise_id=enterprise_id)
    expected.require(row.version, "enterprise")
    soft_delete(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        entity="enterprise",
    )

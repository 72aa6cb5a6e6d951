"""Queries and writes of regions (no HTTP; never commits)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from lrc_api.core.accounts import bound_to_region
from lrc_api.core.concurrency import IfMatch, conditional_update
from lrc_api.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from lrc_api.core.models import utcnow
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.policies import bound_policy_ids, get_registry
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region, region_dependents
from lrc_api.core.scope import apply_scope, in_scope, require_visible, require_writable_region
from lrc_api.core.unit_of_work import record, record_move, record_rows_move, snapshot
from lrc_api.regions.schemas import RegionCreate, RegionRead, RegionUpdate

SORTABLE = {
    "id": Region.id,
    "code": Region.code,
    "name": Region.name,
    "created_at": Region.created_at,
}
"""Fields a region list can be sorted by."""


def to_read(session: Session, regions: Sequence[Region]) -> list[RegionRead]:
    """The response models of ``regions``, each with its effective pack (one query for all)."""
    effective = bound_policy_ids(session, regions)
    return [
        RegionRead(
            id=r.id or 0,
            code=r.code,
            name=r.name,
            kind=r.kind,  # type: ignore[arg-type]
            parent_id=r.parent_id,
            path=r.path,
            policy=r.policy,
            effective_policy=effective[r.id or 0],
            version=r.version,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in regions
    ]


def _check_policy(policy_id: str | None) -> None:
    if policy_id is not None and policy_id not in get_registry():
        known = ", ".join(get_registry().ids())
        raise InvalidInput.on("policy", f"unknown policy pack {policy_id!r}; known: {known}")


def get(*, session: Session, principal: Principal, region_id: int) -> Region:
    """A region the principal may see (404 otherwise)."""
    region = session.get(Region, region_id)
    if region is None:
        raise NotFound(f"region {region_id} not found")
    require_visible(session, principal, region.id, f"region {region_id}")
    return region


def list_regions(
    *,
    session: Session,
    principal: Principal,
    kind: str | None,
    parent_id: int | None,
    code: str | None,
    name: str | None,
    within: int | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[Region], str | None]:
    """Regions in the principal's subtree matching the filters, one page."""
    stmt = apply_scope(session, principal, select(Region), Region.id)
    if kind:
        stmt = stmt.where(Region.kind == kind)
    if parent_id is not None:
        stmt = stmt.where(Region.parent_id == parent_id)
    if code:
        stmt = stmt.where(Region.code == code)
    if name:
        stmt = stmt.where(col(Region.name).contains(name))
    if within is not None:
        root = session.get(Region, within)
        stmt = stmt.where(col(Region.path).startswith(root.path if root else "/none/"))
    spec = parse_sort(sort, SORTABLE, "id")
    return paginate(session, stmt, spec=spec, id_column=Region.id, limit=limit, cursor=cursor)


def _check_code_free(
    session: Session, principal: Principal, code: str, except_id: int | None = None
) -> None:
    clash = session.exec(select(Region.id).where(Region.code == code)).first()
    if clash is None or clash == except_id:
        return
    if in_scope(session, principal, clash):
        raise Conflict(f"code: region code {code!r} is already used by region {clash}")
    # Codes are unique across the deployment, but a region outside the caller's subtree is
    # neither named nor numbered.
    raise Conflict(f"code: region code {code!r} is already used outside your region")


def create(*, session: Session, principal: Principal, data: RegionCreate) -> Region:
    """Create a region under a parent in the principal's subtree (roots: global admins only)."""
    if data.parent_id is None:
        if not principal.is_global:
            raise Forbidden("parent_id: only a global admin creates a root region")
        parent_path = "/"
    else:
        parent_path = require_writable_region(session, principal, data.parent_id, "parent_id").path
    _check_code_free(session, principal, data.code)
    _check_policy(data.policy)
    region = Region(**data.model_dump())
    session.add(region)
    session.flush()
    region.path = f"{parent_path}{region.id}/"
    session.flush()
    record(
        session=session,
        principal=principal,
        action="create",
        entity="region",
        entity_id=region.id,  # type: ignore[arg-type]
        version=region.version,
        region_id=region.id,
        before=None,
        after=snapshot(region),
    )
    return region


def update_region(
    *,
    session: Session,
    principal: Principal,
    region_id: int,
    expected: IfMatch,
    data: RegionUpdate,
) -> Region:
    """Change a region; a new parent moves the whole subtree (never under itself)."""
    region = get(session=session, principal=principal, region_id=region_id)
    changes = data.model_dump(exclude_unset=True)
    if ("code" in changes and changes["code"] is None) or (
        "name" in changes and changes["name"] is None
    ):
        raise InvalidInput.on(
            "code" if changes.get("code", 1) is None else "name", "cannot be null"
        )
    if "kind" in changes and changes["kind"] is None:
        raise InvalidInput.on("kind", "cannot be null")
    if "policy" in changes:
        _check_policy(changes["policy"])
    before = snapshot(region)
    if "code" in changes:
        _check_code_free(session, principal, changes["code"], except_id=region.id)
    old_path = region.path
    if "parent_id" in changes and changes["parent_id"] != region.parent_id:
        new_parent_id = changes["parent_id"]
        if new_parent_id is None:
            if not principal.is_global:
                raise Forbidden("parent_id: only a global admin makes a region a root")
            new_path = f"/{region.id}/"
        else:
            parent = require_writable_region(session, principal, new_parent_id, "parent_id")
            if parent.path.startswith(old_path):
                raise InvalidInput.on(
                    "parent_id", "a region cannot move under itself or its own subtree"
                )
            new_path = f"{parent.path}{region.id}/"
        changes["path"] = new_path
    conditional_update(session, region, expected=expected, changes=changes)
    if region.path != old_path:
        _move_subtree(session, principal, region, old_path)
    record(
        session=session,
        principal=principal,
        action="update",
        entity="region",
        entity_id=region_id,
        version=region.version,
        region_id=region.id,
        before=before,
        after=snapshot(region),
    )
    return region


def _move_subtree(session: Session, principal: Principal, region: Region, old_path: str) -> None:
    """Re-root the descendants of a region that moved, and tell the change feed.

    Every descendant's path changes (its version too, so its ETag does); every record of the
    subtree stays where it is but changes hands: the regions that no longer hold the subtree
    get a removal of each region and record in it, those that now hold it a creation
    (``unit_of_work.record_rows_move``), so a copy synchronised from either side stays exact.
    """
    new_path = region.path
    below = session.exec(
        select(Region.id, Region.path, Region.version).where(
            col(Region.path).startswith(old_path), Region.id != region.id
        )
    ).all()
    session.execute(
        update(Region)
        .where(col(Region.path).startswith(old_path), Region.id != region.id)
        .values(
            path=func.replace(Region.path, old_path, new_path),
            version=Region.version + 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, Region) and loaded is not region:
            session.expire(loaded)  # their paths changed underneath
    for region_id, path, version in below:
        moved_to = new_path + path[len(old_path) :]
        record(
            session=session,
            principal=principal,
            action="move",
            entity="region",
            entity_id=region_id,  # type: ignore[arg-type]
            version=version + 1,
            region_id=region_id,
            before={"path": path, "version": version},
            after={"path": moved_to, "version": version + 1},
            region_path=moved_to,
        )
    subtree = select(Region.id).where(col(Region.path).startswith(new_path))
    moved = [(region.id or 0, region.version, region.id or 0, region.id or 0)] + [
        (i, v + 1, i, i) for i, _, v in below
    ]
    record_move(session=session, entity="region", items=moved, old_path=old_path, new_path=new_path)
    for table, column in region_dependents():
        record_rows_move(
            session=session,
            table=table,
            where=column.in_(subtree),
            old_path=old_path,
            new_path=new_path,
            region_column=column,
        )


def delete(*, session: Session, principal: Principal, region_id: int, expected: IfMatch) -> None:
    """Delete an empty region (no sub-regions and no records); 409 names what still hangs on it."""
    region = get(session=session, principal=principal, region_id=region_id)
    expected.require(region.version, "region")
    children = session.exec(
        select(func.count()).select_from(Region).where(Region.parent_id == region_id)
    ).one()
    if children:
        raise Conflict(f"region {region_id} still has {children} sub-regions")
    for table, column in region_dependents():
        n = session.exec(select(func.count()).select_from(table).where(column == region_id)).one()
        if n:
            raise Conflict(f"region {region_id} still holds {n} {table.name} record(s)")
    bound = bound_to_region(session, region_id)
    if bound:
        # A deleted region's id is never reused (AUTOINCREMENT, sequences), but an account bound
        # to nothing is a trap for whoever reactivates it: move or rebind them first.
        named = ", ".join(bound[:20]) + (f" and {len(bound) - 20} more" if len(bound) > 20 else "")
        raise Conflict(
            f"region {region_id} is the region of {len(bound)} account(s): {named}; bind them "
            "to another region first (PATCH /v1/users/{id}, /v1/api-clients/{id})",
            extra={"bound_accounts": bound},
        )
    before = snapshot(region)
    session.delete(region)
    session.flush()
    record(
        session=session,
        principal=principal,
        action="delete",
        entity="region",
        entity_id=region_id,
        version=before["version"] + 1,
        region_id=region_id,
        before=before,
        after=None,
        region_path=before["path"],  # the row is gone: its ancestors still hear of it
    )

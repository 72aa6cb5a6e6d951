"""Queries and writes of quarterly assessments (never commits).

An assessment is the base score (基本得分) an assessor gives a coordinator for one quarter, at most
the policy pack's ``scoring.base.max`` (30 under 汶政字〔2024〕59号 附件1 8.3). The scorecard view
over assessments and activities is :mod:`lrc_api.scorecards`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lrc_api.activities.service import today, visible_coordinator
from lrc_api.assessments.models import Assessment
from lrc_api.assessments.schemas import AssessmentCreate, AssessmentUpdate
from lrc_api.core.concurrency import IfMatch
from lrc_api.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.policies import region_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import (
    apply_coordinator_scope,
    apply_scope,
    require_own_coordinator,
    require_visible,
)
from lrc_api.core.unit_of_work import audited_update, record, snapshot
from lrc_rules import scoring

SORTABLE = {
    "id": Assessment.id,
    "year": Assessment.year,
    "base_score": Assessment.base_score,
    "created_at": Assessment.created_at,
}
"""Fields an assessment list can be sorted by."""


def _check_not_self(principal: Principal, coordinator_id: int) -> None:
    if principal.coordinator_id is not None and principal.coordinator_id == coordinator_id:
        raise Forbidden("a coordinator cannot give themself a base score")


def _check_base_score(
    session: Session, region_id: int, year: int, quarter: int, base_score: float
) -> None:
    """The base score lies within the maximum of the region's pack on the quarter's last day."""
    start, end = scoring.quarter_bounds(year, quarter)
    if start > today():
        raise InvalidInput.on("quarter", f"{year} Q{quarter} has not begun; assess it once it has")
    # Raises RuleInputError naming `quarter` when the scoring rules are not in force yet.
    base_max = scoring.resolve_parameters(
        region_policy(session, region_id), end, "quarter"
    ).base_max
    if base_score > base_max:
        raise InvalidInput.on(
            "base_score",
            f"must be from 0 to {base_max} (基本得分满分{base_max}分)",
            "scoring.base.max",
        )


def _check_version(row: Assessment, expected: IfMatch) -> None:
    expected.require(row.version, "assessment")


def get(*, session: Session, principal: Principal, assessment_id: int) -> Assessment:
    """An assessment the principal may see (404 otherwise)."""
    row = session.get(Assessment, assessment_id)
    if row is None:
        raise NotFound(f"assessment {assessment_id} not found")
    require_visible(session, principal, row.region_id, f"assessment {assessment_id}")
    require_own_coordinator(principal, row.coordinator_id, f"assessment {assessment_id}")
    return row


def list_assessments(
    *,
    session: Session,
    principal: Principal,
    coordinator_id: int | None,
    year: int | None,
    quarter: int | None,
    region_id: int | None,
    within: int | None,
    assessor: str | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[Assessment], str | None]:
    """Assessments in the principal's subtree matching the filters, one page."""
    stmt = apply_scope(session, principal, select(Assessment), Assessment.region_id)
    stmt = apply_coordinator_scope(principal, stmt, Assessment.coordinator_id)
    if coordinator_id is not None:
        stmt = stmt.where(Assessment.coordinator_id == coordinator_id)
    if year is not None:
        stmt = stmt.where(Assessment.year == year)
    if quarter is not None:
        stmt = stmt.where(Assessment.quarter == quarter)
    if region_id is not None:
        stmt = stmt.where(Assessment.region_id == region_id)
    if within is not None:
        root = session.get(Region, within)
        subtree = select(Region.id).where(
            col(Region.path).startswith(root.path if root else "/none/")
        )
        stmt = stmt.where(col(Assessment.region_id).in_(subtree))
    if assessor:
        stmt = stmt.where(Assessment.assessor == assessor)
    spec = parse_sort(sort, SORTABLE, "id")
    return paginate(session, stmt, spec=spec, id_column=Assessment.id, limit=limit, cursor=cursor)


def create(*, session: Session, principal: Principal, data: AssessmentCreate) -> Assessment:
    """Give a coordinator of the principal's subtree a quarter's base score (one per quarter)."""
    _check_not_self(principal, data.coordinator_id)
    coordinator = visible_coordinator(session, principal, data.coordinator_id, "coordinator_id")
    _check_base_score(session, coordinator.region_id, data.year, data.quarter, data.base_score)
    clash = session.exec(
        select(Assessment.id).where(
            Assessment.coordinator_id == data.coordinator_id,
            Assessment.year == data.year,
            Assessment.quarter == data.quarter,
        )
    ).first()
    if clash is not None:
        raise Conflict(
            f"coordinator {data.coordinator_id} already has an assessment for {data.year} "
            f"Q{data.quarter} (id {clash}); change that one instead"
        )
    row = Assessment(
        **data.model_dump(), region_id=coordinator.region_id, assessor=principal.subject
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # A parallel request stored the same quarter after our check (PostgreSQL raises here,
        # at the INSERT, once the other transaction commits); the request's session rolls back.
        raise Conflict(
            f"coordinator {data.coordinator_id} already has an assessment for {data.year} "
            f"Q{data.quarter}; change that one instead"
        ) from None
    record(
        session=session,
        principal=principal,
        action="create",
        entity="assessment",
        entity_id=row.id,  # type: ignore[arg-type]
        version=row.version,
        region_id=row.region_id,
        before=None,
        after=snapshot(row),
    )
    return row


def update_assessment(
    *,
    session: Session,
    principal: Principal,
    assessment_id: int,
    expected: IfMatch,
    data: AssessmentUpdate,
) -> Assessment:
    """Change a base score or note (If-Match); the caller becomes the assessor."""
    row = get(session=session, principal=principal, assessment_id=assessment_id)
    _check_version(row, expected)
    _check_not_self(principal, row.coordinator_id)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    if "base_score" in changes:
        if changes["base_score"] is None:
            raise InvalidInput.on("base_score", "cannot be null")
        _check_base_score(session, row.region_id, row.year, row.quarter, changes["base_score"])
    changes["assessor"] = principal.subject
    audited_update(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        changes=changes,
        entity="assessment",
        action="update",
    )
    return row


def delete(
    *, session: Session, principal: Principal, assessment_id: int, expected: IfMatch
) -> None:
    """Delete an assessment (If-Match); the audit log keeps what it said."""
    row = get(session=session, principal=principal, assessment_id=assessment_id)
    _check_version(row, expected)
    _check_not_self(principal, row.coordinator_id)
    before = snapshot(row)
    session.delete(row)
    session.flush()
    record(
        session=session,
        principal=principal,
        action="delete",
        entity="assessment",
        entity_id=assessment_id,
        version=before["version"] + 1,
        region_id=before["region_id"],
        before=before,
        after=None,
    )

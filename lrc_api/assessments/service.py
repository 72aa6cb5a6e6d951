"""Queries and writes of quarterly assessments, and the stored-data scorecard view (never commits).

An assessment is the base score (基本得分) an assessor gives a coordinator for one quarter, at most
the policy pack's ``scoring.base.max`` (30 under 汶政字〔2024〕59号 附件1 8.3). The scorecard view
feeds the stored assessment and the coordinator's approved activities to ``lrc_rules.scoring``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lrc_api.activities.models import Activity
from lrc_api.activities.service import today, visible_coordinator
from lrc_api.assessments.models import Assessment
from lrc_api.assessments.schemas import AssessmentCreate, AssessmentUpdate
from lrc_api.coordinators.models import Coordinator
from lrc_api.core.concurrency import IfMatch
from lrc_api.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.policies import region_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import apply_scope, require_visible
from lrc_api.core.unit_of_work import audited_update, record, snapshot
from lrc_rules import gold, scoring
from lrc_rules.errors import RuleInputError
from lrc_rules.policies import Policy

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


# --- the scorecard view --------------------------------------------------------------------------


def _number(value: float) -> float:
    # A stored 28.0 reads 28 in the answer, as in the rules calculator.
    return int(value) if float(value).is_integer() else value


def year_records(
    session: Session, coordinator_id: int, year: int
) -> tuple[dict[int, Assessment], list[Activity]]:
    """The coordinator's assessments of ``year`` by quarter, and its approved scoring activities."""
    assessments = {
        a.quarter: a
        for a in session.exec(
            select(Assessment).where(
                Assessment.coordinator_id == coordinator_id, Assessment.year == year
            )
        )
    }
    activities = list(
        session.exec(
            select(Activity)
            .where(
                Activity.coordinator_id == coordinator_id,
                Activity.review == "approved",
                col(Activity.deleted_at).is_(None),
                col(Activity.kind).in_(scoring.KINDS),
                col(Activity.occurred_on) >= dt.date(year, 1, 1),
                col(Activity.occurred_on) <= dt.date(year, 12, 31),
            )
            .order_by(col(Activity.occurred_on), col(Activity.id))
        )
    )
    return assessments, activities


def _event(row: Activity) -> scoring.ScoringEvent:
    names = tuple(str(e.get("name", "")) for e in row.evidence)
    return scoring.ScoringEvent(row.kind, row.occurred_on, names, row.media_level)


def _score(
    policy: Policy, year: int, quarter: int, base: float, rows: list[Activity]
) -> scoring.Scorecard:
    try:
        return scoring.score_quarter(
            scoring.ScorecardInput(year, quarter, base, tuple(_event(r) for r in rows)), policy
        )
    except RuleInputError as exc:
        # The records were valid when written; they can still not fit another pack's numbers.
        raise InvalidInput.on(
            "policy",
            f"{year} Q{quarter}: the stored {exc.field} does not fit this pack: {exc.message}",
        ) from None


def scorecards(
    *, session: Session, principal: Principal, coordinator_id: int, year: int, policy_id: str | None
) -> dict[str, Any]:
    """A coordinator's four quarterly scorecards of ``year`` and the annual result, as plain data."""
    coordinator = session.get(Coordinator, coordinator_id)
    if coordinator is None or coordinator.deleted_at is not None:
        raise NotFound(f"coordinator {coordinator_id} not found")
    require_visible(session, principal, coordinator.region_id, f"coordinator {coordinator_id}")
    policy = region_policy(session, coordinator.region_id, policy_id)
    if not 1 <= year <= 9998:
        raise InvalidInput.on("year", "must be a calendar year (1–9998)")
    # Fails with a 422 naming `year` when the pack's scoring rules are not in force by year end.
    scoring.resolve_parameters(policy, dt.date(year, 12, 31), "year")
    assessments, activities = year_records(session, coordinator_id, year)

    quarters: list[dict[str, Any]] = []
    totals: list[float] = []
    minor = major = 0
    for q in (1, 2, 3, 4):
        start, end = scoring.quarter_bounds(year, q)
        rows = [a for a in activities if start <= a.occurred_on <= end]
        assessment = assessments.get(q)
        entry: dict[str, Any] = {
            "quarter": q,
            "period_start": start,
            "period_end": end,
            "assessment_id": assessment.id if assessment else None,
            "activity_ids": [r.id for r in rows],
            "scorecard": None,
            "notes": [],
        }
        quarters.append(entry)
        try:
            scoring.resolve_parameters(policy, end, "quarter")
        except RuleInputError as exc:
            entry["notes"].append(f"not scored: {exc.message}; the quarter counts 0")
            totals.append(0)
            continue
        if assessment is None:
            entry["notes"].append(
                f"基本得分未评定，按0分计 (no assessment stored for {year} Q{q}: base score 0)"
            )
        base = _number(assessment.base_score) if assessment else 0
        card = _score(policy, year, q, base, rows)
        entry["scorecard"] = {
            "base_score": card.base_score,
            "categories": [
                {"category": c.category, "count": c.count, "points": c.points, "cap": c.cap}
                for c in card.categories
            ],
            "bonus": card.bonus,
            "deduction": card.deduction,
            "total": card.total,
            "errors_minor": card.errors_minor,
            "errors_major": card.errors_major,
            "ignored": [
                {"activity_id": rows[e.index].id, "reason": e.reason, "detail": e.detail}
                for e in card.ignored_events
            ],
            "trace": [s.as_dict() for s in card.trace],
        }
        totals.append(card.total)
        minor += card.errors_minor
        major += card.errors_major

    member = gold.CoordinatorYear(str(coordinator_id), tuple(totals), minor, major)
    annual = gold.annual_ranking(gold.AnnualInput(year, None, (member,)), policy)
    result = annual.ranking[0]
    return {
        "coordinator_id": coordinator_id,
        "year": year,
        "policy": annual.policy,
        "rules_version": annual.rules_version,
        "quarters": quarters,
        "annual_total": result.annual_total,
        "work_errors": result.work_errors,
        "gold_eligible": result.gold_eligible,
        "job_adjustment_recommended": result.job_adjustment_recommended,
        "trace": [s.as_dict() for s in annual.trace],
    }

"""The scorecard view (季度量化计分): a coordinator's four quarters of a year from stored data.

The stored assessment (基本得分) and the coordinator's approved activities of each quarter go to
``lrc_rules.scoring`` under the pack of the coordinator's region (or the one a request names), and
the year to ``lrc_rules.gold`` (附件1 8.2–8.3). Each event is scored with its own trace here; the
ledger and rankings score many coordinators at once from counted groups instead — the same rules,
so the same totals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from lrc_api.activities.models import Activity
from lrc_api.assessments.models import Assessment
from lrc_api.coordinators.models import Coordinator
from lrc_api.core.errors import InvalidInput, NotFound
from lrc_api.core.policies import region_policy
from lrc_api.core.principal import Principal
from lrc_api.core.scope import require_own_coordinator, require_visible
from lrc_rules import gold, scoring
from lrc_rules.errors import RuleInputError
from lrc_rules.policies import Policy


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
    require_own_coordinator(principal, coordinator_id, f"coordinator {coordinator_id}")
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

"""The stored inputs of quarterly scorecards in bulk, counted by the database.

For views over many coordinators (the ledger, rankings): the approved, undeleted activities of
scoring kinds counted per coordinator, quarter, kind, media level and evidence present, and the
assessed base scores — the rules (what scores, the caps) stay in ``lrc_rules.scoring``, which takes
the counted groups (:func:`lrc_rules.scoring.quarter_scorer`). One grouped query each, whatever
the number of coordinators.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlmodel import Session, col

from lrc_api.activities.models import Activity
from lrc_api.assessments.models import Assessment
from lrc_rules import scoring
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy


def _quarter_of(year: int) -> Any:
    day = Activity.occurred_on
    return case(
        (day < dt.date(year, 4, 1), literal(1)),
        (day < dt.date(year, 7, 1), literal(2)),
        (day < dt.date(year, 10, 1), literal(3)),
        else_=literal(4),
    )


def _before_in_force(year: int, policy: Policy | None) -> Any:
    """True for an activity dated before the scoring rules of its quarter are in force."""
    if policy is None:
        return literal(False)
    since: list[dt.date | None] = []
    for q in (1, 2, 3, 4):
        try:
            since.append(scoring.rules_in_force_from(policy, year, q))
        except (RuleInputError, MissingParameterError):
            since.append(None)  # no rules that quarter (or none in the pack): the scorer says so
    day = col(Activity.occurred_on)

    def before(s: dt.date | None) -> Any:
        return literal(False) if s is None else day < s

    return case(
        (day < dt.date(year, 4, 1), before(since[0])),
        (day < dt.date(year, 7, 1), before(since[1])),
        (day < dt.date(year, 10, 1), before(since[2])),
        else_=before(since[3]),
    )


def activity_groups(
    session: Session, coordinator_ids: Any, year: int, policy: Policy | None = None
) -> dict[int, tuple[list[scoring.EventGroup], ...]]:
    """Counted groups of a year's approved activities of scoring kinds: coordinator → 4 quarters.

    With ``policy``, activities dated before its scoring rules are in force form groups of their
    own (``before_in_force``) that the scorer lists as ignored.
    """
    quarter = _quarter_of(year).label("quarter")
    has_evidence = (func.json_array_length(Activity.evidence) > 0).label("has_evidence")
    before = _before_in_force(year, policy).label("before_in_force")
    stmt = (
        select(
            Activity.coordinator_id,
            quarter,
            Activity.kind,
            Activity.media_level,
            has_evidence,
            func.count(),
            before,
        )
        .where(
            col(Activity.coordinator_id).in_(coordinator_ids),
            Activity.review == "approved",
            col(Activity.deleted_at).is_(None),
            col(Activity.kind).in_(scoring.KINDS),
            and_(
                col(Activity.occurred_on) >= dt.date(year, 1, 1),
                col(Activity.occurred_on) <= dt.date(year, 12, 31),
            ),
        )
        .group_by(
            Activity.coordinator_id,
            quarter,
            Activity.kind,
            Activity.media_level,
            has_evidence,
            before,
        )
    )
    out: dict[int, tuple[list[scoring.EventGroup], ...]] = {}
    # Few distinct (kind, count, media, evidence) combinations recur across 100,000 people:
    # share one EventGroup per combination instead of building one per row.
    shared: dict[tuple[Any, ...], scoring.EventGroup] = {}
    rows = session.connection().execute(stmt).all()
    for coordinator_id, q, kind, media, evidence, n, early in rows:
        key = (kind, n, media, bool(evidence), bool(early))
        group = shared.get(key)
        if group is None:
            group = shared[key] = scoring.EventGroup(
                kind, int(n), media, bool(evidence), bool(early)
            )
        quarters = out.get(coordinator_id)
        if quarters is None:
            quarters = out[coordinator_id] = ([], [], [], [])
        quarters[int(q) - 1].append(group)
    return out


def base_scores(session: Session, coordinator_ids: Any, year: int) -> dict[int, list[float | None]]:
    """Assessed base scores (基本得分): coordinator → the 4 quarters (None: not assessed)."""
    stmt = select(Assessment.coordinator_id, Assessment.quarter, Assessment.base_score).where(
        col(Assessment.coordinator_id).in_(coordinator_ids), Assessment.year == year
    )
    out: dict[int, list[float | None]] = {}
    for c, q, b in session.connection().execute(stmt).all():
        quarters = out.get(c)
        if quarters is None:
            quarters = out[c] = [None, None, None, None]
        quarters[q - 1] = float(b)
    return out

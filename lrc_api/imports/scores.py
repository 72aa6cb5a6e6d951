"""A coordinator's quarterly scores in the file: checked against the pack, then planned as records.

The eight rows of a quarter become what the ledger is computed from: 基本得分 an assessment, each
bonus row and 减分 the fewest approved activities that score exactly the figure
(:mod:`lrc_rules.scoring_events`), marked as imported with the cell they stand for. 得分合计, when
given, must be what the other rows add up to under the pack (附件1 8.3). For a coordinator already
stored, only what differs changes: a row whose figure the stored activities already give is left
alone; otherwise the activities an earlier import made for it are withdrawn and new ones made on
top of the activities recorded by hand — never fewer than those give.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from lrc_api.activities.models import Activity
from lrc_api.assessments.models import Assessment
from lrc_api.imports import cells
from lrc_api.imports.parse import Place, Record, RowError
from lrc_rules import scoring
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.scoring_events import ROWS, events_for_points, row_points
from lrc_rules.scoring_parameters import CATEGORIES, KINDS, PARTS, ScoringParameters

ROW_KINDS: dict[str, tuple[str, ...]] = {
    **{c: tuple(KINDS[k] for k in PARTS[i][0]) for i, c in enumerate(CATEGORIES)},
    "deduction": ("error_minor", "error_major"),
}
"""The activity kinds behind each ledger row."""

_HEADER = {
    "base": "基本得分",
    "publicity": "开展宣传",
    "mediation": "成功调解",
    "management": "劳动管理",
    "risk": "预防风险",
    "publication": "刊发经验",
    "deduction": "减分",
    "total": "得分合计",
}


@dataclass
class QuarterScores:
    """One quarter of a coordinator's block, checked: base (None: 未评定) and each row's points."""

    quarter: int
    params: ScoringParameters
    base: float | None
    points: dict[str, int]
    places: dict[str, Place]


@dataclass
class ScorePlan:
    """What an import writes for one coordinator's scores."""

    assessments: list[tuple[int, float, Place]] = field(default_factory=list)
    add: list[tuple[int, str, int, Place]] = field(default_factory=list)
    withdraw: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.assessments or self.add or self.withdraw)


def read_scores(
    record: Record, *, year: int | None, policy: Policy, today: dt.date, max_events: int
) -> tuple[list[QuarterScores], list[RowError]]:
    """The record's quarters that hold scores, checked; or the errors.

    A row's figure may stand for at most ``max_events`` recorded events: 减分 has no cap
    (附件1 8.3) and each event is written as an activity, so 减分 1e300 is refused here rather
    than planned as 10²⁹⁹ rows.
    """
    out: list[QuarterScores] = []
    errors: list[RowError] = []
    for q in (1, 2, 3, 4):
        cells_q = {key: record.scores[(key, q)] for key in _HEADER if (key, q) in record.scores}
        values: dict[str, float | None] = {}
        for key, (raw, place) in cells_q.items():
            try:
                values[key] = cells.score(raw, base=key == "base")
            except cells.CellError as exc:
                errors.append(RowError.at(place, key, f"{_HEADER[key]}: {exc}"))
        present = {k: x for k, x in values.items() if x is not None}
        if not present:
            continue  # a quarter left blank: nothing to import for it
        first = next(iter(cells_q.values()))[1]
        if year is None:
            errors.append(
                RowError.at(
                    first,
                    "year",
                    "the file does not say which year its scores are for (a .csv, or a sheet "
                    "named without a year like 2025年台账): give the year (form field year; "
                    "lrc import coordinators … --year 2025)",
                )
            )
            return [], errors
        start, end = scoring.quarter_bounds(year, q)
        if start > today:
            errors.append(
                RowError.at(
                    first, "quarter", f"{year} Q{q} has not begun; its scores cannot be given yet"
                )
            )
            continue
        try:
            p = scoring.resolve_parameters(policy, end, "quarter")
        except RuleInputError as exc:
            if any(present.values()):
                errors.append(
                    RowError.at(
                        first,
                        "quarter",
                        f"{year} Q{q} is not scored under {policy.id}: {exc.message}",
                    )
                )
            continue
        except MissingParameterError:
            errors.append(
                RowError.at(
                    first, "policy", f"the region's pack {policy.id} has no quarterly scoring"
                )
            )
            continue
        places = {k: place for k, (_, place) in cells_q.items()}
        base = present.get("base")
        if base is not None and not 0 <= base <= p.base_max:
            errors.append(
                RowError.at(
                    places["base"], "base", f"基本得分 must be from 0 to {p.base_max} (附件1 8.3)"
                )
            )
        points: dict[str, int] = {}
        for row in ROWS:
            if row not in cells_q:
                continue  # the file has no such row: not given (a blank cell of a row is 0)
            value = present.get(row, 0.0)
            value = abs(value) if row == "deduction" else value  # 减分 may be written -5
            if value < 0 or not float(value).is_integer():
                errors.append(
                    RowError.at(places[row], row, f"{_HEADER[row]} must be whole points, 0 or more")
                )
                continue
            try:
                events = sum(events_for_points(p, row, int(value), {}).values())
            except RuleInputError as exc:
                errors.append(
                    RowError.at(places[row], row, f"{_HEADER[row]} {value:g}: {exc.message}")
                )
                continue
            if events > max_events:
                errors.append(
                    RowError.at(
                        places[row],
                        row,
                        f"{_HEADER[row]} {value:g} stands for more than {max_events} recorded "
                        "events (the most one cell may); record them as activities",
                    )
                )
                continue
            points[row] = int(value)
        if "total" in present and len(points) == len(ROWS):
            expected = _total(p, year, q, base or 0, points, policy)
            if abs(present["total"] - expected) > 1e-9:
                errors.append(
                    RowError.at(
                        places["total"],
                        "total",
                        f"得分合计 is {present['total']:g}, but the rows give {expected:g} "
                        "(基本得分 + 加分 − 减分, 附件1 8.3)",
                    )
                )
        out.append(QuarterScores(q, p, base, points, places))
    return out, errors


def _total(
    p: ScoringParameters, year: int, q: int, base: float, points: dict[str, int], policy: Policy
) -> float:
    counts: dict[str, int] = defaultdict(int)
    for row, value in points.items():
        for kind, n in events_for_points(p, row, value, {}).items():
            counts[kind] += n
    groups = [
        scoring.EventGroup(k, n, p.min_media_level if k == "publication" else None)
        for k, n in counts.items()
    ]
    return scoring.quarter_scorer(year, q, policy)(base, groups).total


@dataclass
class Stored:
    """What is stored for one coordinator and quarter: base, scoring counts, imported activities."""

    assessment: Assessment | None = None
    all_counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    recorded_counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    imported_ids: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


def stored_state(
    session: Session, coordinator_ids: list[int], year: int, policy_of: dict[int, Policy]
) -> dict[tuple[int, int], Stored]:
    """The stored base scores and scoring activities of these coordinators in ``year``, by quarter."""
    out: dict[tuple[int, int], Stored] = defaultdict(Stored)
    if not coordinator_ids:
        return out
    for start in range(0, len(coordinator_ids), 1000):
        _read_chunk(session, coordinator_ids[start : start + 1000], year, policy_of, out)
    return out


def _read_chunk(
    session: Session,
    coordinator_ids: list[int],
    year: int,
    policy_of: dict[int, Policy],
    out: dict[tuple[int, int], Stored],
) -> None:
    for a in session.scalars(
        select(Assessment).where(
            col(Assessment.coordinator_id).in_(coordinator_ids), Assessment.year == year
        )
    ).all():
        out[(a.coordinator_id, a.quarter)].assessment = a
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (
        session.connection()
        .execute(
            select(
                Activity.id,
                Activity.coordinator_id,
                Activity.kind,
                Activity.occurred_on,
                Activity.media_level,
                func.json_array_length(Activity.evidence) > 0,
                Activity.import_id,
            ).where(
                col(Activity.coordinator_id).in_(coordinator_ids),
                Activity.review == "approved",
                col(Activity.deleted_at).is_(None),
                col(Activity.kind).in_(scoring.KINDS),
                col(Activity.occurred_on) >= first,
                col(Activity.occurred_on) <= last,
            )
        )
        .all()
    )
    groups: dict[tuple[int, int, bool], list[Any]] = defaultdict(list)
    for aid, cid, kind, day, media, evidence, import_id in rows:
        q = (day.month - 1) // 3 + 1
        groups[(cid, q, import_id is not None)].append((kind, media, bool(evidence)))
        if import_id is not None:
            out[(cid, q)].imported_ids[kind].append(aid)
    for (cid, q, imported), events in groups.items():
        counts = _scoring_counts(year, q, policy_of[cid], events)
        stored = out[(cid, q)]
        for kind, n in counts.items():
            stored.all_counts[kind] += n
            if not imported:
                stored.recorded_counts[kind] += n


def _scoring_counts(
    year: int, q: int, policy: Policy, events: list[tuple[str, str | None, bool]]
) -> dict[str, int]:
    """Events per kind that score (evidence, media level), as the scorecard counts them."""
    tally: dict[tuple[str, str | None, bool], int] = defaultdict(int)
    for e in events:
        tally[e] += 1
    groups = [scoring.EventGroup(k, n, m, ev) for (k, m, ev), n in tally.items()]
    try:
        card = scoring.quarter_scorer(year, q, policy)(0, groups)
    except (RuleInputError, MissingParameterError):
        return {}
    ignored = {e.index for e in card.ignored_events}
    out: dict[str, int] = defaultdict(int)
    for i, g in enumerate(groups):
        if i not in ignored:
            out[g.kind] += g.count
    return out


def plan_scores(
    quarters: list[QuarterScores], stored: dict[tuple[int, int], Stored], coordinator_id: int | None
) -> tuple[ScorePlan, list[RowError]]:
    """What to write so the stored quarters show the file's figures (a new coordinator: None)."""
    plan, errors = ScorePlan(), []
    for qs in quarters:
        here = stored.get((coordinator_id, qs.quarter)) if coordinator_id is not None else None
        here = here or Stored()
        if qs.base is not None and (
            here.assessment is None or here.assessment.base_score != qs.base
        ):
            plan.assessments.append((qs.quarter, qs.base, qs.places["base"]))
        for row, points in qs.points.items():
            if row_points(qs.params, row, here.all_counts) == points:
                continue
            try:
                added = events_for_points(qs.params, row, points, here.recorded_counts)
            except RuleInputError as exc:
                errors.append(
                    RowError.at(qs.places[row], row, f"{_HEADER[row]} {points}: {exc.message}")
                )
                continue
            for kind in ROW_KINDS[row]:
                plan.withdraw.extend(here.imported_ids.get(kind, []))
            for kind, n in added.items():
                plan.add.append((qs.quarter, kind, n, qs.places[row]))
    return plan, errors

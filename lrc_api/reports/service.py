"""The campaign's weekly case report (闵人社发〔2022〕34号 四(一)2, 三) from stored cases.

四(一)2: 每周定期排摸并通报在办案件数、先行调解率、结案率等案件信息. The figures and how each is
counted are the region's pack's (``kpi.weekly``, ``kpi.counts``): one SQL aggregate gives every
count for the week and the year to date, per township. 三: 对审限即将到期的案件优先调解开庭裁决 —
the open cases whose main deadline is past or within the pack's warning window
(``deadlines.status.due_soon_working_days``) come first, from each open case's stored main due
date through its index. Queries: the region, its subtree, the packs, the aggregate, the
near-deadline page and its count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from lrc_api.cases.models import Case
from lrc_api.cases.workflow import MAIN_DEADLINE, OPEN
from lrc_api.core.calendar import get_calendar
from lrc_api.core.errors import InvalidInput
from lrc_api.core.models import today as china_today
from lrc_api.core.policies import resolve_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.schemas import CitationOut
from lrc_api.core.scope import own_coordinator_only
from lrc_api.reports.schemas import (
    NearDeadlineCase,
    ReportFigure,
    ReportItemDefinition,
    WeeklyCaseReport,
    WeeklyUnit,
)
from lrc_api.stats.counting import CountSpec, Units, case_filter, count_cases, report_units
from lrc_api.stats.schemas import CountDefinition
from lrc_rules import RULES_VERSION
from lrc_rules.case_stats import (
    CountRule,
    ReportItem,
    count_rules,
    needed_counts,
    report_figures,
    warning_horizon,
    weekly_items,
)
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy

ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
"""An ISO 8601 week, ``2025-W40``."""


def week_bounds(week: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of an ISO week; 422 on ``week`` for a malformed or future week."""
    m = ISO_WEEK.match(week)
    if m is None:
        raise InvalidInput.on("week", "an ISO week written YYYY-Www, e.g. 2025-W40")
    try:
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise InvalidInput.on("week", f"{week} is not a week of that year") from None
    if monday > today:
        raise InvalidInput.on("week", f"{week} has not begun")
    if monday.year < 2000:
        raise InvalidInput.on("week", "must be from the year 2000 on")
    return monday, monday + dt.timedelta(days=6)


def current_week(today: dt.date) -> str:
    """Today's ISO week, ``YYYY-Www``."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True, slots=True)
class _Plan:
    policy: Policy
    rules: Mapping[str, CountRule]
    items: tuple[ReportItem, ...]
    reason: str | None


def _plan(policy: Policy, end: dt.date) -> _Plan:
    try:
        items = weekly_items(policy, end)
        rules = count_rules(policy, end)
    except (RuleInputError, MissingParameterError) as exc:
        return _Plan(policy, {}, (), getattr(exc, "message", str(exc)))
    missing = [n for n in needed_counts(items) if n not in rules]
    if missing:
        reason = f"pack {policy.id!r} does not say how to count {', '.join(missing)} (kpi.counts)"
        return _Plan(policy, rules, (), reason)
    return _Plan(policy, rules, items, None)


def _figures(plan: _Plan, counts: Mapping[str, int], period: str) -> list[ReportFigure]:
    prefix = f"{plan.policy.id}:{period}:"
    mine = {k[len(prefix) :]: v for k, v in counts.items() if k.startswith(prefix)}
    return [
        ReportFigure(
            key=f.key,
            label=f.label,
            value=f.value,
            rate=f.rate,
            numerator=f.numerator,
            denominator=f.denominator,
        )
        for f in report_figures(mine, plan.items)
    ]


def _unit(plan: _Plan, region: Region, direct: bool, counts: Mapping[str, int]) -> WeeklyUnit:
    return WeeklyUnit(
        region_id=region.id or 0,
        name=region.name,
        kind=region.kind,
        direct=direct,
        policy=plan.policy.id,
        week=_figures(plan, counts, "week") if plan.reason is None else [],
        year_to_date=_figures(plan, counts, "year") if plan.reason is None else [],
        reason=plan.reason,
    )


def near_deadline(
    *,
    session: Session,
    principal: Principal,
    units: Units,
    as_of: dt.date,
    limit: int,
) -> tuple[list[NearDeadlineCase], int]:
    """Open cases whose stored main due date is past or within their pack's warning window.

    Earliest due first (then id); at most ``limit``, with the total. Two queries whatever the size.
    """
    calendar = get_calendar()
    by_pack: dict[str, list[int]] = {}
    for rid in units.regions:
        by_pack.setdefault(units.packs[rid], []).append(rid)
    horizons = {p: warning_horizon(calendar, as_of, resolve_policy(p)) for p in by_pack}
    due = col(Case.main_due_on)
    where = [
        due.is_not(None),
        col(Case.status).in_(OPEN),
        or_(
            *(
                and_(col(Case.region_id).in_(ids), due <= horizons[p][0])
                for p, ids in by_pack.items()
            )
        ),
    ]
    mine = case_filter(principal)
    if mine is not None:
        where.append(mine)
    fields: list[Any] = [
        Case.id,
        Case.number,
        Case.region_id,
        Case.procedure,
        Case.status,
        Case.collective,
        Case.main_due_on,
    ]
    page = select(*fields).where(*where).order_by(due, col(Case.id)).limit(limit)
    total = select(func.count()).select_from(Case).where(*where)
    conn = session.connection()
    rows = conn.execute(page).all()
    count = int(conn.execute(total).scalar_one())
    out = []
    for case_id, number, region_id, procedure, status, collective, due_on in rows:
        pack = units.packs[region_id]
        unit = units.regions[units.unit_of[region_id]]
        out.append(
            NearDeadlineCase(
                case_id=case_id,
                number=number,
                region_id=region_id,
                region_name=units.regions[region_id].name,
                unit_id=unit.id or 0,
                unit_name=unit.name,
                procedure=procedure,
                status=status,
                collective=collective,
                deadline_key=MAIN_DEADLINE[procedure],  # type: ignore[arg-type]
                due_on=due_on,
                working_days_left=calendar.working_days_between(as_of, due_on).days,
                state="overdue" if due_on < as_of else "due_soon",
                policy=pack,
                warning_days=horizons[pack][1],
            )
        )
    return out, count


def weekly_report(
    *,
    session: Session,
    principal: Principal,
    region_id: int | None,
    week: str | None,
    limit: int,
) -> WeeklyCaseReport:
    """The weekly report of ``region_id`` for ``week`` (default: this week).

    404 for a region the principal may not see; 422 on ``week`` for a malformed or future week.
    A pack without a weekly report gives a 200 whose units say why. A coordinator principal sees
    its own cases only.
    """
    today = china_today()
    name = week or current_week(today)
    monday, sunday = week_bounds(name, today)
    year_from = dt.date(int(name[:4]), 1, 1)
    units = report_units(session=session, principal=principal, region_id=region_id)
    root_id = units.root.id or 0
    plans = {
        p: _plan(resolve_policy(p), sunday)
        for p in {units.packs[u.id or 0] for u in units.units} | {units.packs[root_id]}
    }
    specs = [
        CountSpec(f"{pack_id}:{period}:{n}", plan.rules[n], start, sunday)
        for pack_id, plan in plans.items()
        for n in needed_counts(plan.items)
        for period, start in (("week", monday), ("year", year_from))
    ]
    counts = count_cases(session=session, principal=principal, units=units, specs=specs)
    rows = [
        _unit(plans[units.packs[u.id or 0]], u, units.is_direct(u), counts[u.id or 0])
        for u in units.units
    ]
    rolled = {s.key: sum(counts[u.id or 0].get(s.key, 0) for u in units.units) for s in specs}
    root_plan = plans[units.packs[root_id]]
    cases, total = near_deadline(
        session=session, principal=principal, units=units, as_of=today, limit=limit
    )
    return WeeklyCaseReport(
        region_id=root_id,
        region_name=units.root.name,
        week=name,
        week_from=monday,
        week_to=sunday,
        year_from=year_from,
        as_of=today,
        policy=root_plan.policy.id,
        rules_version=RULES_VERSION,
        own_cases_only=own_coordinator_only(principal),
        near_deadline=cases,
        near_deadline_total=total,
        total=_unit(root_plan, units.root, False, rolled),
        units=rows,
        items=[
            ReportItemDefinition(
                key=i.key,
                label=i.label,
                count=i.count,
                numerator=i.numerator,
                denominator=i.denominator,
                description=i.description,
                citation=CitationOut.of(i.citation),
            )
            for i in root_plan.items
        ],
        definitions=[
            CountDefinition.of(root_plan.rules[n]) for n in needed_counts(root_plan.items)
        ],
    )

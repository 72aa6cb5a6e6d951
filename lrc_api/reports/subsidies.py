"""The case-subsidy ledger (以案定补) of a region: SQL aggregates, then ``lrc_rules.subsidy_ledger``.

闵人社发〔2023〕55号 二(三)2(1): per coordinator, the cases that qualify (the pack's Choice:
``money.case_subsidy.qualifying``), whether the coordinator may receive the subsidy (not 公务员,
事业编制 or 社区工作者), the amount at the pack's rate (null with the reason where the municipal
rate of 沪人社仲〔2022〕22号 is not in the pack), and the totals against the project's targets and
budget line (浦锦 2024: ≥ 76 cases, ≤ 260 元/人/案 as a cost indicator, 20,000 元).

Every line and the totals use the pack of the region asked for: the subsidy is paid from that
region's budget under its rules. Queries: the region, its subtree, its pack, the per-coordinator
count, the coordinators, and the distinct paid cases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from lrc_api.cases.models import Case, CaseAssignment
from lrc_api.coordinators.models import Coordinator
from lrc_api.core.policies import resolve_policy
from lrc_api.core.principal import Principal
from lrc_api.core.schemas import CitationOut, TraceStep
from lrc_api.core.scope import apply_coordinator_scope, own_coordinator_only
from lrc_api.reports.schemas import (
    QualifyingRuleRead,
    SubsidyLedger,
    SubsidyLine,
    SubsidyTotals,
)
from lrc_api.rules.kpi.schemas import TargetOut
from lrc_api.stats.counting import report_units
from lrc_api.stats.service import check_period
from lrc_rules import RULES_VERSION
from lrc_rules.errors import RuleInputError
from lrc_rules.subsidy_ledger import (
    CoordinatorCases,
    QualifyingRule,
    ledger_line,
    ledger_totals,
    qualifying_rule,
)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _qualifying_where(
    rule: QualifyingRule, regions: list[int], start: dt.date, end: dt.date
) -> list[Any]:
    return [
        col(Case.region_id).in_(regions),
        col(Case.procedure).in_(rule.procedures),
        col(Case.conclusion).in_(rule.conclusions),
        col(Case.concluded_on).between(start, end),
        col(CaseAssignment.role).in_(rule.roles),
    ]


def subsidy_ledger(
    *, session: Session, principal: Principal, region_id: int | None, start: dt.date, end: dt.date
) -> SubsidyLedger:
    """The ledger of ``region_id``'s subtree for cases concluded ``start`` … ``end``.

    404 for a region the principal may not see; 422 on ``from`` for a backwards period. A pack
    without the subsidy gives a 200 with the reason. A coordinator principal sees its own line
    (and totals of it) only.
    """
    check_period(start, end)
    units = report_units(session=session, principal=principal, region_id=region_id)
    policy = resolve_policy(units.packs[units.root.id or 0])
    base: dict[str, Any] = {
        "region_id": units.root.id or 0,
        "region_name": units.root.name,
        "period_from": start,
        "period_to": end,
        "policy": policy.id,
        "rules_version": RULES_VERSION,
        "own_cases_only": own_coordinator_only(principal),
    }
    try:
        rule = qualifying_rule(policy, end)
    except RuleInputError as exc:
        return SubsidyLedger(
            **base,
            qualifying=None,
            lines=[],
            totals=None,
            reason=exc.message,
            warnings=[],
            trace=[],
        )
    join = select(CaseAssignment.coordinator_id, func.count()).join(
        Case, col(Case.id) == col(CaseAssignment.case_id)
    )
    where = _qualifying_where(rule, list(units.regions), start, end)
    per_person = apply_coordinator_scope(
        principal,
        join.where(*where).group_by(CaseAssignment.coordinator_id),
        CaseAssignment.coordinator_id,
    )
    conn = session.connection()
    cases_of = {cid: int(n) for cid, n in conn.execute(per_person).all()}
    people = conn.execute(
        select(
            Coordinator.id, Coordinator.name, Coordinator.region_id, Coordinator.employment_identity
        )
        .where(col(Coordinator.id).in_(list(cases_of)), col(Coordinator.deleted_at).is_(None))
        .order_by(Coordinator.region_id, Coordinator.id)
    ).all()
    lines = []
    shown: list[SubsidyLine] = []
    for cid, name, region_of, identity in people:
        line = ledger_line(CoordinatorCases(cid, identity, cases_of[cid]), policy, end)
        lines.append(line)
        shown.append(
            SubsidyLine(
                coordinator_id=cid,
                name=name,
                region_id=region_of,
                employment_identity=identity,
                cases=line.cases,
                eligible=line.eligible,
                amount_per_case=_float(line.amount_per_case),
                amount=_float(line.amount),
                reason=line.reason,
                citation=CitationOut.of(line.citation),
            )
        )
    paid_ids = [ln.coordinator_id for ln in lines if ln.eligible]
    subsidized = 0
    if paid_ids:
        distinct = (
            select(func.count(func.distinct(CaseAssignment.case_id)))
            .join(Case, col(Case.id) == col(CaseAssignment.case_id))
            .where(*where, col(CaseAssignment.coordinator_id).in_(paid_ids))
        )
        subsidized = int(conn.execute(distinct).scalar_one())
    totals = ledger_totals(lines, subsidized, policy, end)
    return SubsidyLedger(
        **base,
        qualifying=QualifyingRuleRead(
            procedures=list(rule.procedures),  # type: ignore[arg-type]
            conclusions=list(rule.conclusions),  # type: ignore[arg-type]
            roles=list(rule.roles),  # type: ignore[arg-type]
            description=rule.description,
            citation=CitationOut.of(rule.citation),
        ),
        lines=shown,
        totals=SubsidyTotals(
            coordinators=totals.coordinators,
            eligible_coordinators=totals.eligible_coordinators,
            person_cases=totals.person_cases,
            paid_person_cases=totals.paid_person_cases,
            subsidized_cases=totals.subsidized_cases,
            amount=_float(totals.amount),
            cost_per_case=_float(totals.cost_per_case),
            budget=_float(totals.budget),
            budget_remaining=_float(totals.budget_remaining),
            within_budget=totals.within_budget,
            targets=[
                TargetOut(
                    metric=t.metric,
                    label=t.label,
                    comparator=t.comparator,  # type: ignore[arg-type]
                    value=t.value,
                    unit=t.unit,
                    measured=t.measured,
                    outcome=t.outcome,  # type: ignore[arg-type]
                    citation=CitationOut.of(t.citation),
                    exceeded=t.exceeded,
                )
                for t in totals.targets
            ],
        ),
        reason=None,
        warnings=list(totals.warnings),
        trace=[TraceStep(**s.as_dict()) for s in totals.trace],
    )

"""HTTP for the qualification-level calculator (HTTP only: rules in lrc_rules.qualification)."""

from __future__ import annotations

from fastapi import APIRouter

from lrc_api.core.policies import resolve_policy
from lrc_api.core.schemas import TraceStep
from lrc_api.rules.qualification.schemas import (
    ClauseOut,
    LevelOut,
    MissingOut,
    QualificationRequest,
    QualificationResponse,
    WorkTimeOut,
)
from lrc_rules.qualification import (
    Certificate,
    Education,
    Missing,
    QualificationInput,
    WorkPeriod,
    evaluate,
)

router = APIRouter(tags=["rules: qualification"])


def _missing(items: tuple[Missing, ...]) -> list[MissingOut]:
    return [
        MissingOut(clause=m.clause, requirement=m.requirement, detail=m.detail)  # type: ignore[arg-type]
        for m in items
    ]


@router.post("/qualification", summary="Qualification level eligibility (职业资格等级申报条件)")
def qualification(body: QualificationRequest) -> QualificationResponse:
    """For each level 4 … 1, which clauses of 附件1 §5 hold and what is missing."""
    policy = resolve_policy(body.policy)
    edu = body.education
    inp = QualificationInput(
        as_of=body.as_of,
        education=Education(edu.level, edu.major_related, edu.status),
        certificates=tuple(
            Certificate(level=c.level, kind=c.kind, obtained_on=c.obtained_on)
            for c in body.certificates
        ),
        work_periods=tuple(WorkPeriod(p.start, p.end) for p in body.work_periods),
    )
    result = evaluate(inp, policy)
    return QualificationResponse(
        policy=result.policy,
        rules_version=result.rules_version,
        as_of=body.as_of,
        work_days=result.work_days,
        work_time=WorkTimeOut(
            years=result.work_time.years,
            days=result.work_time.days,
            total_days=result.work_time.total_days,
        ),
        levels=[
            LevelOut(
                level=lv.level,
                name=lv.name,
                eligible=lv.eligible,
                clauses=[
                    ClauseOut(
                        clause=c.clause,
                        met=c.met,
                        detail=c.detail,
                        missing=_missing(c.missing),
                        earliest_met_on=c.earliest_met_on,
                    )
                    for c in lv.clauses
                ],
                missing=_missing(lv.missing),
                earliest_eligible_on=lv.earliest_eligible_on,
            )
            for lv in result.levels
        ],
        highest_eligible_level=result.highest_eligible_level,
        trace=[TraceStep(**s.as_dict()) for s in result.trace],
    )

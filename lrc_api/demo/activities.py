"""A year of the coordinators' work: activities reviewed by the office, and quarterly base scores.

汶上县 (``wenshang-2024``, 附件1 8.3): each coordinator publicises, mediates, prevents risks, has
an article adopted by the media now and then, improves an enterprise's labor management — with
evidence, approved by the county's assessor — and gets a base score (基本得分) each quarter, so the
scorecards, the ledger, the annual ranking and the gold selection all have numbers. A few bonus
items lack evidence or came out in county media (they do not score), a few were rejected or wait
for review, two coordinators made work errors (one loses gold eligibility, the other, with two,
is recommended a change of post), and late joiners' first quarters and one forgotten quarter
have no base score (未评定). The task forces send their monthly report by the 20th (mostly), two
placements (以干代训) are done with their evaluation and one is not.

闵行区 (``minhang-2023``, 二(三)5): the district trains 浦锦街道's team every quarter but the last,
the 莘庄工业区's only once — the obligations view shows both done and missed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlmodel import Session

from lrc_api.activities import service as activities
from lrc_api.activities.schemas import ActivityCreate, ReviewRequest
from lrc_api.assessments import service as assessments
from lrc_api.assessments.schemas import AssessmentCreate
from lrc_api.core.concurrency import IfMatch
from lrc_api.core.principal import SYSTEM, Principal
from lrc_api.demo.world import DEMO_YEAR, Member, World, day, evidence, office

_DESCRIPTIONS = {
    "publicity": "在企业开展劳动法律法规宣讲",
    "mediation_own_unit": "主持调处本单位劳动关系案件，达成一致",
    "mediation_other": "参与调处辖区劳动争议案件",
    "risk_prevention": "走访发现欠薪苗头并及时化解",
    "publication": "经验做法被媒体采用",
    "management_improvement": "推动企业完善工资支付制度",
    "error_minor": "台账信息报送迟延",
    "error_major": "未及时上报群体性劳资纠纷苗头",
    "monthly_report": "报送本月典型案例和先进事迹",
    "placement": "到县劳动人事争议仲裁院以干代训",
    "training": "参加区人社局季度业务培训",
}

TASK_FORCES = ("nanzhan", "zhongdu", "build", "express")
"""The 汶上 task forces that send the monthly report (汶政字〔2024〕59号 三(六))."""


def add_work(session: Session, world: World) -> None:
    """Record and review the demo year's activities, and give the quarterly base scores."""
    rng = random.Random(DEMO_YEAR * 7)
    wenshang = world.region("wenshang")
    assessor = office("demo-assessor", "assessor", wenshang)
    minhang = office("demo-minhang", "region_admin", world.region("minhang"))
    members = world.in_jurisdiction("wenshang")
    errors = {members[4].id: ("error_minor",), members[9].id: ("error_minor", "error_major")}
    forgotten = members[12].id  # the assessor never scored its fourth quarter
    for n, member in enumerate(members):
        for quarter in range(1, 5):
            for plan in _quarter_plan(rng, member, quarter, errors.get(member.id, ())):
                _record(session, member, plan, assessor, rng, n)
            if _first_day(quarter) >= member.joined_on.replace(day=1) and not (
                member.id == forgotten and quarter == 4
            ):
                base = rng.choice((22, 24, 25, 26, 26.5, 27, 28, 28.5, 29))
                assessments.create(
                    session=session,
                    principal=assessor,
                    data=AssessmentCreate(
                        coordinator_id=member.id,
                        year=DEMO_YEAR,
                        quarter=quarter,
                        base_score=base,
                        note="日常工作扎实" if base >= 26 else "工作基本到位，台账需完善",
                    ),
                )
    _monthly_reports(session, world, assessor, rng)
    _placements(session, world, assessor)
    _trainings(session, world, minhang)


def _first_day(quarter: int) -> dt.date:
    """The first day of a quarter of the demo year."""
    return day(3 * quarter - 2, 1)


def _quarter_plan(
    rng: random.Random, member: Member, quarter: int, errors: tuple[str, ...]
) -> list[dict[str, Any]]:
    """What one coordinator did in a quarter, from the day it joined: each activity's kind and
    day; the third quarter carries the work errors given."""
    start = _first_day(quarter)
    if start < member.joined_on:
        start = member.joined_on
    end = day(3 * quarter, 28)
    if start > end:
        return []
    kinds = ["publicity"] * rng.randint(1, 3)
    if member.enterprise_key is not None:
        kinds += ["mediation_own_unit"] * rng.randint(0, 2)
        kinds += ["management_improvement"] * rng.randint(0, 1)
    else:
        kinds += ["mediation_other"] * rng.randint(0, 2)
    kinds += ["risk_prevention"] * rng.randint(0, 1)
    if rng.random() < 0.2:
        kinds.append("publication")
    if quarter == 3:
        kinds += list(errors)
    span = (end - start).days
    return [
        {"kind": kind, "on": start + dt.timedelta(days=rng.randrange(span + 1))} for kind in kinds
    ]


def _record(
    session: Session,
    member: Member,
    plan: dict[str, Any],
    reviewer: Principal,
    rng: random.Random,
    n: int,
) -> None:
    """Record an activity (with evidence, bar one in twenty) and review it as the office does."""
    kind, on = plan["kind"], plan["on"]
    slug = f"{member.id}-{on.isoformat()}-{kind}.pdf"
    with_evidence = kind.startswith("error") or rng.random() > 0.05
    data: dict[str, Any] = {
        "coordinator_id": member.id,
        "kind": kind,
        "occurred_on": on,
        "description": _DESCRIPTIONS[kind],
        "evidence": evidence("工作记录.pdf", slug) if with_evidence else [],
    }
    if kind == "publication":
        data["media_level"] = rng.choice(("county", "municipal", "provincial"))
    decision = "approved"
    if on >= day(12, 15) and n % 3 == 0:
        decision = "pending"  # recorded in the year's last fortnight, left unreviewed
    elif rng.random() < 0.03:
        decision = "rejected"
    _create(session, data, reviewer, decision)


def _create(
    session: Session, data: dict[str, Any], reviewer: Principal, decision: str = "approved"
) -> None:
    """Record an activity as the office's clerk (the system) and have ``reviewer`` decide it."""
    act = activities.create(
        session=session, principal=SYSTEM, data=ActivityCreate.model_validate(data)
    )
    if decision == "pending":
        return
    reason = None if decision == "approved" else "佐证材料与活动内容不符，请补充后重报"
    activities.review(
        session=session,
        principal=reviewer,
        activity_id=act.id or 0,
        expected=IfMatch.exact(act.version),
        data=ReviewRequest.model_validate({"decision": decision, "reason": reason}),
    )


def _monthly_reports(
    session: Session, world: World, reviewer: Principal, rng: random.Random
) -> None:
    """Each task force reports monthly by the 20th: each misses one month and is late in one
    or two."""
    for t, key in enumerate(TASK_FORCES):
        reporter = next(m for m in world.under(key) if m.enterprise_key is None)
        for month in range(1, 13):
            if (month + t) % 11 == 0:
                continue  # missed
            dom = 26 if (month + 2 * t) % 7 == 0 else rng.randint(8, 19)
            _create(
                session,
                {
                    "coordinator_id": reporter.id,
                    "kind": "monthly_report",
                    "occurred_on": day(month, dom),
                    "description": _DESCRIPTIONS["monthly_report"],
                    "evidence": evidence("月报.docx", f"{key}-{month:02d}.docx"),
                },
                reviewer,
            )


def _placements(session: Session, world: World, reviewer: Principal) -> None:
    """Three placements (以干代训) of community coordinators: two evaluated, one not yet."""
    community = [
        m for m in world.in_jurisdiction("wenshang") if m.row.coordinator_type == "community"
    ]
    for n, (member, month, evaluation) in enumerate(
        (
            (community[0], 4, "熟悉仲裁庭审流程，调解技巧明显提高"),
            (community[1], 6, "能独立完成案件受理和调解笔录"),
            (community[2], 9, None),
        )
    ):
        _create(
            session,
            {
                "coordinator_id": member.id,
                "kind": "placement",
                "occurred_on": day(month, 3 + n),
                "days": 14,
                "evaluation": evaluation,
                "description": _DESCRIPTIONS["placement"],
                "evidence": evidence("以干代训考核表.pdf", f"placement-{member.id}.pdf"),
            },
            reviewer,
        )


def _trainings(session: Session, world: World, reviewer: Principal) -> None:
    """The district's quarterly training: 浦锦街道 in three quarters, 莘庄工业区 in one."""
    for key, quarters in (("pujin", (1, 2, 3)), ("xinzhuang", (1,))):
        team = [m for m in world.under(key) if m.enterprise_key is None]
        for quarter in quarters:
            for member in team[:4]:
                _create(
                    session,
                    {
                        "coordinator_id": member.id,
                        "kind": "training",
                        "occurred_on": day(3 * quarter - 1, 18),
                        "description": _DESCRIPTIONS["training"],
                        "evidence": evidence("培训签到表.pdf", f"training-{key}-{quarter}.pdf"),
                    },
                    reviewer,
                )

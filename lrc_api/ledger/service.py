"""Building the ledger (台账) from stored data: one SQL aggregate, then the scoring rules.

The database counts approved, undeleted activities per coordinator, quarter, kind, media level
and evidence present — the rules (what scores, the caps) stay in ``lrc_rules.scoring``, which
takes those counted groups. So a ledger of 100,000 coordinators costs one grouped query, one
query of base scores, one of coordinators, and a few microseconds of rules per quarter.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlmodel import Session, col

from lrc_api.activities.models import Activity
from lrc_api.assessments.models import Assessment
from lrc_api.coordinators.models import Coordinator
from lrc_api.coordinators.service import ID_FIELD, PHONE_FIELD
from lrc_api.core import pii
from lrc_api.core.errors import InvalidInput, NotFound
from lrc_api.core.models import utcnow
from lrc_api.core.policies import resolve_policy
from lrc_api.core.principal import Principal
from lrc_api.core.scope import apply_scope, require_visible
from lrc_api.ledger.schemas import Ledger, LedgerEntry, LedgerQuarter
from lrc_api.regions.models import Region
from lrc_rules import RULES_VERSION, scoring

EDUCATION_NAMES = {
    "junior_high_or_below": "初中及以下",
    "high_school": "高中",
    "secondary_vocational": "中专",
    "technical_school": "技工学校",
    "senior_technical_school": "高级技工学校",
    "technician_college": "技师学院",
    "higher_vocational": "高职",
    "associate": "大专",
    "bachelor": "本科",
    "master": "硕士研究生",
    "doctor": "博士研究生",
}
"""学历 as the form writes it."""

TYPE_NAMES = {
    "enterprise_fulltime": "企业专职",
    "township": "乡镇(街道)",
    "park_building_district": "园区(楼宇、街区)",
    "community": "社区(村)",
    "labor_inspection_grid": "劳动监察网格",
    "industry_association": "行业协会",
    "legal_services": "法律服务",
    "project_wage_officer": "项目劳资专管员",
    "department": "部门",
    "other": "其他",
}
"""协调员类型 as the form writes it."""


def _full_years(start: dt.date | None, today: dt.date) -> int | None:
    if start is None:
        return None
    return max(today.year - start.year - ((today.month, today.day) < (start.month, start.day)), 0)


def _quarter_of(year: int) -> Any:
    day = Activity.occurred_on
    return case(
        (day < dt.date(year, 4, 1), literal(1)),
        (day < dt.date(year, 7, 1), literal(2)),
        (day < dt.date(year, 10, 1), literal(3)),
        else_=literal(4),
    )


def activity_groups(
    session: Session, coordinator_ids: Any, year: int
) -> dict[tuple[int, int], list[scoring.EventGroup]]:
    """Counted groups of a year's approved activities of scoring kinds, per (coordinator, quarter)."""
    quarter = _quarter_of(year).label("quarter")
    has_evidence = (func.json_array_length(Activity.evidence) > 0).label("has_evidence")
    stmt = (
        select(
            Activity.coordinator_id,
            quarter,
            Activity.kind,
            Activity.media_level,
            has_evidence,
            func.count(),
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
            Activity.coordinator_id, quarter, Activity.kind, Activity.media_level, has_evidence
        )
    )
    out: dict[tuple[int, int], list[scoring.EventGroup]] = defaultdict(list)
    for coordinator_id, q, kind, media, evidence, n in session.execute(stmt):
        out[(coordinator_id, int(q))].append(
            scoring.EventGroup(kind, int(n), media, bool(evidence))
        )
    return out


def base_scores(session: Session, coordinator_ids: Any, year: int) -> dict[tuple[int, int], float]:
    """Assessed base scores (基本得分) per (coordinator, quarter)."""
    stmt = select(Assessment.coordinator_id, Assessment.quarter, Assessment.base_score).where(
        col(Assessment.coordinator_id).in_(coordinator_ids), Assessment.year == year
    )
    return {(c, q): float(b) for c, q, b in session.execute(stmt)}


def _title_and_name(session: Session, region: Region | None) -> tuple[str, str]:
    if region is None:
        return "劳动关系协调员动态管理台账", "全部"
    ids = [int(x) for x in region.path.strip("/").split("/") if x]
    chain = {r.id: r for r in session.scalars(select(Region).where(col(Region.id).in_(ids)))}
    top = next(
        (chain[i] for i in ids if chain.get(i) and chain[i].kind in ("county", "district")),
        chain.get(ids[0]),
    )
    return f"{top.name if top else ''}劳动关系协调员动态管理台账", region.name


def build_ledger(
    *,
    session: Session,
    principal: Principal,
    region_id: int | None,
    year: int,
    policy_id: str | None,
    include_left: bool = False,
) -> Ledger:
    """The 台账 of a region's subtree (or all the principal may see) for ``year``."""
    if not 2000 <= year <= 2100:
        raise InvalidInput.on("year", "must be between 2000 and 2100")
    policy = resolve_policy(policy_id)
    region = None
    if region_id is not None:
        region = session.get(Region, region_id)
        if region is None:
            raise NotFound(f"region {region_id} not found")
        require_visible(session, principal, region_id, f"region {region_id}")
    people = select(Coordinator).where(col(Coordinator.deleted_at).is_(None))
    people = apply_scope(session, principal, people, Coordinator.region_id)
    if region is not None:
        subtree = select(Region.id).where(col(Region.path).startswith(region.path))
        people = people.where(col(Coordinator.region_id).in_(subtree))
    if not include_left:
        people = people.where(Coordinator.status == "active")
    if principal.role == "coordinator":
        people = people.where(Coordinator.id == principal.coordinator_id)
    coordinators = list(session.scalars(people.order_by(Coordinator.region_id, Coordinator.id)))
    ids_query = people.with_only_columns(Coordinator.id)  # type: ignore[attr-defined]
    groups = activity_groups(session, ids_query, year)
    bases = base_scores(session, ids_query, year)
    unmasked = principal.can("pii:read")
    today = utcnow().date()
    entries = []
    for seq, c in enumerate(coordinators, start=1):
        quarters = []
        for q in (1, 2, 3, 4):
            base = bases.get((c.id, q))  # type: ignore[arg-type]
            card = scoring.score_groups(
                year, q, base if base is not None else 0, groups.get((c.id, q), ()), policy
            )  # type: ignore[arg-type]
            points = {cat.category: cat.points for cat in card.categories}
            quarters.append(
                LedgerQuarter(
                    quarter=q,
                    base=card.base_score,
                    assessed=base is not None,
                    publicity=points["publicity"],
                    mediation=points["mediation"],
                    management=points["management"],
                    risk=points["risk"],
                    publication=points["publication"],
                    deduction=card.deduction,
                    total=card.total,
                )
            )
        entries.append(
            LedgerEntry(
                seq=seq,
                coordinator_id=c.id,
                region_id=c.region_id,
                name=c.name,  # type: ignore[arg-type]
                id_number=pii.decrypt(c.id_number_encrypted, field=ID_FIELD)
                if unmasked
                else c.id_number_masked,
                coordinator_type=TYPE_NAMES.get(c.coordinator_type, c.coordinator_type),
                education=EDUCATION_NAMES.get(c.education_level, c.education_level),
                work_unit_and_post=" ".join(x for x in (c.work_unit, c.post) if x),
                labor_work_years=_full_years(c.labor_work_started_on, today),
                phone=(
                    pii.decrypt(c.phone_encrypted, field=PHONE_FIELD) if c.phone_encrypted else None
                )
                if unmasked
                else c.phone_masked,
                note=c.note,
                quarters=quarters,
                annual_total=sum(x.total for x in quarters),
            )
        )
    title, name = _title_and_name(session, region)
    return Ledger(
        title=title,
        region_id=region_id,
        region_name=name,
        year=year,
        as_of=today,
        policy=policy.id,
        rules_version=RULES_VERSION,
        pii_masked=not unmasked,
        entries=entries,
    )

"""Demo data for a first look (``lrc demo-data`` or ``lrc serve --demo-data``); idempotent.

A county (汶上县) with two townships and a community, four enterprises (one at each early-warning
level, with their alerts), four coordinators with
a year of activities and quarterly base scores, two cases with timelines, and two users: a
global admin and the admin of one township. Personal data is synthetic (valid check digits).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, select

from lrc_api.core.concurrency import IfMatch
from lrc_api.core.db import get_engine
from lrc_api.core.principal import SYSTEM
from lrc_api.core.region_tree import Region
from lrc_api.core.unit_of_work import commit

DEMO_ROOT_CODE = "370830"
"""Code of the demo county (汶上县); its presence means the demo data is loaded."""

DEMO_PASSWORD = "demo-password-change-me"
"""Password of the demo users (development only)."""

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _citizen_id(body17: str) -> str:
    return (
        body17
        + "10X98765432"[sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True)) % 11]
    )


def _uscc(body17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body17, _USCC_WEIGHTS, strict=True))
    return body17 + _USCC_CHARS[(31 - total % 31) % 31]


def load_demo_data() -> str:
    """Load the demo records once and return how to log in."""
    with Session(get_engine().execution_options(lrc_write=True), expire_on_commit=False) as session:
        existing = session.exec(select(Region).where(Region.code == DEMO_ROOT_CODE)).first()
        if existing is None:
            _load(session)
            commit(session)
            loaded = "loaded"
        else:
            loaded = "already present"
    return (
        f"demo data {loaded}: county 汶上县 (code {DEMO_ROOT_CODE}).\n"
        f"demo users: `demo-admin` (admin) and `demo-nanzhan` (region_admin of 南站镇), password {DEMO_PASSWORD!r}.\n"
        "get a token:\n"
        "  curl -s -X POST http://127.0.0.1:8000/v1/auth/token "
        f"-d grant_type=password -d username=demo-admin -d password={DEMO_PASSWORD}\n"
        "then: curl -H 'Authorization: Bearer <access_token>' http://127.0.0.1:8000/v1/coordinators"
    )


def _load(session: Session) -> None:
    from lrc_api.activities import service as activities
    from lrc_api.activities.schemas import ActivityCreate, ReviewRequest
    from lrc_api.assessments import service as assessments
    from lrc_api.assessments.schemas import AssessmentCreate
    from lrc_api.auth import service as auth
    from lrc_api.cases import service as cases
    from lrc_api.cases.schemas import CaseCreate, CaseEventCreate
    from lrc_api.coordinators import service as coordinators
    from lrc_api.coordinators.schemas import CoordinatorCreate
    from lrc_api.enterprises import service as enterprises
    from lrc_api.enterprises.schemas import EnterpriseCreate
    from lrc_api.regions import service as regions
    from lrc_api.regions.schemas import RegionCreate

    p = SYSTEM
    county = regions.create(
        session=session,
        principal=p,
        data=RegionCreate(code=DEMO_ROOT_CODE, name="汶上县", kind="county"),
    )
    nanzhan = regions.create(
        session=session,
        principal=p,
        data=RegionCreate(code="370830101", name="南站镇", kind="township", parent_id=county.id),
    )
    zhongdu = regions.create(
        session=session,
        principal=p,
        data=RegionCreate(
            code="370830001", name="中都街道", kind="subdistrict", parent_id=county.id
        ),
    )
    regions.create(
        session=session,
        principal=p,
        data=RegionCreate(
            code="370830001201", name="西关社区", kind="community", parent_id=zhongdu.id
        ),
    )
    regions.create(
        session=session,
        principal=p,
        data=RegionCreate(
            code="370830-build", name="工程建设领域专班", kind="domain", parent_id=county.id
        ),
    )

    ent_rows: list[Any] = []
    for body, name, industry, emp, rev in (
        ("91370830MA3C0001X", "汶上县鲁源纺织有限公司", "industry", 420, 3800),
        ("91370830MA3C0002X", "汶上县宏达建筑工程有限公司", "construction", None, 7200),
        ("91370830MA3C0003X", "汶上县顺丰快递服务站", "postal", 18, 90),
        ("91370830MA3C0004X", "汶上县金源食品有限公司", "industry", 160, 2400),
    ):
        data = EnterpriseCreate(
            region_id=nanzhan.id,
            uscc=_uscc(body[:17]),
            name=name,
            industry=industry,  # type: ignore[arg-type]
            employees=emp,
            revenue_10k_yuan=rev,
            total_assets_10k_yuan=6100 if industry == "construction" else None,
        )
        ent_rows.append(enterprises.create(session=session, principal=p, data=data))

    people = (
        (
            "李明",
            "37083019850312211",
            "13905370001",
            "township",
            "assistant",
            "bachelor",
            nanzhan,
            None,
        ),
        (
            "王芳",
            "37083019900708102",
            "13905370002",
            "enterprise_fulltime",
            "enterprise_employee",
            "associate",
            nanzhan,
            ent_rows[0],
        ),
        (
            "赵强",
            "37083019780125331",
            "13905370003",
            "labor_inspection_grid",
            "public_institution",
            "master",
            nanzhan,
            None,
        ),
        (
            "孙丽",
            "37083019921111402",
            "13905370004",
            "community",
            "community_worker",
            "higher_vocational",
            zhongdu,
            None,
        ),
    )
    coords = []
    for name, id17, phone, ctype, ident, edu, region, ent in people:
        data = CoordinatorCreate(
            region_id=region.id,
            enterprise_id=ent.id if ent else None,
            name=name,
            id_number=_citizen_id(id17),
            phone=phone,
            coordinator_type=ctype,
            employment_identity=ident,  # type: ignore[arg-type]
            education_level=edu,
            major_related=True,
            work_unit=ent.name if ent else f"{region.name}劳动保障所",  # type: ignore[arg-type]
            post="劳动关系协调员",
            labor_work_started_on=dt.date(2018, 4, 1),
            certificates=[
                {"level": 4, "obtained_on": dt.date(2021, 6, 30), "number": f"DEMO-{id17[-4:]}"}
            ],  # type: ignore[list-item]
            joined_on=dt.date(2024, 8, 1),
        )
        coords.append(coordinators.create(session=session, principal=p, data=data))

    year = 2025
    plan = (
        ("publicity", dt.date(year, 2, 20), None),
        ("publicity", dt.date(year, 3, 12), None),
        ("mediation_own_unit", dt.date(year, 5, 8), None),
        ("mediation_other", dt.date(year, 6, 3), None),
        ("publication", dt.date(year, 8, 15), "municipal"),
        ("risk_prevention", dt.date(year, 9, 2), None),
        ("management_improvement", dt.date(year, 11, 5), None),
        ("contact", dt.date(year, 11, 20), None),
    )
    for c in coords[:2]:
        for kind, on, media in plan:
            act = activities.create(
                session=session,
                principal=p,
                data=ActivityCreate(
                    coordinator_id=c.id,
                    kind=kind,
                    occurred_on=on,
                    media_level=media,  # type: ignore[arg-type]
                    description="演示数据",
                    evidence=[
                        {
                            "name": "记录.pdf",
                            "uri": "demo://evidence/record.pdf",
                            "sha256": "0" * 64,
                        }
                    ],  # type: ignore[list-item]
                ),
            )
            activities.review(
                session=session,
                principal=_reviewer(),
                activity_id=act.id,  # type: ignore[arg-type]
                expected=IfMatch.exact(act.version),
                data=ReviewRequest(decision="approved"),
            )
        for quarter, base in ((1, 26), (2, 27), (3, 25), (4, 28)):
            assessments.create(
                session=session,
                principal=p,
                data=AssessmentCreate(
                    coordinator_id=c.id, year=year, quarter=quarter, base_score=base, note="演示"
                ),  # type: ignore[arg-type]
            )

    case = cases.create(
        session=session,
        principal=p,
        data=CaseCreate(
            region_id=nanzhan.id,
            source="wage_clue_platform",
            procedure="arbitration",  # type: ignore[arg-type]
            categories=["pay_compensation"],
            enterprise_id=ent_rows[1].id,
            worker_count=12,  # type: ignore[list-item]
            claims=[{"type": "labor_remuneration", "amount": 86000}],
            received_on=dt.date(2025, 9, 26),  # type: ignore[list-item]
            accepted_on=dt.date(2025, 9, 30),
            assignments=[{"coordinator_id": coords[0].id, "role": "lead"}],  # type: ignore[list-item]
        ),
    )
    cases.add_event(
        session=session,
        principal=p,
        case_id=case.id,  # type: ignore[arg-type]
        data=CaseEventCreate(kind="respondent_served", on=dt.date(2025, 10, 10)),  # type: ignore[call-arg]
    )

    from lrc_api.risk.demo import seed_demo_risk

    # Enterprises at every risk level (red, orange, yellow, green) and their alerts.
    seed_demo_risk(session, enterprises=ent_rows, coordinator_id=coords[0].id)

    auth.create_user(
        session=session, username="demo-admin", password=DEMO_PASSWORD, role="admin", region_id=None
    )
    auth.create_user(
        session=session,
        username="demo-nanzhan",
        password=DEMO_PASSWORD,
        role="region_admin",
        region_id=nanzhan.id,
    )


def _reviewer() -> Any:
    from lrc_api.core.principal import ROLE_SCOPES, Principal

    return Principal(
        subject="system:demo-reviewer",
        kind="system",
        role="assessor",
        region_id=None,
        scopes=ROLE_SCOPES["assessor"],
    )

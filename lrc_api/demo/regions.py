"""The demo's jurisdictions, their staffing bases, and the users who sign in to them.

Two jurisdictions under different packs, so every view answers under its own rules:

- 汶上县 (``wenshang-2024``: scorecards, the annual ranking and gold selection, the monthly report
  and 以干代训): 南站镇 and 中都街道, the 汶上经济开发区, two task forces (工程建设领域专班,
  快递行业专班) and six communities;
- 闵行区 (``minhang-2023``: staffing, training, the campaign's KPIs and weekly report) with 浦锦街道
  bound to its own ``pujin-2024`` (a headcount of 15, full qualification from 2026), two of its
  communities, and the 莘庄工业区.

The staffing bases are what only the district knows (核定人数, the assistants and mediators it
had), recorded so that ``GET /v1/regions/{id}/staffing`` judges complete units with shortfalls.
"""

from __future__ import annotations

from sqlmodel import Session

from lrc_api.auth import service as auth
from lrc_api.core.principal import SYSTEM
from lrc_api.demo.world import World, day
from lrc_api.regions import service as regions
from lrc_api.regions.schemas import RegionCreate
from lrc_api.staffing import service as staffing
from lrc_api.staffing.schemas import StaffingBasisCreate

REGIONS: tuple[tuple[str, str, str, str, str | None, str | None], ...] = (
    # key, code, name, kind, parent key, pack bound to it (null: inherited)
    ("wenshang", "370830", "汶上县", "county", None, "wenshang-2024"),
    ("nanzhan", "370830101", "南站镇", "township", "wenshang", None),
    ("zhongdu", "370830001", "中都街道", "subdistrict", "wenshang", None),
    ("edz", "370830-edz", "汶上经济开发区", "park", "wenshang", None),
    ("build", "370830-build", "工程建设领域专班", "domain", "wenshang", None),
    ("express", "370830-express", "快递行业专班", "domain", "wenshang", None),
    ("xiguan", "370830001201", "西关社区", "community", "zhongdu", None),
    ("dongguan", "370830001202", "东关社区", "community", "zhongdu", None),
    ("beimen", "370830001203", "北门社区", "community", "zhongdu", None),
    ("nanzhan-c", "370830101201", "南站社区", "community", "nanzhan", None),
    ("yangdian", "370830101202", "杨店社区", "community", "nanzhan", None),
    ("kaiyuan", "370830-edz-201", "开元社区", "community", "edz", None),
    ("minhang", "310112", "闵行区", "district", None, "minhang-2023"),
    ("pujin", "310112115", "浦锦街道", "subdistrict", "minhang", "pujin-2024"),
    ("tangkou", "310112115201", "塘口社区", "community", "pujin", None),
    ("pujinyuan", "310112115202", "浦锦苑社区", "community", "pujin", None),
    ("xinzhuang", "310112-xzip", "莘庄工业区", "park", "minhang", None),
)
"""Every demo region, parents first."""

BASES: tuple[tuple[str, int, int, int, int, str], ...] = (
    # region key, month from (demo year), 核定人数, existing assistants, mediators, remark
    ("pujin", 1, 16, 9, 4, "区人社局核定：按案件量与纠纷频次确定"),
    ("pujin", 7, 18, 9, 4, "下半年案件量上升，区人社局动态调整核定人数"),
    ("xinzhuang", 1, 6, 3, 2, "区人社局核定"),
)
"""Staffing bases (人员配备依据, 闵人社发〔2023〕55号 二(一)3) of the 闵行 areas."""

USERS: tuple[tuple[str, str, str | None], ...] = (
    # username, role, region key (None: the whole deployment)
    ("demo-admin", "admin", None),
    ("demo-wenshang", "region_admin", "wenshang"),
    ("demo-nanzhan", "region_admin", "nanzhan"),
    ("demo-assessor", "assessor", "wenshang"),
    ("demo-minhang", "region_admin", "minhang"),
    ("demo-pujin", "region_admin", "pujin"),
    ("demo-auditor", "auditor", None),
)
"""The demo's users, one per role and office; all share the demo password."""

COORDINATOR_USER = "demo-coordinator"
"""A coordinator of 南站镇 who signs in and sees only its own data."""


def add_regions(session: Session, world: World) -> None:
    """Create the regions of both jurisdictions, each bound to its pack where it has one."""
    for key, code, name, kind, parent, policy in REGIONS:
        row = regions.create(
            session=session,
            principal=SYSTEM,
            data=RegionCreate.model_validate(
                {
                    "code": code,
                    "name": name,
                    "kind": kind,
                    "parent_id": None if parent is None else world.region(parent).id,
                    "policy": policy,
                }
            ),
        )
        world.regions[key] = row


def add_staffing_bases(session: Session, world: World) -> None:
    """Record the approved headcounts and existing staff of the 闵行 areas."""
    for key, month, headcount, assistants, mediators, note in BASES:
        staffing.create(
            session=session,
            principal=SYSTEM,
            data=StaffingBasisCreate(
                region_id=world.region(key).id or 0,
                effective_from=day(month, 1),
                approved_headcount=headcount,
                approval_ref=f"演示核定〔{day(month, 1).year}〕{month}号",
                existing_inspection_assistants=assistants,
                existing_mediators=mediators,
                enterprise_load="many",
                note=note,
            ),
        )


def add_users(session: Session, world: World, password: str) -> list[str]:
    """Create the users (one per role and office, and one coordinator); returns their names."""
    for username, role, key in USERS:
        auth.create_user(
            session=session,
            username=username,
            password=password,
            role=role,
            region_id=None if key is None else world.region(key).id,
        )
    own = next(m for m in world.members if m.region_key == "nanzhan" and m.enterprise_key is None)
    auth.create_user(
        session=session,
        username=COORDINATOR_USER,
        password=password,
        role="coordinator",
        region_id=own.row.region_id,
        coordinator_id=own.id,
    )
    return [u for u, _, _ in USERS] + [COORDINATOR_USER]

"""The demo's enterprises (40, every size and many industries) and coordinators (about 60).

Enterprises: the four of 南站镇 the early warning brings to each level come first, in that order
(``lrc_api.demo.risk``); the others spread over both jurisdictions. Coordinators: the township,
park, task-force and community teams, and a full-time coordinator in each larger enterprise;
most hold a certificate (有劳动关系协调资质), some do not yet — which the staffing view counts —
and a few joined during the demo year, so their first quarters are not assessed (未评定).
Names, ID numbers and phones are synthetic (``lrc_api.demo.identifiers``).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlmodel import Session

from lrc_api.coordinators import service as coordinators
from lrc_api.coordinators.schemas import CoordinatorCreate
from lrc_api.core.principal import SYSTEM
from lrc_api.demo.identifiers import Synthetic
from lrc_api.demo.world import DEMO_YEAR, Member, World, day
from lrc_api.enterprises import service as enterprises
from lrc_api.enterprises.schemas import EnterpriseCreate

Row = tuple[str, str, str, str, int | None, float, float | None]

ENTERPRISES: tuple[Row, ...] = (
    # key, region key, name, industry, employees, revenue (万元), total assets (万元)
    ("luyuan", "nanzhan", "汶上县鲁源纺织有限公司", "industry", 420, 3800, None),
    ("hongda", "nanzhan", "汶上县宏达建筑工程有限公司", "construction", None, 7200, 6100),
    ("shunfeng", "nanzhan", "汶上县顺丰快递服务站", "postal", 18, 90, None),
    ("jinyuan", "nanzhan", "汶上县金源食品有限公司", "industry", 160, 2400, None),
    ("nz-jixie", "nanzhan", "汶上县南站机械配件厂", "industry", 45, 800, None),
    ("nz-mianfen", "nanzhan", "汶上县南站面粉厂", "industry", 70, 1300, None),
    ("nz-jiudian", "yangdian", "汶上县杨店大酒店有限公司", "accommodation", 60, 900, None),
    ("shengze", "zhongdu", "汶上县圣泽购物广场有限公司", "retail", 220, 15000, None),
    ("zd-wuye", "zhongdu", "汶上县中都物业服务有限公司", "property_management", 130, 1200, None),
    ("zd-canyin", "zhongdu", "汶上县宝相餐饮管理有限公司", "catering", 40, 600, None),
    ("zd-xinxi", "zhongdu", "汶上县中都信息技术有限公司", "software_it", 35, 900, None),
    ("zd-shangmao", "zhongdu", "汶上县西关商贸有限公司", "wholesale", 12, 3000, None),
    ("zd-qiche", "zhongdu", "汶上县中都汽车销售服务有限公司", "retail", 55, 6000, None),
    ("xg-chaoshi", "xiguan", "汶上县西关便民超市", "retail", 8, 150, None),
    ("hengtai", "edz", "汶上县恒泰新材料有限公司", "industry", 1080, 52000, None),
    ("xinyuan", "edz", "汶上县鑫源汽车零部件有限公司", "industry", 350, 12000, None),
    ("ruida", "edz", "汶上县瑞达纺织有限公司", "industry", 520, 9800, None),
    ("taihe", "edz", "汶上县泰和化工有限公司", "industry", 210, 6500, None),
    ("hongyuan", "edz", "汶上县宏远机械制造有限公司", "industry", 95, 1800, None),
    ("kaiyuan-wl", "edz", "汶上县开元仓储物流有限公司", "warehousing", 60, 2200, None),
    ("kangyuan", "edz", "汶上县康源生物科技有限公司", "industry", 140, 4200, None),
    (
        "ky-jiazheng",
        "kaiyuan",
        "汶上县开元家政服务有限公司",
        "leasing_business_services",
        25,
        300,
        None,
    ),
    ("lujian", "build", "汶上县鲁建建设集团有限公司", "construction", None, 86000, 61000),
    ("chengtou", "build", "汶上县城投市政工程有限公司", "construction", None, 4200, 5200),
    ("zhongtong", "express", "汶上县中通快递服务有限公司", "postal", 65, 700, None),
    ("yunda", "express", "汶上县韵达快递服务部", "postal", 30, 300, None),
    ("yuantong", "express", "汶上县圆通速递有限公司", "postal", 40, 420, None),
    ("zhizao", "pujin", "上海浦江智造电子有限公司", "industry", 450, 26000, None),
    ("jingmi", "pujin", "上海浦锦精密机械有限公司", "industry", 260, 9000, None),
    ("minpu", "pujin", "上海闵浦建筑劳务有限公司", "construction", None, 5200, 3100),
    ("luheng", "pujin", "上海芦恒物流有限公司", "transport", 180, 6000, None),
    ("jinxiu", "pujin", "上海锦绣餐饮管理有限公司", "catering", 120, 1500, None),
    ("pj-wuye", "pujin", "上海浦锦物业管理有限公司", "property_management", 300, 2800, None),
    ("tk-bianli", "tangkou", "上海塘口便利店有限公司", "retail", 10, 200, None),
    (
        "jy-jiazheng",
        "pujinyuan",
        "上海锦苑家政服务有限公司",
        "leasing_business_services",
        35,
        400,
        None,
    ),
    ("xz-peijian", "xinzhuang", "上海莘庄汽车配件有限公司", "industry", 900, 38000, None),
    ("xintuo", "xinzhuang", "上海莘拓新材料科技有限公司", "industry", 320, 15000, None),
    ("xz-ruanjian", "xinzhuang", "上海莘庄软件科技有限公司", "software_it", 150, 8000, None),
    ("xz-cangchu", "xinzhuang", "上海莘闵仓储有限公司", "warehousing", 80, 3000, None),
    ("xz-yinshua", "xinzhuang", "上海莘庄印刷包装有限公司", "industry", 110, 2600, None),
)
"""Every demo enterprise; the first four are the early warning's red, orange, yellow and green."""

ENTERPRISE_COORDINATORS = (
    "luyuan", "hongda", "jinyuan", "nz-mianfen", "shengze", "zd-wuye", "zd-qiche", "hengtai",
    "xinyuan", "ruida", "taihe", "kangyuan", "lujian", "zhongtong", "zhizao", "jingmi", "luheng",
    "pj-wuye", "xz-peijian", "xintuo", "xz-ruanjian",
)  # fmt: skip
"""Enterprises with a full-time coordinator of their own (企业专职劳动关系协调员)."""

TEAMS: tuple[tuple[str, int, str, tuple[str, ...], str], ...] = (
    # region key, how many, coordinator type, employment identities (in turn), work unit
    ("nanzhan", 5, "township", ("public_institution", "assistant", "community_worker"), "南站镇劳动保障所"),
    ("nanzhan", 1, "labor_inspection_grid", ("assistant",), "南站镇劳动保障监察网格"),
    ("zhongdu", 4, "township", ("civil_servant", "public_institution", "assistant"), "中都街道劳动保障所"),
    ("zhongdu", 1, "labor_inspection_grid", ("assistant",), "中都街道劳动保障监察网格"),
    ("edz", 3, "park_building_district", ("public_institution", "other"), "汶上经济开发区管委会"),
    ("build", 2, "project_wage_officer", ("public_institution", "enterprise_employee"), "工程建设领域专班"),
    ("express", 2, "industry_association", ("other", "social_mediator"), "汶上县快递行业协会"),
    ("xiguan", 1, "community", ("community_worker",), "西关社区居委会"),
    ("dongguan", 1, "community", ("community_worker",), "东关社区居委会"),
    ("beimen", 1, "community", ("community_worker",), "北门社区居委会"),
    ("nanzhan-c", 1, "community", ("community_worker",), "南站社区居委会"),
    ("yangdian", 1, "community", ("community_worker",), "杨店社区居委会"),
    ("kaiyuan", 1, "community", ("community_worker",), "开元社区居委会"),
    ("pujin", 10, "township", ("community_worker", "assistant", "social_mediator"), "浦锦街道社区事务受理服务中心"),
    ("tangkou", 1, "community", ("community_worker",), "塘口社区居委会"),
    ("pujinyuan", 1, "community", ("community_worker",), "浦锦苑社区居委会"),
    ("xinzhuang", 3, "park_building_district", ("public_institution", "assistant"), "莘庄工业区管委会"),
)  # fmt: skip
"""The area, park, task-force and community teams."""

_EDUCATION = ("bachelor", "associate", "higher_vocational", "bachelor", "master", "high_school")


def add_enterprises(session: Session, world: World) -> None:
    """Register every demo enterprise in its region (the size class is computed on the way)."""
    codes = {
        "wenshang": Synthetic(370830, "370830", ()),
        "minhang": Synthetic(310112, "310112", ()),
    }
    for key, region, name, industry, employees, revenue, assets in ENTERPRISES:
        home = "minhang" if world.region(region).code.startswith("310112") else "wenshang"
        data = EnterpriseCreate(
            region_id=world.region(region).id or 0,
            uscc=codes[home].credit_code(),
            name=name,
            industry=industry,
            employees=employees,
            revenue_10k_yuan=revenue,
            total_assets_10k_yuan=assets,
        )
        world.enterprises[key] = enterprises.create(session=session, principal=SYSTEM, data=data)


def add_coordinators(session: Session, world: World) -> None:
    """Create the coordinators: the teams first, then one in each enterprise that has one."""
    rng = random.Random(DEMO_YEAR)
    people = {
        "wenshang": Synthetic(3708, "370830", ("370829", "370831", "370832", "370881", "370883")),
        "minhang": Synthetic(3101, "310112", ("310112", "310104", "310115", "342401", "320382")),
    }
    planned: list[tuple[str, str | None, str, str, str]] = []
    for region, count, ctype, identities, unit in TEAMS:
        for n in range(count):
            planned.append((region, None, ctype, identities[n % len(identities)], unit))
    for key in ENTERPRISE_COORDINATORS:
        region = next(r for k, r, *_ in ENTERPRISES if k == key)
        kind = "project_wage_officer" if key in ("hongda", "lujian") else "enterprise_fulltime"
        planned.append((region, key, kind, "enterprise_employee", world.enterprises[key].name))
    for n, (region, ent, ctype, identity, unit) in enumerate(planned):
        home = "minhang" if world.region(region).code.startswith("310112") else "wenshang"
        member = _create(session, world, rng, people[home], n, region, ent, ctype, identity, unit)
        world.members.append(member)


def _create(
    session: Session,
    world: World,
    rng: random.Random,
    people: Synthetic,
    n: int,
    region: str,
    enterprise: str | None,
    ctype: str,
    identity: str,
    unit: str,
) -> Member:
    """One coordinator: about one in five holds no certificate yet, one in eight joined this year."""
    started = dt.date(rng.randint(2008, 2022), rng.randint(1, 12), 1)
    late_joiner = n % 8 == 5
    joined = day(rng.choice((4, 5)), 15) if late_joiner else dt.date(DEMO_YEAR - 1, 8, 1)
    qualified = n % 5 != 3
    certificates: list[Any] = []
    if qualified:
        level = rng.choice((4, 4, 4, 3, 3, 2))
        obtained = dt.date(rng.randint(2019, 2024), rng.randint(1, 12), 20)
        certificates = [{"level": level, "obtained_on": obtained, "number": f"DEMO-{n + 1:04d}"}]
    male = rng.random() < 0.5
    data = CoordinatorCreate.model_validate(
        {
            "region_id": world.region(region).id,
            "enterprise_id": None if enterprise is None else world.enterprises[enterprise].id,
            "name": people.name(),
            "id_number": people.id_number(male=male),
            "phone": people.phone(),
            "coordinator_type": ctype,
            "employment_identity": identity,
            "education_level": rng.choice(_EDUCATION),
            "major_related": rng.random() < 0.6,
            "work_unit": unit,
            "post": "劳动关系协调员" if enterprise is None else "人力资源专员",
            "labor_work_started_on": started,
            "certificates": certificates,
            "joined_on": joined,
            "note": "演示数据：年中新入职" if late_joiner else "演示数据",
        }
    )
    row = coordinators.create(session=session, principal=SYSTEM, data=data)
    return Member(row, region, enterprise, qualified, joined)

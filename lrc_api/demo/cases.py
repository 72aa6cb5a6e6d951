"""About 200 cases of the demo year across every procedure, through the case service.

Mediations, enterprise mediations, arbitrations, inspections, wage-arrears clues and 12345 work
orders in both jurisdictions — most in 闵行区, whose pack counts the campaign's indicators (闵人社发
〔2022〕34号) — each received on a day of the demo year and taken along its story
(``lrc_api.demo.stories``): accepted, handled, concluded with its conclusion (结案方式) on time or
late, with an outcome written for many; some suspended, extended, withdrawn or transferred; about
one in eight still open, and so overdue today (the morning work list). An open case against an
enterprise counts in its early warning: open cases name a few backlog enterprises (and the
enterprise of an open enterprise mediation) only, never the ones ``lrc_api.demo.risk`` sets, so
the levels it sets stay as set.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlmodel import Session

from lrc_api.cases import service as cases
from lrc_api.cases.models import Case
from lrc_api.cases.schemas import CaseCreate, CaseEventCreate, CaseUpdate, TransitionRequest
from lrc_api.core.concurrency import IfMatch
from lrc_api.core.principal import SYSTEM
from lrc_api.demo.risk import RISK_LEVELS
from lrc_api.demo.stories import Story, story
from lrc_api.demo.world import DEMO_YEAR, World, day

MIX: dict[str, tuple[tuple[str, int], ...]] = {
    "minhang": (
        ("mediation", 30),
        ("enterprise_mediation", 10),
        ("arbitration", 30),
        ("inspection", 14),
        ("wage_clue", 22),
        ("hotline", 14),
    ),
    "wenshang": (
        ("mediation", 20),
        ("enterprise_mediation", 6),
        ("arbitration", 20),
        ("inspection", 8),
        ("wage_clue", 14),
        ("hotline", 12),
    ),
}
"""Cases per procedure in each jurisdiction."""

PLACES = {
    "minhang": ("pujin", "pujin", "pujin", "tangkou", "pujinyuan", "xinzhuang", "xinzhuang"),
    "wenshang": ("nanzhan", "nanzhan", "zhongdu", "zhongdu", "edz", "build", "express", "xiguan"),
}
"""Where a case is handled (weighted by repetition); arbitration and inspection mostly at the
county or district itself."""

BACKLOG = {"minhang": ["luheng", "luheng", "xz-cangchu"], "wenshang": ["zd-shangmao", "nz-jixie"]}
"""The enterprises the open cases name, in turn (then none): their overdue cases raise their risk."""

_SOURCES = {
    "mediation": ("walk_in", "walk_in", "referral"),
    "enterprise_mediation": ("walk_in", "other"),
    "arbitration": ("walk_in", "walk_in", "referral"),
    "inspection": ("inspection_finding", "walk_in", "referral"),
    "wage_clue": ("wage_clue_platform",),
    "hotline": ("hotline_12345",),
}
_CATEGORIES = (
    ["pay_compensation"],
    ["pay_compensation"],
    ["dismissal_resignation", "pay_compensation"],
    ["contract"],
    ["labor_relationship"],
    ["working_conditions"],
)
_OUTCOMES = {
    "agreement": "达成调解协议，用人单位当场支付{amount}元",
    "arbitral_mediation": "仲裁庭主持调解，双方达成调解协议，支付{amount}元",
    "award": "仲裁裁决支持申请人部分请求，裁决支付{amount}元",
    "resolved": "经协调，企业已足额补发工资{amount}元",
    "rectification_ordered": "责令用人单位限期改正，已整改到位",
    "penalized": "依法作出行政处罚决定",
}


def add_cases(session: Session, world: World) -> None:
    """Create and move along every demo case (about 200)."""
    rng = random.Random(DEMO_YEAR * 13)
    for home, mix in MIX.items():
        backlog = list(BACKLOG[home])
        serial = 0
        for procedure, count in mix:
            for _ in range(count):
                serial += 1
                received = day(1, 3) + dt.timedelta(days=rng.randint(0, 342))
                roll = rng.random()
                fate = (
                    "open"
                    if roll < 0.12
                    else "withdrawn"
                    if roll < 0.17
                    else "late"
                    if roll < 0.32
                    else "on_time"
                )
                plot = story(rng, procedure, received, fate)
                _one(session, world, rng, home, procedure, received, plot, backlog, serial)


def _one(
    session: Session,
    world: World,
    rng: random.Random,
    home: str,
    procedure: str,
    received: dt.date,
    plot: Story,
    backlog: list[str],
    serial: int,
) -> None:
    """Create one case where it is handled, with its employer and coordinators, and play its story."""
    place = rng.choice(PLACES[home])
    if procedure in ("arbitration", "inspection") and rng.random() < 0.6:
        place = home
    quiet = [
        e for k, e in world.enterprises.items() if k not in RISK_LEVELS and k not in BACKLOG[home]
    ]
    here = [e for e in quiet if _path(world, e.region_id).startswith(world.region(place).path)]
    if procedure == "enterprise_mediation" and not here:
        here = [e for e in quiet if _path(world, e.region_id).startswith(world.region(home).path)]
    enterprise = None
    if plot.concluded is None and backlog:  # an open case: the backlog enterprises first
        enterprise = world.enterprises[backlog.pop(0)]
    elif procedure == "enterprise_mediation" or (
        plot.concluded is not None and here and rng.random() < 0.8
    ):  # an enterprise mediation is held by the enterprise's own committee
        enterprise = rng.choice(here)
    if procedure == "enterprise_mediation" and enterprise is not None:  # its own region
        place = next(k for k, r in world.regions.items() if r.id == enterprise.region_id)
    workers = rng.randint(12, 60) if rng.random() < 0.1 else rng.randint(1, 4)
    amount = workers * rng.randrange(3000, 15000, 100)
    claims: list[Any] = [{"type": "labor_remuneration", "amount": amount}]
    if rng.random() < 0.3:
        claims.append({"type": "economic_compensation", "amount": rng.randrange(8000, 60000, 100)})
    if procedure in ("wage_clue", "hotline"):
        matter = rng.choice(("complaint", "complaint", "help", "help", "complex", "consultation"))
    else:
        matter = None
    team = [m for m in world.under(place) if m.enterprise_key is None] or [
        m for m in world.in_jurisdiction(home) if m.enterprise_key is None
    ]
    lead = rng.choice(team)
    assignments: list[Any] = [{"coordinator_id": lead.id, "role": "lead"}]
    helpers = [m for m in team if m is not lead]
    if helpers and rng.random() < 0.3:
        assignments.append({"coordinator_id": rng.choice(helpers).id, "role": "assist"})
    employer = enterprise.name if enterprise is not None else "用人单位"
    case = cases.create(
        session=session,
        principal=SYSTEM,
        data=CaseCreate.model_validate(
            {
                "number": _number(home, procedure, received, serial),
                "region_id": world.region(place).id,
                "source": rng.choice(_SOURCES[procedure]),
                "procedure": procedure,
                "matter": matter,
                "categories": rng.choice(_CATEGORIES),
                "enterprise_id": None if enterprise is None else enterprise.id,
                "worker_count": workers,
                "claims": claims,
                "summary": f"{workers}名职工反映{employer}拖欠工资或未依法支付补偿",
                "received_on": received,
                "filed_on": plot.filed_on,
                "assignments": assignments,
            }
        ),
    )
    _play(session, case, plot)
    template = _OUTCOMES.get(plot.concluded or "")
    if template is not None and rng.random() < 0.25:
        cases.update_case(
            session=session,
            principal=SYSTEM,
            case_id=case.id or 0,
            expected=IfMatch.exact(case.version),
            data=CaseUpdate.model_validate({"outcome": template.format(amount=int(amount * 0.8))}),
        )


def _path(world: World, region_id: int) -> str:
    """The tree path of a demo region by id."""
    return next(r.path for r in world.regions.values() if r.id == region_id)


def _number(home: str, procedure: str, received: dt.date, n: int) -> str | None:
    """Arbitration and work orders carry their own numbers; the service numbers the others."""
    if procedure == "arbitration":
        prefix = "汶劳人仲案字" if home == "wenshang" else "闵劳人仲"
        return f"{prefix}〔{received.year}〕第{n}号"
    if procedure == "hotline":
        return f"12345-{received:%Y%m%d}-{n + (0 if home == 'wenshang' else 5000):04d}"
    return None


def _play(session: Session, case: Case, plot: Story) -> None:
    """Take the case through its story's moves and events, as an office would post them."""
    for what, name, on, extra in plot.steps:
        if what == "move":
            cases.transition(
                session=session,
                principal=SYSTEM,
                case_id=case.id or 0,
                expected=IfMatch.exact(case.version),
                data=TransitionRequest.model_validate(
                    {"to": name, "conclusion": extra, "on": on, "note": "演示数据"}
                ),
            )
        else:
            cases.add_event(
                session=session,
                principal=SYSTEM,
                case_id=case.id or 0,
                data=CaseEventCreate.model_validate({"kind": name, "on": on, "days": extra}),
            )

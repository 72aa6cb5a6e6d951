"""Demo signals: enterprises at every early-warning level today, so the risk views and alerts
show something.

Risk is judged on the day asked (today by default) over the last 90 days, so unlike the rest of
the demo these records are dated back from the day the demo is loaded: signals from other systems
(wage-clue platform, power grid, tax, social insurance, the 12345 hotline), a coordinator's risk
reports with evidence, and older signals so the trend moves. Then the enterprises are
re-assessed, which opens the orange and red alerts (and pushes them through the change feed).
汶上's four enterprises of 南站镇 go red, orange, yellow and green, as the first demo had them;
three of 浦锦街道 go red, orange and yellow. The other enterprises stay green unless their own
open, overdue cases say otherwise (``lrc_api.demo.cases`` gives those to two per jurisdiction).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from lrc_api.activities import service as activities
from lrc_api.activities.schemas import ActivityCreate
from lrc_api.core.models import today
from lrc_api.core.principal import SYSTEM
from lrc_api.demo.world import World, evidence
from lrc_api.risk.evaluation import Outcome, evaluate
from lrc_api.signals.schemas import SignalBulkItem
from lrc_api.signals.service import record_signals

RISK_LEVELS: dict[str, str] = {
    "luyuan": "red",
    "hongda": "orange",
    "shunfeng": "yellow",
    "jinyuan": "green",
    "zhizao": "red",
    "jingmi": "orange",
    "minpu": "yellow",
}
"""Enterprise (demo key) → the level its signals bring it to today."""

# level -> (source, kind, days ago, value, note); days ago ≥ the window land in the previous one.
# ``{city}`` is the jurisdiction's prefecture (jining, shanghai): the systems are local.
_SIGNALS: dict[str, tuple[tuple[str, str, int, float | None, str | None], ...]] = {
    "red": (
        ("wage-clue-platform", "wage_arrears_clue", 5, 35, "35名职工反映10月工资未发"),
        ("power-grid", "power_drop", 4, 70, None),
        ("tax.{city}", "tax_arrears", 20, 4, None),
    ),
    "orange": (
        ("si.{city}", "social_insurance_arrears", 6, 6, "连续6个月未足额缴纳社保"),
        ("wage-clue-platform", "wage_arrears_clue", 12, 12, None),
        ("hotline-12345", "hotline_complaint", 3, None, "职工来电，联系电话13905370009"),
    ),
    "yellow": (
        ("hotline-12345", "hotline_complaint", 2, None, None),
        ("power-grid", "power_drop", 10, 55, None),
        ("tax.{city}", "tax_arrears", 8, 3, None),
        ("wage-clue-platform", "wage_arrears_clue", 95, 30, "上一周期的欠薪线索，已化解"),
        ("si.{city}", "social_insurance_arrears", 92, 6, None),
    ),
    "green": (("hotline-12345", "hotline_complaint", 70, None, None),),
}

# level -> (risk kind, days ago, workers affected): reports a coordinator files with evidence.
_REPORTS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "red": (("closure_relocation", 3, 120), ("layoff", 2, 30)),
    "orange": (("pay_cut", 4, 40),),
}


def add_risk(session: Session, world: World, on: dt.date | None = None) -> Outcome:
    """Bring each enterprise of :data:`RISK_LEVELS` to its level on ``on`` (today) and open
    the alerts. Each risk report is filed by a coordinator of the enterprise's jurisdiction
    (its own, if it has one). Idempotent per enterprise: the signals' source ids name it."""
    day = on or today()
    items = []
    ids = []
    for key, level in RISK_LEVELS.items():
        enterprise = world.enterprises[key]
        ids.append(enterprise.id or 0)
        city = "shanghai" if world.regions["minhang"].id in _ancestors(world, key) else "jining"
        for n, (source, kind, ago, value, note) in enumerate(_SIGNALS[level]):
            items.append(
                SignalBulkItem(
                    enterprise_id=enterprise.id or 0,
                    source=source.format(city=city),
                    source_id=f"demo-{enterprise.id}-{level}-{n}",
                    kind=kind,
                    value=value,
                    observed_on=day - dt.timedelta(days=ago),
                    note=note,
                )
            )
        reporter = _reporter(world, key)
        for risk_kind, ago, workers in _REPORTS.get(level, ()):
            data: Any = {
                "coordinator_id": reporter,
                "kind": "risk_report",
                "risk_kind": risk_kind,
                "workers_affected": workers,
                "enterprise_id": enterprise.id,
                "occurred_on": day - dt.timedelta(days=ago),
                "description": "演示数据：协调员走访发现并报告",
                "evidence": evidence("现场记录.pdf", "risk-report.pdf"),
            }
            activities.create(
                session=session, principal=SYSTEM, data=ActivityCreate.model_validate(data)
            )
    record_signals(session=session, principal=SYSTEM, items=items)
    return evaluate(session, ids, day)


def _ancestors(world: World, key: str) -> list[int]:
    region = next(r for r in world.regions.values() if r.id == world.enterprises[key].region_id)
    return region.ancestor_ids()


def _reporter(world: World, key: str) -> int:
    """The enterprise's own coordinator, else the first of its area's team."""
    own = [m for m in world.members if m.enterprise_key == key]
    if own:
        return own[0].id
    region_id = world.enterprises[key].region_id
    return next(m.id for m in world.members if m.row.region_id == region_id)

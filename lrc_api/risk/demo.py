"""Demo signals: enterprises at every risk level, so the views and alerts show something.

:func:`seed_demo_risk` takes the demo's enterprises and gives the first four, in order, what
makes them red, orange, yellow and green today — signals from other systems, a coordinator's
risk reports with evidence, and older signals so the trend moves — then re-assesses them, which
opens the orange and red alerts. Self-contained: the demo loader calls it once (its caller
commits); it relies only on the services, so it works on any demo county built on top.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from lrc_api.core.models import today
from lrc_api.core.principal import SYSTEM
from lrc_api.enterprises.models import Enterprise
from lrc_api.risk.evaluation import Outcome, evaluate
from lrc_api.signals.schemas import SignalBulkItem
from lrc_api.signals.service import record_signals

LEVEL_ORDER = ("red", "orange", "yellow", "green")
"""The level each of the first four enterprises given is brought to, in order."""

_EVIDENCE = [{"name": "现场记录.pdf", "uri": "demo://evidence/risk-report.pdf", "sha256": "0" * 64}]

# level -> (source, kind, days ago, value, note); days ago ≥ the window land in the previous one.
_SIGNALS: dict[str, tuple[tuple[str, str, int, float | None, str | None], ...]] = {
    "red": (
        ("wage-clue-platform", "wage_arrears_clue", 5, 35, "35名职工反映10月工资未发"),
        ("power-grid", "power_drop", 4, 70, None),
        ("tax.jining", "tax_arrears", 20, 4, None),
    ),
    "orange": (
        ("si.jining", "social_insurance_arrears", 6, 6, "连续6个月未足额缴纳社保"),
        ("wage-clue-platform", "wage_arrears_clue", 12, 12, None),
        ("hotline-12345", "hotline_complaint", 3, None, "职工来电，联系电话13905370009"),
    ),
    "yellow": (
        ("hotline-12345", "hotline_complaint", 2, None, None),
        ("power-grid", "power_drop", 10, 55, None),
        ("tax.jining", "tax_arrears", 8, 3, None),
        ("wage-clue-platform", "wage_arrears_clue", 95, 30, "上一周期的欠薪线索，已化解"),
        ("si.jining", "social_insurance_arrears", 92, 6, None),
    ),
    "green": (("hotline-12345", "hotline_complaint", 70, None, None),),
}

# level -> (risk kind, days ago, workers affected): reports a coordinator files with evidence.
_REPORTS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "red": (("closure_relocation", 3, 120), ("layoff", 2, 30)),
    "orange": (("pay_cut", 4, 40),),
}


def seed_demo_risk(
    session: Session,
    *,
    enterprises: Sequence[Enterprise],
    coordinator_id: int | None = None,
    on: dt.date | None = None,
) -> Outcome:
    """Bring the first four ``enterprises`` to red, orange, yellow and green on ``on`` (today)
    and open their alerts; risk reports need ``coordinator_id`` (the reporting coordinator,
    whose region holds the enterprises), without it the red and orange ones get signals only
    and may stay lower. Idempotent per enterprise (the signals' source ids name it)."""
    from lrc_api.activities import service as activities
    from lrc_api.activities.schemas import ActivityCreate

    day = on or today()
    items = []
    for level, enterprise in zip(LEVEL_ORDER, enterprises, strict=False):
        for n, (source, kind, ago, value, note) in enumerate(_SIGNALS[level]):
            items.append(
                SignalBulkItem(
                    enterprise_id=enterprise.id or 0,
                    source=source,
                    source_id=f"demo-{enterprise.id}-{level}-{n}",
                    kind=kind,
                    value=value,
                    observed_on=day - dt.timedelta(days=ago),
                    note=note,
                )
            )
        if coordinator_id is None:
            continue
        for risk_kind, ago, workers in _REPORTS.get(level, ()):
            data: Any = {
                "coordinator_id": coordinator_id,
                "kind": "risk_report",
                "risk_kind": risk_kind,
                "workers_affected": workers,
                "enterprise_id": enterprise.id,
                "occurred_on": day - dt.timedelta(days=ago),
                "description": "演示数据：协调员走访发现并报告",
                "evidence": _EVIDENCE,
            }
            activities.create(session=session, principal=SYSTEM, data=ActivityCreate(**data))
    if items:
        record_signals(session=session, principal=SYSTEM, items=items)
    return evaluate(session, [e.id or 0 for e in enterprises[: len(LEVEL_ORDER)]], day)

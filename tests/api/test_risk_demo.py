"""Each demo jurisdiction shows enterprises at every early-warning level, with their alerts (red
and orange ones), and the vocabulary registry names the national pack's codes as the pack does."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from lrc_api.alerts.models import RiskAlert
from lrc_api.core.db import get_engine
from lrc_api.core.models import today
from lrc_api.core.region_tree import Region
from lrc_api.core.vocabulary import names
from lrc_api.demo import DEMO_ROOT_CODE, load_demo_data
from lrc_api.risk.service import rank_region
from lrc_rules.early_warning_parameters import (
    LEVEL_NAMES,
    LEVEL_RANK,
    LEVELS,
    resolve_warning_parameters,
)
from lrc_rules.policies import get_policy


def test_demo_data_has_enterprises_at_every_level_and_their_alerts(client: TestClient) -> None:
    """Loaded into the test database (a no-op when another module loaded it already)."""
    load_demo_data()
    with Session(get_engine()) as s:
        for code in (DEMO_ROOT_CODE, "310112"):
            region = s.exec(select(Region).where(Region.code == code)).one()
            ranked, _ = rank_region(s, region, today())
            ids = [r.enterprise_id for r in ranked]
            alerts = s.exec(select(RiskAlert).where(col(RiskAlert.enterprise_id).in_(ids))).all()
            levels = [r.level for r in ranked]
            assert levels[:3] == ["red", "orange", "yellow"], code
            assert set(levels) == set(LEVEL_NAMES), code
            assert levels == sorted(levels, key=lambda lv: -LEVEL_RANK[lv]), code
            assert sorted(a.level for a in alerts) == ["orange", "red"], code
            assert {r.summary().direction for r in ranked} >= {"up", "down"}, code


def test_vocabulary_names_the_national_packs_codes_as_the_pack_does() -> None:
    """Signal kinds and dimensions are pack data: the registry's (GET /v1/vocabularies) must be
    the national pack's, code for code and name for name; the levels the rules engine's."""
    import datetime as dt

    p = resolve_warning_parameters(get_policy("national"), dt.date(2025, 6, 30))
    assert dict(names("signal_kind")) == {k: r.name for k, r in p.kinds.items()}
    assert dict(names("risk_dimension")) == {d.dimension: d.name for d in p.dimensions}
    assert dict(names("risk_level")) == dict(LEVEL_NAMES)
    assert tuple(names("risk_level")) == LEVELS
    reports = names("risk_report_kind")  # a coordinator reports kinds the pack scores
    assert {k: p.kinds[k].name for k in reports} == dict(reports)

"""The demo county shows enterprises at every early-warning level, with their alerts, and the
vocabulary table names the national pack's codes as the pack does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lrc_api.risk.vocabulary import EARLY_WARNING_VOCABULARIES
from lrc_rules.early_warning_parameters import LEVEL_NAMES, resolve_warning_parameters
from lrc_rules.policies import get_policy

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import json
from sqlmodel import Session, select
from lrc_api.alerts.models import RiskAlert
from lrc_api.core.db import get_engine
from lrc_api.core.models import today
from lrc_api.core.region_tree import Region
from lrc_api.demo import DEMO_ROOT_CODE, load_demo_data
from lrc_api.risk.service import rank_region
load_demo_data()
with Session(get_engine()) as s:
    county = s.exec(select(Region).where(Region.code == DEMO_ROOT_CODE)).one()
    ranked, _ = rank_region(s, county, today())
    alerts = s.exec(select(RiskAlert)).all()
    print(json.dumps({
        "levels": [r.level for r in ranked],
        "directions": [r.summary().direction for r in ranked],
        "alerts": sorted(a.level for a in alerts),
    }))
"""


def test_demo_data_has_an_enterprise_at_every_level_and_their_alerts(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "LRC_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "LRC_DATA_DIR": str(tmp_path),
        "LRC_LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "-m", "lrc_api.cli", "db", "upgrade"],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
    )
    out = subprocess.run(
        [sys.executable, "-c", CHECK], check=True, env=env, cwd=ROOT, capture_output=True, text=True
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["levels"] == ["red", "orange", "yellow", "green"]
    assert got["alerts"] == ["orange", "red"]
    assert set(got["directions"]) >= {"up", "down"}


def test_vocabulary_names_the_national_packs_codes_as_the_pack_does() -> None:
    import datetime as dt

    p = resolve_warning_parameters(get_policy("national"), dt.date(2025, 6, 30))
    assert EARLY_WARNING_VOCABULARIES["signal_kind"] == {k: r.name for k, r in p.kinds.items()}
    assert EARLY_WARNING_VOCABULARIES["risk_dimension"] == {
        d.dimension: d.name for d in p.dimensions
    }
    assert EARLY_WARNING_VOCABULARIES["risk_level"] == dict(LEVEL_NAMES)

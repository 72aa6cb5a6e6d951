"""Bench data: a county of coordinators with a year of activities and four assessments each.

Shared by ``bench/ledger_files.py`` and ``bench/imports.py``. Rows are inserted in bulk with real
cipher texts and look-up hashes (valid ID numbers, so a file made from them imports back).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
from pathlib import Path
from typing import Any

KINDS = (
    "publicity",
    "mediation_own_unit",
    "mediation_other",
    "risk_prevention",
    "publication",
    "management_improvement",
    "contact",
    "error_minor",
)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
YEAR = 2025


def citizen_id(i: int) -> str:
    """A valid, distinct 18-character ID number for bench coordinator ``i`` (GB 11643)."""
    born = dt.date(1965, 1, 1) + dt.timedelta(days=i // 1000)  # (birth date, sequence) unique
    body = f"370830{born:%Y%m%d}{i % 1000:03d}"
    return body + _CHECK[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]


def use_temp_database(url: str | None = None) -> Path:
    """Point the service at ``url`` or a fresh SQLite file; returns the temp folder."""
    tmp = Path(tempfile.mkdtemp(prefix="lrc-bench-"))
    os.environ["LRC_DATABASE_URL"] = url or f"sqlite:///{tmp / 'bench.db'}"
    os.environ["LRC_DATA_DIR"] = str(tmp)
    os.environ["LRC_LOG_LEVEL"] = "WARNING"
    from lrc_api.core.db import get_engine
    from lrc_api.core.settings import get_settings

    get_settings.cache_clear()
    get_engine.cache_clear()
    return tmp


def fill(coordinators: int, activities: int, *, seed: int = 7) -> dict[str, Any]:
    """Migrate the database and fill one county (region 1) with bench records."""
    from sqlalchemy import insert, text

    from lrc_api.activities.models import Activity
    from lrc_api.assessments.models import Assessment
    from lrc_api.coordinators.models import Coordinator
    from lrc_api.coordinators.service import ID_FIELD, PHONE_FIELD
    from lrc_api.core import migrations, pii
    from lrc_api.core.db import get_engine

    migrations.downgrade("base")
    migrations.upgrade("head")
    engine = get_engine()
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO region (code, name, kind, parent_id, path, version, created_at, "
                "updated_at) VALUES ('B1', '基准县', 'county', NULL, '/1/', 1, :t, :t)"
            ),
            {"t": now},
        )
        chunk = 5_000
        for start in range(0, coordinators, chunk):
            rows = []
            for i in range(start, min(start + chunk, coordinators)):
                number = citizen_id(i)
                phone = f"139{i:08d}"
                rows.append(
                    {
                        "region_id": 1,
                        "enterprise_id": None,
                        "name": f"协调员{i}",
                        "id_number_encrypted": pii.encrypt(number, field=ID_FIELD),
                        "id_number_hash": pii.lookup_hash(number, field=ID_FIELD),
                        "id_number_masked": number[:6] + "********" + number[-4:],
                        "phone_encrypted": pii.encrypt(phone, field=PHONE_FIELD),
                        "phone_hash": pii.lookup_hash(phone, field=PHONE_FIELD),
                        "phone_masked": phone[:3] + "****" + phone[-4:],
                        "coordinator_type": "township",
                        "employment_identity": "assistant",
                        "education_level": "bachelor",
                        "education_status": "graduated",
                        "major_related": True,
                        "work_unit": "汶上县南站镇人民政府",
                        "post": "劳动保障所干事",
                        "labor_work_started_on": dt.date(2019, 1, 1),
                        "certificates": [],
                        "status": "active",
                        "joined_on": None,
                        "left_on": None,
                        "note": "兼职" if i % 7 == 0 else None,
                        "deleted_at": None,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            conn.execute(insert(Coordinator), rows)
        evidence = [{"name": "记录.pdf", "uri": "s3://lrc/e.pdf", "sha256": "0" * 64}]
        acts: list[dict[str, Any]] = []
        for cid in range(1, coordinators + 1):
            for _ in range(activities):
                kind = rng.choice(KINDS)
                acts.append(
                    {
                        "coordinator_id": cid,
                        "region_id": 1,
                        "kind": kind,
                        "occurred_on": dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                        "media_level": "municipal" if kind == "publication" else None,
                        "case_id": None,
                        "enterprise_id": None,
                        "target_coordinator_id": None,
                        "days": None,
                        "description": None,
                        "evidence": evidence,
                        "review": "approved",
                        "reviewer": "bench",
                        "reviewed_at": now,
                        "review_reason": None,
                        "created_by": "bench",
                        "deleted_at": None,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            if len(acts) >= 50_000:
                conn.execute(insert(Activity), acts)
                acts = []
        if acts:
            conn.execute(insert(Activity), acts)
        for start in range(1, coordinators + 1, chunk):
            conn.execute(
                insert(Assessment),
                [
                    {
                        "coordinator_id": cid,
                        "region_id": 1,
                        "year": YEAR,
                        "quarter": q,
                        "base_score": rng.randrange(18, 31),
                        "assessor": "bench",
                        "note": None,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for cid in range(start, min(start + chunk, coordinators + 1))
                    for q in (1, 2, 3, 4)
                ],
            )
    return {"region_id": 1, "year": YEAR}


def admin() -> Any:
    """A global principal that reads personal data (the ledger then carries full ID numbers)."""
    from lrc_api.core.principal import SYSTEM

    return SYSTEM

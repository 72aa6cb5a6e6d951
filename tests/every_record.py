"""One record of every kind a path names: the registry the API walkers fill their paths from.

The walkers call every operation of the OpenAPI document: the access matrix
(``tests/api/test_access_matrix.py``), HTTP semantics (``tests/api/test_http_semantics.py``) and
the security walk (``tests/security``). Each needs an id for every path parameter, so each takes
them from :func:`make_records`: a new endpoint whose path names a new kind of record fails every
walk (:func:`fill`) until a record of that kind is made here and named in :data:`RECORD_PARAMS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from fastapi.testclient import TestClient

from lrc_api.core.models import today
from tests.factories import coordinator_body, make_case, unique, uscc
from tests.webhook_support import past_delivery

FIXED_PATH: dict[str, Any] = {
    "year": 2025,
    "policy_id": "wenshang-2024",
    "vocabulary_id": "education_level",
}
"""Path parameters that name no record."""

RECORD_PARAMS = frozenset(
    {
        "region_id",
        "enterprise_id",
        "coordinator_id",
        "activity_id",
        "assessment_id",
        "case_id",
        "webhook_id",
        "delivery_id",
        "basis_id",
        "user_id",
        "api_client_id",
        "signal_id",
        "alert_id",
    }
)
"""Path parameters that name a record: the keys of :func:`make_records`' answer."""

FEED_ENTITY = {
    "region_id": "region",
    "enterprise_id": "enterprise",
    "coordinator_id": "coordinator",
    "activity_id": "activity",
    "assessment_id": "assessment",
    "case_id": "case",
    "basis_id": "staffing_basis",
    "signal_id": "signal",
    "alert_id": "alert",
}
"""The change feed's entity name of each kind of record that is written to it with a region."""

PASSWORD = "correct horse battery"
"""The password of the users made here."""


def _ok(r: Any) -> dict[str, Any]:
    assert r.status_code in (200, 201), r.text
    return dict(r.json())


def make_records(
    client: TestClient,
    admin: dict[str, str],
    town_id: int,
    *,
    mark: Callable[[], str] = lambda: unique("R"),
    case_lead: int | None = None,
    basis_from: str = "2025-01-01",
) -> dict[str, int]:
    """One record of each kind in the township ``town_id``, made through the API as a global
    admin, by path parameter name (the township itself is ``region_id``).

    Every text the records carry is a fresh ``mark()``, so a walk can tell whose records an
    answer shows. The case is about the enterprise, led by ``case_lead`` (default: the
    coordinator made here); the staffing basis holds from ``basis_from`` (a township has one
    per day); a closure reported today (floor orange) opens the enterprise's alert.
    """
    ent = _ok(
        client.post(
            "/v1/enterprises",
            json={
                "region_id": town_id,
                "uscc": uscc(),
                "name": f"{mark()}有限公司",
                "industry": "industry",
                "employees": 120,
            },
            headers=admin,
        )
    )
    body = coordinator_body(town_id, name=f"{mark()}张", note=mark())
    coord = _ok(client.post("/v1/coordinators", json=body, headers=admin))
    activity = _ok(
        client.post(
            "/v1/activities",
            json={
                "coordinator_id": coord["id"],
                "kind": "publicity",
                "occurred_on": "2025-03-02",
                "description": mark(),
                "evidence": [{"name": "plan.pdf", "uri": "s3://x/plan.pdf", "sha256": "a" * 64}],
            },
            headers=admin,
        )
    )
    assessment = _ok(
        client.post(
            "/v1/assessments",
            json={
                "coordinator_id": coord["id"],
                "year": 2025,
                "quarter": 1,
                "base_score": 22,
                "note": mark(),
            },
            headers=admin,
        )
    )
    case = make_case(
        client,
        admin,
        town_id,
        number=mark(),
        summary=mark(),
        enterprise_id=ent["id"],
        assignments=[{"coordinator_id": case_lead or coord["id"], "role": "lead"}],
    )
    hook = _ok(
        client.post(
            "/v1/webhooks",
            json={
                "url": "http://127.0.0.1:9/hook",
                "region_id": town_id,
                "active": False,
                "description": mark(),
            },
            headers=admin,
        )
    )
    basis = _ok(
        client.post(
            "/v1/staffing-bases",
            json={
                "region_id": town_id,
                "effective_from": basis_from,
                "approved_headcount": 4,
                "note": mark(),
            },
            headers=admin,
        )
    )
    user = _ok(
        client.post(
            "/v1/users",
            json={
                "username": mark().lower(),
                "role": "auditor",
                "region_id": town_id,
                "password": PASSWORD,
            },
            headers=admin,
        )
    )["user"]
    api_client = _ok(
        client.post(
            "/v1/api-clients",
            json={"name": mark(), "region_id": town_id, "scopes": ["cases:read"]},
            headers=admin,
        )
    )["client"]
    signal = _ok(
        client.post(
            f"/v1/enterprises/{ent['id']}/signals",
            json={
                "source": "walk",
                "source_id": unique("closure-"),
                "kind": "closure_relocation",
                "observed_on": today().isoformat(),
                "note": mark(),
            },
            headers=admin,
        )
    )
    alerts = _ok(client.get("/v1/alerts", params={"enterprise_id": ent["id"]}, headers=admin))
    assert len(alerts["items"]) == 1, alerts
    ids = {
        "region_id": town_id,
        "enterprise_id": ent["id"],
        "coordinator_id": coord["id"],
        "activity_id": activity["id"],
        "assessment_id": assessment["id"],
        "case_id": case["id"],
        "webhook_id": hook["id"],
        "delivery_id": past_delivery(hook["id"]),
        "basis_id": basis["id"],
        "user_id": user["id"],
        "api_client_id": api_client["id"],
        "signal_id": signal["id"],
        "alert_id": alerts["items"][0]["id"],
    }
    assert ids.keys() == RECORD_PARAMS
    return ids


def fillable(path: str, who: str) -> list[str]:
    """The parameter names of ``path``, each one a record or fixed value can fill (the walk
    ``who`` fails otherwise, naming what to add)."""
    names = re.findall(r"\{([^}]+)\}", path)
    for name in names:
        assert name in FIXED_PATH or name in RECORD_PARAMS, (
            f"{who} cannot fill path parameter {{{name}}} of {path}: make a record of that kind "
            "in tests/every_record.py (make_records) and name it in RECORD_PARAMS"
        )
    return names


def fill(path: str, ids: Mapping[str, Any], who: str = "the walk") -> str:
    """``path`` with every parameter filled from ``ids`` or :data:`FIXED_PATH`."""
    fillable(path, who)
    values = {**FIXED_PATH, **ids}
    return re.sub(r"\{([^}]+)\}", lambda m: str(values[m.group(1)]), path)

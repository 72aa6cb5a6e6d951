"""The records the security suite attacks: region A (the callers' own) and region B (foreign).

Every text of B's records carries the marker ``LEAKB`` and every text of A's colleague
coordinator's data ``LEAKC``: a response that shows either to a caller who may not see it is a
leak, whatever the endpoint. A's callers: a region admin, an assessor, an auditor, an
integration client, and a coordinator (``me``, who sees only its own data, not ``LEAKC``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from lrc_api.core.principal import ROLE_SCOPES
from tests.factories import coordinator_body, make_case, uscc
from tests.webhook_support import past_delivery

Headers = Callable[..., dict[str, str]]

FOREIGN = "LEAKB"
"""Marker in every text of region B's records."""

COLLEAGUE = "LEAKC"
"""Marker in every text of the colleague coordinator's own data (region A)."""

PASSWORD = "correct horse battery"


@dataclass
class World:
    """Ids of the records, by role in the attack."""

    own: dict[str, int] = field(default_factory=dict)
    """A's records a write may target (to carry a foreign reference in its body)."""
    foreign: dict[str, int] = field(default_factory=dict)
    """B's records, by the path parameter name that would address them."""
    colleague: dict[str, int] = field(default_factory=dict)
    """The colleague's records in A (foreign to the coordinator principal only)."""
    foreign_regions: set[int] = field(default_factory=set)
    foreign_feed: set[tuple[str, int]] = field(default_factory=set)
    """(entity, id) of B's records, as the change feed would name them."""
    colleague_feed: set[tuple[str, int]] = field(default_factory=set)


def _ok(r: Any) -> dict[str, Any]:
    assert r.status_code in (200, 201), r.text
    return dict(r.json())


def _tag(marker: str) -> str:
    return f"{marker}{uuid.uuid4().hex[:8]}"


def build(client: TestClient, admin: dict[str, str]) -> World:
    """Make both regions and their records through the API, as a global admin."""
    w = World()

    def region(marker: str, parent: int | None, kind: str) -> dict[str, Any]:
        body = {
            "code": _tag(marker),
            "name": f"{_tag(marker)}区",
            "kind": kind,
            "parent_id": parent,
        }
        return _ok(client.post("/v1/regions", json=body, headers=admin))

    def coordinator(region_id: int, marker: str, **extra: Any) -> dict[str, Any]:
        body = coordinator_body(region_id, name=f"{_tag(marker)}张", note=_tag(marker), **extra)
        return _ok(client.post("/v1/coordinators", json=body, headers=admin))

    def activity(coordinator_id: int, marker: str) -> dict[str, Any]:
        body = {
            "coordinator_id": coordinator_id,
            "kind": "contact",
            "occurred_on": "2025-02-03",
            "description": _tag(marker),
        }
        return _ok(client.post("/v1/activities", json=body, headers=admin))

    def assessment(coordinator_id: int, marker: str) -> dict[str, Any]:
        body = {
            "coordinator_id": coordinator_id,
            "year": 2025,
            "quarter": 1,
            "base_score": 22,
            "note": _tag(marker),
        }
        return _ok(client.post("/v1/assessments", json=body, headers=admin))

    def enterprise(region_id: int, marker: str) -> dict[str, Any]:
        body = {
            "region_id": region_id,
            "uscc": uscc(),
            "name": f"{_tag(marker)}有限公司",
            "industry": "industry",
            "employees": 120,
        }
        return _ok(client.post("/v1/enterprises", json=body, headers=admin))

    def account(region_id: int, marker: str) -> tuple[dict[str, Any], dict[str, Any]]:
        user = _ok(
            client.post(
                "/v1/users",
                json={
                    "username": _tag(marker).lower(),
                    "role": "auditor",
                    "region_id": region_id,
                    "password": PASSWORD,
                },
                headers=admin,
            )
        )["user"]
        api = _ok(
            client.post(
                "/v1/api-clients",
                json={"name": _tag(marker), "region_id": region_id, "scopes": ["cases:read"]},
                headers=admin,
            )
        )["client"]
        return user, api

    def webhook(region_id: int, marker: str) -> dict[str, Any]:
        body = {
            "url": "http://127.0.0.1:9/hook",
            "region_id": region_id,
            "active": False,
            "description": _tag(marker),
        }
        return _ok(client.post("/v1/webhooks", json=body, headers=admin))

    def basis(region_id: int, marker: str) -> dict[str, Any]:
        body = {
            "region_id": region_id,
            "effective_from": "2025-01-01",
            "approved_headcount": 4,
            "note": _tag(marker),
        }
        return _ok(client.post("/v1/staffing-bases", json=body, headers=admin))

    # Region A: a county and a township with the callers' records.
    a_root = region("OWNA", None, "county")
    a_town = region("OWNA", a_root["id"], "township")
    a_child = region("OWNA", a_town["id"], "community")
    me = coordinator(a_town["id"], "MINE")
    colleague = coordinator(a_town["id"], COLLEAGUE)
    spare = coordinator(a_town["id"], "OWNA")
    a_ent = enterprise(a_town["id"], "OWNA")
    my_case = make_case(
        client,
        admin,
        a_town["id"],
        summary=_tag("MINE"),
        assignments=[{"coordinator_id": me["id"], "role": "lead"}],
    )
    colleague_case = make_case(
        client,
        admin,
        a_town["id"],
        summary=_tag(COLLEAGUE),
        assignments=[{"coordinator_id": colleague["id"], "role": "lead"}],
    )
    activity(me["id"], "MINE")
    assessment(me["id"], "MINE")
    spare_activity = activity(spare["id"], "OWNA")
    colleague_activity = activity(colleague["id"], COLLEAGUE)
    colleague_assessment = assessment(colleague["id"], COLLEAGUE)
    a_user, a_client = account(a_town["id"], "OWNA")
    a_hook = webhook(a_town["id"], "OWNA")
    a_basis = basis(a_town["id"], "OWNA")

    # Region B: another county, every text marked.
    b_root = region(FOREIGN, None, "county")
    b_town = region(FOREIGN, b_root["id"], "township")
    b_coord = coordinator(b_town["id"], FOREIGN)
    b_activity = activity(b_coord["id"], FOREIGN)
    b_assessment = assessment(b_coord["id"], FOREIGN)
    b_ent = enterprise(b_town["id"], FOREIGN)
    b_case = make_case(
        client,
        admin,
        b_town["id"],
        number=_tag(FOREIGN),
        summary=_tag(FOREIGN),
        enterprise_id=b_ent["id"],
        assignments=[{"coordinator_id": b_coord["id"], "role": "lead"}],
    )
    event = {"kind": "note", "on": "2025-06-03", "note": _tag(FOREIGN)}
    b_event = _ok(client.post(f"/v1/cases/{b_case['id']}/events", json=event, headers=admin))
    b_user, b_client = account(b_town["id"], FOREIGN)
    b_hook = webhook(b_town["id"], FOREIGN)
    b_basis = basis(b_town["id"], FOREIGN)

    w.own = {
        "root": a_root["id"],
        "region_id": a_town["id"],
        "child": a_child["id"],
        "me": me["id"],
        "coordinator_id": spare["id"],
        "enterprise_id": a_ent["id"],
        "case_id": my_case["id"],
        "activity_id": spare_activity["id"],
        "user_id": a_user["id"],
        "api_client_id": a_client["id"],
        "webhook_id": a_hook["id"],
        "delivery_id": past_delivery(a_hook["id"]),
        "basis_id": a_basis["id"],
    }
    w.foreign = {
        "region_id": b_town["id"],
        "coordinator_id": b_coord["id"],
        "activity_id": b_activity["id"],
        "assessment_id": b_assessment["id"],
        "enterprise_id": b_ent["id"],
        "case_id": b_case["id"],
        "user_id": b_user["id"],
        "api_client_id": b_client["id"],
        "webhook_id": b_hook["id"],
        "delivery_id": past_delivery(b_hook["id"]),
        "basis_id": b_basis["id"],
    }
    w.colleague = {
        "coordinator_id": colleague["id"],
        "activity_id": colleague_activity["id"],
        "assessment_id": colleague_assessment["id"],
        "case_id": colleague_case["id"],
    }
    w.foreign_regions = {b_root["id"], b_town["id"]}
    w.foreign_feed = {
        ("region", b_root["id"]),
        ("region", b_town["id"]),
        ("coordinator", b_coord["id"]),
        ("activity", b_activity["id"]),
        ("assessment", b_assessment["id"]),
        ("enterprise", b_ent["id"]),
        ("case", b_case["id"]),
        ("case_event", b_event["id"]),
    }
    w.colleague_feed = {
        ("coordinator", colleague["id"]),
        ("activity", colleague_activity["id"]),
        ("assessment", colleague_assessment["id"]),
        ("case", colleague_case["id"]),
    }
    return w


@dataclass(frozen=True)
class Caller:
    """One kind of principal the suite plays."""

    kind: str
    headers: dict[str, str]
    scoped: bool
    """Limited to region A (so B is foreign to it)."""
    own_only: bool = False
    """A coordinator principal (so the colleague's data is foreign to it too)."""
    pii: bool = False
    """Holds pii:read."""


def callers(auth_headers: Headers, w: World) -> list[Caller]:
    """The seven kinds of the issue: admin, region admin, assessor, coordinator, auditor,
    integration client, and none. The global admin comes last: its writes are allowed."""
    a = w.own["region_id"]
    integration_scopes = (ROLE_SCOPES["region_admin"] - {"pii:read", "users:read"}) | {
        "cases:write"
    }
    return [
        Caller("none", {}, scoped=True),
        Caller("region_admin", auth_headers("region_admin", region_id=a), scoped=True, pii=True),
        Caller("assessor", auth_headers("assessor", region_id=a), scoped=True),
        Caller(
            "coordinator",
            auth_headers("coordinator", region_id=a, coordinator_id=w.own["me"]),
            scoped=True,
            own_only=True,
        ),
        Caller("auditor", auth_headers("auditor", region_id=a), scoped=True),
        Caller(
            "integration",
            auth_headers("integration", region_id=a, scopes=integration_scopes),
            scoped=True,
        ),
        Caller("admin", auth_headers("admin"), scoped=False, pii=True),
    ]

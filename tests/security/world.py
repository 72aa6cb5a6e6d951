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
from tests.every_record import FEED_ENTITY, make_records
from tests.factories import coordinator_body, make_case

Headers = Callable[..., dict[str, str]]

FOREIGN = "LEAKB"
"""Marker in every text of region B's records."""

COLLEAGUE = "LEAKC"
"""Marker in every text of the colleague coordinator's own data (region A)."""


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
    """Make both regions and their records through the API, as a global admin: one record of
    every kind in each (``tests/every_record.py``), and in A the coordinator principal's own
    data and its colleague's."""
    w = World()

    def region(marker: str, parent: int | None, kind: str) -> dict[str, Any]:
        body = {
            "code": _tag(marker),
            "name": f"{_tag(marker)}区",
            "kind": kind,
            "parent_id": parent,
        }
        return _ok(client.post("/v1/regions", json=body, headers=admin))

    def coordinator(region_id: int, marker: str) -> dict[str, Any]:
        body = coordinator_body(region_id, name=f"{_tag(marker)}张", note=_tag(marker))
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

    # Region A: a county and a township with the callers' records.
    a_root = region("OWNA", None, "county")
    a_town = region("OWNA", a_root["id"], "township")
    a_child = region("OWNA", a_town["id"], "community")
    me = coordinator(a_town["id"], "MINE")
    colleague = coordinator(a_town["id"], COLLEAGUE)
    colleague_case = make_case(
        client,
        admin,
        a_town["id"],
        summary=_tag(COLLEAGUE),
        assignments=[{"coordinator_id": colleague["id"], "role": "lead"}],
    )
    activity(me["id"], "MINE")
    assessment(me["id"], "MINE")
    colleague_activity = activity(colleague["id"], COLLEAGUE)
    colleague_assessment = assessment(colleague["id"], COLLEAGUE)
    # The case of A's records is the coordinator principal's own (it leads it).
    own = make_records(client, admin, a_town["id"], mark=lambda: _tag("OWNA"), case_lead=me["id"])

    # Region B: another county, every text marked.
    b_root = region(FOREIGN, None, "county")
    b_town = region(FOREIGN, b_root["id"], "township")
    foreign = make_records(client, admin, b_town["id"], mark=lambda: _tag(FOREIGN))
    event = {"kind": "note", "on": "2025-06-03", "note": _tag(FOREIGN)}
    b_event = _ok(client.post(f"/v1/cases/{foreign['case_id']}/events", json=event, headers=admin))

    w.own = {**own, "root": a_root["id"], "child": a_child["id"], "me": me["id"]}
    w.foreign = foreign
    w.colleague = {
        "coordinator_id": colleague["id"],
        "activity_id": colleague_activity["id"],
        "assessment_id": colleague_assessment["id"],
        "case_id": colleague_case["id"],
    }
    w.foreign_regions = {b_root["id"], b_town["id"]}
    w.foreign_feed = {(FEED_ENTITY[k], v) for k, v in foreign.items() if k in FEED_ENTITY} | {
        ("region", b_root["id"]),
        ("case_event", b_event["id"]),
    }
    w.colleague_feed = {(FEED_ENTITY[k], v) for k, v in w.colleague.items()}
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

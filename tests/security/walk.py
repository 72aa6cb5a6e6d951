"""Walking the OpenAPI document: every operation, with the requests an attacker would try.

For each operation the walk makes *attempts*: the operation aimed at a foreign record (its path
parameters filled with region B's ids, or the colleague's for a coordinator), list filters
naming foreign records, and write bodies carrying a foreign reference (a foreign region, case,
enterprise, coordinator) on a record of the caller's own. A new path parameter the walk cannot
fill fails the suite, so a new endpoint cannot slip past it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from tests.every_record import FIXED_PATH, PASSWORD, fillable
from tests.factories import coordinator_body, uscc
from tests.security.world import World

REQUIRED_QUERY = {"year": 2025, "format": "csv"}
"""Values for required query parameters."""

REFERENCE_QUERY = {
    "region_id": "region_id",
    "within": "region_id",
    "parent_id": "region_id",
    "coordinator_id": "coordinator_id",
    "enterprise_id": "enterprise_id",
    "case_id": "case_id",
    "entity_id": "coordinator_id",
}
"""List filters that name a record, and the kind of record they name."""

NEUTRAL = {
    ("patch", "/v1/regions/{region_id}"): {"name": "改名"},
    ("patch", "/v1/enterprises/{enterprise_id}"): {"name": "改名有限公司"},
    ("patch", "/v1/coordinators/{coordinator_id}"): {"post": "干事"},
    ("patch", "/v1/activities/{activity_id}"): {"description": "改"},
    ("patch", "/v1/assessments/{assessment_id}"): {"note": "改"},
    ("patch", "/v1/cases/{case_id}"): {"summary": "改"},
    ("post", "/v1/cases/{case_id}/transition"): {"to": "accepted"},
    ("post", "/v1/cases/{case_id}/events"): {"kind": "note", "on": "2025-06-03", "note": "x"},
    ("post", "/v1/activities/{activity_id}/review"): {"decision": "approved"},
    ("post", "/v1/enterprises/{enterprise_id}/signals"): {
        "source": "walk",
        "source_id": "outsider-1",
        "kind": "layoff",
        "value": 20,
        "observed_on": "2025-06-03",
    },
    ("post", "/v1/alerts/{alert_id}/acknowledge"): {"note": "x"},
    ("post", "/v1/alerts/{alert_id}/resolve"): {"note": "x"},
}
"""Valid bodies for writes aimed at a record, so a refusal is about access, not validation."""


@dataclass(frozen=True)
class Attempt:
    """One request of the walk."""

    method: str
    path: str
    url: str
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    foreign: bool = False
    """It targets or references a record the caller may not reach: any 2xx is a leak."""
    etag_of: str | None = None
    """The record whose current ETag goes into If-Match (a write on the caller's own record)."""


def operations(client: TestClient) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (method, path, operation) of the app's OpenAPI document, in a stable order."""
    spec = client.app.openapi()  # type: ignore[attr-defined]
    for path, item in sorted(spec["paths"].items()):
        for method, op in item.items():
            if method in {"get", "post", "patch", "put", "delete"}:
                yield method, path, op


def _fill(path: str, ids: dict[str, int], *, needs_record: bool = True) -> str | None:
    """``path`` with its parameters filled from ``ids`` and ``FIXED_PATH``; None when
    ``needs_record`` and no parameter names a record of ``ids``."""
    names = fillable(path, "the security walk")
    if needs_record and not any(n in ids for n in names):
        return None
    if any(n not in ids and n not in FIXED_PATH for n in names):
        return None

    def one(m: re.Match[str]) -> str:
        return str(ids.get(m.group(1), FIXED_PATH.get(m.group(1))))

    return re.sub(r"\{([^}]+)\}", one, path)


def _required(op: dict[str, Any]) -> dict[str, Any]:
    return {
        p["name"]: REQUIRED_QUERY[p["name"]]
        for p in op.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }


def _fresh(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def _reference_bodies(
    method: str, path: str, w: World, foe: dict[str, int], own_coordinator: int
) -> list[tuple[dict[str, int] | None, dict[str, Any]]]:
    """Bodies carrying one foreign reference each, with the own record a write targets (None:
    a create). ``foe`` are the ids foreign to the caller; ``own_coordinator`` the one it may
    record for."""
    own, a = w.own, w.own["region_id"]
    out: list[tuple[dict[str, int] | None, dict[str, Any]]] = []
    key = (method, path)
    if "region_id" in foe:
        region = foe["region_id"]
        out += {
            ("post", "/v1/regions"): [
                (None, {"code": _fresh("X"), "name": "x", "kind": "community", "parent_id": region})
            ],
            ("patch", "/v1/regions/{region_id}"): [
                ({"region_id": own["child"]}, {"parent_id": region})
            ],
            ("post", "/v1/enterprises"): [
                (None, {"region_id": region, "uscc": uscc(), "name": "x", "industry": "industry"})
            ],
            ("patch", "/v1/enterprises/{enterprise_id}"): [
                ({"enterprise_id": own["enterprise_id"]}, {"region_id": region})
            ],
            ("post", "/v1/coordinators"): [(None, coordinator_body(region))],
            ("patch", "/v1/coordinators/{coordinator_id}"): [
                ({"coordinator_id": own["coordinator_id"]}, {"region_id": region})
            ],
            ("post", "/v1/cases"): [(None, _case(region))],
            ("patch", "/v1/cases/{case_id}"): [
                ({"case_id": own["case_id"]}, {"region_id": region})
            ],
            ("post", "/v1/users"): [
                (
                    None,
                    {
                        "username": _fresh("x"),
                        "role": "auditor",
                        "region_id": region,
                        "password": PASSWORD,
                    },
                )
            ],
            ("post", "/v1/api-clients"): [
                (None, {"name": "x", "region_id": region, "scopes": ["cases:read"]})
            ],
        }.get(key, [])
    if "enterprise_id" in foe:
        ent = foe["enterprise_id"]
        out += {
            ("post", "/v1/coordinators"): [(None, coordinator_body(a, enterprise_id=ent))],
            ("patch", "/v1/coordinators/{coordinator_id}"): [
                ({"coordinator_id": own["coordinator_id"]}, {"enterprise_id": ent})
            ],
            ("post", "/v1/activities"): [(None, _activity(own_coordinator, enterprise_id=ent))],
            ("patch", "/v1/activities/{activity_id}"): [
                ({"activity_id": own["activity_id"]}, {"enterprise_id": ent})
            ],
            ("post", "/v1/cases"): [(None, _case(a, enterprise_id=ent))],
            ("patch", "/v1/cases/{case_id}"): [
                ({"case_id": own["case_id"]}, {"enterprise_id": ent})
            ],
            # A batch is all or none: one foreign enterprise among the caller's own refuses it.
            ("post", "/v1/signals"): [
                (None, {"signals": [_signal(own["enterprise_id"]), _signal(ent)]})
            ],
        }.get(key, [])
    if "coordinator_id" in foe:
        them = foe["coordinator_id"]
        lead = [{"coordinator_id": them, "role": "lead"}]
        # A township coordinator records its contacts with the enterprise coordinators of its
        # area (zhejiang-2023 §二(三)): naming a colleague of its own region as the one
        # contacted is its own record, so only another region's coordinator is refused there.
        contact = "region_id" in foe
        out += {
            ("post", "/v1/activities"): [(None, _activity(them))]
            + (
                [(None, _activity(own_coordinator, kind="contact", target_coordinator_id=them))]
                if contact
                else []
            ),
            ("patch", "/v1/activities/{activity_id}"): [
                (
                    {"activity_id": own["activity_id"]},
                    {"kind": "contact", "target_coordinator_id": them},
                )
            ]
            if contact
            else [],
            ("post", "/v1/assessments"): [
                (None, {"coordinator_id": them, "year": 2025, "quarter": 2, "base_score": 20})
            ],
            ("post", "/v1/cases"): [(None, _case(a, assignments=lead))],
            ("patch", "/v1/cases/{case_id}"): [
                ({"case_id": own["case_id"]}, {"assignments": lead})
            ],
            ("post", "/v1/users"): [
                (
                    None,
                    {
                        "username": _fresh("x"),
                        "role": "coordinator",
                        "region_id": a,
                        "coordinator_id": them,
                    },
                )
            ],
        }.get(key, [])
    if "case_id" in foe:
        case = foe["case_id"]
        out += {
            ("post", "/v1/activities"): [(None, _activity(own_coordinator, case_id=case))],
            ("patch", "/v1/activities/{activity_id}"): [
                ({"activity_id": own["activity_id"]}, {"case_id": case})
            ],
        }.get(key, [])
    return out


def _activity(coordinator_id: int, kind: str = "mediation_other", **extra: Any) -> dict[str, Any]:
    return {"coordinator_id": coordinator_id, "kind": kind, "occurred_on": "2025-03-03", **extra}


def _signal(enterprise_id: int) -> dict[str, Any]:
    return {
        "enterprise_id": enterprise_id,
        "source": "walk",
        "source_id": _fresh("layoff-"),
        "kind": "layoff",
        "value": 20,
        "observed_on": "2025-06-03",
    }


def _case(region_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "region_id": region_id,
        "source": "walk_in",
        "procedure": "arbitration",
        "worker_count": 2,
        "received_on": "2025-06-02",
        **extra,
    }


def attempts(
    client: TestClient,
    w: World,
    foe: dict[str, int],
    own_coordinator: int,
    *,
    variants: bool = True,
) -> Iterator[Attempt]:
    """Every attempt of the walk against the records ``foe`` (path-parameter name → id); without
    ``variants`` only each operation once (no filter or body references)."""
    for method, path, op in operations(client):
        params = _required(op)
        neutral = NEUTRAL.get((method, path), {})
        url = _fill(path, foe)
        writes = method in {"post", "patch", "put"}
        if url is not None:
            yield Attempt(method, path, url, params, neutral if writes else None, True)
        else:
            plain = _fill(path, {}, needs_record=False)
            if plain is not None:  # no record in the path: the operation as it is
                yield Attempt(method, path, plain, params, {} if writes else None)
        if not variants:
            continue
        if method == "get" and "{" not in path:
            for p in op.get("parameters", []):
                kind = REFERENCE_QUERY.get(p["name"])
                if p["in"] == "query" and kind in foe:
                    yield Attempt(method, path, path, {**params, p["name"]: foe[kind]})
        for target, body in _reference_bodies(method, path, w, foe, own_coordinator):
            own_url = path if target is None else _fill(path, target)
            assert own_url is not None
            yield Attempt(
                method,
                path,
                own_url,
                params,
                body,
                True,
                etag_of=own_url if target is not None else None,
            )

"""One drive of the whole API for the security suite, shared by its tests.

The drive builds the two regions (``world.py``), adds coordinators with known ID numbers and
phones, then sends every attempt of the walk (``walk.py``) for every principal kind, the same
operations once more on the caller's own records (made afresh, a signal's and an alert's notes
holding known personal data), the ledger in every format, and the
injections (personal data in path ids, query values and free text), while every log line is
captured as production formats it. The tests then judge what came back: ``test_walk.py`` the
leaks and 5xx, ``test_pii_scan.py`` the clear personal data.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from lrc_api.auth import service as auth
from lrc_api.core.db import get_engine
from lrc_api.core.observability import JsonFormatter
from lrc_api.core.settings import get_settings
from tests.every_record import make_records
from tests.factories import citizen_id, coordinator_body, unique
from tests.security.walk import Attempt, attempts, operations
from tests.security.world import Caller, World, build, callers

Headers = Callable[..., dict[str, str]]

PHONES = ("13906480894", "15866012345", "18953712222", "13705371234", "15005376789")
"""Known phones (the first is the issue's); ID numbers are drawn valid per run."""


@dataclass
class Exchange:
    """One request of the drive and what came back."""

    caller: Caller
    attempt: Attempt
    status: int
    text: str
    """Headers and body as text (an xlsx workbook unzipped)."""
    content_type: str
    json: Any


@dataclass
class Drive:
    """Everything the drive saw."""

    world: World
    walk: list[Exchange] = field(default_factory=list)
    """The attack attempts (foreign targets and references)."""
    own: list[Exchange] = field(default_factory=list)
    """Operations on the caller's own records, the ledger formats and the injections."""
    known: list[str] = field(default_factory=list)
    """The clear ID numbers and phones stored (encrypted) during the drive."""
    logs: str = ""
    stored_where: str = ""
    stored: str = ""
    counts: Counter[str] = field(default_factory=Counter)


def _text(r: Any) -> str:
    head = "\n".join(f"{k}: {v}" for k, v in r.headers.items())
    if r.content[:2] == b"PK":  # an xlsx workbook: its sheets are XML inside a zip
        with zipfile.ZipFile(io.BytesIO(r.content)) as book:
            return head + "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    return head + str(r.text)


def _send(client: TestClient, a: Attempt, headers: dict[str, str], admin: dict[str, str]) -> Any:
    if a.method in {"patch", "put", "delete"} or (a.method == "post" and "{" in a.path):
        etag = '"1"'
        if a.etag_of is not None:
            etag = client.get(a.etag_of, headers=admin).headers.get("etag", etag)
        headers = {**headers, "If-Match": etag}
    if a.body is None:
        return client.request(a.method.upper(), a.url, params=a.params, headers=headers)
    return client.request(a.method.upper(), a.url, params=a.params, json=a.body, headers=headers)


def _exchange(caller: Caller, attempt: Attempt, r: Any) -> Exchange:
    kind = r.headers.get("content-type", "")
    body = r.json() if kind.startswith(("application/json", "application/problem+json")) else None
    return Exchange(caller, attempt, r.status_code, _text(r), kind, body)


def injections(client: TestClient, id_number: str, phone: str) -> Iterator[Attempt]:
    """Each operation with an ID number where a record id belongs, a phone in every text query
    parameter, and both in every free-text field of a body."""
    free_text = {
        "name": f"张{phone}",
        "note": f"身份证{id_number}",
        "summary": f"电话{phone}",
        "description": id_number,
        "reason": phone,
        "outcome": id_number,
        "post": phone,
        "work_unit": id_number,
        "number": phone,
    }
    for method, path, op in operations(client):
        url = path.replace("{year}", "2025")
        url = "/".join(id_number if "{" in part else part for part in url.split("/"))
        params = {
            p["name"]: phone
            for p in op.get("parameters", [])
            if p["in"] == "query" and p.get("schema", {}).get("type", "string") == "string"
        }
        yield Attempt(method, path, url, params, free_text if method in {"post", "patch"} else None)


def _database_text() -> tuple[str, str]:
    """(where, everything stored): the SQLite files as they are on disk (main file and WAL), or
    every row of every PostgreSQL table as text."""
    url = make_url(get_settings().resolved_database_url)
    if url.get_backend_name() == "sqlite":
        main = Path(url.database or "")
        files = [p for p in (main, Path(f"{main}-wal"), Path(f"{main}-journal")) if p.exists()]
        assert main in files and Path(f"{main}-wal") in files, "the scan must read the WAL too"
        return "sqlite files", "".join(p.read_bytes().decode("latin-1") for p in files)
    rows: list[str] = []
    with get_engine().connect() as conn:
        for table in inspect(conn).get_table_names():
            rows += [r[0] for r in conn.execute(text(f'SELECT t::text FROM "{table}" t'))]
    return "postgresql rows", "\n".join(rows)


def _fresh_own_records(
    client: TestClient, admin: dict[str, str], w: World, coordinator_id: int, known: list[str]
) -> dict[str, int]:
    """Region A's records for the own operations, made after the attack walk: its global admin
    moved A's first records into B through the reference bodies. The signal and the alert carry
    personal data in their notes (stored sealed, shown masked without pii:read), added to
    ``known``; the coordinator is the one with a known ID number and phone."""
    fresh = make_records(
        client,
        admin,
        w.own["region_id"],
        mark=lambda: unique("OWNA"),
        case_lead=w.own["me"],
        basis_from="2025-07-01",
    )
    id_number, phone = citizen_id(), PHONES[3]
    signal = client.post(
        f"/v1/enterprises/{fresh['enterprise_id']}/signals",
        json={
            "source": "walk",
            "source_id": unique("pii-"),
            "kind": "layoff",
            "value": 12,
            "observed_on": "2025-06-03",
            "note": f"联系人电话{phone}，身份证{id_number}",
        },
        headers=admin,
    )
    assert signal.status_code == 201 and signal.json()["pii_masked"] is False, signal.text
    r = client.post(
        f"/v1/alerts/{fresh['alert_id']}/acknowledge",
        json={"note": f"已联系职工代表，电话{PHONES[4]}"},
        headers={**admin, "If-Match": '"1"'},
    )
    assert r.status_code == 200 and PHONES[4] in r.text, r.text
    known += [id_number, phone, PHONES[4]]
    return {**w.own, **fresh, "signal_id": signal.json()["id"], "coordinator_id": coordinator_id}


@pytest.fixture(scope="package")
def drive(client: TestClient, auth_headers: Headers) -> Iterator[Drive]:
    """Run the drive once for the package (see the module docstring)."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    real_hasher, auth._hasher = auth._hasher, cheap  # accounts are made and reset many times
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        admin = auth_headers("admin")
        world = build(client, admin)
        d = Drive(world=world)
        made = []
        regions = (world.own["region_id"], world.foreign["region_id"])
        for phone, region_id in zip(PHONES[:2], regions, strict=True):
            id_number = citizen_id()
            body = coordinator_body(region_id, id_number=id_number, phone=phone)
            r = client.post(
                "/v1/coordinators", json=body, headers={**admin, "Idempotency-Key": unique("k")}
            )
            assert r.status_code == 201 and r.json()["id_number"] == id_number, r.text
            made.append(r.json())
            d.known += [id_number, phone]
        r = client.patch(
            f"/v1/coordinators/{made[0]['id']}",
            json={"phone": PHONES[2]},
            headers={**admin, "If-Match": '"1"'},
        )
        assert r.status_code == 200, r.text
        d.known.append(PHONES[2])

        everyone = callers(auth_headers, world)
        for caller in everyone:
            foes = [world.foreign] + ([world.colleague] if caller.own_only else [])
            own = world.own["me"] if caller.own_only else world.own["coordinator_id"]
            for foe in foes:
                for a in attempts(client, world, foe, own):
                    d.walk.append(_exchange(caller, a, _send(client, a, caller.headers, admin)))
        own_ids = _fresh_own_records(client, admin, world, made[0]["id"], d.known)
        for caller in everyone:
            own = world.own["me"] if caller.own_only else made[0]["id"]
            for a in attempts(client, world, own_ids, own, variants=False):
                d.own.append(_exchange(caller, a, _send(client, a, caller.headers, admin)))
            for fmt in ("json", "csv", "xlsx"):
                a = Attempt("get", "/v1/ledger", "/v1/ledger", {"year": 2025, "format": fmt})
                d.own.append(_exchange(caller, a, _send(client, a, caller.headers, admin)))
            search = {"id_number": d.known[0], "phone": d.known[1]}
            a = Attempt("get", "/v1/coordinators", "/v1/coordinators", search)
            d.own.append(_exchange(caller, a, _send(client, a, caller.headers, admin)))
            if caller.kind in ("admin", "auditor", "none"):
                for a in injections(client, d.known[0], d.known[1]):
                    d.own.append(_exchange(caller, a, _send(client, a, caller.headers, admin)))
        d.logs = out.getvalue()
        d.stored_where, d.stored = _database_text()
        d.counts["masked in store"] = int(
            made[1]["id_number"][:6] + "********" + made[1]["id_number"][-4:] in d.stored
        )
        yield d
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        auth._hasher = real_hasher

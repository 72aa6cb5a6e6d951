"""Regions, enterprises and coordinators through HTTP: lifecycles, ETags, idempotency, PII, audit."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from fastapi.testclient import TestClient
from sqlalchemy import text

from lrc_api.core.models import today
from tests.factories import (
    citizen_id,
    coordinator_body,
    make_coordinator,
    make_enterprise,
    make_region,
    unique,
    uscc,
)

Headers = Callable[..., dict[str, str]]


@pytest.fixture
def admin(auth_headers: Headers) -> dict[str, str]:
    """A global admin (all scopes, including pii:read)."""
    return auth_headers("admin")


@pytest.fixture
def county(client: TestClient, admin: dict[str, str]) -> dict[str, Any]:
    """A fresh county with one township under it."""
    return make_region(client, admin)


def _problem(r: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    if field is not None:
        assert field in [e["field"] for e in body.get("errors", [])], body
    return body


# --- regions -----------------------------------------------------------------------------------


def test_region_tree_lifecycle(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    village = make_region(client, admin, parent_id=town["id"], kind="village")
    assert village["path"] == f"{county['path']}{town['id']}/{village['id']}/"
    r = client.get(f"/v1/regions/{town['id']}", headers=admin)
    assert r.status_code == 200 and r.headers["etag"] == '"1"'
    listed = client.get(
        "/v1/regions", params={"within": county["id"], "sort": "id"}, headers=admin
    ).json()
    assert [x["id"] for x in listed["items"]] == [county["id"], town["id"], village["id"]]
    # Moving the township under a new county re-roots its village too.
    other = make_region(client, admin)
    r = client.patch(
        f"/v1/regions/{town['id']}",
        json={"parent_id": other["id"]},
        headers={**admin, "If-Match": '"1"'},
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    moved = client.get(f"/v1/regions/{village['id']}", headers=admin).json()
    assert moved["path"] == f"{other['path']}{town['id']}/{village['id']}/"
    assert moved["version"] == 2  # its path changed with its parent's move: a new version
    # A region cannot move under its own subtree.
    r = client.patch(
        f"/v1/regions/{town['id']}",
        json={"parent_id": village["id"]},
        headers={**admin, "If-Match": '"2"'},
    )
    _problem(r, 422, "parent_id")
    # A region with children cannot be deleted; an empty one can.
    _problem(client.delete(f"/v1/regions/{town['id']}", headers={**admin, "If-Match": '"2"'}), 409)
    assert (
        client.delete(
            f"/v1/regions/{village['id']}", headers={**admin, "If-Match": '"2"'}
        ).status_code
        == 204
    )
    assert client.get(f"/v1/regions/{village['id']}", headers=admin).status_code == 404


def test_region_bad_input_is_422_naming_the_field(
    client: TestClient, admin: dict[str, str]
) -> None:
    _problem(
        client.post(
            "/v1/regions", json={"code": unique(), "name": "x", "kind": "planet"}, headers=admin
        ),
        422,
        "kind",
    )
    _problem(
        client.post(
            "/v1/regions",
            json={"code": unique(), "name": "x", "kind": "township", "parent_id": 99_999_999},
            headers=admin,
        ),
        422,
        "parent_id",
    )
    code = unique()
    make = {"code": code, "name": "x", "kind": "county"}
    assert client.post("/v1/regions", json=make, headers=admin).status_code == 201
    _problem(client.post("/v1/regions", json=make, headers=admin), 409)
    _problem(client.get("/v1/regions", params={"sort": "secret"}, headers=admin), 422, "sort")
    _problem(client.get("/v1/regions", params={"limit": 500}, headers=admin), 422, "limit")
    _problem(client.get("/v1/regions", params={"cursor": "garbage!"}, headers=admin), 422, "cursor")


def test_patch_needs_if_match_428_and_stale_is_412(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    url = f"/v1/regions/{county['id']}"
    _problem(client.patch(url, json={"name": "新名"}, headers=admin), 428)
    _problem(client.patch(url, json={"name": "新名"}, headers={**admin, "If-Match": '"7"'}), 412)
    r = client.patch(url, json={"name": "新名"}, headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["etag"] == '"2"' and r.json()["name"] == "新名"
    _problem(client.patch(url, json={"name": "又名"}, headers={**admin, "If-Match": '"1"'}), 412)


def test_concurrent_patch_with_one_etag_exactly_one_wins(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    """No lost update: of parallel PATCHes carrying the same ETag exactly one succeeds."""
    url = f"/v1/regions/{county['id']}"
    results: list[int] = []
    barrier = threading.Barrier(4)

    def patch(i: int) -> None:
        barrier.wait()
        r = client.patch(url, json={"name": f"并发{i}"}, headers={**admin, "If-Match": '"1"'})
        results.append(r.status_code)

    threads = [threading.Thread(target=patch, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 412, 412, 412]
    assert client.get(url, headers=admin).json()["version"] == 2


def test_retried_post_with_idempotency_key_creates_one_row(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    key = unique("idem")
    body = {"code": unique(), "name": "重试镇", "kind": "township", "parent_id": county["id"]}
    first = client.post("/v1/regions", json=body, headers={**admin, "Idempotency-Key": key})
    again = client.post("/v1/regions", json=body, headers={**admin, "Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    rows = client.get("/v1/regions", params={"code": body["code"]}, headers=admin).json()["items"]
    assert len(rows) == 1
    other = {**body, "name": "另一个"}
    _problem(
        client.post("/v1/regions", json=other, headers={**admin, "Idempotency-Key": key}),
        422,
        "Idempotency-Key",
    )


def test_concurrent_retries_with_one_key_create_one_row(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    key = unique("idem")
    body = {"code": unique(), "name": "并发重试", "kind": "township", "parent_id": county["id"]}
    answers: list[Any] = []
    barrier = threading.Barrier(3)

    def post() -> None:
        barrier.wait()
        answers.append(
            client.post("/v1/regions", json=body, headers={**admin, "Idempotency-Key": key})
        )

    threads = [threading.Thread(target=post) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert (
        len(client.get("/v1/regions", params={"code": body["code"]}, headers=admin).json()["items"])
        == 1
    )


def test_cursor_pagination_walks_every_row_once(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    ids = {
        make_region(client, admin, parent_id=county["id"], kind="community")["id"] for _ in range(7)
    }
    for sort in ("id", "-id", "name", "-created_at"):
        seen: list[int] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"parent_id": county["id"], "limit": 3, "sort": sort}
            if cursor:
                params["cursor"] = cursor
            page = client.get("/v1/regions", params=params, headers=admin).json()
            seen += [x["id"] for x in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(ids) and len(seen) == len(ids), sort
    # A cursor is bound to its sort: another sort is a bad request (400), not a page.
    page = client.get(
        "/v1/regions", params={"parent_id": county["id"], "limit": 3, "sort": "id"}, headers=admin
    ).json()
    _problem(
        client.get(
            "/v1/regions", params={"cursor": page["next_cursor"], "sort": "name"}, headers=admin
        ),
        400,
        "cursor",
    )


# --- enterprises -------------------------------------------------------------------------------


def test_enterprise_size_is_computed_and_follows_changes(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    """统计上大中小微型企业划分办法（2017）: industry X ≥ 300 and Y ≥ 2000 → medium."""
    ent = make_enterprise(client, admin, county["id"], employees=300, revenue_10k_yuan=2000)
    assert ent["size"] == "medium"
    r = client.patch(
        f"/v1/enterprises/{ent['id']}", json={"employees": 19}, headers={**admin, "If-Match": '"1"'}
    )
    assert r.status_code == 200 and r.json()["size"] == "micro"
    r = client.patch(
        f"/v1/enterprises/{ent['id']}",
        json={"employees": None},
        headers={**admin, "If-Match": '"2"'},
    )
    assert r.json()["size"] is None


def test_enterprise_bad_input(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    good = uscc()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    base = {"region_id": county["id"], "name": "x", "industry": "industry"}
    _problem(client.post("/v1/enterprises", json={**base, "uscc": bad}, headers=admin), 422, "uscc")
    _problem(
        client.post(
            "/v1/enterprises",
            json={**base, "uscc": good, "industry": "mining_on_mars"},
            headers=admin,
        ),
        422,
        "industry",
    )
    _problem(
        client.post(
            "/v1/enterprises", json={**base, "uscc": good, "region_id": 88_888_888}, headers=admin
        ),
        422,
        "region_id",
    )
    _problem(
        client.post("/v1/enterprises", json={**base, "uscc": good, "employees": -1}, headers=admin),
        422,
        "employees",
    )
    assert (
        client.post("/v1/enterprises", json={**base, "uscc": good}, headers=admin).status_code
        == 201
    )
    _problem(client.post("/v1/enterprises", json={**base, "uscc": good}, headers=admin), 409)


def test_enterprise_soft_delete(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    ent = make_enterprise(client, admin, county["id"])
    assert (
        client.delete(
            f"/v1/enterprises/{ent['id']}", headers={**admin, "If-Match": '"1"'}
        ).status_code
        == 204
    )
    assert client.get(f"/v1/enterprises/{ent['id']}", headers=admin).status_code == 404
    audit = client.get(
        "/v1/audit", params={"entity": "enterprise", "entity_id": ent["id"]}, headers=admin
    ).json()
    assert [e["action"] for e in audit["items"]] == ["create", "delete"]


# --- coordinators and personal data ------------------------------------------------------------


def test_coordinator_pii_is_masked_without_pii_read(
    client: TestClient, auth_headers: Headers, admin: dict[str, str], county: dict[str, Any]
) -> None:
    body = coordinator_body(county["id"])
    created = client.post("/v1/coordinators", json=body, headers=admin).json()
    assert created["id_number"] == body["id_number"] and created["pii_masked"] is False
    reader = auth_headers("auditor", region_id=county["id"])
    seen = client.get(f"/v1/coordinators/{created['id']}", headers=reader).json()
    assert seen["id_number"] == body["id_number"][:6] + "********" + body["id_number"][-4:]
    assert seen["phone"] == body["phone"][:3] + "****" + body["phone"][-4:]
    assert seen["pii_masked"] is True
    assert seen["labor_work_years"] >= 7  # from 2019-03-01


def test_coordinator_lookup_by_id_number_uses_the_keyed_hash(
    client: TestClient, auth_headers: Headers, admin: dict[str, str], county: dict[str, Any]
) -> None:
    c = make_coordinator(client, admin, county["id"])
    found = client.get(
        "/v1/coordinators", params={"id_number": c["id_number"]}, headers=admin
    ).json()["items"]
    assert [x["id"] for x in found] == [c["id"]]
    _problem(
        client.get(
            "/v1/coordinators",
            params={"id_number": c["id_number"]},
            headers=auth_headers("auditor", region_id=county["id"]),
        ),
        403,
    )


def test_coordinator_id_number_unique_among_active_only(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    body = coordinator_body(county["id"])
    first = client.post("/v1/coordinators", json=body, headers=admin).json()
    conflict = _problem(client.post("/v1/coordinators", json=body, headers=admin), 409)
    assert body["id_number"] not in conflict["detail"]
    r = client.patch(
        f"/v1/coordinators/{first['id']}",
        json={"status": "left", "left_on": "2025-12-31"},
        headers={**admin, "If-Match": '"1"'},
    )
    assert r.status_code == 200 and r.json()["status"] == "left"
    # The same person may rejoin once the old row is no longer active.
    assert client.post("/v1/coordinators", json=body, headers=admin).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id_number": "110101199003071234"}, "id_number"),  # bad check digit (GB 11643)
        ({"id_number": "110101203003077777"}, "id_number"),  # born in the future
        ({"phone": "12800138000"}, "phone"),
        ({"coordinator_type": "astronaut"}, "coordinator_type"),
        ({"labor_work_started_on": "2999-01-01"}, "labor_work_started_on"),
        ({"certificates": [{"level": 5, "obtained_on": "2020-01-01"}]}, "certificates[0].level"),
        (
            {"certificates": [{"level": 4, "obtained_on": "2999-01-01"}]},
            "certificates[0].obtained_on",
        ),
        ({"region_id": 77_777_777}, "region_id"),
        ({"enterprise_id": 77_777_777}, "enterprise_id"),
        ({"unknown_column": 1}, "unknown_column"),
    ],
)
def test_coordinator_bad_input_is_422_and_writes_nothing(
    client: TestClient,
    admin: dict[str, str],
    county: dict[str, Any],
    change: dict[str, Any],
    field: str,
) -> None:
    before = client.get(
        "/v1/coordinators", params={"region_id": county["id"]}, headers=admin
    ).json()["items"]
    body = {**coordinator_body(county["id"]), **change}
    _problem(client.post("/v1/coordinators", json=body, headers=admin), 422, field)
    after = client.get(
        "/v1/coordinators", params={"region_id": county["id"]}, headers=admin
    ).json()["items"]
    assert after == before


def test_leaving_needs_a_date(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    c = make_coordinator(client, admin, county["id"])
    _problem(
        client.patch(
            f"/v1/coordinators/{c['id']}",
            json={"status": "left"},
            headers={**admin, "If-Match": '"1"'},
        ),
        422,
        "left_on",
    )


def test_no_raw_id_number_in_the_database_or_the_logs(
    client: TestClient,
    admin: dict[str, str],
    county: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    migrated_db: str,
) -> None:
    """Personal data is encrypted at rest and never logged (AES-GCM + keyed hash)."""
    number = citizen_id()
    phone = "13912345678"
    with caplog.at_level("DEBUG"):
        r = client.post(
            "/v1/coordinators",
            json=coordinator_body(county["id"], id_number=number, phone=phone),
            headers=admin,
        )
        assert r.status_code == 201
        client.get("/v1/coordinators", params={"id_number": number}, headers=admin)
        client.post(
            "/v1/coordinators",
            json=coordinator_body(county["id"], id_number=number[:-1] + "0"),
            headers=admin,
        )
    assert number not in caplog.text and phone not in caplog.text
    from lrc_api.core.db import get_engine

    with get_engine().connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    if migrated_db.startswith("sqlite"):
        raw = Path(migrated_db.removeprefix("sqlite:///")).read_bytes()
        wal = Path(migrated_db.removeprefix("sqlite:///") + "-wal")
        raw += wal.read_bytes() if wal.exists() else b""
        assert number.encode() not in raw and phone.encode() not in raw
        assert number[:6].encode() in raw  # the masked copy is there, so the check is real
    with get_engine().connect() as conn:
        dump = " ".join(
            str(row)
            for table in ("coordinator", "audit_log")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    assert number not in dump and phone not in dump


def test_old_pii_key_still_decrypts_after_rotation(monkeypatch: pytest.MonkeyPatch) -> None:
    from lrc_api.core import pii
    from lrc_api.core.settings import get_settings

    token = pii.encrypt("110101199003077777", field="coordinator.id_number")
    settings = get_settings()
    new_key = "MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE="
    monkeypatch.setattr(settings, "pii_keys", {**settings.pii_keys, "k2": new_key})
    monkeypatch.setattr(settings, "pii_key_id", "k2")
    pii._keys.cache_clear()
    try:
        newer = pii.encrypt("110101199003077777", field="coordinator.id_number")
        assert pii.key_id_of(newer) == "k2" and pii.key_id_of(token) == "dev1"
        assert pii.decrypt(token, field="coordinator.id_number") == "110101199003077777"
        assert pii.decrypt(newer, field="coordinator.id_number") == "110101199003077777"
        with pytest.raises(InvalidTag):  # bound to its column: another field does not decrypt it
            pii.decrypt(newer, field="coordinator.phone")
    finally:
        monkeypatch.undo()
        pii._keys.cache_clear()


# --- audit and change feed ---------------------------------------------------------------------


def test_audit_records_actor_and_masks_personal_data(
    client: TestClient, auth_headers: Headers, county: dict[str, Any]
) -> None:
    admin = auth_headers("admin", subject="user:audit-probe")
    c = make_coordinator(client, admin, county["id"])
    client.patch(
        f"/v1/coordinators/{c['id']}", json={"post": "所长"}, headers={**admin, "If-Match": '"1"'}
    )
    entries = client.get(
        "/v1/audit", params={"entity": "coordinator", "entity_id": c["id"]}, headers=admin
    ).json()["items"]
    assert [e["action"] for e in entries] == ["create", "update"]
    assert {e["actor"] for e in entries} == {"user:audit-probe"}
    assert (
        entries[1]["before"]["post"] == "劳动保障所干事" and entries[1]["after"]["post"] == "所长"
    )
    assert (
        entries[0]["after"]["id_number_masked"]
        == c["id_number"][:6] + "********" + c["id_number"][-4:]
    )
    assert "id_number_encrypted" not in entries[0]["after"]


def test_change_feed_lists_every_change_in_order(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    start = client.get("/v1/changes", params={"after": 0, "limit": 1}, headers=admin).json()
    last = start["next_after"]
    while True:  # skip to the end of what earlier tests wrote
        page = client.get("/v1/changes", params={"after": last, "limit": 200}, headers=admin).json()
        if not page["items"]:
            break
        last = page["next_after"]
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    client.patch(
        f"/v1/regions/{town['id']}", json={"name": "改名"}, headers={**admin, "If-Match": '"1"'}
    )
    ent = make_enterprise(client, admin, town["id"])
    page = client.get("/v1/changes", params={"after": last}, headers=admin).json()
    got = [(c["entity"], c["entity_id"], c["op"], c["version"]) for c in page["items"]]
    assert got == [
        ("region", town["id"], "create", 1),
        ("region", town["id"], "update", 2),
        ("enterprise", ent["id"], "create", 1),
    ]
    seqs = [c["seq"] for c in page["items"]]
    assert seqs == sorted(seqs)


# --- region scoping ----------------------------------------------------------------------------


def test_region_admin_sees_only_its_subtree(
    client: TestClient, auth_headers: Headers, admin: dict[str, str]
) -> None:
    mine, theirs = make_region(client, admin), make_region(client, admin)
    ent = make_enterprise(client, admin, theirs["id"])
    coord = make_coordinator(client, admin, theirs["id"])
    me = auth_headers("region_admin", region_id=mine["id"])
    assert client.get(f"/v1/regions/{theirs['id']}", headers=me).status_code == 404
    assert client.get(f"/v1/enterprises/{ent['id']}", headers=me).status_code == 404
    assert client.get(f"/v1/coordinators/{coord['id']}", headers=me).status_code == 404
    assert (
        client.get("/v1/coordinators", params={"region_id": theirs["id"]}, headers=me).json()[
            "items"
        ]
        == []
    )
    listed = client.get("/v1/regions", headers=me).json()["items"]
    assert [r["id"] for r in listed] == [mine["id"]]
    # Writing into another region, or moving a record there, is refused.
    _problem(client.post("/v1/coordinators", json=coordinator_body(theirs["id"]), headers=me), 403)
    own = make_coordinator(client, me, mine["id"])
    _problem(
        client.patch(
            f"/v1/coordinators/{own['id']}",
            json={"region_id": theirs["id"]},
            headers={**me, "If-Match": '"1"'},
        ),
        403,
    )
    _problem(
        client.post(
            "/v1/regions", json={"code": unique(), "name": "x", "kind": "county"}, headers=me
        ),
        403,
    )
    changes = client.get("/v1/changes", params={"after": 0, "limit": 200}, headers=me).json()[
        "items"
    ]
    assert all(c["entity_id"] != coord["id"] or c["entity"] != "coordinator" for c in changes)


def test_coordinator_principal_sees_only_itself(
    client: TestClient, auth_headers: Headers, admin: dict[str, str], county: dict[str, Any]
) -> None:
    me_row = make_coordinator(client, admin, county["id"])
    other = make_coordinator(client, admin, county["id"])
    me = auth_headers("coordinator", region_id=county["id"], coordinator_id=me_row["id"])
    assert client.get(f"/v1/coordinators/{me_row['id']}", headers=me).status_code == 200
    assert client.get(f"/v1/coordinators/{other['id']}", headers=me).status_code == 404
    assert [x["id"] for x in client.get("/v1/coordinators", headers=me).json()["items"]] == [
        me_row["id"]
    ]


def test_moving_a_coordinator_moves_its_history(
    client: TestClient, auth_headers: Headers, admin: dict[str, str]
) -> None:
    """Activities and assessments follow their coordinator into the new region's scope."""
    old, new = make_region(client, admin), make_region(client, admin)
    c = make_coordinator(client, admin, old["id"])
    act = client.post(
        "/v1/activities",
        json={
            "coordinator_id": c["id"],
            "kind": "contact",
            "occurred_on": "2025-04-01",
            "evidence": [],
        },
        headers=admin,
    ).json()
    r = client.patch(
        f"/v1/coordinators/{c['id']}",
        json={"region_id": new["id"]},
        headers={**admin, "If-Match": '"1"'},
    )
    assert r.status_code == 200 and r.json()["region_id"] == new["id"]
    new_admin = auth_headers("region_admin", region_id=new["id"])
    old_admin = auth_headers("region_admin", region_id=old["id"])
    assert (
        client.get(f"/v1/activities/{act['id']}", headers=new_admin).json()["region_id"]
        == new["id"]
    )
    assert client.get(f"/v1/activities/{act['id']}", headers=old_admin).status_code == 404


def test_labor_work_years_complete_on_the_last_day_of_the_year_civil_code_202(
    client: TestClient, admin: dict[str, str], county: dict[str, Any]
) -> None:
    """从事协调劳动关系工作年限 (record and 台账) counts calendar years as 附件1 5.1(1) does: work whose
    first day is the day after today's date four years ago has completed its 4th year today
    (民法典 第二百零二条; the plain birthday count said 3 until tomorrow)."""
    now = today()
    try:
        four_years_ago = now.replace(year=now.year - 4)
    except ValueError:  # 29 February: the month's last day
        four_years_ago = now.replace(year=now.year - 4, day=28)
    first_day = four_years_ago + dt.timedelta(days=1)
    c = make_coordinator(client, admin, county["id"], labor_work_started_on=first_day.isoformat())
    seen = client.get(f"/v1/coordinators/{c['id']}", headers=admin).json()
    assert seen["labor_work_years"] == 4
    ledger = client.get(
        "/v1/ledger", params={"region_id": county["id"], "year": now.year}, headers=admin
    ).json()
    (entry,) = [e for e in ledger["entries"] if e["coordinator_id"] == c["id"]]
    assert entry["labor_work_years"] == 4

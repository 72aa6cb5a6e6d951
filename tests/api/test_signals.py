"""Risk signals from other government systems through HTTP: recorded once per source id, all or
nothing in bulk, kinds and values checked against the enterprise's pack, notes sealed and masked,
scoped by the enterprise's region."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from lrc_api.core.db import get_engine
from lrc_api.core.journal import AuditEntry, Change
from lrc_api.core.models import today
from lrc_api.signals.models import RiskSignal
from lrc_api.signals.schemas import SignalBulkCreate, SignalCreate
from tests.factories import make_enterprise, make_region, unique

Headers = Callable[..., dict[str, str]]
TODAY = today()
NOTE = "联系人王某，电话13905370001，身份证370830198503122118，卡号6222021234567890123"


@pytest.fixture
def world(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    other = make_region(client, admin, kind="township")
    return {
        "admin": admin,
        "town": town,
        "enterprise": make_enterprise(client, admin, town["id"]),
        "elsewhere": make_enterprise(client, admin, other["id"]),
        "system": auth_headers(
            "integration", region_id=town["id"], scopes={"signals:write", "signals:read"}
        ),
        "reader": auth_headers(
            "integration", region_id=town["id"], scopes={"signals:read", "risk:read"}
        ),
    }


def signal(**extra: Any) -> dict[str, Any]:
    return {
        "source": "power-grid",
        "source_id": unique("m"),
        "kind": "power_drop",
        "value": 40,
        "observed_on": (TODAY - dt.timedelta(days=3)).isoformat(),
        **extra,
    }


def test_a_signal_is_recorded_once_per_source_id(client: TestClient, world: dict[str, Any]) -> None:
    ent = world["enterprise"]["id"]
    body = signal()
    url = f"/v1/enterprises/{ent}/signals"
    first = client.post(url, json=body, headers=world["system"])
    assert first.status_code == 201, first.text
    assert first.headers["location"] == f"/v1/signals/{first.json()['id']}"
    again = client.post(url, json=body, headers=world["system"])
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    other = client.post(url, json={**body, "value": 45}, headers=world["system"])
    assert other.status_code == 409
    assert other.json()["errors"][0]["field"] == "source_id"
    with Session(get_engine()) as s:
        rows = s.exec(select(RiskSignal).where(RiskSignal.source_id == body["source_id"])).all()
        assert len(rows) == 1
        changes = s.exec(
            select(Change).where(Change.entity == "signal", Change.entity_id == rows[0].id)
        ).all()
        assert [(c.op, c.region_id) for c in changes] == [("create", world["town"]["id"])]


def test_bulk_is_all_or_nothing_and_names_the_bad_signal(
    client: TestClient, world: dict[str, Any]
) -> None:
    ent = world["enterprise"]["id"]
    good = {**signal(), "enterprise_id": ent}
    bad = {**signal(kind="hotline_complaint"), "enterprise_id": ent}  # takes no value
    r = client.post("/v1/signals", json={"signals": [good, bad]}, headers=world["system"])
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "signals[1].value"
    with Session(get_engine()) as s:
        assert (
            s.exec(select(RiskSignal).where(RiskSignal.source_id == good["source_id"])).first()
            is None
        )
    second = {**signal(kind="tax_arrears", value=3, source="tax.jining"), "enterprise_id": ent}
    r = client.post("/v1/signals", json={"signals": [good, second]}, headers=world["system"])
    assert r.status_code == 200, r.text
    assert (r.json()["created"], r.json()["unchanged"]) == (2, 0)
    retry = client.post("/v1/signals", json={"signals": [good, second]}, headers=world["system"])
    assert (retry.json()["created"], retry.json()["unchanged"]) == (0, 2)
    assert [i["id"] for i in retry.json()["items"]] == [i["id"] for i in r.json()["items"]]


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"kind": "work_injury"}, "kind", 422),
        ({"kind": "water_drop", "value": 100.5}, "value", 422),
        ({"observed_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "observed_on", 422),
        ({"source": "bad source"}, "source", 422),
        ({"source_id": "two\nlines"}, "source_id", 422),
        ({"note": "x" * 1001}, "note", 422),
        ({"note": "bell\x07"}, "note", 422),
        ({"source_id": "id\x00"}, "source_id", 422),
        ({"value": 1e999}, "value", 422),
    ],
)
def test_bad_signals_are_422_naming_the_field_and_write_nothing(
    client: TestClient, world: dict[str, Any], change: dict[str, Any], field: str, status: int
) -> None:
    body = signal(**change)

    def stored() -> int:
        # Counted, not looked up by the bad value: PostgreSQL cannot even compare a text with NUL.
        with Session(get_engine()) as s:
            return len(s.exec(select(RiskSignal.id)).all())

    before = stored()
    r = client.post(
        f"/v1/enterprises/{world['enterprise']['id']}/signals",
        content=json.dumps(body),  # 1e999 goes out as Infinity, which json.loads reads back
        headers={**world["system"], "Content-Type": "application/json"},
    )
    assert r.status_code == status, r.text
    assert field in [e["field"] for e in r.json()["errors"]]
    assert stored() == before


def test_signals_follow_the_region_scope(client: TestClient, world: dict[str, Any]) -> None:
    """An enterprise outside the caller's region: 404 on its path, 422 naming it in bulk."""
    elsewhere = world["elsewhere"]["id"]
    r = client.post(f"/v1/enterprises/{elsewhere}/signals", json=signal(), headers=world["system"])
    assert r.status_code == 404
    r = client.post(
        "/v1/signals",
        json={"signals": [{**signal(), "enterprise_id": elsewhere}]},
        headers=world["system"],
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "signals[0].enterprise_id"
    assert (
        client.get(f"/v1/enterprises/{elsewhere}/signals", headers=world["reader"]).status_code
        == 404
    )
    mine = client.post(
        f"/v1/enterprises/{elsewhere}/signals", json=signal(), headers=world["admin"]
    ).json()
    assert client.get(f"/v1/signals/{mine['id']}", headers=world["reader"]).status_code == 404
    # Its source id is taken across regions, but the answer does not point to its record.
    reused = {"source": mine["source"], "source_id": mine["source_id"], "kind": "layoff"}
    r = client.post(
        f"/v1/enterprises/{world['enterprise']['id']}/signals",
        json=signal(**reused, value=20),
        headers=world["system"],
    )
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "source_id"
    message = r.json()["errors"][0]["message"]
    assert "(in another region)" in message and f"signal {mine['id']}" not in message
    r = client.post(
        f"/v1/enterprises/{world['enterprise']['id']}/signals",
        json=signal(),
        headers=world["reader"],
    )
    assert r.status_code == 403  # reading is not writing


def test_notes_are_encrypted_at_rest_masked_without_pii_read_and_not_in_the_audit(
    client: TestClient, world: dict[str, Any]
) -> None:
    ent = world["enterprise"]["id"]
    created = client.post(
        f"/v1/enterprises/{ent}/signals", json=signal(note=NOTE), headers=world["system"]
    ).json()
    assert created["pii_masked"] is True
    masked = created["note"]
    assert (
        masked == "联系人王某，电话139****0001，身份证370830********2118，卡号622************0123"
    )
    assert client.get(f"/v1/signals/{created['id']}", headers=world["admin"]).json()["note"] == NOTE
    listed = client.get(f"/v1/enterprises/{ent}/signals", headers=world["reader"]).json()
    assert masked in [i["note"] for i in listed["items"]]
    with Session(get_engine()) as s:
        row = s.get(RiskSignal, created["id"])
        assert row is not None and row.note_encrypted is not None
        assert "13905370001" not in row.note_encrypted
        audit = s.exec(
            select(AuditEntry).where(AuditEntry.entity == "signal", AuditEntry.entity_id == row.id)
        ).one()
        assert "13905370001" not in str(audit.after) and "note_encrypted" not in (audit.after or {})


def test_list_filters_sort_and_pages(client: TestClient, world: dict[str, Any]) -> None:
    ent = world["enterprise"]["id"]
    days = [TODAY - dt.timedelta(days=d) for d in (1, 5, 9)]
    for d in days:
        client.post(
            f"/v1/enterprises/{ent}/signals",
            json=signal(source="tax.x", kind="tax_arrears", value=2, observed_on=d.isoformat()),
            headers=world["system"],
        )
    url = f"/v1/enterprises/{ent}/signals"
    page = client.get(url, params={"source": "tax.x", "limit": 2}, headers=world["reader"]).json()
    assert [i["observed_on"] for i in page["items"]] == [days[0].isoformat(), days[1].isoformat()]
    rest = client.get(
        url,
        params={"source": "tax.x", "limit": 2, "cursor": page["next_cursor"]},
        headers=world["reader"],
    ).json()
    assert [i["observed_on"] for i in rest["items"]] == [days[2].isoformat()]
    assert rest["next_cursor"] is None
    since = client.get(
        url,
        params={"kind": "tax_arrears", "observed_from": days[1].isoformat(), "sort": "observed_on"},
        headers=world["reader"],
    ).json()
    assert [i["observed_on"] for i in since["items"]] == [days[1].isoformat(), days[0].isoformat()]


def test_request_bodies_carry_examples_that_validate() -> None:
    for model in (SignalCreate, SignalBulkCreate):
        for example in model.model_config["json_schema_extra"]["examples"]:  # type: ignore[index]
            model.model_validate(example)

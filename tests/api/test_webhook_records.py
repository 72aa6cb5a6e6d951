"""Webhook events carry the record for every kind the change feed holds, as its GET shows it.

The early warning pushes alerts to a district platform (README, Early warning: "webhook
subscribers receive them"); an `alert.create` whose `data.record` is null tells the platform only
an id it must fetch back. Signals and staffing bases are change-feed entries too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from standardwebhooks import Webhook

from lrc_api.core.db import get_engine
from lrc_api.core.journal import Change
from lrc_api.core.models import today
from lrc_api.webhooks import events
from lrc_api.webhooks.dispatcher import Dispatcher
from tests.factories import make_enterprise, make_region, unique
from tests.webhook_receiver import receiver
from tests.webhook_support import FAST, pump, quiet_webhooks, subscribe

__all__ = ["quiet_webhooks"]
pytestmark = pytest.mark.usefixtures("quiet_webhooks")

Headers = Callable[..., dict[str, str]]
NOTE = "联系人电话13905370001"


def _post(client: TestClient, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    r = client.post(path, json=body, headers=headers)
    assert r.status_code in (200, 201), r.text
    return r.json()


def test_alert_signal_and_staffing_basis_events_carry_the_record_as_get_shows_it(
    client: TestClient, auth_headers: Headers
) -> None:
    """A township subscriber without pii:read gets each record as its GET answers that
    subscriber: the alert a closure signal opened (at least orange), then acknowledged, the
    signal with its note masked, and the staffing basis."""
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")["id"]
    firm = make_enterprise(client, admin, town)["id"]
    scopes = {
        "webhooks:write",
        "changes:read",
        "risk:read",
        "signals:read",
        "regions:read",
        "alerts:write",
    }
    platform = auth_headers("region_admin", region_id=town, scopes=scopes)
    with receiver() as rec:
        sub = subscribe(
            client, platform, rec.url, event_types=["alert.*", "signal.*", "staffing_basis.*"]
        )
        signal = _post(
            client,
            f"/v1/enterprises/{firm}/signals",
            {
                "source": "test",
                "source_id": unique("s"),
                "kind": "closure_relocation",
                "observed_on": (today() - dt.timedelta(days=1)).isoformat(),
                "note": NOTE,
            },
            admin,
        )
        (alert,) = client.get("/v1/alerts", params={"enterprise_id": firm}, headers=admin).json()[
            "items"
        ]
        r = client.post(
            f"/v1/alerts/{alert['id']}/acknowledge",
            json={"note": "已约谈企业负责人"},
            headers={**admin, "If-Match": f'"{alert["version"]}"'},
        )
        assert r.status_code == 200, r.text
        basis = _post(
            client,
            "/v1/staffing-bases",
            {"region_id": town, "effective_from": "2025-01-01", "approved_headcount": 4},
            admin,
        )
        pump(Dispatcher(settings=FAST), lambda: len(rec.received) >= 4)
        got = [Webhook(sub["secret"]).verify(g.body, g.headers) for g in rec.wait_for(4)]
    types = [e["type"] for e in got]
    assert sorted(types) == [
        "alert.create",
        "alert.update",
        "signal.create",
        "staffing_basis.create",
    ]
    by_type = {e["type"]: e["data"]["record"] for e in got}
    shown = {
        "signal.create": f"/v1/signals/{signal['id']}",
        "alert.update": f"/v1/alerts/{alert['id']}",
        "staffing_basis.create": f"/v1/staffing-bases/{basis['id']}",
    }
    for kind, path in shown.items():
        assert by_type[kind] == client.get(path, headers=platform).json(), kind
    assert by_type["alert.create"]["id"] == alert["id"]
    assert by_type["alert.update"]["state"] == "acknowledged"
    assert by_type["signal.create"]["pii_masked"] is True
    assert NOTE not in str(got)


def test_every_kind_in_the_change_feed_has_a_renderer(
    client: TestClient, auth_headers: Headers
) -> None:
    """Whatever the suite has written so far (records, cases, early warning, staffing): no kind
    in the feed would reach a subscriber as a bare id."""
    admin = auth_headers("admin")
    make_enterprise(client, admin, make_region(client, admin)["id"])
    with Session(get_engine()) as session:
        kinds = set(session.exec(select(Change.entity).distinct()).all())
    assert kinds, "the change feed is empty"
    assert {k for k in kinds if events.renderer(k) is None} == set()


@pytest.mark.parametrize("procedure", ["wage_clue", "mediation", "arbitration"])
def test_case_events_carry_the_case_as_get_shows_it(
    client: TestClient, auth_headers: Headers, procedure: str
) -> None:
    """The case in an event is built where the API builds it: the transitions its status allows
    under its own procedure (the event's copy used the table of every procedure), and its
    employer's name."""
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")["id"]
    firm = make_enterprise(client, admin, town)
    platform = auth_headers(
        "region_admin", region_id=town, scopes={"webhooks:write", "changes:read", "cases:read"}
    )
    body = {
        "region_id": town,
        "source": "walk_in",
        "procedure": procedure,
        "worker_count": 2,
        "received_on": (today() - dt.timedelta(days=1)).isoformat(),
        "enterprise_id": firm["id"],
    }
    if procedure == "wage_clue":
        body["matter"] = "complaint"
    day = (today() - dt.timedelta(days=1)).isoformat()
    with receiver() as rec:
        sub = subscribe(client, platform, rec.url, event_types=["case.*"])
        case = _post(client, "/v1/cases", body, admin)
        for to in ("accepted", "in_progress"):  # in progress, the procedures' moves differ
            r = client.post(
                f"/v1/cases/{case['id']}/transition",
                json={"to": to, "on": day},
                headers={**admin, "If-Match": f'"{case["version"]}"'},
            )
            assert r.status_code == 200, r.text
            case = r.json()
        pump(Dispatcher(settings=FAST), lambda: len(rec.received) >= 3)
        got = [Webhook(sub["secret"]).verify(g.body, g.headers) for g in rec.wait_for(3)]
    record = got[-1]["data"]["record"]
    assert record == client.get(f"/v1/cases/{case['id']}", headers=platform).json()
    assert record["status"] == "in_progress" and record["enterprise_name"] == firm["name"]
    assert ("awarded" in record["allowed_transitions"]) is (procedure == "arbitration")

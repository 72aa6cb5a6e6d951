"""Webhook subscriptions over HTTP: the record conventions, scopes, regions, addresses, secrets."""

from __future__ import annotations

import ipaddress
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lrc_api.core.principal import ROLE_SCOPES, Principal
from lrc_api.core.security import issue_access_token
from lrc_api.webhooks import addresses
from lrc_api.webhooks.addresses import AddressRefused, check
from lrc_api.webhooks.settings import get_webhook_settings
from tests.conftest import ensure_account
from tests.factories import make_region
from tests.webhook_support import quiet_webhooks, subscribe

__all__ = ["quiet_webhooks"]
pytestmark = pytest.mark.usefixtures("quiet_webhooks")

Headers = Callable[..., dict[str, str]]
URL = "http://127.0.0.1:9/hook"  # never called: these tests run no dispatcher
LOOPBACK = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]


def _client_headers(region_id: int | None, scopes: set[str]) -> dict[str, str]:
    subject = f"client:platform-{uuid.uuid4().hex[:6]}"
    version = ensure_account(
        kind="client", subject=subject, role="integration", region_id=region_id, scopes=scopes
    )
    system = Principal(
        subject=subject,
        kind="client",
        role="integration",
        region_id=region_id,
        scopes=frozenset(scopes),
        account_version=version,
    )
    return {"Authorization": "Bearer " + issue_access_token(system)[0]}


def test_created_with_a_whsec_secret_shown_once_and_never_again(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    r = client.post(
        "/v1/webhooks",
        json={
            "url": URL,
            "event_types": ["case.*", "coordinator.update"],
            "description": "闵行区平台",
        },
        headers=admin,
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
    assert r.headers["Location"] == f"/v1/webhooks/{created['id']}"
    assert r.headers["ETag"] == '"1"'
    read = client.get(f"/v1/webhooks/{created['id']}", headers=admin)
    assert read.status_code == 200 and "secret" not in read.json()
    assert read.json()["event_types"] == ["case.*", "coordinator.update"]
    # Other tests' subscriptions share the database on PostgreSQL: walk every page.
    listed: list[dict[str, object]] = []
    params: dict[str, str | int] = {"limit": 200}
    while True:
        page = client.get("/v1/webhooks", params=params, headers=admin).json()
        listed += page["items"]
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    assert created["id"] in [w["id"] for w in listed]
    assert created["secret"] not in json.dumps(listed)
    audit = client.get(
        "/v1/audit",
        params={"entity": "webhook_subscription", "entity_id": created["id"]},
        headers=admin,
    ).json()["items"]
    assert [a["action"] for a in audit] == ["create"]
    assert created["secret"] not in json.dumps(audit)
    changes = client.get("/v1/changes", params={"after": 0, "limit": 200}, headers=admin).json()
    assert all(c["entity"] != "webhook_subscription" for c in changes["items"])


def test_idempotent_create_answers_the_first_result_with_its_secret(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin", subject=f"user:idem-{uuid.uuid4().hex[:6]}")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = client.post("/v1/webhooks", json={"url": URL}, headers={**admin, **key})
    again = client.post("/v1/webhooks", json={"url": URL}, headers={**admin, **key})
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["secret"] == first.json()["secret"]
    from sqlmodel import Session, select

    from lrc_api.core import pii
    from lrc_api.core.db import get_engine
    from lrc_api.core.idempotency import SEALED_FIELD, IdempotencyRecord, _key_hash

    subject = client.get("/v1/auth/me", headers=admin).json()["subject"]
    with Session(get_engine()) as session:
        stored = session.exec(
            select(IdempotencyRecord).where(
                IdempotencyRecord.key_hash == _key_hash(subject, key["Idempotency-Key"])
            )
        ).one()
    # Not kept, even sealed: the replay adds it back from the subscription itself.
    assert first.json()["secret"] not in pii.decrypt(stored.sealed, field=SEALED_FIELD)


def test_changes_need_if_match_and_a_current_etag(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    sub = subscribe(client, admin, URL)
    path = f"/v1/webhooks/{sub['id']}"
    assert client.patch(path, json={"active": False}, headers=admin).status_code == 428
    stale = client.patch(path, json={"active": False}, headers={**admin, "If-Match": '"7"'})
    assert stale.status_code == 412
    r = client.patch(
        path, json={"active": False, "event_types": ["*"]}, headers={**admin, "If-Match": '"1"'}
    )
    assert r.status_code == 200 and r.json()["active"] is False and r.headers["ETag"] == '"2"'
    assert client.delete(path, headers={**admin, "If-Match": '"1"'}).status_code == 412
    assert client.delete(path, headers={**admin, "If-Match": '"2"'}).status_code == 204
    assert client.get(path, headers=admin).status_code == 404
    null = client.patch(path, json={"url": None}, headers={**admin, "If-Match": '"3"'})
    assert null.status_code == 404


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://127.0.0.1/hook", "only http and https"),
        ("http://10.1.2.3/hook", "10.1.2.3"),
        ("http://169.254.169.254/latest/meta-data", "169.254.169.254"),
        ("http://[::ffff:192.168.1.1]/hook", "192.168.1.1"),
        ("http://[64:ff9b::a9fe:a9fe]/latest/meta-data", "64:ff9b::a9fe:a9fe"),  # NAT64
        ("http://[2002:c0a8:101::1]/hook", "2002:c0a8:101::1"),  # 6to4 of 192.168.1.1
        ("http://[fec0::1]/hook", "fec0::1"),  # site-local
        ("http://user:pw@127.0.0.1/hook", "credentials"),
        ("http:///hook", "no host"),
        ("http://no-such-host.invalid/hook", "cannot resolve"),
    ],
)
def test_receiver_urls_refused_name_the_field_and_the_reason(
    client: TestClient, auth_headers: Headers, url: str, why: str
) -> None:
    r = client.post("/v1/webhooks", json={"url": url}, headers=auth_headers("admin"))
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["errors"][0]["field"] == "url" and why in problem["errors"][0]["message"]
    assert r.headers["Content-Type"] == "application/problem+json"


def test_loopback_is_refused_unless_the_deployment_allows_it(
    client: TestClient, auth_headers: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LRC_WEBHOOK_ALLOWED_NETWORKS", "[]")
    get_webhook_settings.cache_clear()
    try:
        r = client.post("/v1/webhooks", json={"url": URL}, headers=auth_headers("admin"))
    finally:
        monkeypatch.undo()
        get_webhook_settings.cache_clear()
    assert r.status_code == 422 and "127.0.0.1" in r.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"event_types": ["Case.create"]}, "event_types"),
        ({"event_types": []}, "event_types"),
        ({"event_types": ["case"]}, "event_types"),
        ({"secret": "not-a-secret"}, "secret"),
        ({"secret": "whsec_c2hvcnQ="}, "secret"),
        ({"region_id": 2_147_483_647}, "region_id"),
        ({"after_seq": -1}, "after_seq"),
        ({"after_seq": 2_000_000_000}, "after_seq"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_subscriptions_are_422_naming_the_field(
    client: TestClient, auth_headers: Headers, body: dict[str, Any], field: str
) -> None:
    r = client.post("/v1/webhooks", json={"url": URL, **body}, headers=auth_headers("admin"))
    assert r.status_code == 422, r.text
    assert any(e["field"].startswith(field) for e in r.json()["errors"])


def test_scopes_webhooks_write_and_changes_read_are_both_needed(
    client: TestClient, auth_headers: Headers
) -> None:
    none = auth_headers("admin", scopes={"changes:read"})
    r = client.post("/v1/webhooks", json={"url": URL}, headers=none)
    assert r.status_code == 403 and "webhooks:write" in r.text
    no_feed = auth_headers("admin", scopes={"webhooks:write"})
    r = client.post("/v1/webhooks", json={"url": URL}, headers=no_feed)
    assert r.status_code == 403 and "changes:read" in r.json()["detail"]
    assert "webhooks:write" not in ROLE_SCOPES["coordinator"] | ROLE_SCOPES["assessor"]


def test_region_never_wider_than_the_subscribers_own(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    county = make_region(client, admin)
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    other = make_region(client, admin)
    town_admin = auth_headers("region_admin", region_id=town["id"])
    own = subscribe(client, town_admin, URL)
    assert own["region_id"] == town["id"]
    wider = client.post(
        "/v1/webhooks", json={"url": URL, "region_id": county["id"]}, headers=town_admin
    )
    assert wider.status_code == 403 and "region_id" in wider.json()["detail"]
    aside = client.post(
        "/v1/webhooks", json={"url": URL, "region_id": other["id"]}, headers=town_admin
    )
    assert aside.status_code == 403
    patch = client.patch(
        f"/v1/webhooks/{own['id']}",
        json={"region_id": county["id"]},
        headers={**town_admin, "If-Match": '"1"'},
    )
    assert patch.status_code == 403
    # The county's admin manages it; another county's does not even see it.
    county_admin = auth_headers("region_admin", region_id=county["id"])
    assert client.get(f"/v1/webhooks/{own['id']}", headers=county_admin).status_code == 200
    other_admin = auth_headers("region_admin", region_id=other["id"])
    assert client.get(f"/v1/webhooks/{own['id']}", headers=other_admin).status_code == 404
    ids = [w["id"] for w in client.get("/v1/webhooks", headers=other_admin).json()["items"]]
    assert own["id"] not in ids


def test_an_api_client_sees_only_its_own_subscriptions(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    region = make_region(client, admin)
    scopes = {"webhooks:write", "changes:read", "regions:read"}
    one, two = _client_headers(region["id"], scopes), _client_headers(region["id"], scopes)
    mine = subscribe(client, one, URL)
    assert mine["owner"].startswith("client:platform-") and mine["region_id"] == region["id"]
    assert client.get(f"/v1/webhooks/{mine['id']}", headers=two).status_code == 404
    assert client.get(f"/v1/webhooks/{mine['id']}/deliveries", headers=two).status_code == 404
    assert [w["id"] for w in client.get("/v1/webhooks", headers=one).json()["items"]] == [
        mine["id"]
    ]


def test_deliveries_of_an_unknown_attempt_are_404(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    sub = subscribe(client, admin, URL)
    r = client.get(f"/v1/webhooks/{sub['id']}/deliveries", headers=admin)
    assert r.status_code == 200 and r.json() == {"items": [], "next_cursor": None}
    r = client.post(f"/v1/webhooks/{sub['id']}/deliveries/999999/replay", headers=admin)
    assert r.status_code == 404
    r = client.get(f"/v1/webhooks/{sub['id']}/deliveries", params={"sort": "url"}, headers=admin)
    assert r.status_code == 422


def test_address_policy_checks_every_resolved_address() -> None:
    public_and_private = lambda _h, _p: ["93.184.216.34", "10.0.0.5"]  # noqa: E731
    with pytest.raises(AddressRefused, match=r"10\.0\.0\.5"):
        check("https://platform.example.cn/hook", [], public_and_private)
    target = check("https://platform.example.cn:8443/a?b=1", [], lambda _h, _p: ["93.184.216.34"])
    assert target.pinned_url == "https://93.184.216.34:8443/a?b=1"
    assert target.host_header == "platform.example.cn:8443"
    assert check("http://[::1]:8080/", LOOPBACK).pinned_url == "http://[::1]:8080/"
    for bad in ("0.0.0.0", "100.64.0.1", "224.0.0.1", "fe80::1", "fc00::1"):
        assert not addresses.address_allowed(ipaddress.ip_address(bad), [])
    assert addresses.address_allowed(
        ipaddress.ip_address("10.9.8.7"), [ipaddress.ip_network("10.0.0.0/8")]
    )


def test_an_ipv6_address_leading_to_an_internal_ipv4_host_is_not_a_public_receiver() -> None:
    """NAT64, 6to4, Teredo and IPv4-compatible addresses reach the IPv4 host they carry (with a
    gateway or relay on the path): that host decides, as for the IPv4 address itself."""
    allowed = addresses.address_allowed
    for inner in ("127.0.0.1", "10.0.0.1", "169.254.169.254", "192.168.1.1"):
        v4 = int(ipaddress.IPv4Address(inner))
        carriers = [
            ipaddress.IPv6Address((0x0064FF9B << 96) | v4),  # 64:ff9b::/96
            ipaddress.IPv6Address((0x2002 << 112) | (v4 << 80) | 1),  # 2002:AABB:CCDD::1
            ipaddress.IPv6Address(v4),  # ::a.b.c.d
            ipaddress.IPv6Address((0x20010000 << 96) | (v4 ^ 0xFFFFFFFF)),  # Teredo client
        ]
        for carrier in carriers:
            assert addresses.embedded_ipv4(carrier) == ipaddress.IPv4Address(inner), carrier
            assert not allowed(carrier, []), carrier
    public = ipaddress.IPv4Address("93.184.216.34")
    assert allowed(ipaddress.IPv6Address((0x0064FF9B << 96) | int(public)), [])
    assert allowed(ipaddress.IPv6Address((0x2002 << 112) | (int(public) << 80) | 1), [])
    # An allowed network allows what leads into it; the local-use NAT64 prefix never.
    ten = [ipaddress.ip_network("10.0.0.0/8")]
    assert allowed(
        ipaddress.IPv6Address((0x0064FF9B << 96) | int(ipaddress.IPv4Address("10.1.2.3"))), ten
    )
    assert not allowed(ipaddress.ip_address("64:ff9b:1::a00:1"), [])


def test_only_a_holder_of_the_owners_read_scopes_points_a_subscription_elsewhere(
    client: TestClient, auth_headers: Headers
) -> None:
    """A district platform's subscription delivers ID numbers in clear (pii:read); a township
    token without pii:read sees it in its region but cannot redirect it to its own receiver."""
    admin = auth_headers("admin")
    region = make_region(client, admin)
    platform = _client_headers(
        region["id"], {"webhooks:write", "changes:read", "coordinators:read", "pii:read"}
    )
    sub = subscribe(client, platform, URL)
    path = f"/v1/webhooks/{sub['id']}"
    scopes = {"webhooks:write", "changes:read", "coordinators:read"}
    narrow = auth_headers("region_admin", region_id=region["id"], scopes=scopes)
    etag = client.get(path, headers=narrow).headers["ETag"]  # it may read the subscription
    for change in ({"url": "http://127.0.0.2:9/mine"}, {"event_types": ["*"]}):
        r = client.patch(path, json=change, headers={**narrow, "If-Match": etag})
        assert r.status_code == 403 and "pii:read" in r.json()["detail"], r.text
    wide = auth_headers("region_admin", region_id=region["id"])
    r = client.patch(path, json={"description": "x"}, headers={**narrow, "If-Match": etag})
    assert r.status_code == 200, r.text  # what changes nothing it delivers is allowed
    etag = r.headers["ETag"]
    r = client.patch(path, json={"url": URL + "2"}, headers={**wide, "If-Match": etag})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("event_type", "says"),
    [
        ("cordinator.update", "no change is of kind 'cordinator'"),
        ("case.updte", "no change has operation 'updte'"),
        ("webhook_subscription.*", "no change is of kind 'webhook_subscription'"),
    ],
)
def test_an_event_type_no_change_can_have_is_422_naming_the_kinds(
    client: TestClient, auth_headers: Headers, event_type: str, says: str
) -> None:
    """A typo used to make a subscription that silently never fired; the kinds are those of the
    change feed (each with its renderer), the operations create, update and delete."""
    admin = auth_headers("admin")
    body = {"url": URL, "event_types": ["case.*", event_type]}
    r = client.post("/v1/webhooks", json=body, headers=admin)
    assert r.status_code == 422, r.text
    (error,) = r.json()["errors"]
    assert error["field"].startswith("event_types") and says in error["message"]
    assert "coordinator" in error["message"] or "create, update, delete" in error["message"]
    for fine in (["*.delete"], ["alert.*"], ["staffing_basis.update", "case_event.create"]):
        r = client.post("/v1/webhooks", json={"url": URL, "event_types": fine}, headers=admin)
        assert r.status_code == 201, r.text

"""Accounts (issue 13, "each principal sees exactly its own"): deactivation takes effect at once,
an API and a CLI list, deactivate, reactivate and reset users and API clients, all audited.

RFC 6750 §3.1: a token of a deactivated or reset account is ``invalid_token`` (401).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session

from lrc_api.auth import service as auth
from lrc_api.core.accounts import User
from lrc_api.core.db import get_engine
from lrc_api.core.settings import get_settings
from tests.factories import make_coordinator, make_region

Headers = Callable[..., dict[str, str]]
TOKEN = "/v1/auth/token"
ME = "/v1/auth/me"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Argon2 with tiny cost parameters: the tests check logic, not the hash's strength."""
    monkeypatch.setattr(
        auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    auth._dummy_hash.cache_clear()
    yield
    auth._dummy_hash.cache_clear()


@pytest.fixture
def admin(auth_headers: Headers) -> dict[str, str]:
    return auth_headers("admin")


@pytest.fixture
def town(client: TestClient, admin: dict[str, str]) -> dict[str, Any]:
    county = make_region(client, admin)
    return make_region(client, admin, parent_id=county["id"], kind="township")


def _name(prefix: str = "acct") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def new_user(
    client: TestClient,
    admin: dict[str, str],
    region_id: int | None,
    role: str = "auditor",
    **kw: Any,
) -> dict[str, Any]:
    body = {"username": _name(), "role": role, "region_id": region_id, "password": PASSWORD, **kw}
    r = client.post("/v1/users", json=body, headers=admin)
    assert r.status_code == 201, r.text
    assert r.json()["password"] is None  # given, so not echoed
    return dict(r.json()["user"])


def login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    return client.post(
        TOKEN, data={"grant_type": "password", "username": username, "password": password}
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_invalid_token(r: Any) -> None:
    assert r.status_code == 401, r.text
    assert r.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    assert r.json()["error"] == "invalid_token"


def audit_of(client: TestClient, admin: dict[str, str], entity: str, entity_id: int) -> list[Any]:
    r = client.get(
        "/v1/audit", params={"entity": entity, "entity_id": entity_id, "limit": 200}, headers=admin
    )
    return list(r.json()["items"])


def test_deactivating_a_user_ends_its_tokens_at_once_rfc6750_3_1(
    client: TestClient, admin: dict[str, str], town: dict[str, Any]
) -> None:
    user = new_user(client, admin, town["id"])
    token = login(client, user["username"]).json()["access_token"]
    assert client.get(ME, headers=bearer(token)).status_code == 200
    r = client.post(f"/v1/users/{user['id']}/deactivate", json={"reason": "离职"}, headers=admin)
    assert r.status_code == 200 and r.json()["active"] is False
    assert_invalid_token(client.get(ME, headers=bearer(token)))
    assert_invalid_token(client.get("/v1/coordinators", headers=bearer(token)))
    assert login(client, user["username"]).json()["error"] == "invalid_grant"
    r = client.post(f"/v1/users/{user['id']}/reactivate", headers=admin)
    assert r.status_code == 200 and r.json()["active"] is True
    assert_invalid_token(client.get(ME, headers=bearer(token)))  # the old token stays dead
    fresh = login(client, user["username"]).json()["access_token"]
    assert client.get(ME, headers=bearer(fresh)).status_code == 200
    actions = [e["action"] for e in audit_of(client, admin, "user", user["id"])]
    assert actions == ["create", "deactivate", "reactivate"]
    entry = audit_of(client, admin, "user", user["id"])[1]
    assert entry["after"]["reason"] == "离职" and entry["after"]["active"] is False
    assert "password_hash" not in entry["after"] and "password_hash" not in entry["before"]


def test_reset_gives_a_new_password_once_and_ends_old_tokens(
    client: TestClient, admin: dict[str, str], town: dict[str, Any]
) -> None:
    user = new_user(client, admin, town["id"])
    token = login(client, user["username"]).json()["access_token"]
    r = client.post(f"/v1/users/{user['id']}/reset", headers=admin)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    password = r.json()["password"]
    assert len(password) >= 20
    assert_invalid_token(client.get(ME, headers=bearer(token)))
    assert login(client, user["username"]).status_code == 400
    assert login(client, user["username"], password).status_code == 200
    r = client.post(
        f"/v1/users/{user['id']}/reset", json={"password": "another good one"}, headers=admin
    )
    assert r.status_code == 200 and r.json()["password"] is None
    assert login(client, user["username"], "another good one").status_code == 200
    for entry in audit_of(client, admin, "user", user["id"]):
        assert password not in json.dumps(entry) and "password_hash" not in json.dumps(entry)


def test_a_password_is_taken_as_typed_blanks_at_either_end_included(
    client: TestClient, admin: dict[str, str], town: dict[str, Any]
) -> None:
    """Request texts are trimmed, but not a password: setting it and signing in with it keep
    every character, so a password that starts or ends with a space works and its trimmed form
    does not."""
    spaced = "  spaced out secret  "
    user = new_user(client, admin, town["id"], password=spaced)
    assert login(client, user["username"], spaced).status_code == 200
    assert login(client, user["username"], spaced.strip()).status_code == 400


def test_client_reset_rotates_the_secret_and_deactivation_ends_its_tokens(
    client: TestClient, admin: dict[str, str], town: dict[str, Any]
) -> None:
    r = client.post(
        "/v1/api-clients",
        json={"name": "12345 热线", "region_id": town["id"], "scopes": ["cases:read"]},
        headers=admin,
    )
    assert r.status_code == 201 and r.headers["cache-control"] == "no-store"
    made, secret = r.json()["client"], r.json()["client_secret"]
    assert made["scopes"] == ["cases:read"] and made["region_id"] == town["id"]
    form = {"grant_type": "client_credentials", "client_id": made["client_id"]}
    token = client.post(TOKEN, data=form | {"client_secret": secret}).json()["access_token"]
    assert client.get("/v1/cases", headers=bearer(token)).status_code == 200
    r = client.post(f"/v1/api-clients/{made['id']}/reset", headers=admin)
    new_secret = r.json()["client_secret"]
    assert r.status_code == 200 and new_secret != secret
    assert_invalid_token(client.get("/v1/cases", headers=bearer(token)))
    assert client.post(TOKEN, data=form | {"client_secret": secret}).status_code == 401
    token = client.post(TOKEN, data=form | {"client_secret": new_secret}).json()["access_token"]
    r = client.post(f"/v1/api-clients/{made['id']}/deactivate", headers=admin)
    assert r.status_code == 200 and r.json()["active"] is False
    assert_invalid_token(client.get("/v1/cases", headers=bearer(token)))
    listed = client.get("/v1/api-clients", params={"active": "false"}, headers=admin).json()
    assert made["id"] in [c["id"] for c in listed["items"]]


def test_accounts_are_scoped_like_records(
    client: TestClient, admin: dict[str, str], auth_headers: Headers, town: dict[str, Any]
) -> None:
    """A region's admin lists and manages the accounts of its subtree only; global accounts and
    another region's are 404 to it, and it cannot create a global account."""
    ours = new_user(client, admin, town["id"])
    theirs = new_user(client, admin, make_region(client, admin)["id"])
    global_one = new_user(client, admin, None)
    local_admin = auth_headers("admin", region_id=town["id"], scopes={"users:read", "users:write"})
    listed = client.get("/v1/users", params={"limit": 200}, headers=local_admin).json()["items"]
    assert {u["region_id"] for u in listed} == {town["id"]}
    assert ours["id"] in [u["id"] for u in listed]
    for other in (theirs, global_one):
        assert client.get(f"/v1/users/{other['id']}", headers=local_admin).status_code == 404
        r = client.post(f"/v1/users/{other['id']}/deactivate", headers=local_admin)
        assert r.status_code == 404
    body = {"username": _name(), "role": "auditor", "region_id": None, "password": PASSWORD}
    r = client.post("/v1/users", json=body, headers=local_admin)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "region_id"
    r = client.post(
        "/v1/users", json=body | {"region_id": theirs["region_id"]}, headers=local_admin
    )
    assert r.status_code == 422 and "unknown region" in r.json()["detail"]
    assessor = auth_headers("assessor", region_id=town["id"])
    assert client.get("/v1/users", headers=assessor).status_code == 403  # no users:read


def test_nobody_deactivates_themself(client: TestClient, auth_headers: Headers) -> None:
    me_headers = auth_headers("admin", subject=_name("self"))
    me = client.get(ME, headers=me_headers).json()
    rows = client.get("/v1/users", params={"limit": 200}, headers=me_headers).json()
    mine = next(u for u in rows["items"] if u["username"] == me["subject"])
    r = client.post(f"/v1/users/{mine['id']}/deactivate", headers=me_headers)
    assert r.status_code == 409 and "your own account" in r.json()["detail"]


def test_a_coordinator_user_links_a_coordinator_of_its_region(
    client: TestClient, admin: dict[str, str], town: dict[str, Any]
) -> None:
    coordinator = make_coordinator(client, admin, town["id"])
    elsewhere = make_region(client, admin)
    body = {"username": _name(), "role": "coordinator", "coordinator_id": coordinator["id"]}
    r = client.post("/v1/users", json=body | {"region_id": elsewhere["id"]}, headers=admin)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "coordinator_id"
    r = client.post("/v1/users", json=body | {"region_id": town["id"]}, headers=admin)
    assert r.status_code == 201, r.text
    assert r.json()["user"]["coordinator_id"] == coordinator["id"]
    assert len(r.json()["password"]) >= 20  # none given: generated, shown once


def test_other_workers_see_a_change_within_the_cache_time(
    client: TestClient, admin: dict[str, str], town: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """LRC_ACCOUNT_CACHE_SECONDS: a change made by another worker (straight in the database,
    so this worker's cache is not told) holds at most that long."""
    monkeypatch.setenv("LRC_ACCOUNT_CACHE_SECONDS", "0.5")
    get_settings.cache_clear()
    try:
        user = new_user(client, admin, town["id"])
        token = login(client, user["username"]).json()["access_token"]
        assert client.get(ME, headers=bearer(token)).status_code == 200
        with Session(get_engine()) as session:
            session.exec(update(User).where(User.id == user["id"]).values(active=False))  # type: ignore[call-overload]
            session.commit()
        deadline = time.monotonic() + 5
        while client.get(ME, headers=bearer(token)).status_code == 200:
            assert time.monotonic() < deadline, "the deactivation never took effect"
            time.sleep(0.1)
        assert_invalid_token(client.get(ME, headers=bearer(token)))
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_cli_lists_deactivates_reactivates_and_resets(
    client: TestClient,
    admin: dict[str, str],
    town: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    from lrc_api.cli import main

    user = new_user(client, admin, town["id"])
    name = user["username"]
    token = login(client, name).json()["access_token"]
    assert main(["users", "deactivate", name, "--reason", "调离"]) == 0
    assert json.loads(capsys.readouterr().out)["active"] is False
    assert_invalid_token(client.get(ME, headers=bearer(token)))
    assert main(["users", "list", "--region", str(town["id"]), "--inactive"]) == 0
    assert name in [u["username"] for u in json.loads(capsys.readouterr().out)]
    assert main(["users", "reactivate", name]) == 0
    capsys.readouterr()
    assert main(["users", "reset", name]) == 0
    out = capsys.readouterr()
    password = json.loads(out.out)["password"]
    assert "only this once" in out.err
    assert login(client, name, password).status_code == 200
    assert main(["users", "deactivate", "no-such-user"]) == 1
    assert "no user" in capsys.readouterr().err
    actions = [e["action"] for e in audit_of(client, admin, "user", user["id"])]
    assert actions == ["create", "deactivate", "reactivate", "reset"]
    assert all(e["actor"] == "system" for e in audit_of(client, admin, "user", user["id"])[1:])


def test_cli_manages_api_clients(
    client: TestClient,
    admin: dict[str, str],
    town: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    from lrc_api.cli import main

    made = client.post(
        "/v1/api-clients",
        json={"name": "hotline", "region_id": town["id"], "scopes": ["cases:read"]},
        headers=admin,
    ).json()["client"]
    assert main(["clients", "reset", made["client_id"]]) == 0
    secret = json.loads(capsys.readouterr().out)["client_secret"]
    form = {"grant_type": "client_credentials", "client_id": made["client_id"]}
    assert client.post(TOKEN, data=form | {"client_secret": secret}).status_code == 200
    assert main(["clients", "deactivate", made["client_id"]]) == 0
    capsys.readouterr()
    assert client.post(TOKEN, data=form | {"client_secret": secret}).status_code == 401
    assert main(["clients", "list", "--inactive"]) == 0
    assert made["client_id"] in [c["client_id"] for c in json.loads(capsys.readouterr().out)]


def test_changing_an_account_needs_if_match_and_ends_its_tokens(
    client: TestClient, admin: dict[str, str], town: dict[str, Any]
) -> None:
    """A user moved to another region: 428 without If-Match, 412 when stale; the old token
    (which names the old region) stops working; a region emptied of accounts can be deleted."""
    doomed = make_region(client, admin, parent_id=town["id"], kind="community")
    user = new_user(client, admin, doomed["id"])
    token = login(client, user["username"]).json()["access_token"]
    url = f"/v1/users/{user['id']}"
    r = client.delete(f"/v1/regions/{doomed['id']}", headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 409 and user["username"] in r.json()["detail"]
    assert client.patch(url, json={"region_id": town["id"]}, headers=admin).status_code == 428
    read = client.get(url, headers=admin)
    assert read.headers["etag"] == '"1"'
    stale = client.patch(url, json={"region_id": town["id"]}, headers={**admin, "If-Match": '"7"'})
    assert stale.status_code == 412
    r = client.patch(url, json={"region_id": town["id"]}, headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["region_id"] == town["id"]
    assert r.headers["etag"] == '"2"'
    assert_invalid_token(client.get(ME, headers=bearer(token)))
    fresh = login(client, user["username"]).json()["access_token"]
    assert client.get(ME, headers=bearer(fresh)).json()["region_id"] == town["id"]
    r = client.delete(f"/v1/regions/{doomed['id']}", headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 204
    r = client.patch(
        url,
        json={"role": "coordinator", "coordinator_id": 2**31 - 1},
        headers={**admin, "If-Match": '"2"'},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "coordinator_id"
    actions = [e["action"] for e in audit_of(client, admin, "user", user["id"])]
    assert actions == ["create", "update"]


def test_changing_an_api_clients_scopes(
    client: TestClient, admin: dict[str, str], town: dict[str, Any]
) -> None:
    made = client.post(
        "/v1/api-clients",
        json={"name": "平台", "region_id": town["id"], "scopes": ["cases:read"]},
        headers=admin,
    ).json()["client"]
    url = f"/v1/api-clients/{made['id']}"
    r = client.patch(
        url, json={"scopes": ["cases:read", "changes:read"]}, headers={**admin, "If-Match": '"1"'}
    )
    assert r.status_code == 200 and r.json()["scopes"] == ["cases:read", "changes:read"]
    r = client.patch(url, json={"scopes": ["cases:fly"]}, headers={**admin, "If-Match": '"2"'})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "scopes"


def test_an_account_manager_gives_and_manages_only_the_scopes_it_holds(
    client: TestClient, admin: dict[str, str], town: dict[str, Any]
) -> None:
    # A provisioning system of the township: it may manage accounts, and read nothing else.
    manager = {"role": "integration", "region_id": town["id"], "scopes": ["users:write"]}
    r = client.post("/v1/api-clients", json={"name": "开户系统", **manager}, headers=admin)
    assert r.status_code == 201, r.text
    body = r.json()
    r = client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": body["client"]["client_id"],
            "client_secret": body["client_secret"],
        },
    )
    system = bearer(r.json()["access_token"])

    def refused(r: Any, field: str, scope: str = "pii:read") -> None:
        assert r.status_code == 403, r.text
        assert r.json()["errors"][0]["field"] == field
        assert scope in r.json()["detail"]

    # Creating: neither a client with pii:read nor a person whose role carries it.
    wider = {"name": "x", "role": "integration", "region_id": town["id"], "scopes": ["pii:read"]}
    refused(client.post("/v1/api-clients", json=wider, headers=system), "scopes")
    role_admin = {"name": "x", "role": "region_admin", "region_id": town["id"]}
    refused(client.post("/v1/api-clients", json=role_admin, headers=system), "scopes")
    for role in ("admin", "region_admin", "auditor"):
        person = {"username": _name(), "role": role, "region_id": town["id"]}
        refused(client.post("/v1/users", json=person, headers=system), "role", "audit:read")
    # Within its own grant it still works.
    same = {**wider, "scopes": ["users:write"]}
    assert client.post("/v1/api-clients", json=same, headers=system).status_code == 201
    # Managing: an account above it cannot be reset (taken over), deactivated or rebound.
    boss = new_user(client, admin, town["id"], role="region_admin")
    path = f"/v1/users/{boss['id']}"
    refused(client.post(f"{path}/reset", headers=system), "user_id")
    refused(client.post(f"{path}/deactivate", headers=system), "user_id")
    version = client.get(path, headers=admin).headers["ETag"]
    change = client.patch(path, json={"role": "assessor"}, headers={**system, "If-Match": version})
    refused(change, "user_id")
    assert login(client, boss["username"]).status_code == 200  # its password is unchanged
    # A narrowed token of an administrator is held to what it carries, too.
    narrow = client.post(
        TOKEN,
        data={
            "grant_type": "password",
            "username": new_user(client, admin, None, "admin")["username"],
            "password": PASSWORD,
            "scope": "users:write users:read",
        },
    )
    narrowed = bearer(narrow.json()["access_token"])
    refused(client.post("/v1/api-clients", json=wider, headers=narrowed), "scopes")

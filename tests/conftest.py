"""Shared fixtures: the app on a fresh database for the test session.

Every test runs on SQLite (a temporary file); when ``LRC_TEST_DATABASE_URL`` is set (CI does it
when PostgreSQL answers), the same tests run on that database instead. The environment is set
here, at import, before any module reads the settings.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="lrc-test-"))
TEST_DATABASE_URL = os.environ.get("LRC_TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'test.db'}"
os.environ["LRC_DATABASE_URL"] = TEST_DATABASE_URL
os.environ["LRC_DATA_DIR"] = str(_TMP)
os.environ["LRC_ENV"] = "test"
os.environ.pop("LRC_CALENDAR_FILE", None)
os.environ.pop("LRC_POLICY_DIRS", None)
os.environ.pop("LRC_DEFAULT_POLICY", None)
# Webhook tests start their own dispatchers; receivers listen on loopback.
os.environ["LRC_WEBHOOK_DISPATCHER"] = "false"
os.environ["LRC_WEBHOOK_ALLOWED_NETWORKS"] = '["127.0.0.0/8", "::1/128"]'
# Every in-process request comes from one address ("testclient"): the whole suite's failed
# sign-ins (the fuzzer makes many) must not throttle it; the address limit has its own test.
os.environ["LRC_LOGIN_ADDRESS_MAX_FAILURES"] = "10000"

from fastapi.testclient import TestClient  # noqa: E402


def pytest_report_header() -> str:
    """Say which database the run uses."""
    backend = TEST_DATABASE_URL.split(":", 1)[0]
    return f"lrc test database: {backend}"


@pytest.fixture(scope="session")
def migrated_db() -> Iterator[str]:
    """The test database, migrated from scratch to head (base first on a reused server DB)."""
    from lrc_api.core import migrations

    migrations.downgrade("base")
    migrations.upgrade("head")
    yield TEST_DATABASE_URL


@pytest.fixture(scope="session")
def client(migrated_db: str) -> Iterator[TestClient]:
    """An HTTP client for the app (in process), on the migrated test database."""
    from lrc_api.main import app

    with TestClient(app) as c:
        yield c


def ensure_account(
    *,
    kind: str,
    subject: str,
    role: str,
    region_id: int | None,
    coordinator_id: int | None = None,
    scopes: frozenset[str] | set[str] = frozenset(),
) -> int:
    """The account a test token names, created if missing (role and region kept in step);
    returns its token version. It has no usable secret: tests sign its tokens directly."""
    import datetime as dt

    from sqlmodel import Session, select

    from lrc_api.core.accounts import ApiClient, User
    from lrc_api.core.db import get_engine

    now = dt.datetime.now(dt.UTC)
    with Session(get_engine().execution_options(lrc_write=True)) as session:
        row: User | ApiClient | None
        if kind == "client":
            row = session.exec(select(ApiClient).where(ApiClient.client_id == subject)).first()
            if row is None:
                row = ApiClient(client_id=subject, secret_hash="!", name="test client", role=role)
            row.scopes = " ".join(sorted(scopes))
        else:
            row = session.exec(select(User).where(User.username == subject)).first()
            if row is None:
                row = User(username=subject, password_hash="!", role=role)
            row.coordinator_id = coordinator_id
        row.role, row.region_id, row.updated_at = role, region_id, now
        session.add(row)
        session.commit()
        return row.token_version


@pytest.fixture(scope="session")
def auth_headers(migrated_db: str) -> object:
    """Make ``{"Authorization": "Bearer …"}`` for a principal of a role, region and scopes.

    ``auth_headers(role="admin", region_id=None, scopes=None, coordinator_id=None, subject=None)``;
    scopes default to the role's scopes. Every token names a real account (created on first
    use; an ``integration`` role makes an API client): the service refuses tokens of accounts
    that do not exist, are deactivated or were reset.
    """
    import datetime as dt
    import uuid

    from jose import jwt

    from lrc_api.core.principal import ROLE_SCOPES
    from lrc_api.core.settings import get_settings

    def make(
        role: str = "admin",
        region_id: int | None = None,
        scopes: set[str] | frozenset[str] | None = None,
        coordinator_id: int | None = None,
        subject: str | None = None,
    ) -> dict[str, str]:
        settings = get_settings()
        now = dt.datetime.now(dt.UTC)
        kind = "client" if role == "integration" else "user"
        granted = ROLE_SCOPES[role] if scopes is None else frozenset(scopes)
        subject = subject or f"user:test-{role}-{uuid.uuid4().hex[:8]}"
        version = ensure_account(
            kind=kind,
            subject=subject,
            role=role,
            region_id=region_id,
            coordinator_id=coordinator_id,
            scopes=granted,
        )
        claims = {
            "sub": subject,
            "kind": kind,
            "role": role,
            "region": region_id,
            "scope": " ".join(sorted(granted)),
            "coordinator_id": coordinator_id,
            "ver": version,
            "iss": settings.token_issuer,
            "aud": settings.token_audience,
            "iat": now,
            "nbf": now,
            "exp": now + dt.timedelta(minutes=15),
            "jti": uuid.uuid4().hex,
        }
        token = jwt.encode(claims, settings.secret_key, algorithm="HS256")
        return {"Authorization": f"Bearer {token}"}

    return make

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


@pytest.fixture(scope="session")
def auth_headers() -> object:
    """Make ``{"Authorization": "Bearer …"}`` for a principal of a role, region and scopes.

    ``auth_headers(role="admin", region_id=None, scopes=None, coordinator_id=None, subject=None)``;
    scopes default to the role's scopes.
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
        claims = {
            "sub": subject or f"user:test-{role}-{uuid.uuid4().hex[:8]}",
            "kind": "user",
            "role": role,
            "region": region_id,
            "scope": " ".join(sorted(ROLE_SCOPES[role] if scopes is None else scopes)),
            "coordinator_id": coordinator_id,
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

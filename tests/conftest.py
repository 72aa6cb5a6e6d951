"""Shared fixtures: an app on a fresh SQLite (or LRC_TEST_DATABASE_URL) database per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """An HTTP client for the app (in process)."""
    from lrc_api.main import app

    with TestClient(app) as c:
        yield c

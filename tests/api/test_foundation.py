"""The foundation: health, readiness, metrics, problem+json, request ids, settings, imports."""

from __future__ import annotations

import ast
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from lrc_api.core.settings import DEV_SECRET, Settings

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_ok(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}
    assert len(r.headers["x-request-id"]) >= 16


def test_readyz_reports_database_at_head(client: TestClient) -> None:
    from lrc_api.core.migrations import head_revisions

    r = client.get("/readyz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ready"
    assert body["revision"] == sorted(head_revisions())


def test_readyz_503_problem_when_database_behind(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database not at the code's head is not ready: 503 problem+json telling how to fix it."""
    from lrc_api.core import health

    monkeypatch.setattr(health, "head_revisions", lambda: frozenset({"9999_future"}))
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.headers["content-type"] == "application/problem+json"
    assert "lrc db upgrade" in r.json()["detail"]


def test_metrics_expose_request_counts(client: TestClient) -> None:
    client.get("/healthz")
    r = client.get("/metrics")
    assert r.status_code == 200
    assert 'lrc_http_requests_total{method="GET",route="/healthz",status="200"}' in r.text


def test_unknown_path_is_problem_json(client: TestClient) -> None:
    r = client.get("/v1/no-such-thing")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 404 and body["instance"] == "/v1/no-such-thing"
    assert body["request_id"] == r.headers["x-request-id"]


def test_client_request_id_is_echoed_when_well_formed(client: TestClient) -> None:
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    # A header that could inject into logs is replaced by a fresh id.
    assert (
        client.get("/healthz", headers={"X-Request-ID": "a b\tc"}).headers["x-request-id"]
        != "a b\tc"
    )


def test_unhandled_error_is_500_problem_without_trace() -> None:
    """An unexpected exception becomes a 500 problem+json with no stack trace or message."""
    from fastapi import FastAPI

    from lrc_api.core.errors import install_handlers

    app = FastAPI()
    install_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret 110101199003077777")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert "secret" not in r.text and "Traceback" not in r.text


def test_logs_are_json_without_query_strings(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """The access log records the path but never the query string (it may carry an ID number)."""
    from lrc_api.core.observability import JsonFormatter

    with caplog.at_level(logging.INFO, logger="lrc_api.access"):
        client.get("/healthz?id_number=110101199003077777")
    records = [r for r in caplog.records if r.name == "lrc_api.access"]
    assert records
    line = JsonFormatter().format(records[-1])
    parsed = json.loads(line)
    assert parsed["path"] == "/healthz" and parsed["status"] == 200
    assert "110101199003077777" not in line


def test_production_refuses_default_or_short_secret() -> None:
    with pytest.raises(ValidationError, match="LRC_SECRET_KEY"):
        Settings(env="production", secret_key=DEV_SECRET)
    with pytest.raises(ValidationError, match="LRC_SECRET_KEY"):
        Settings(env="production", secret_key="short")
    ok = Settings(
        env="production",
        secret_key="x" * 40,
        pii_keys={"k1": "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="},
        pii_key_id="k1",
        pii_hash_key="MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=",
    )
    assert ok.env == "production"


def test_cli_refuses_to_serve_in_production_with_default_secret(tmp_path: Path) -> None:
    env = {"LRC_ENV": "production", "PATH": "/usr/bin:/bin", "LRC_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "lrc_api.cli", "serve", "--port", "8999"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "LRC_SECRET_KEY" in proc.stderr


def test_lrc_rules_imports_no_web_or_database_library() -> None:
    """lrc_rules depends on the standard library and the calendar libraries only (DESIGN.md):
    chinesecalendar for the notices, lunar-python for the lunar dates of years without one."""
    allowed_third_party = {"chinese_calendar", "lunar_python"}
    forbidden = []
    stdlib = sys.stdlib_module_names
    for path in (ROOT / "lrc_rules").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in stdlib and top != "lrc_rules" and top not in allowed_third_party:
                    forbidden.append(f"{path.relative_to(ROOT)}: {name}")
    assert forbidden == []


def test_lrc_rules_import_loads_no_web_module_at_runtime() -> None:
    code = (
        "import sys, lrc_rules, lrc_rules.policies, lrc_rules.trace;"
        "import pkgutil, importlib;"
        "[importlib.import_module('lrc_rules.'+m.name) for m in pkgutil.iter_modules(lrc_rules.__path__)];"
        "bad=[m for m in ('fastapi','sqlalchemy','sqlmodel','pydantic','starlette','httpx') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_openapi_document_is_committed_and_current(client: TestClient) -> None:
    """openapi/openapi.json is what the app generates (regenerate: `lrc openapi > openapi/openapi.json`)."""
    committed = json.loads((ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    generated = json.loads(json.dumps(client.app.openapi()))  # type: ignore[attr-defined]
    assert committed == generated, "run: lrc openapi > openapi/openapi.json"

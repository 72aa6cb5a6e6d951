"""An OpenAPI-generated client (openapi-python-client) builds cleanly and talks to the service."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]


def test_generated_client_builds_without_warnings_and_scores_a_quarter(
    client: TestClient, tmp_path: Path
) -> None:
    """The committed openapi.json yields a complete client; its scorecard call round-trips."""
    tool = shutil.which("openapi-python-client") or str(
        Path(sys.executable).with_name("openapi-python-client")
    )
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    out = subprocess.run(
        [
            tool,
            "generate",
            "--path",
            str(ROOT / "openapi" / "openapi.json"),
            "--meta",
            "none",
            "--config",
            str(ROOT / "openapi" / "openapi-python-client.yaml"),
            "--output-path",
            str(tmp_path / "lrc_client"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Warning" not in out.stdout + out.stderr, out.stdout + out.stderr

    sys.path.insert(0, str(tmp_path))
    try:
        lrc_client = importlib.import_module("lrc_client")
        scorecard = importlib.import_module("lrc_client.api.rules.rules_scorecard")
        models = importlib.import_module("lrc_client.models")
        api = lrc_client.Client(base_url="http://testserver").set_httpx_client(client)
        body = models.ScorecardRequest.from_dict(
            {
                "year": 2025,
                "quarter": 3,
                "base_score": 26,
                "events": [
                    {"kind": "publicity", "occurred_on": "2025-08-01", "evidence": ["plan.pdf"]}
                ],
            }
        )
        card = scorecard.sync(client=api, body=body)
        assert isinstance(card, models.ScorecardResponse)
        assert card.total == 31 and card.policy == "wenshang-2024"  # 附件1 8.3: 26 + 5
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "lrc_client" or m.startswith("lrc_client.")]:
            del sys.modules[name]

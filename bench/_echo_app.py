"""Baseline for bench/http_rules.py: a bare FastAPI app that only validates and echoes the body."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from lrc_api.rules.scoring.schemas import ScorecardRequest

app = FastAPI()


@app.post("/v1/rules/scorecard")
async def echo(body: ScorecardRequest) -> dict[str, Any]:
    """Validate the scorecard request and send it back."""
    return body.model_dump(mode="json")

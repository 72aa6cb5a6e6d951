"""Liveness, readiness and metrics: open to all, for load balancers and Prometheus."""

from __future__ import annotations

import os

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from pydantic import BaseModel, Field
from sqlalchemy import text

from lrc_api.core.calendar import check_calendar
from lrc_api.core.db import get_engine
from lrc_api.core.errors import ServiceUnavailable, problem
from lrc_api.core.migrations import current_revisions, head_revisions

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    """Liveness answer."""

    status: str = Field(description="`ok` while the process serves requests.")


class Readiness(BaseModel):
    """Readiness answer."""

    status: str = Field(
        description="`ready` when the database answers and is at the head revision."
    )
    database: str = Field(description="Database backend name.")
    revision: list[str] = Field(description="Migration revision(s) the database is at.")


@router.get("/healthz", response_model=Health, summary="Liveness: the process is up")
def healthz() -> Health:
    """Answers 200 while the process can serve requests (no dependency checked)."""
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Readiness: database reachable and migrated, calendar file usable",
    responses={503: problem("Not ready")},
)
def readyz() -> Readiness:
    """200 when the database answers, its migrations are at head and the calendar file (if any)
    loads; 503 problem+json naming what is wrong otherwise."""
    engine = get_engine()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = current_revisions(conn)
    except Exception:
        raise ServiceUnavailable("the database does not answer") from None
    calendar_problem = check_calendar()
    if calendar_problem is not None:
        raise ServiceUnavailable(calendar_problem)
    heads = head_revisions()
    if current != heads:
        raise ServiceUnavailable(
            f"database at revision {sorted(current) or 'none'}, code expects {sorted(heads)}; "
            "run `lrc db upgrade`"
        )
    return Readiness(status="ready", database=engine.dialect.name, revision=sorted(current))


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {
            "description": "Prometheus text exposition format",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
)
def metrics() -> Response:
    """Prometheus exposition of request counts and latencies, summed over every worker.

    Under ``lrc serve --workers N`` each worker writes its samples to ``PROMETHEUS_MULTIPROC_DIR``
    and any worker answering a scrape adds up all of them (prometheus_client multiprocess mode);
    a single process serves its own registry.
    """
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

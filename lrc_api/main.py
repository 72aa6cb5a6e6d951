"""The ASGI application: ``lrc_api.main:app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from lrc_api import __version__
from lrc_api.accounts.router import router as accounts_router
from lrc_api.activities.router import router as activities_router
from lrc_api.alerts.router import router as alerts_router
from lrc_api.assessments.router import router as assessments_router
from lrc_api.audit.router import router as audit_router
from lrc_api.auth.router import router as auth_router
from lrc_api.calendar.router import router as calendar_router
from lrc_api.cases.router import router as cases_router
from lrc_api.coordinators.router import router as coordinators_router
from lrc_api.core.docs import install_docs
from lrc_api.core.errors import PROBLEM_RESPONSES, install_handlers
from lrc_api.core.health import router as health_router
from lrc_api.core.http import HttpSemanticsMiddleware
from lrc_api.core.observability import ObservabilityMiddleware, configure_logging
from lrc_api.core.openapi import DECLARED_MODELS, DECLARED_SCHEMAS, finish, operation_id
from lrc_api.core.policies import get_registry
from lrc_api.core.query_text import QueryTextMiddleware
from lrc_api.core.schemas import JSON_BODY_MODELS
from lrc_api.core.security import rules_gate
from lrc_api.core.settings import Settings, get_settings
from lrc_api.enterprises.router import router as enterprises_router
from lrc_api.imports.router import router as imports_router
from lrc_api.ledger.router import router as ledger_router
from lrc_api.obligations.router import router as obligations_router
from lrc_api.policies.router import router as policies_router
from lrc_api.rankings.router import router as rankings_router
from lrc_api.regions.router import router as regions_router
from lrc_api.reports.router import router as reports_router
from lrc_api.risk import evaluation as early_warning
from lrc_api.risk.router import router as risk_router
from lrc_api.rules import router as rules
from lrc_api.scorecards.router import router as scorecards_router
from lrc_api.signals.router import router as signals_router
from lrc_api.staffing.router import router as staffing_router
from lrc_api.stats.router import router as stats_router
from lrc_api.vocabularies.router import router as vocabularies_router
from lrc_api.webhooks import dispatcher as webhook_dispatcher
from lrc_api.webhooks.router import router as webhooks_router


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Fail fast on bad settings or policy packs, before the first request; run this process's
    webhook dispatcher while serving (``LRC_WEBHOOK_DISPATCHER``)."""
    settings = get_settings()
    configure_logging(settings.log_level)
    get_registry()
    webhook_dispatcher.start_in_process()
    try:
        yield
    finally:
        webhook_dispatcher.stop_in_process()


DESCRIPTION = """\
System of record and rules engine for labor relations coordinator (劳动关系协调员) teams:
regions, enterprises, coordinators, activities, quarterly assessments and cases, with the rules
of the source documents as calculators.

**For integrators** (district platforms, mobile backends):

- *Sign in*: `POST /v1/auth/token` with `grant_type=client_credentials`, `client_id` and
  `client_secret` (form body; from `lrc clients create`), then send
  `Authorization: Bearer <access_token>`. Tokens last 15 minutes by default.
- *Clients*: operation ids read `{tag}-{action}` (`cases-list`, `ledger-export`) and stay stable;
  generate a client from `/openapi.json` (the repository's `openapi/openapi.json`).
- *Conventions*: dates `YYYY-MM-DD`, times ISO 8601 in UTC; amounts in 元 unless a field says
  万元; lists are pages (`limit` ≤ 200, `cursor` = the previous `next_cursor`); reads carry an
  `ETag`, and `PATCH`, `DELETE`, reviews and transitions need `If-Match` (412 when stale, 428
  without); a `POST` with an `Idempotency-Key` may be retried safely; ID numbers and phones are
  masked without the `pii:read` scope.
- *Errors* are RFC 9457 `application/problem+json`, with `errors[]` naming each field and rule.
- *Sync*: poll `GET /v1/changes?after=<seq>` for every committed change, in commit order.
"""
"""The documentation's front page (Swagger UI and ReDoc show it above the operations)."""

TAGS: list[dict[str, Any]] = [
    {
        "name": "auth",
        "description": "OAuth 2.0 tokens (RFC 6749): password for people, client "
        "credentials for systems; `GET /v1/auth/me` shows what a token carries.",
    },
    {
        "name": "regions",
        "description": "The administrative tree (区/县 → 乡镇/街道/园区 → 社区) and "
        "the industry task forces (领域专班); every record belongs to one region, and access is "
        "scoped to a subtree. A region may bind a policy pack for its subtree.",
    },
    {
        "name": "enterprises",
        "description": "Employers with their unified social credit code "
        "(GB 32100) and size class (统计上大中小微型企业划分办法).",
    },
    {
        "name": "coordinators",
        "description": "The coordinator ledger rows (劳动关系协调员台账, "
        "汶政字〔2024〕59号 附件2) and their quarterly scorecards; ID numbers and phones are masked "
        "without `pii:read`.",
    },
    {
        "name": "activities",
        "description": "What a coordinator did that the quarterly scoring "
        "counts (汶政字〔2024〕59号 附件1 8.2–8.3), with evidence and review; only approved "
        "activities with evidence score.",
    },
    {
        "name": "assessments",
        "description": "The quarterly base score (基本得分, 0–30 points, 汶政字〔2024〕59号 "
        "附件1 8.2) an assessor gives.",
    },
    {
        "name": "cases",
        "description": "Labor disputes, wage-arrears clues, 12345 hotline work "
        "orders and inspection matters, with a status machine, a timeline and statutory deadlines "
        "computed from it (劳动争议调解仲裁法, 劳动人事争议仲裁办案规则).",
    },
    {
        "name": "ledger",
        "description": "The dynamic ledger (动态管理台账) of a region and year, as "
        "JSON or as the official 附件2 file (xlsx, csv).",
    },
    {
        "name": "imports",
        "description": "The ledger in: a coordinator 台账 (汶政字〔2024〕59号 附件2 layout, or a flat "
        "sheet) as xlsx or csv, validated row by row, then committed; idempotent by ID number.",
    },
    {
        "name": "staffing",
        "description": "Staffing minimums (人员配备) checked on a region's "
        "stored enterprises, areas, communities and coordinators.",
    },
    {
        "name": "rankings",
        "description": "The annual ranking of a region's coordinators from their quarterly totals "
        "(汶政字〔2024〕59号 三(五), 附件1 8.2–8.3): shared ranks, gold eligibility (no work error "
        "in the year) and job adjustment after two errors; JSON, or xlsx from the export.",
    },
    {
        "name": "obligations",
        "description": "Service obligations due, done and missed per unit and coordinator: monthly "
        "contact and quarterly on-site guidance (浙人社发〔2023〕18号 二(三)), quarterly training "
        "(闵人社发〔2023〕55号 二(三)5), the monthly report by the 20th and 以干代训 placements "
        "(汶政字〔2024〕59号 三(四),(六)).",
    },
    {
        "name": "stats",
        "description": "A region's performance indicators from its stored cases against the targets "
        "of its pack (闵人社发〔2022〕34号 二: 调解成功率, 先行调解率, 结案率, 按期结案率).",
    },
    {
        "name": "reports",
        "description": "The campaign's weekly case report (案件信息周报, 闵人社发〔2022〕34号 四(一)2) as "
        "JSON or xlsx, and the case-subsidy ledger (以案定补, 闵人社发〔2023〕55号 二(三)2(1)).",
    },
    {
        "name": "signals",
        "description": "Risk signals other systems observed about an enterprise (wage arrears, pay "
        "cuts, layoffs, 关停并转迁 …), recorded idempotently by source id; they feed the early "
        "warning (闵人社发〔2022〕34号 四(二)3, 汶政字〔2024〕59号 附件1 7.4).",
    },
    {
        "name": "risk",
        "description": "Early warning (劳资矛盾智慧预警): an enterprise's risk level "
        "(green/yellow/orange/red) scored from its signals in a window with the weights of its pack, "
        "explained signal by signal, and a region's enterprises ranked by it.",
    },
    {
        "name": "alerts",
        "description": "Alerts opened when an enterprise's risk reaches the alert level of its pack, "
        "for the immediate contact 汶政字〔2024〕59号 附件1 7.4 asks for: acknowledge, resolve.",
    },
    {
        "name": "changes",
        "description": "The change feed: every committed change in commit "
        "order, for platforms that synchronise by polling.",
    },
    {"name": "audit", "description": "Who changed what and when."},
    {
        "name": "webhooks",
        "description": "Subscriptions that push committed changes to another system (Standard "
        "Webhooks signatures, at-least-once, in order per subscription), with their deliveries.",
    },
    {
        "name": "accounts",
        "description": "Users and API clients with their role and region scope: create, read, "
        "deactivate, reactivate, reset a password or secret (needs `users:read`/`users:write`).",
    },
    {
        "name": "rules",
        "description": "The rules of the source documents as stateless "
        "calculators (no personal data is stored): scoring, annual ranking, qualification, "
        "enterprise size, staffing, obligations, case deadlines, limitation, final award, KPIs, "
        "subsidies and identifier checks. Every answer names its policy pack and cites each step.",
    },
    {
        "name": "policies",
        "description": "Policy packs: every number a document sets, with its "
        "citation and the date from which it holds.",
    },
    {
        "name": "calendar",
        "description": "Working days with China's public holidays and in-lieu "
        "working days (调休), as the official holiday schedule sets them.",
    },
    {
        "name": "vocabularies",
        "description": "Every code the service uses (case sources, statuses, activity kinds …) "
        "with its Chinese name, an English gloss and the clause it comes from.",
    },
    {"name": "operations", "description": "Liveness, readiness and Prometheus metrics."},
]
"""Tag descriptions shown in the documentation; other tags still work, listed after these."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application: error handlers, middleware, and every router.

    Access to the calculators, packs and calendar is fixed here from ``LRC_RULES_PUBLIC``: open,
    or behind a token with ``rules:evaluate`` (then the OpenAPI shows that requirement).
    ``/docs`` (Swagger UI) and ``/redoc`` load their scripts and styles from files shipped with
    the service (``lrc_api.core.docs``), never from a CDN, so they work on an offline network.
    """
    settings = settings or get_settings()
    app = FastAPI(
        title="LRC platform API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        responses=PROBLEM_RESPONSES,
        # One schema per model (no Claim-Input / Claim-Output pairs) keeps generated clients tidy.
        separate_input_output_schemas=False,
        generate_unique_id_function=operation_id,
        openapi_tags=TAGS,
        docs_url=None,  # served from bundled files by install_docs, never from a CDN
        redoc_url=None,
    )
    install_handlers(app)
    app.add_middleware(HttpSemanticsMiddleware)  # inside: the access log sees its 304s and 412s
    app.add_middleware(QueryTextMiddleware)
    install_docs(app)
    app.add_middleware(ObservabilityMiddleware)
    gate = [] if settings.rules_public else [Depends(rules_gate)]
    rules.add_to(app, gate)  # first: the hottest paths are matched first
    app.include_router(health_router)
    app.include_router(auth_router)
    # Packs and the calendar hold no personal data: they follow LRC_RULES_PUBLIC too.
    app.include_router(policies_router, dependencies=gate)
    app.include_router(calendar_router, dependencies=gate)
    app.include_router(vocabularies_router, dependencies=gate)
    app.include_router(regions_router)
    app.include_router(enterprises_router)
    app.include_router(coordinators_router)
    app.include_router(audit_router)
    app.include_router(activities_router)
    app.include_router(assessments_router)
    app.include_router(scorecards_router)
    app.include_router(cases_router)
    app.include_router(ledger_router)
    app.include_router(imports_router)
    app.include_router(staffing_router)
    app.include_router(webhooks_router)
    app.include_router(accounts_router)
    app.include_router(rankings_router)
    app.include_router(obligations_router)
    app.include_router(stats_router)
    app.include_router(reports_router)
    app.include_router(signals_router)
    app.include_router(risk_router)
    app.include_router(alerts_router)
    early_warning.install()  # writes that touch an enterprise's signals re-assess it
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated document plus the schemas of bodies read by hand, finished for generators."""
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
            separate_input_output_schemas=app.separate_input_output_schemas,
        )
        _, defs = models_json_schema(
            [(m, "validation") for m in [*JSON_BODY_MODELS, *DECLARED_MODELS]],
            ref_template="#/components/schemas/{model}",
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in [*defs.get("$defs", {}).items(), *DECLARED_SCHEMAS.items()]:
            schemas.setdefault(name, schema)
        _standard_bounds(document)
        app.openapi_schema = finish(document)
    return app.openapi_schema


_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _standard_bounds(node: Any) -> None:
    """Write the bounds pydantic leaves as ``ge``/``le`` (a bounded type wrapped in a validator)
    as JSON Schema keywords: ``minimum``/``maximum`` for numbers, so clients and fuzzers see them.

    A date's bounds are dropped from the document: JSON Schema has no keyword for them (the
    ``formatMinimum`` of ajv-formats is no standard, and generators reject it). The date types
    state their range as a ``pattern`` on the years instead (``lrc_api.rules.deadlines.schemas.
    IsoDate``, the periods of ``lrc_api.stats.router``); the models still refuse a day outside it.
    """
    if isinstance(node, dict):
        if "type" in node:
            for raw, number in _BOUNDS.items():
                if raw in node and not isinstance(node[raw], dict):
                    value = node.pop(raw)
                    if isinstance(value, int | float):
                        node[number] = value
        for key, child in node.items():
            if key not in ("example", "examples", "default", "enum", "const"):
                _standard_bounds(child)
    elif isinstance(node, list):
        for child in node:
            _standard_bounds(child)


app = create_app()
